/* Privileged setup done for the app before its filter: user, groups,
 * capabilities, no_new_privs, limits, umask, workdir, environment. Parsing
 * (setup.c) only reads: the profile, /etc/passwd, /etc/group and the
 * capabilities scinit holds. Only setup_apply (setup_apply.c) changes the
 * process. The struct holds no pointers, so it outlives the profile's text. */
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
#define SC_SETUP_ENV_KEEP_MAX 1024 /* bytes of the env_keep list */

struct sc_limit {
	bool set;
	rlim_t soft, hard;
};

struct sc_setup {
	bool any;      /* the profile has a [setup] section with at least one key */
	uint32_t seen; /* keys already given (one bit per key), to refuse repeats */

	/* user: the uid, and the passwd entry if the image has one; it supplies
	 * the default gid, the default groups and HOME/USER/LOGNAME. */
	bool uid_set;
	uid_t uid;
	bool has_entry; /* entry below is valid: for uid, or for the current uid (env_user without user) */
	struct sc_passwd entry;
	gid_t user_gid; /* the primary group: the entry's, else the uid's own number */
	size_t nmember;
	gid_t member_of[SC_SETUP_MAX_GROUPS]; /* /etc/group lists the user's name */

	bool gid_set; /* group */
	gid_t gid;
	bool groups_set; /* groups (may be empty) */
	size_t ngroups;
	gid_t groups[SC_SETUP_MAX_GROUPS];

	bool caps_set; /* capabilities (may be empty) */
	uint64_t caps;
	bool new_privs_allowed; /* no_new_privs = no; zero (the default) is yes */

	struct sc_limit limit[RLIM_NLIMITS];
	bool umask_set;
	mode_t umask;
	char workdir[PATH_MAX]; /* "" = unchanged */

	bool env_keep_set;
	char env_keep[SC_SETUP_ENV_KEEP_MAX]; /* names, each ending in '\0'; "" ends the list */
	bool env_user;
};

/* One key = value of the [setup] section; errors without position. */
int setup_parse_key(struct sc_setup *s, const char *key, const char *value, struct scerr *e);

/* The capabilities the app will hold after setup_apply, given the current
 * effective set: rules conditioned on capabilities are decided against it. */
uint64_t setup_final_caps(const struct sc_setup *s, uint64_t current);

/* Whether setup switches to a non-root user. */
bool setup_drops_root(const struct sc_setup *s);

/* "nofile" for RLIMIT_NOFILE. */
const char *setup_limit_name(int resource);

/* Runs in the child, right before the filter is installed. Any failure is
 * fatal: the app must never start half set up. */
int setup_apply(const struct sc_setup *s, struct scerr *e);

#endif
