/* Privileged setup done for the app before its filter: user, groups,
 * capabilities, no_new_privs, limits, umask, workdir, environment. Three
 * steps, so that a profile can be read anywhere but is checked against the
 * image it runs in:
 *  - setup_parse_key (setup.c) records what the text says and checks only
 *    its syntax: tools (lint, convert, embed, verify) read [setup] on any
 *    machine, whatever its users;
 *  - setup_resolve (setup_resolve.c), on the start path only, looks names up
 *    in the image's /etc/passwd and /etc/group, checks workdir and the
 *    capabilities scinit holds, naming the line of the key that fails;
 *  - setup_apply (setup_apply.c), in the child, changes the process.
 * The struct holds no pointers, so it outlives the profile's text. */
#ifndef SCINIT_SETUP_H
#define SCINIT_SETUP_H

#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/resource.h>
#include <sys/types.h>

#include "common/error.h"
#include "setup/ids.h"

#define SC_SETUP_MAX_GROUPS 256
/* List values (groups, capabilities, env_keep) longer than this are refused
 * rather than cut; the INI reader's lines are far shorter. */
#define SC_SETUP_LIST_MAX 1024

struct sc_limit {
	bool set;
	rlim_t soft, hard;
};

/* The keys other than rlimit_NAME: their bits in `seen`, their lines. */
enum sc_setup_key {
	SC_SETUP_USER,
	SC_SETUP_GROUP,
	SC_SETUP_GROUPS,
	SC_SETUP_CAPABILITIES,
	SC_SETUP_NO_NEW_PRIVS,
	SC_SETUP_UMASK,
	SC_SETUP_WORKDIR,
	SC_SETUP_ENV_KEEP,
	SC_SETUP_ENV_USER,
	SC_SETUP_NKEYS
};

struct sc_setup {
	bool any;      /* the profile has a [setup] section with at least one key */
	uint32_t seen; /* keys already given (one bit per key), to refuse repeats */
	unsigned line[SC_SETUP_NKEYS]; /* where each key is, for the errors of setup_resolve */

	/* What the text says. A name ("" for a number) is looked up by
	 * setup_resolve, which then sets uid or gid. */
	bool uid_set;
	char user_name[SC_NAME_MAX];
	uid_t uid;
	bool gid_set; /* group */
	char group_name[SC_NAME_MAX];
	gid_t gid;
	bool groups_set; /* groups (may be empty) */
	char groups_text[SC_SETUP_LIST_MAX]; /* as given: gids and names */

	bool caps_set; /* capabilities (may be empty) */
	uint64_t caps;
	bool new_privs_allowed; /* no_new_privs = no; zero (the default) is yes */

	struct sc_limit limit[RLIM_NLIMITS];
	bool umask_set;
	mode_t umask;
	char workdir[PATH_MAX]; /* "" = unchanged */

	bool env_keep_set;
	char env_keep[SC_SETUP_LIST_MAX]; /* names, each ending in '\0'; "" ends the list */
	bool env_user;

	/* What setup_resolve found in the image; setup_apply refuses to run
	 * without it. */
	bool resolved;
	bool has_entry; /* entry below is valid: for uid, or for the current uid (env_user without user) */
	struct sc_passwd entry;
	gid_t user_gid; /* the primary group: the entry's, else the uid's own number */
	size_t nmember;
	gid_t member_of[SC_SETUP_MAX_GROUPS]; /* /etc/group lists the user's name */
	size_t ngroups;
	gid_t groups[SC_SETUP_MAX_GROUPS]; /* groups_text's gids */
};

/* One key = value of the [setup] section, at line (kept for
 * setup_resolve); errors without position. Reads nothing but its arguments. */
int setup_parse_key(struct sc_setup *s, const char *key, const char *value, unsigned line, struct scerr *e);

/* Looks the parsed setup up against the image and what scinit holds, before
 * the fork; errors are "source:LINE: message" for the key at fault. */
int setup_resolve(struct sc_setup *s, const char *source, struct scerr *e);

/* The capabilities the app will hold after setup_apply, given the current
 * effective set: rules conditioned on capabilities are decided against it.
 * Works on parsed data alone (see setup_drops_root). */
uint64_t setup_final_caps(const struct sc_setup *s, uint64_t current);

/* Whether setup switches to a non-root user. A user given by name counts as
 * one until setup_resolve has found its uid: a tool that reads the profile
 * without its image decides for the fewer capabilities. */
bool setup_drops_root(const struct sc_setup *s);

/* Fails when no_new_privs = no would leave the app without CAP_SYS_ADMIN,
 * given the capabilities scinit holds: setup_parse_key checks what the
 * text alone decides, setup_resolve the rest. */
int setup_check_new_privs(const struct sc_setup *s, uint64_t held, struct scerr *e);

/* A user given by name that setup_resolve has not looked up. */
bool setup_user_unresolved(const struct sc_setup *s);

/* "nofile" for RLIMIT_NOFILE. */
const char *setup_limit_name(int resource);

/* Runs in the child, right before the filter is installed. Any failure is
 * fatal: the app must never start half set up. */
int setup_apply(const struct sc_setup *s, struct scerr *e);

#endif
