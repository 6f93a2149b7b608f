#include "cli/cli.h"

#include <ctype.h>
#include <seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd/commands.h"
#include "common/arch.h"
#include "common/io.h"
#include "common/values.h"

/* Terse: the binary's size is capped, and docs/init.md explains each. */
static const char usage_text[] =
	"usage: scinit [OPTIONS] [--] COMMAND [ARG...]\n"
	"       scinit [-w] --pause\n"
	"Installs a seccomp filter, runs COMMAND and stays PID 1 (docs/init.md).\n"
	"  --profile FILE, --mode MODE, --learn-out FILE, --learn-format FORMAT, --report,\n"
	"  -g/--process-group, --grace SECONDS, --wait-all, -w/--warn-on-reap,\n"
	"  -s/--subreaper, -e/--remap-exit CODE, -r/--rewrite FROM:TO,\n"
	"  -p/--parent-death-signal SIGNAL, -v/-vv/--verbosity N, --pause, --exec,\n"
	"  -h/--help, -V/--version, -l (licence)\n"
	"Variables: SCINIT_PROFILE, SCINIT_PROCESS_GROUP, SCINIT_GRACE, SCINIT_WAIT_ALL,\n"
	"SCINIT_WARN_ON_REAP, SCINIT_SUBREAPER, SCINIT_REMAP_EXIT, SCINIT_REWRITE,\n"
	"SCINIT_PARENT_DEATH_SIGNAL, SCINIT_VERBOSITY, SCINIT_PAUSE, SCINIT_EXEC, SCINIT_REPORT, SCINIT_MODE,\n"
	"SCINIT_LEARN_OUT, SCINIT_LEARN_FORMAT, TINI_KILL_PROCESS_GROUP, TINI_SUBREAPER, TINI_VERBOSITY\n"
	"Exit: the app's; 128+N: signal N; 125: scinit failed; 126: not executable; 127: not found\n";

void cli_usage(int fd)
{
	if (write(fd, usage_text, sizeof(usage_text) - 1) < 0) {
		/* nothing to do */
	}
}

#ifndef SCINIT_VERSION
#define SCINIT_VERSION "unknown"
#endif
#ifndef SCINIT_DEPS
#define SCINIT_DEPS "unknown versions"
#endif

/* The versions the build pinned (deps/), and libseccomp's own word on the
 * one linked in, so that a report names exactly what ran. */
/* tini's -l prints its licence; the full text is LICENSE in the source,
 * which a binary under a size cap does not carry twice. */
void cli_license(void)
{
	static const char notice[] = "scinit: MIT License, Copyright (c) the scinit authors;\n"
				     "the full text is LICENSE in scinit's source.\n";
	write_all(STDOUT_FILENO, notice, sizeof(notice) - 1);
}

void cli_version(void)
{
	const struct scmp_version *v = seccomp_version();
	printf("scinit " SCINIT_VERSION " (" SC_ARCH_NATIVE_NAME ")\n"
	       "built with " SCINIT_DEPS "; libseccomp reports %u.%u.%u\n",
	       v->major, v->minor, v->micro);
}

/* Read before the command line, which then overrides them value by value. */
static int parse_env(struct options *o, struct scerr *e)
{
	const char *mode;
	if (env_value("SCINIT_MODE", &mode, e) < 0 || env_value("SCINIT_PROFILE", &o->profile_path, e) < 0 ||
	    env_value("SCINIT_LEARN_OUT", &o->learn.path, e) < 0 ||
	    env_value("SCINIT_LEARN_FORMAT", &o->learn.format, e) < 0)
		return -1;
	o->learn.path_from = "SCINIT_LEARN_OUT";
	o->learn.format_from = "SCINIT_LEARN_FORMAT";
	if (mode) {
		if (parse_mode(mode, &o->mode, e) < 0)
			return err_wrap(e, "SCINIT_MODE");
		o->mode_given = true;
	}
	o->profile_env = o->profile_path;
	return init_options_env(&o->init, e);
}

/* Every SCINIT_* variable shim/ reads; docs/security.md says what each one
 * can change. */
static const char *const known_env[] = {
	"SCINIT_MODE",	       "SCINIT_PROFILE",     "SCINIT_LEARN_OUT",	 "SCINIT_LEARN_FORMAT",
	"SCINIT_PROCESS_GROUP", "SCINIT_WAIT_ALL",    "SCINIT_EXEC",		 "SCINIT_GRACE",
	"SCINIT_PARENT_DEATH_SIGNAL", "SCINIT_PAUSE", "SCINIT_REMAP_EXIT",	 "SCINIT_REWRITE",
	"SCINIT_SUBREAPER",     "SCINIT_VERBOSITY",   "SCINIT_WARN_ON_REAP", "SCINIT_REPORT",
};
#define NKNOWN_ENV (sizeof(known_env) / sizeof(known_env[0]))

