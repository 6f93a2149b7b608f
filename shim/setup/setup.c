/* [setup] parsing: turns each key into data and checks its syntax. Names,
 * workdir and capabilities are checked against the image by setup_resolve,
 * so that tools can read a profile on a machine that lacks its users. */
#include "setup/setup.h"

#include <errno.h>
#include <linux/capability.h>
#include <stdlib.h>
#include <string.h>

#include "common/constants.h"
#include "common/values.h"

#define BIT(c) (UINT64_C(1) << (c))
#define LIST_SEPARATORS " \t,"

/* Copies a list value so strtok_r may cut it. */
static int copy_list(char *buf, const char *value, const char *key, struct scerr *e)
{
	if (strlen(value) >= SC_SETUP_LIST_MAX)
		return err_set(e, "'%s' is longer than %d characters", key, SC_SETUP_LIST_MAX - 1);
	strcpy(buf, value);
	return 0;
}

bool setup_user_unresolved(const struct sc_setup *s)
{
	return s->uid_set && s->user_name[0] && !s->resolved;
}

bool setup_drops_root(const struct sc_setup *s)
{
	return s->uid_set && (setup_user_unresolved(s) || s->uid != 0);
}

uint64_t setup_final_caps(const struct sc_setup *s, uint64_t current)
{
	if (s->caps_set)
		return s->caps;
	return setup_drops_root(s) ? 0 : current;
}

/* Without no_new_privs the kernel installs a filter only for a process with
 * CAP_SYS_ADMIN, and the filter is installed after the drop. What the text
 * decides (capabilities, or a non-root uid given as a number) is checked
 * after each key that can change the answer, so the error names the line
 * that made the combination impossible, whatever the order of the keys; a
 * user by name and scinit's own capabilities wait for setup_resolve. */
static bool text_decides_caps(const struct sc_setup *s)
{
	return s->caps_set || (s->uid_set && !s->user_name[0] && s->uid != 0);
}

int setup_check_new_privs(const struct sc_setup *s, uint64_t held, struct scerr *e)
{
	if (!s->new_privs_allowed || setup_final_caps(s, held) & BIT(CAP_SYS_ADMIN))
		return 0;
	return err_set(e, "no_new_privs = no needs the app to keep sys_admin (the kernel installs a filter "
			  "without no_new_privs only for a process with CAP_SYS_ADMIN): %s",
		       s->caps_set	       ? "add sys_admin to 'capabilities', or drop 'no_new_privs = no'"
		       : setup_drops_root(s) ? "a non-root 'user' has no capabilities unless 'capabilities' lists them"
					     : "scinit itself does not hold CAP_SYS_ADMIN");
}

static int check_new_privs(const struct sc_setup *s, struct scerr *e)
{
	return text_decides_caps(s) ? setup_check_new_privs(s, 0, e) : 0;
}

/* A name as /etc/passwd and /etc/group can hold it: these characters
 * separate fields and list items there, so no entry could match. */
static int check_name(const char *what, const char *name, struct scerr *e)
{
	if (strlen(name) >= SC_NAME_MAX)
		return err_set(e, "%s name '%s' is longer than %d characters", what, name, SC_NAME_MAX - 1);
	if (strpbrk(name, ": \t,"))
		return err_set(e, "%s name '%s' cannot hold ':', ',' or blanks", what, name);
	return 0;
}

/* A uid or gid as a number (*number set) or a name (copied to name, else
 * ""). */
static int parse_id(const char *text, bool user, unsigned *number, char name[SC_NAME_MAX], struct scerr *e)
{
	int is_number = ids_number_or_name(text, user ? "uid" : "gid", number, e);
	if (is_number < 0)
		return -1;
	name[0] = '\0';
	if (is_number)
		return 0;
	if (check_name(user ? "user" : "group", text, e) < 0)
		return -1;
	strcpy(name, text);
	return 0;
}

static int key_user(struct sc_setup *s, const char *value, struct scerr *e)
{
	if (!*value)
		return err_set(e, "'user' needs a uid or a name");
	unsigned uid;
	if (parse_id(value, true, &uid, s->user_name, e) < 0)
		return -1;
	s->uid_set = true;
	s->uid = s->user_name[0] ? 0 : uid;
	return check_new_privs(s, e);
}

static int key_group(struct sc_setup *s, const char *value, struct scerr *e)
{
	if (!*value)
		return err_set(e, "'group' needs a gid or a name");
	unsigned gid;
	if (parse_id(value, false, &gid, s->group_name, e) < 0)
		return -1;
	s->gid_set = true;
	s->gid = s->group_name[0] ? 0 : gid;
	return 0;
}

