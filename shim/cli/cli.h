/* Command line and environment, parsed into options with no side effects. */
#ifndef SCINIT_CLI_H
#define SCINIT_CLI_H

#include <stdbool.h>

#include "common/error.h"
#include "init/init_options.h"
#include "init/learn.h"
#include "profile/profile.h"

enum cli_action { CLI_RUN, CLI_HELP, CLI_VERSION, CLI_LICENSE, CLI_SUBCOMMAND };

struct options {
	enum cli_action action;
	const char *profile_path; /* NULL: the embedded profile */
	bool profile_from_option;  /* else from SCINIT_PROFILE, or none */
	const char *profile_env;   /* SCINIT_PROFILE, or NULL */
	bool mode_given; /* by --mode or SCINIT_MODE: wins over the profile's, unless locked */
	enum sc_mode mode;
	struct learn_output learn; /* --learn-out, --learn-format, or their variables */
	char **command; /* NULL-terminated, at least one word (CLI_RUN: the app; CLI_SUBCOMMAND: its name and args) */
	int command_argc;
	struct init_options init; /* -g -w -e -p -v --exec ... and their SCINIT_* variables */
};

int cli_parse(int argc, char **argv, struct options *o, struct scerr *e);

/* At a start: one warning for each SCINIT_* variable scinit does not know
 * (a typo would otherwise be silently ignored), naming the closest known one. */
void cli_warn_unknown_env(void);
void cli_usage(int fd);

/* `scinit --version`: the version, the target and what it was built with. */
void cli_version(void);

/* `scinit -l`: LICENSE, as the build embedded it. */
void cli_license(void);

/* -v: one line on stderr naming what the run is about to enforce. */
void cli_announce(const struct options *o, const struct sc_profile *p, enum sc_mode mode);

#endif
