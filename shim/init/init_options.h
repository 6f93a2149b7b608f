/* What scinit does as PID 1: the init options of the command line and their
 * environment variables. Parsing only; shim/supervisor.c acts on them. */
#ifndef SCINIT_INIT_OPTIONS_H
#define SCINIT_INIT_OPTIONS_H

#include <stdbool.h>
#include <stdint.h>

#include "common/error.h"

struct init_options {
	bool process_group; /* -g: signals go to the app's whole process group */
	bool wait_all;      /* --wait-all: exit only once every child is gone */
	bool warn_on_reap;  /* -w (tini's): a warning for each orphan reaped */
	bool exec;          /* --exec: no supervisor, the app becomes PID 1 */
	bool pause;         /* --pause: no app, only reaping (a pod's infra container) */
	uint8_t verbosity;  /* -v: 1 a start line, 2 and up reaped children and forwarded signals */
	uint8_t parent_death_signal; /* -p (tini's): what scinit gets when its parent dies, 0 none */
	/* -g: seconds the app's leftovers get between SIGTERM and SIGKILL once
	 * the app has exited; -1: none (the caller starts it so; after
	 * init_options_check, -1 means no deadline: --wait-all) */
	int grace;
	uint32_t remap_exit[256 / 32]; /* -e CODE: these app exit codes become 0 */
	/* --rewrite FROM:TO: the signal forwarded for FROM, 0 to drop it;
	 * rewrite_set says which entries were given */
	uint8_t rewrite[65];
	uint64_t rewrite_set;
};

/* argv[*i] is an option: if it is an init option, consumes it (and its
 * value, advancing *i) and returns 1; returns 0 if it is not one, -1 on a
 * bad value. */
int init_option_parse(struct init_options *io, int argc, char **argv, int *i, struct scerr *e);

/* Seconds between SIGTERM and SIGKILL for the app's leftovers under -g when
 * neither --grace nor --wait-all says otherwise. */
#define INIT_GRACE_DEFAULT 5

/* The SCINIT_* variable of each option, read before the command line, which
 * then wins value by value (each -v adds one level; -e adds to
 * SCINIT_REMAP_EXIT's codes). Booleans are exactly 0 or 1 when set; the
 * repeatable options' variables are comma-separated lists. tini's
 * TINI_KILL_PROCESS_GROUP (and TINI_SUBREAPER): set at all means on;
 * TINI_VERBOSITY counts as tini does, its default 1 being scinit's 0. */
int init_options_env(struct init_options *io, struct scerr *e);

/* Once both are read: refuses options that cannot go together, and settles
 * the grace. */
int init_options_check(struct init_options *io, struct scerr *e);

/* The signal forwarded to the app when sig arrives; 0: none. */
int init_rewrite(const struct init_options *io, int sig);

/* The exit code scinit ends with for an app that ended with code. */
int init_exit_code(const struct init_options *io, int code);

#endif