/* Kept as text: setup_resolve reads it again to look the names up. */
static int key_groups(struct sc_setup *s, const char *value, struct scerr *e)
{
	char buf[SC_SETUP_LIST_MAX], name[SC_NAME_MAX], *save = NULL;
	if (copy_list(buf, value, "groups", e) < 0)
		return -1;
	size_t n = 0;
	for (char *g = strtok_r(buf, LIST_SEPARATORS, &save); g; g = strtok_r(NULL, LIST_SEPARATORS, &save)) {
		unsigned gid;
		if (n++ == SC_SETUP_MAX_GROUPS)
			return err_set(e, "more than %d groups", SC_SETUP_MAX_GROUPS);
		if (parse_id(g, false, &gid, name, e) < 0)
			return -1;
	}
	strcpy(s->groups_text, value);
	s->groups_set = true;
	return 0;
}

static int key_capabilities(struct sc_setup *s, const char *value, struct scerr *e)
{
	char buf[SC_SETUP_LIST_MAX], *save = NULL;
	if (copy_list(buf, value, "capabilities", e) < 0)
		return -1;
	s->caps = 0;
	for (char *c = strtok_r(buf, LIST_SEPARATORS, &save); c; c = strtok_r(NULL, LIST_SEPARATORS, &save)) {
		int n = capability_number(c);
		if (n < 0)
			return err_set(e, "unknown capability '%s' (e.g. net_bind_service or CAP_NET_BIND_SERVICE)", c);
		s->caps |= BIT(n);
	}
	s->caps_set = true;
	return check_new_privs(s, e);
}

static int key_no_new_privs(struct sc_setup *s, const char *value, struct scerr *e)
{
	bool yes;
	if (parse_bool("no_new_privs", value, &yes, e) < 0)
		return -1;
	s->new_privs_allowed = !yes;
	return check_new_privs(s, e);
}

static int key_umask(struct sc_setup *s, const char *value, struct scerr *e)
{
	size_t n = strlen(value);
	if (n == 0 || strspn(value, "01234567") != n || strtoul(value, NULL, 8) > 0777)
		return err_set(e, "umask '%s' is not an octal number from 0 to 0777", value);
	s->umask = (mode_t)strtoul(value, NULL, 8);
	s->umask_set = true;
	return 0;
}

/* Only the form here: whether it exists is a question for the image
 * (setup_resolve), and whether the new user may enter it for chdir itself,
 * after the switch. */
static int key_workdir(struct sc_setup *s, const char *value, struct scerr *e)
{
	if (value[0] != '/')
		return err_set(e, "workdir '%s' is not an absolute path", value);
	if (strlen(value) >= sizeof(s->workdir))
		return err_set(e, "workdir is longer than %zu characters", sizeof(s->workdir) - 1);
	strcpy(s->workdir, value);
	return 0;
}

static int key_env_keep(struct sc_setup *s, const char *value, struct scerr *e)
{
	char buf[SC_SETUP_LIST_MAX], *save = NULL;
	if (copy_list(buf, value, "env_keep", e) < 0)
		return -1;
	size_t used = 0;
	for (char *n = strtok_r(buf, LIST_SEPARATORS, &save); n; n = strtok_r(NULL, LIST_SEPARATORS, &save)) {
		if (strchr(n, '='))
			return err_set(e, "env_keep takes variable names, not '%s'", n);
		/* value is shorter than SC_SETUP_LIST_MAX, so the names and their ends fit */
		strcpy(s->env_keep + used, n);
		used += strlen(n) + 1;
	}
	s->env_keep[used] = '\0';
	s->env_keep_set = true;
	return 0;
}

static int key_env_user(struct sc_setup *s, const char *value, struct scerr *e)
{
	return parse_bool("env_user", value, &s->env_user, e);
}

static const struct {
	const char *name;
	int resource;
} limits[] = {
	{ "as", RLIMIT_AS },		 { "core", RLIMIT_CORE },	    { "cpu", RLIMIT_CPU },
	{ "data", RLIMIT_DATA },	 { "fsize", RLIMIT_FSIZE },	    { "locks", RLIMIT_LOCKS },
	{ "memlock", RLIMIT_MEMLOCK },	 { "msgqueue", RLIMIT_MSGQUEUE },   { "nice", RLIMIT_NICE },
	{ "nofile", RLIMIT_NOFILE },	 { "nproc", RLIMIT_NPROC },	    { "rss", RLIMIT_RSS },
	{ "rtprio", RLIMIT_RTPRIO },	 { "rttime", RLIMIT_RTTIME },	    { "sigpending", RLIMIT_SIGPENDING },
	{ "stack", RLIMIT_STACK },
};

