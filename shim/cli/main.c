/* scinit: installs a seccomp filter, runs the app, stays PID 1.
 * The phases run in order; every failure before the app starts prints one
 * line and exits 125, so the app never runs unconfined. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "init/app.h"
#include "setup/caps.h"
#include "cli/cli.h"
#include "cmd/commands.h"
#include "common/error.h"
#include "filter/filter.h"
#include "filter/precompiled.h"
#include "init/learn.h"
#include "profile/profile_load.h"
#include "setup/setup.h"
#include "init/supervisor.h"

#ifndef SCINIT_VERSION
#define SCINIT_VERSION "unknown"
#endif

/* The capabilities the app will hold: rules conditioned on capabilities are
 * decided against them. */
static int effective_caps(uint64_t *caps, struct scerr *e)
{
	struct sc_capsets sets;
	if (caps_get(&sets) < 0)
		return err_set(e, "cannot read capabilities");
	*caps = sets.effective;
	return 0;
}

/* SCINIT_MODE wins over the profile's mode unless the profile is locked. */
static enum sc_mode chosen_mode(const struct options *o, const struct sc_profile *p)
{
	if (!o->mode_from_env || o->mode == p->mode)
		return p->mode;
	if (p->lock_mode) {
		struct scerr e;
		err_set(&e, "warning: %s: lock_mode is set, ignoring SCINIT_MODE=%s and running in %s mode", p->source,
			mode_name(o->mode), mode_name(p->mode));
		err_print(&e);
		return p->mode;
	}
	return o->mode;
}

static int fail(const struct scerr *e)
{
	err_print(e);
	return EXIT_SCINIT_FAILURE;
}

int main(int argc, char **argv)
{
	struct options opt;
	struct scerr e;
	if (cli_parse(argc, argv, &opt, &e) < 0)
		return fail(&e);
	if (opt.action == CLI_HELP) {
		cli_usage(STDOUT_FILENO);
		return 0;
	}
	if (opt.action == CLI_SUBCOMMAND)
		return command_run(opt.command_argc, opt.command);
	if (opt.action == CLI_VERSION) {
		puts("scinit " SCINIT_VERSION);
		return 0;
	}

	struct sc_profile profile;
	if ((opt.profile_path ? profile_load_file(opt.profile_path, SC_SECTIONS_ALL, &profile, &e)
			      : profile_load_embedded(&profile, precompiled_available() ? SC_SECTIONS_SETTINGS : SC_SECTIONS_ALL, &e)) < 0)
		return fail(&e);
	/* Reading [setup] looked nothing up, so that tools can read the profile
	 * anywhere; a start checks it against this image, before the fork. */
	if (setup_resolve(&profile.setup, profile.source, &e) < 0) {
		profile_free(&profile);
		return fail(&e);
	}
	enum sc_mode mode = chosen_mode(&opt, &profile);
	if (mode == SC_MODE_LEARN && learn_prepare(&profile, opt.profile_path, opt.init.exec, &e) < 0) {
		profile_free(&profile);
		return fail(&e);
	}

	uint64_t caps = 0;
	if (effective_caps(&caps, &e) < 0) {
		profile_free(&profile);
		return fail(&e);
	}
	struct sc_filter_spec spec = { .profile = &profile,
				       .embedded = !opt.profile_path && !learn_active(),
				       .mode = mode,
				       .caps = setup_final_caps(&profile.setup, caps) };
	/* In init mode the app's side of the fork builds its filter while the
	 * supervisor confines itself. Learn mode's filter carries the
	 * supervisor's listener rule, so it is built here. */
	if (!opt.init.exec && !learn_active())
		return supervise(&spec, NULL, opt.command, &opt.init);
	struct sc_filter filter;
	if (filter_prepare(&spec, &filter, &e) < 0 || (learn_active() && learn_program(&filter, &e) < 0)) {
		profile_free(&profile);
		return fail(&e);
	}
	profile_free(&profile);
	if (opt.init.exec)
		return app_exec(&profile.setup, &filter, opt.command);
	return supervise(&spec, &filter, opt.command, &opt.init);
}
