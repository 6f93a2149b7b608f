/* bpfgen: the build's BPF generator. Built for the build machine (never run
 * from the target binary, so a cross build needs no emulator), from the same
 * profile reader and filter builder as scinit, it writes a raw seccomp BPF
 * program on stdout:
 *
 *   bpfgen enforce PROFILE   enforce mode's program for PROFILE, as a run of
 *                            scinit would build it from the embedded copy;
 *                            nothing when that filter depends on the run
 *                            (JSON's minKernel, capability conditions)
 *   bpfgen supervisor        the supervisor's filter, with marks in place of
 *                            its two descriptors (shim/filter/supervisor_filter.h)
 *
 * shim/tools/bpf_ranges.c then shrinks the first; shim/embedded.S carries
 * both. [setup] is not read: only the image can resolve it, and once
 * capability conditions are ruled out it cannot change the program. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/error.h"
#include "common/input.h"
#include "filter/bpf_export.h"
#include "filter/filter.h"
#include "filter/supervisor_filter.h"
#include "profile/profile_json.h"
#include "profile/profile_load.h"

static bool fixed_filter(const struct sc_profile *p)
{
	for (size_t i = 0; i < p->nrules; i++) {
		if (p->rules[i].caps_all || p->rules[i].caps_none)
			return false;
	}
	return true;
}

static int enforce_program(const char *path, struct scerr *e)
{
	char *text;
	size_t len;
	if (input_read_file(path, &text, &len, e) < 0)
		return -1;
	bool json = profile_text_is_json(text, len);
	free(text);
	if (json)
		return 0;
	struct sc_profile p;
	if (profile_load_file(path, SC_SECTIONS_FILTER, &p, e) < 0)
		return -1;
	int rc = 0;
	scmp_filter_ctx ctx = NULL;
	if (fixed_filter(&p)) {
		rc = filter_build(&p, SC_MODE_ENFORCE, 0, &ctx, e);
		if (rc == 0)
			rc = bpf_write(ctx, STDOUT_FILENO, e);
		seccomp_release(ctx);
	}
	profile_free(&p);
	return rc;
}

static int supervisor_program(struct scerr *e)
{
	scmp_filter_ctx ctx;
	if (supervisor_filter_build(SUPERVISOR_SIGNAL_FD_MARK, SUPERVISOR_GO_FD_MARK, &ctx, e) < 0)
		return -1;
	int rc = bpf_write(ctx, STDOUT_FILENO, e);
	seccomp_release(ctx);
	return rc;
}

int main(int argc, char **argv)
{
	struct scerr e;
	int rc;
	if (argc == 3 && strcmp(argv[1], "enforce") == 0) {
		rc = enforce_program(argv[2], &e);
	} else if (argc == 2 && strcmp(argv[1], "supervisor") == 0) {
		rc = supervisor_program(&e);
	} else {
		fputs("usage: bpfgen enforce PROFILE | bpfgen supervisor\n", stderr);
		return 2;
	}
	if (rc < 0) {
		err_print(&e);
		return 1;
	}
	return 0;
}
