/* User and group lookup in the image's own /etc/passwd and /etc/group.
 * No NSS on purpose: a static binary cannot load NSS modules, and the image's
 * files are what its app would see. Reading only; no side effects. */
#ifndef SCINIT_IDS_H
#define SCINIT_IDS_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "common/error.h"

#define SC_NAME_MAX 64 /* longer than useradd allows (32) */

struct sc_passwd {
	uid_t uid;
	gid_t gid;
	char name[SC_NAME_MAX];
	char home[PATH_MAX];
};

/* "1000" is a number; "app" is a name. 0..4294967294 (-1 means "unchanged"
 * to the set*id calls, so it is never an id). */
int ids_parse_number(const char *text, unsigned *out);

/* 1 and *out set if text is a number, 0 if it is a name, -1 (with a message
 * naming what, e.g. "uid") if it is a number out of range. */
int ids_number_or_name(const char *text, const char *what, unsigned *out, struct scerr *e);

/* 1 found, 0 not found (or no /etc/passwd: a FROM scratch image), -1 error. */
int ids_user_by_name(const char *name, struct sc_passwd *out, struct scerr *e);
int ids_user_by_uid(uid_t uid, struct sc_passwd *out, struct scerr *e);

/* A gid from a number or a name in /etc/group; -1 with a message if unknown. */
int ids_group(const char *text, gid_t *out, struct scerr *e);

/* The groups of /etc/group that list user as a member (initgroups(3)
 * without the primary group); at most max, more is an error. */
int ids_memberships(const char *user, gid_t *out, size_t max, size_t *n, struct scerr *e);

#endif
