/* scinit convert [--json | --bpf] FILE: prints a profile (INI or Docker JSON)
 * as scinit INI, as Docker JSON, or as the BPF program libseccomp builds from
 * it for this process: equal bytes, equal filter, which is how the tests
 * show that a conversion keeps behaviour. */
#include "cmd/convert.h"
#include "cmd/commands.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/input.h"
#include "filter/bpf_export.h"
#include "filter/arg32.h"
#include "filter/filter.h"
#include "profile/profile_ini.h"
#include "profile/profile_json.h"
#include "profile/profile_write.h"
#include "setup/caps.h"

static int load(const char *path, struct sc_profile *p, struct json_notes *notes, bool *is_json, struct scerr *e)
{
	char *text;
	size_t len;
	struct json_host host;
	int rc;
	if (input_read_file(path, &text, &len, e) < 0)
		return -1;
	profile_init(p, path);
	if ((*is_json = profile_text_is_json(text, len)))
		rc = json_host_detect(&host, e) < 0 ? -1 : profile_read_json(p, text, len, &host, notes, e);
	else
		rc = profile_read_ini(p, text, len, e);
	free(text);
	if (rc == 0)
		err_warn_lines(p->warnings, p->nwarnings);
	return rc;
}

/* What the INI cannot show by itself: decisions made for this host. */
static void json_comments(const struct json_notes *n)
{
	struct json_host h;
	struct scerr e;
	puts("; converted from Docker/OCI JSON by `scinit convert`");
	if (n->used_kernel && json_host_detect(&h, &e) == 0)
		printf("; minKernel was decided for the running kernel, %u.%u\n", h.kernel[0], h.kernel[1]);
	if (n->nunknown) {
		unsigned shown = 0;
		int col = printf("; %u names are unknown to libseccomp and left out, as runc does:", n->nunknown);
		for (const char *s = n->unknown + 1; *s; s += strcspn(s, " ") + 1, shown++) {
			int len = (int)strcspn(s, " ");
			col = col + len > 96 ? printf("\n;  ") : col;
			col += printf(" %.*s", len, s);
		}
		puts(shown < n->nunknown ? " ..." : "");
	}
	if (n->nenosys)
		puts("; runc gives ENOSYS to syscalls newer than the newest the JSON names: the errno:ENOSYS rules");
}

/* Settings outside the filter that a format cannot carry. */
static void warn_left_out(const struct sc_profile *p, bool json)
{
	if (p->setup.any || (json && (p->mode_set || p->lock_mode)))
		err_warn("%s: %s not written", p->source,
			 json ? "mode, lock_mode and [setup] are not part of Docker JSON and are" : "[setup] is");
}

int command_convert(int argc, char **argv)
{
	bool json = argc == 3 && strcmp(argv[1], "--json") == 0, bpf = argc == 3 && strcmp(argv[1], "--bpf") == 0;
	if (argc != 2 + (json || bpf) || argv[argc - 1][0] == '-')
		return command_usage("convert");
	struct sc_profile p;
	struct json_notes notes = { .newest = -1 };
	struct scerr e;
	scmp_filter_ctx ctx;
	bool from_json;
	/* The filter is built first so that convert refuses the conflicts
	 * scinit would. Audit mode for a conversion: a profile that allows no
	 * execve (Docker's test fixtures) is still worth converting. */
	if (load(argv[argc - 1], &p, &notes, &from_json, &e) < 0 ||
	    filter_build(&p, bpf ? SC_MODE_ENFORCE : SC_MODE_AUDIT, setup_final_caps(&p.setup, caps_effective()),
			 &ctx, &e) < 0) {
		err_print(&e);
		return EXIT_SCINIT_FAILURE;
	}
	int rc = 0;
	if (bpf) {
		fflush(stdout);
		rc = bpf_write(ctx, STDOUT_FILENO, &e);
	} else {
		warn_left_out(&p, json);
		if (!json && from_json)
			json_comments(&notes);
		if (json) {
			/* Docker JSON has no range: their exact decomposition. */
			struct sc_profile q;
			rc = lower_profile(&p, &q, LOWER_RANGES, NULL, &e);
			if (rc == 0)
				rc = profile_write_json(&q, stdout, &e);
			free(q.rules);
		} else {
			rc = profile_write_ini(&p, stdout, &e);
		}
	}
	seccomp_release(ctx);
	profile_free(&p);
	if (rc == 0 && fflush(stdout) != 0)
		rc = err_set(&e, "cannot write the output");
	if (rc < 0)
		err_print(&e);
	return rc < 0 ? EXIT_SCINIT_FAILURE : 0;
}
