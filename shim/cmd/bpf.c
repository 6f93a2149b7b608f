/* `scinit bpf [--build | --precompiled] enforce|audit|supervisor` (not in
 * --help: a build and test tool): the embedded profile's program, or the
 * supervisor's, raw on stdout. */
#include "cmd/bpf.h"
#include "cmd/commands.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/io.h"
#include "filter/bpf_export.h"
#include "filter/filter.h"
#include "filter/precompiled.h"
#include "init/supervisor_confine.h"
#include "profile/embedded.h"
#include "profile/profile_load.h"
#include "setup/caps.h"

/* The build precompiles only a filter that every run would build the same:
 * JSON depends on the kernel (minKernel), capability conditions on the run. */
static bool fixed_filter(const struct sc_profile *p)
{
	if (embedded_is_json())
		return false;
	for (size_t i = 0; i < p->nrules; i++) {
		if (p->rules[i].caps_all || p->rules[i].caps_none)
			return false;
	}
	return true;
}

/* libseccomp's program for the embedded profile. For the build ([setup]
 * left out: only the image can resolve it, and it cannot change the program
 * once capability conditions are ruled out) nothing is written for a filter
 * that depends on the run. Otherwise the whole profile is read, for the
 * capabilities scinit holds, as a run without precompiled programs would. */
static int export_built(enum sc_mode mode, bool build, struct scerr *e)
{
	struct sc_profile p;
	struct sc_capsets caps = { 0 };
	scmp_filter_ctx ctx;
	if (profile_load_embedded(&p, build ? SC_SECTIONS_FILTER : SC_SECTIONS_ALL, e) < 0)
		return -1;
	if (build && !fixed_filter(&p)) {
		profile_free(&p);
		return 0;
	}
	if (!build && caps_get(&caps) < 0) {
		profile_free(&p);
		return err_set(e, "cannot read capabilities: %s", strerror(errno));
	}
	struct sock_fprog prog;
	int rc = filter_program(&p, mode, setup_final_caps(&p.setup, caps.effective), &ctx, &prog, e);
	profile_free(&p);
	if (rc < 0)
		return -1;
	seccomp_release(ctx);
	rc = write_all(STDOUT_FILENO, prog.filter, prog.len * sizeof(*prog.filter));
	free(prog.filter);
	return rc < 0 ? err_set(e, "cannot write the program: %s", strerror(errno)) : 0;
}

static int supervisor_program(bool build, bool precompiled, struct scerr *e)
{
	struct sock_fprog prog;
	bool is_static;
	if (confine_program(build, precompiled, &prog, &is_static, e) < 0)
		return -1;
	int rc = write_all(STDOUT_FILENO, prog.filter, prog.len * sizeof(*prog.filter));
	if (!is_static)
		free(prog.filter);
	return rc < 0 ? err_set(e, "cannot write the program: %s", strerror(errno)) : 0;
}

int command_bpf(int argc, char **argv)
{
	const char *opt = argc == 3 ? argv[1] : "";
	bool build = strcmp(opt, "--build") == 0, precompiled = strcmp(opt, "--precompiled") == 0;
	enum sc_mode mode = SC_MODE_LEARN;
	struct scerr e;
	bool supervisor = argc >= 2 && strcmp(argv[argc - 1], "supervisor") == 0;
	if ((argc != 2 && argc != 3) || (argc == 3 && !build && !precompiled) ||
	    (!supervisor && (parse_mode(argv[argc - 1], &mode, &e) < 0 || mode == SC_MODE_LEARN))) {
		return command_usage("bpf");
	}
	int rc = 0;
	if (supervisor) {
		rc = supervisor_program(build, precompiled, &e);
	} else if (precompiled) {
		struct sock_fprog prog;
		if (precompiled_program(mode, &prog) &&
		    write_all(STDOUT_FILENO, prog.filter, prog.len * sizeof(*prog.filter)) < 0)
			rc = err_set(&e, "cannot write the program: %s", strerror(errno));
	} else {
		rc = export_built(mode, build, &e);
	}
	if (rc < 0) {
		err_print(&e);
		return EXIT_SCINIT_FAILURE;
	}
	return 0;
}
