#include "setup/ids.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/input.h"

static const char passwd_path[] = "/etc/passwd", group_path[] = "/etc/group";

enum { PW_NAME, PW_PASSWD, PW_UID, PW_GID, PW_GECOS, PW_HOME, PW_SHELL, PW_FIELDS };
enum { GR_NAME, GR_PASSWD, GR_GID, GR_MEMBERS, GR_FIELDS };

int ids_parse_number(const char *text, unsigned *out)
{
	if (!*text || strspn(text, "0123456789") != strlen(text) || strlen(text) > 10)
		return -1;
	unsigned long long v = strtoull(text, NULL, 10);
	if (v >= 0xffffffffULL)
		return -1;
	*out = (unsigned)v;
	return 0;
}

int ids_number_or_name(const char *text, const char *what, unsigned *out, struct scerr *e)
{
	if (ids_parse_number(text, out) == 0)
		return 1;
	if (*text && strspn(text, "0123456789") == strlen(text))
		return err_set(e, "%s %s is out of range (0 to 4294967294)", what, text);
	return 0;
}

/* Calls match(fields, ctx) for each well-formed line of path until it returns
 * nonzero; returns that value, 0 when nothing matched or there is no file. */
typedef int (*entry_fn)(char **fields, void *ctx);

/* Read as profiles are (common/input.c): a FIFO or a device in their place
 * must not hang the start or grow memory without bound. */
static int scan(const char *path, int nfields, entry_fn match, void *ctx, struct scerr *e)
{
	if (access(path, F_OK) < 0 && errno == ENOENT)
		return 0;
	char *text;
	size_t len;
	if (input_read_file(path, &text, &len, e) < 0)
		return -1;
	int found = 0;
	for (char *line = text, *next; !found && line < text + len; line = next) {
		char *end = strchr(line, '\n');
		next = end ? end + 1 : text + len;
		if (end)
			*end = '\0';
		/* Lines with the wrong number of fields (comments, NIS "+" lines,
		 * junk) are skipped, as libc's own parsers do. */
		char *fields[PW_FIELDS], *rest = line;
		int n = 0;
		while (rest && n < nfields)
			fields[n++] = strsep(&rest, ":");
		if (n == nfields && !rest && fields[0][0])
			found = match(fields, ctx);
	}
	free(text);
	return found;
}

struct user_query {
	const char *name; /* or NULL: by uid */
	uid_t uid;
	struct sc_passwd *out;
	struct scerr *e;
};

static int user_match(char **f, void *ctx)
{
	struct user_query *q = ctx;
	unsigned uid, gid;
	if (ids_parse_number(f[PW_UID], &uid) < 0 || ids_parse_number(f[PW_GID], &gid) < 0)
		return 0;
	if (q->name ? strcmp(f[PW_NAME], q->name) != 0 : uid != q->uid)
		return 0;
	if (strlen(f[PW_NAME]) >= sizeof(q->out->name) || strlen(f[PW_HOME]) >= sizeof(q->out->home)) {
		err_set(q->e, "the %s entry of %s is too long", f[PW_NAME], passwd_path);
		return -1;
	}
	q->out->uid = uid;
	q->out->gid = gid;
	strcpy(q->out->name, f[PW_NAME]);
	strcpy(q->out->home, f[PW_HOME]);
	return 1;
}

int ids_user_by_name(const char *name, struct sc_passwd *out, struct scerr *e)
{
	struct user_query q = { .name = name, .out = out, .e = e };
	return scan(passwd_path, PW_FIELDS, user_match, &q, e);
}

int ids_user_by_uid(uid_t uid, struct sc_passwd *out, struct scerr *e)
{
	struct user_query q = { .uid = uid, .out = out, .e = e };
	return scan(passwd_path, PW_FIELDS, user_match, &q, e);
}

struct group_query {
	const char *name;
	gid_t gid;
};

static int group_match(char **f, void *ctx)
{
	struct group_query *q = ctx;
	unsigned gid;
	if (strcmp(f[GR_NAME], q->name) != 0 || ids_parse_number(f[GR_GID], &gid) < 0)
		return 0;
	q->gid = gid;
	return 1;
}

int ids_group(const char *text, gid_t *out, struct scerr *e)
{
	unsigned n;
	int number = ids_number_or_name(text, "gid", &n, e);
	if (number) {
		*out = n;
		return number > 0 ? 0 : -1;
	}
	struct group_query q = { .name = text };
	int rc = scan(group_path, GR_FIELDS, group_match, &q, e);
	if (rc < 0)
		return -1;
	if (rc == 0)
		return err_set(e, "group '%s' is not in %s (give a number or add it to the image)", text, group_path);
	*out = q.gid;
	return 0;
}

struct member_query {
	const char *user;
	gid_t *out;
	size_t max, n;
	struct scerr *e;
};

static int member_match(char **f, void *ctx)
{
	struct member_query *q = ctx;
	unsigned gid;
	if (ids_parse_number(f[GR_GID], &gid) < 0)
		return 0;
	char *rest = f[GR_MEMBERS];
	for (char *m; (m = strsep(&rest, ","));) {
		if (strcmp(m, q->user) != 0)
			continue;
		if (q->n == q->max) {
			err_set(q->e, "user '%s' is in more than %zu groups of %s; list them with groups =", q->user,
				q->max, group_path);
			return -1;
		}
		q->out[q->n++] = gid;
		break;
	}
	return 0; /* every line counts */
}

int ids_memberships(const char *user, gid_t *out, size_t max, size_t *n, struct scerr *e)
{
	struct member_query q = { .user = user, .out = out, .max = max, .e = e };
	if (scan(group_path, GR_FIELDS, member_match, &q, e) < 0)
		return -1;
	*n = q.n;
	return 0;
}
