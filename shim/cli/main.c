/* scinit: installs a seccomp filter, runs the app, stays PID 1.
 * main is the list of phases of a start, in order, over one run that owns
 * what they make. Every failure before the app starts prints one line and
 * exits 125, so the app never runs unconfined. */
#include <fcntl.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cmd/commands.h"
#include "common/error.h"
#include "filter/filter.h"
#include "filter/precompiled.h"
#include "init/app.h"
#include "init/learn.h"
#include "init/supervisor.h"
#include "profile/profile_load.h"
#include "setup/caps.h"
#include "setup/setup.h"

struct run {
	struct options opt;
	struct sc_profile profile;
	bool profile_loaded;
	struct sc_filter_spec spec; /* the mode, and what a filter is built from */
	struct sc_filter filter;    /* when it is prepared before fork */
	struct scerr e;
};

/* The embedded profile's rules are read only when no precompiled program
 * stands for them; learn mode always needs them (learn_prepare), and -v
 * counts them. */
static int load_profile(struct run *r)
{
	const char *path = r->opt.profile_path;
	enum sc_sections sections =
		precompiled_available() && !r->opt.init.verbosity ? SC_SECTIONS_SETTINGS : SC_SECTIONS_ALL;
	if ((path ? profile_load_file(path, SC_SECTIONS_ALL, &r->profile, &r->e)
		  : profile_load_embedded(&r->profile, sections, &r->e)) < 0)
		return -1;
	err_warn_lines(r->profile.warnings, r->profile.nwarnings);
	r->profile_loaded = true;
	return 0;
}

/* Reading [setup] looked nothing up, so that tools can read the profile
 * anywhere; a start checks it against this image, before the fork. */
static int resolve_setup(struct run *r)
{
	return setup_resolve(&r->profile.setup, r->profile.source, &r->e);
}

/* A locked profile is the image's own decision: neither the environment
 * nor `docker run`'s arguments may replace it, or run the app without its
 * supervisor. The embedded profile's lock is read even when a file is
 * given, since the file is what would replace it. */
static int check_lock(struct run *r)
{
	const struct options *o = &r->opt;
	const char *by = o->profile_from_option ? "--profile" : "SCINIT_PROFILE", *source = r->profile.source;
	bool refused = false;
	if (o->profile_path) {
		struct sc_profile embedded;
		if (profile_load_embedded(&embedded, SC_SECTIONS_SETTINGS, &r->e) < 0)
			return -1;
		refused = embedded.lock_mode;
		profile_free(&embedded);
		source = "<embedded>";
	}
	if (!refused && r->profile.lock_mode) {
		source = r->profile.source;
		by = o->init.exec ? "--exec/SCINIT_EXEC" : "SCINIT_PROFILE";
		refused = o->init.exec || (o->profile_from_option && o->profile_env && strcmp(o->profile_env, o->profile_path) != 0);
	}
	return refused ? err_set(&r->e, "%s is locked (lock_mode = yes) and refuses %s: remove it", source, by) : 0;
}

/* SCINIT_MODE wins over the profile's mode unless the profile is locked. */
static void choose_mode(struct run *r)
{
	const struct options *o = &r->opt;
	const struct sc_profile *p = &r->profile;
	r->spec.mode = p->mode;
	if (!o->mode_given || o->mode == p->mode)
		return;
	if (p->lock_mode) {
		err_warn("%s: lock_mode is set, ignoring --mode/SCINIT_MODE %s and running in %s mode", p->source,
			 mode_name(o->mode), mode_name(p->mode));
		return;
	}
	r->spec.mode = o->mode;
}

/* Audit mode's records go to the kernel log, and only if the kernel logs
 * seccomp's log action: say so when it does not, rather than record nothing. */
