/* [setup] parsing: turns each key into data and checks it against the image
 * (names, workdir) before anything runs. No side effects. */
#include "setup/setup.h"

#include <errno.h>
#include <linux/capability.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/values.h"
#include "setup/caps.h"
#include "profile/constants.h"

#define BIT(c) (UINT64_C(1) << (c))
#define LIST_SEPARATORS " \t,"

/* Copies a list value so strtok_r may cut it; values longer than this are
 * refused rather than cut (the INI reader's lines are far shorter). */
#define LIST_MAX 1024

static int copy_list(char *buf, const char *value, const char *key, struct scerr *e)
{
	if (strlen(value) >= LIST_MAX)
		return err_set(e, "'%s' is longer than %d characters", key, LIST_MAX - 1);
	strcpy(buf, value);
	return 0;
}

bool setup_drops_root(const struct sc_setup *s)
{
	return s->uid_set && s->uid != 0;
}

uint64_t setup_final_caps(const struct sc_setup *s, uint64_t current)
{
	if (s->caps_set)
		return s->caps;
	return setup_drops_root(s) ? 0 : current;
}

/* Without no_new_privs the kernel installs a filter only for a process with
 * CAP_SYS_ADMIN, and the filter is installed after the drop. Checked after
 * each key that can change the answer, so the error names the line that
 * made the combination impossible, whatever the order of the keys. */
static int check_new_privs(const struct sc_setup *s, struct scerr *e)
{
	if (!s->new_privs_allowed || setup_final_caps(s, caps_effective()) & BIT(CAP_SYS_ADMIN))
		return 0;
	return err_set(e, "no_new_privs = no needs the app to keep sys_admin (the kernel installs a filter "
			  "without no_new_privs only for a process with CAP_SYS_ADMIN): %s",
		       s->caps_set	       ? "add sys_admin to 'capabilities', or drop 'no_new_privs = no'"
		       : setup_drops_root(s) ? "a non-root 'user' has no capabilities unless 'capabilities' lists them"
					     : "scinit itself does not hold CAP_SYS_ADMIN");
}

static int key_user(struct sc_setup *s, const char *value, struct scerr *e)
{
	if (!*value)
		return err_set(e, "'user' needs a uid or a name");
	unsigned uid;
	int found, number = ids_number_or_name(value, "uid", &uid, e);
	if (number < 0)
		return -1;
	found = number ? ids_user_by_uid(uid, &s->entry, e) : ids_user_by_name(value, &s->entry, e);
	if (found < 0)
		return -1;
	if (!number) {
		if (!found)
			return err_set(e, "user '%s' is not in /etc/passwd (give a number or add it to the image)", value);
		uid = s->entry.uid;
	}
	s->uid_set = true;
	s->uid = uid;
	s->has_entry = found > 0;
	/* Without an entry (FROM scratch) the uid's own number, never root's
	 * group 0 left over by accident. */
	s->user_gid = s->has_entry ? s->entry.gid : uid;
	s->nmember = 0;
	if (s->has_entry &&
	    ids_memberships(s->entry.name, s->member_of, SC_SETUP_MAX_GROUPS, &s->nmember, e) < 0)
		return -1;
	return check_new_privs(s, e);
}

static int key_group(struct sc_setup *s, const char *value, struct scerr *e)
{
	if (!*value)
		return err_set(e, "'group' needs a gid or a name");
	if (ids_group(value, &s->gid, e) < 0)
		return -1;
	s->gid_set = true;
	return 0;
}

static int key_groups(struct sc_setup *s, const char *value, struct scerr *e)
{
	char buf[LIST_MAX], *save = NULL;
	if (copy_list(buf, value, "groups", e) < 0)
		return -1;
	s->ngroups = 0;
	for (char *g = strtok_r(buf, LIST_SEPARATORS, &save); g; g = strtok_r(NULL, LIST_SEPARATORS, &save)) {
		if (s->ngroups == SC_SETUP_MAX_GROUPS)
			return err_set(e, "more than %d groups", SC_SETUP_MAX_GROUPS);
		if (ids_group(g, &s->groups[s->ngroups++], e) < 0)
			return -1;
	}
	s->groups_set = true;
	return 0;
}

static int key_capabilities(struct sc_setup *s, const char *value, struct scerr *e)
{
	char buf[LIST_MAX], *save = NULL;
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

/* Checked now so a typo is a profile error, not a failed start; whether the
 * new user may enter it is checked by chdir itself, after the switch. */
static int key_workdir(struct sc_setup *s, const char *value, struct scerr *e)
{
	struct stat st;
	if (value[0] != '/')
		return err_set(e, "workdir '%s' is not an absolute path", value);
	if (strlen(value) >= sizeof(s->workdir))
		return err_set(e, "workdir is longer than %zu characters", sizeof(s->workdir) - 1);
	if (stat(value, &st) < 0)
		return err_set(e, "workdir '%s': %s", value, strerror(errno));
	if (!S_ISDIR(st.st_mode))
		return err_set(e, "workdir '%s' is not a directory", value);
	strcpy(s->workdir, value);
	return 0;
}

static int key_env_keep(struct sc_setup *s, const char *value, struct scerr *e)
{
	char buf[LIST_MAX], *save = NULL;
	if (copy_list(buf, value, "env_keep", e) < 0)
		return -1;
	size_t used = 0;
	for (char *n = strtok_r(buf, LIST_SEPARATORS, &save); n; n = strtok_r(NULL, LIST_SEPARATORS, &save)) {
		if (strchr(n, '='))
			return err_set(e, "env_keep takes variable names, not '%s'", n);
		/* value is shorter than LIST_MAX, so the names and their ends fit */
		strcpy(s->env_keep + used, n);
		used += strlen(n) + 1;
	}
	s->env_keep[used] = '\0';
	s->env_keep_set = true;
	return 0;
}

static int key_env_user(struct sc_setup *s, const char *value, struct scerr *e)
{
	if (parse_bool("env_user", value, &s->env_user, e) < 0)
		return -1;
	/* Without 'user' the app keeps scinit's uid: its entry, if any, unless a
	 * later 'user' replaces it. */
	if (s->env_user && !s->uid_set) {
		int found = ids_user_by_uid(getuid(), &s->entry, e);
		if (found < 0)
			return -1;
		s->has_entry = found > 0;
	}
	return 0;
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

static const struct {
	const char *name;
	int (*parse)(struct sc_setup *s, const char *value, struct scerr *e);
} keys[] = {
	{ "user", key_user },
	{ "group", key_group },
	{ "groups", key_groups },
	{ "capabilities", key_capabilities },
	{ "no_new_privs", key_no_new_privs },
	{ "umask", key_umask },
	{ "workdir", key_workdir },
	{ "env_keep", key_env_keep },
	{ "env_user", key_env_user },
};

int setup_parse_key(struct sc_setup *s, const char *key, const char *value, struct scerr *e)
{
	s->any = true;
	if (strncmp(key, "rlimit_", strlen("rlimit_")) == 0)
		return key_rlimit(s, key, value, e);
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		if (strcmp(key, keys[i].name) != 0)
			continue;
		if (s->seen & BIT(i))
			return err_set(e, "'%s' is given twice", key);
		s->seen |= BIT(i);
		return keys[i].parse(s, value, e);
	}
	return err_set(e, "unknown key '%s' in [setup] (user, group, groups, capabilities, no_new_privs, "
			  "rlimit_NAME, umask, workdir, env_keep, env_user)",
		       key);
}