static int parse_limit_value(const char *text, size_t len, rlim_t *out)
{
	if (len == 9 && strncmp(text, "unlimited", 9) == 0) {
		*out = RLIM_INFINITY;
		return 0;
	}
	if (len == 0 || len > 20 || strspn(text, "0123456789") < len)
		return -1;
	errno = 0;
	unsigned long long v = strtoull(text, NULL, 10);
	if (errno || v >= RLIM_INFINITY)
		return -1;
	*out = (rlim_t)v;
	return 0;
}

const char *setup_limit_name(int resource)
{
	for (size_t i = 0; i < sizeof(limits) / sizeof(limits[0]); i++) {
		if (limits[i].resource == resource)
			return limits[i].name;
	}
	return "?";
}

/* soft[:hard]; a soft limit alone is also the hard one, as in Docker's
 * --ulimit and systemd's Limit*=: a limit the app could raise is no limit. */
static int key_rlimit(struct sc_setup *s, const char *key, const char *value, struct scerr *e)
{
	const char *name = key + strlen("rlimit_");
	size_t i = 0;
	while (i < sizeof(limits) / sizeof(limits[0]) && strcmp(name, limits[i].name) != 0)
		i++;
	if (i == sizeof(limits) / sizeof(limits[0]))
		return err_set(e, "unknown key '%s' in [setup] (rlimit_ takes as, core, cpu, data, fsize, locks, "
				  "memlock, msgqueue, nice, nofile, nproc, rss, rtprio, rttime, sigpending, stack)",
			       key);
	struct sc_limit *l = &s->limit[limits[i].resource];
	if (l->set)
		return err_set(e, "'%s' is given twice", key);
	const char *colon = strchr(value, ':');
	size_t soft_len = colon ? (size_t)(colon - value) : strlen(value);
	if (parse_limit_value(value, soft_len, &l->soft) < 0 ||
	    parse_limit_value(colon ? colon + 1 : value, colon ? strlen(colon + 1) : soft_len, &l->hard) < 0)
		return err_set(e, "%s = '%s': expected soft[:hard], each a number or unlimited", key, value);
	if (l->soft > l->hard)
		return err_set(e, "%s = '%s': the soft limit is above the hard limit", key, value);
	l->set = true;
	return 0;
}

static const char *const key_names[SC_SETUP_NKEYS] = {
	[SC_SETUP_USER] = "user",
	[SC_SETUP_GROUP] = "group",
	[SC_SETUP_GROUPS] = "groups",
	[SC_SETUP_CAPABILITIES] = "capabilities",
	[SC_SETUP_NO_NEW_PRIVS] = "no_new_privs",
	[SC_SETUP_UMASK] = "umask",
	[SC_SETUP_WORKDIR] = "workdir",
	[SC_SETUP_ENV_KEEP] = "env_keep",
	[SC_SETUP_ENV_USER] = "env_user",
};

static int (*const keys[SC_SETUP_NKEYS])(struct sc_setup *s, const char *value, struct scerr *e) = {
	[SC_SETUP_USER] = key_user,
	[SC_SETUP_GROUP] = key_group,
	[SC_SETUP_GROUPS] = key_groups,
	[SC_SETUP_CAPABILITIES] = key_capabilities,
	[SC_SETUP_NO_NEW_PRIVS] = key_no_new_privs,
	[SC_SETUP_UMASK] = key_umask,
	[SC_SETUP_WORKDIR] = key_workdir,
	[SC_SETUP_ENV_KEEP] = key_env_keep,
	[SC_SETUP_ENV_USER] = key_env_user,
};

int setup_parse_key(struct sc_setup *s, const char *key, const char *value, unsigned line, struct scerr *e)
{
	s->any = true;
	if (strncmp(key, "rlimit_", strlen("rlimit_")) == 0)
		return key_rlimit(s, key, value, e);
	for (size_t i = 0; i < SC_SETUP_NKEYS; i++) {
		if (strcmp(key, key_names[i]) != 0)
			continue;
		if (s->seen & BIT(i))
			return err_set(e, "'%s' is given twice", key);
		s->seen |= BIT(i);
		s->line[i] = line;
		return keys[i](s, value, e);
	}
	return err_set(e, "unknown key '%s' in [setup] (user, group, groups, capabilities, no_new_privs, "
			  "rlimit_NAME, umask, workdir, env_keep, env_user)",
		       key);
}