static void check_audit_logged(const struct run *r)
{
	char buf[256] = "";
	if (r->spec.mode != SC_MODE_AUDIT || r->opt.init.report)
		return;
	int fd = open("/proc/sys/kernel/seccomp/actions_logged", O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	ssize_t n = fd < 0 ? -1 : read(fd, buf, sizeof(buf) - 1);
	if (fd >= 0)
		close(fd);
	if (n <= 0)
		return;
	buf[n] = '\0';
	for (char *w = strtok(buf, " \n"); w; w = strtok(NULL, " \n")) {
		if (strcmp(w, "log") == 0)
			return;
	}
	err_warn("audit mode: this kernel does not log seccomp's log action (kernel.seccomp.actions_logged "
		 "lacks 'log'), so the kernel log will show nothing: add --report to see the calls on stderr");
}

static int prepare_learning(struct run *r)
{
	if (r->opt.init.report && r->spec.mode == SC_MODE_LEARN)
		return err_set(&r->e, "--report is for enforce and audit modes: learn mode records every call already");
	if (r->spec.mode != SC_MODE_LEARN)
		return 0;
	return learn_prepare(&r->profile, r->opt.profile_path, r->opt.init.exec, &r->opt.learn, &r->e);
}

/* Rules conditioned on capabilities are decided against those the app will
 * hold once setup is done. */
static int decide_capabilities(struct run *r)
{
	struct sc_capsets sets;
	if (caps_get(&sets) < 0)
		return err_set(&r->e, "cannot read capabilities");
	r->spec.profile = &r->profile;
	r->spec.embedded = !r->opt.profile_path && r->spec.mode != SC_MODE_LEARN;
	r->spec.caps = setup_final_caps(&r->profile.setup, sets.effective);
	return 0;
}

/* In init mode the app's side of the fork builds its filter while the
 * supervisor confines itself; exec mode has no other side, and learn mode's
 * filter carries the supervisor's listener rule: those are built here. */
static bool filter_before_fork(const struct run *r)
{
	return r->opt.init.exec || r->spec.mode == SC_MODE_LEARN || r->opt.init.report;
}

/* The report's program is enforce's with its denials sent to the
 * supervisor, which answers by enforce's program in either mode. */
static int prepare_filter(struct run *r)
{
	struct sc_filter_spec spec = r->spec;
	if (r->opt.init.report)
		spec.mode = SC_MODE_ENFORCE;
	if (filter_prepare(&spec, &r->filter, &r->e) < 0)
		return -1;
	if (r->opt.init.report)
		return report_program(&r->filter, r->spec.mode, &r->e);
	return r->spec.mode == SC_MODE_LEARN ? learn_program(&r->filter, &r->e) : 0;
}

/* From here the run belongs to the app's process (exec mode) or to the
 * supervisor, which frees the profile and filter once the app no longer
 * needs them. */
static int start_app(struct run *r)
{
	if (r->opt.init.exec)
		return app_exec(&r->profile.setup, &r->filter, r->opt.command);
	return supervise(&r->spec, filter_before_fork(r) ? &r->filter : NULL, r->opt.command, &r->opt.init);
}

/* tini's -p, first: a parent that dies while the profile is read still
 * sends it. */
static int set_parent_death_signal(struct run *r)
{
	int sig = r->opt.init.parent_death_signal;
	if (sig && prctl(PR_SET_PDEATHSIG, sig) < 0)
		return err_set(&r->e, "cannot set the parent-death signal %d", sig);
	return 0;
}

static int fail(struct run *r)
{
	err_print(&r->e);
	if (r->profile_loaded)
		profile_free(&r->profile);
	return EXIT_SCINIT_FAILURE;
}

static int other_action(struct run *r)
{
	switch (r->opt.action) {
	case CLI_HELP:
		cli_usage(STDOUT_FILENO);
		return 0;
	case CLI_VERSION:
		cli_version();
		return 0;
	case CLI_LICENSE:
		cli_license();
		return 0;
	case CLI_SUBCOMMAND:
		return command_run(r->opt.command_argc, r->opt.command);
	case CLI_RUN:
		break;
	}
	return EXIT_SCINIT_FAILURE;
}

int main(int argc, char **argv)
{
	struct run r = { 0 };
	if (cli_parse(argc, argv, &r.opt, &r.e) < 0)
		return fail(&r);
	if (r.opt.action != CLI_RUN)
		return other_action(&r);
	if (set_parent_death_signal(&r) < 0)
		return fail(&r);
	cli_warn_unknown_env();
	if (r.opt.init.pause) /* no app, so no profile: only the supervisor's own filter */
		return supervise_pause(&r.opt.init);
	if (load_profile(&r) < 0 || check_lock(&r) < 0 || resolve_setup(&r) < 0)
		return fail(&r);
	choose_mode(&r);
	check_audit_logged(&r);
	if (r.opt.init.verbosity)
		cli_announce(&r.opt, &r.profile, r.spec.mode);
	if (prepare_learning(&r) < 0 || decide_capabilities(&r) < 0)
		return fail(&r);
	if (filter_before_fork(&r) && prepare_filter(&r) < 0)
		return fail(&r);
	return start_app(&r);
}