/* How alike name (length len) and known are: their common start plus
 * their common end, which is enough for the typos worth naming (a letter
 * dropped, doubled or swapped, a missing underscore). */
static size_t likeness(const char *name, size_t len, const char *known)
{
	size_t klen = strlen(known), start = 0, end = 0;
	while (start < len && start < klen && name[start] == known[start])
		start++;
	while (end < len - start && end < klen - start && name[len - 1 - end] == known[klen - 1 - end])
		end++;
	return start + end;
}

void cli_warn_unknown_env(void)
{
	extern char **environ;
	for (char **v = environ; v && *v; v++) {
		size_t len = strcspn(*v, "=");
		if (strncmp(*v, "SCINIT_", 7) != 0)
			continue;
		const char *closest = known_env[0];
		size_t best = 0;
		for (size_t k = 0; k < NKNOWN_ENV; k++) {
			size_t like = likeness(*v, len, known_env[k]);
			if (strlen(known_env[k]) == len && like == len)
				goto known;
			if (like > best)
				best = like, closest = known_env[k];
		}
		/* The name is echoed: nothing but name characters reach the terminal. */
		char name[65];
		size_t n = len < sizeof(name) - 1 ? len : sizeof(name) - 1;
		for (size_t i = 0; i < n; i++)
			name[i] = isalnum((unsigned char)(*v)[i]) || (*v)[i] == '_' ? (*v)[i] : '?';
		name[n] = '\0';
		err_warn("unknown variable %s is ignored; did you mean %s?", name, closest);
known:;
	}
}

int cli_parse(int argc, char **argv, struct options *o, struct scerr *e)
{
	memset(o, 0, sizeof(*o));
	o->init.grace = -1;
	if (argc > 1 && command_exists(argv[1])) {
		o->action = CLI_SUBCOMMAND;
		o->command = argv + 1;
		o->command_argc = argc - 1;
		return 0;
	}
	/* A bad variable is reported only for a run: --help still helps. */
	struct scerr env_error;
	int env = parse_env(o, &env_error);
	int i = 1;
	for (; i < argc; i++) {
		const char *a = argv[i];
		if (strcmp(a, "--") == 0) {
			i++;
			break;
		}
		if (a[0] != '-' || a[1] == '\0')
			break;
		if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
			o->action = CLI_HELP;
			return 0;
		}
		if (strcmp(a, "-V") == 0 || strcmp(a, "--version") == 0) {
			o->action = CLI_VERSION;
			return 0;
		}
		if (strcmp(a, "-l") == 0) {
			o->action = CLI_LICENSE;
			return 0;
		}
		if (strcmp(a, "--profile") == 0) {
			if (i + 1 == argc || !argv[i + 1][0])
				return err_set(e, "%s needs a file", a);
			o->profile_path = argv[++i];
			o->profile_from_option = true;
			continue;
		}
		/* The options of what the variables above set; each wins over its variable. */
		if (strcmp(a, "--mode") == 0 || strcmp(a, "--learn-out") == 0 || strcmp(a, "--learn-format") == 0) {
			if (i + 1 == argc || !argv[i + 1][0])
				return err_set(e, "%s needs a value", a);
			const char *v = argv[++i];
			if (a[2] == 'm') {
				if (parse_mode(v, &o->mode, e) < 0)
					return err_wrap(e, "--mode");
				o->mode_given = true;
			} else if (a[8] == 'o') {
				o->learn.path = v, o->learn.path_from = "--learn-out";
			} else {
				o->learn.format = v, o->learn.format_from = "--learn-format";
			}
			continue;
		}
		int init = init_option_parse(&o->init, argc, argv, &i, e);
		if (init < 0)
			return -1;
		if (init)
			continue;
		return err_set(e, "unknown option '%s' (see --help)", a);
	}
	if (env < 0) {
		*e = env_error;
		return -1;
	}
	if (init_options_check(&o->init, e) < 0)
		return -1;
	if (o->init.pause) {
		if (i != argc)
			return err_set(e, "--pause runs no command, but '%s' was given", argv[i]);
		return 0;
	}
	if (i == argc)
		return err_set(e, "no command given (see --help)");
	o->command = argv + i;
	o->command_argc = argc - i;
	return 0;
}
