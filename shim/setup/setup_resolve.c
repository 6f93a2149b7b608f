/* setup_resolve: [setup] against the image it starts in. Names become ids
 * through the image's /etc/passwd and /etc/group, workdir must be a
 * directory there, and scinit must hold what the app is to keep. Only the
 * start path runs this, before the fork, so a profile that cannot work
 * there stops the start with the key's file:line and the app never runs;
 * the tools read the same profile on machines that lack its users. */
#include <ctype.h>
#include <errno.h>
#include <linux/capability.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/constants.h"
#include "setup/caps.h"
#include "setup/setup.h"

#define BIT(c) (UINT64_C(1) << (c))
#define LIST_SEPARATORS " \t,"

/* The entry supplies the default gid, the default groups and
 * HOME/USER/LOGNAME; a uid without one (FROM scratch) is still a uid. */
static int resolve_user(struct sc_setup *s, struct scerr *e)
{
	int found = s->user_name[0] ? ids_user_by_name(s->user_name, &s->entry, e)
				    : ids_user_by_uid(s->uid, &s->entry, e);
	if (found < 0)
		return -1;
	if (!found && s->user_name[0])
		return err_set(e, "user '%s' is not in /etc/passwd (give a number or add it to the image)",
			       s->user_name);
	if (found)
		s->uid = s->entry.uid;
	s->has_entry = found > 0;
	/* Without an entry the uid's own number, never root's group 0 left
	 * over by accident. */
	s->user_gid = s->has_entry ? s->entry.gid : s->uid;
	s->nmember = 0;
	if (s->has_entry && ids_memberships(s->entry.name, s->member_of, SC_SETUP_MAX_GROUPS, &s->nmember, e) < 0)
		return -1;
	return 0;
}

static int resolve_group(struct sc_setup *s, struct scerr *e)
{
	return s->group_name[0] ? ids_group(s->group_name, &s->gid, e) : 0;
}

static int resolve_groups(struct sc_setup *s, struct scerr *e)
{
	char buf[SC_SETUP_LIST_MAX], *save = NULL;
	strcpy(buf, s->groups_text); /* setup_parse_key bounded it */
	s->ngroups = 0;
	for (char *g = strtok_r(buf, LIST_SEPARATORS, &save); g; g = strtok_r(NULL, LIST_SEPARATORS, &save)) {
		if (s->ngroups == SC_SETUP_MAX_GROUPS)
			return err_set(e, "more than %d groups", SC_SETUP_MAX_GROUPS);
		if (ids_group(g, &s->groups[s->ngroups++], e) < 0)
			return -1;
	}
	return 0;
}

/* Checked now so a typo stops the start before the fork; whether the new
 * user may enter it is checked by chdir itself, after the switch. */
static int resolve_workdir(struct sc_setup *s, struct scerr *e)
{
	struct stat st;
	if (stat(s->workdir, &st) < 0)
		return err_set(e, "workdir '%s': %s", s->workdir, strerror(errno));
	if (!S_ISDIR(st.st_mode))
		return err_set(e, "workdir '%s' is not a directory", s->workdir);
	return 0;
}

/* Without 'user' the app keeps scinit's uid, so its entry, if any. */
static int resolve_env_user(struct sc_setup *s, struct scerr *e)
{
	if (!s->env_user || s->uid_set)
		return 0;
	int found = ids_user_by_uid(getuid(), &s->entry, e);
	if (found < 0)
		return -1;
	s->has_entry = found > 0;
	return 0;
}

/* What scinit lacks for [setup], said with the fix, before the fork rather
 * than as the bare EPERM of a call after it. */
static int lacks(struct scerr *e, const char *what, int cap)
{
	if (geteuid() != 0)
		return err_set(e, "%s needs root, but scinit runs as uid %u: remove USER from the Dockerfile (runAsUser "
				  "in a Pod) and let [setup] switch",
			       what, (unsigned)geteuid());
	char upper[32];
	size_t i = 0;
	for (const char *n = capability_name(cap); *n && i < sizeof(upper) - 1; n++)
		upper[i++] = (char)toupper((unsigned char)*n);
	upper[i] = '\0';
	return err_set(e, "%s needs CAP_%s, which scinit does not hold: docker run --cap-add %s (capabilities.add in a Pod)",
		       what, upper, upper);
}

/* setup_apply cannot give the app a capability scinit lacks (fork keeps
 * the sets, so the parent's are the child's). */
static int resolve_capabilities(struct sc_setup *s, struct scerr *e)
{
	struct sc_capsets held;
	if (caps_get(&held) < 0)
		return err_set(e, "cannot read capabilities: %s", strerror(errno));
	for (int c = 0; c < 64; c++) {
		if (s->caps & ~held.permitted & BIT(c)) {
			char what[48];
			snprintf(what, sizeof(what), "keeping %s", capability_name(c));
			return lacks(e, what, c);
		}
	}
	return 0;
}

static int (*const resolvers[SC_SETUP_NKEYS])(struct sc_setup *s, struct scerr *e) = {
	[SC_SETUP_USER] = resolve_user,
	[SC_SETUP_GROUP] = resolve_group,
	[SC_SETUP_GROUPS] = resolve_groups,
	[SC_SETUP_CAPABILITIES] = resolve_capabilities,
	[SC_SETUP_WORKDIR] = resolve_workdir,
	[SC_SETUP_ENV_USER] = resolve_env_user,
};

/* The keys given, in the order they are written: resolved in that order,
 * the error names the first line at fault, as a parse error would. */
static size_t keys_in_order(const struct sc_setup *s, unsigned *order)
{
	size_t n = 0;
	for (unsigned k = 0; k < SC_SETUP_NKEYS; k++) {
		if (!(s->seen & BIT(k)))
			continue;
		size_t i = n++;
		for (; i > 0 && s->line[order[i - 1]] > s->line[k]; i--)
			order[i] = order[i - 1];
		order[i] = k;
	}
	return n;
}

/* What the text left open: a user by name, or scinit's own CAP_SYS_ADMIN.
 * The later of no_new_privs and a user who turned out non-root made the
 * combination impossible. */
static int check_new_privs(const struct sc_setup *s, const struct sc_capsets *held, unsigned *line,
			   struct scerr *e)
{
	*line = s->line[SC_SETUP_NO_NEW_PRIVS];
	if (setup_drops_root(s) && s->line[SC_SETUP_USER] > *line)
		*line = s->line[SC_SETUP_USER];
	return setup_check_new_privs(s, held->effective, e);
}

/* Emptying the bounding set of what the app does not keep needs
 * CAP_SETPCAP (setup_apply raises the effective set to the permitted one
 * first), unless it holds only the kept capabilities already. */
static int check_bounding(const struct sc_setup *s, const struct sc_capsets *held, unsigned *line,
			  struct scerr *e)
{
	if (!s->caps_set && !setup_drops_root(s))
		return 0;
	*line = s->caps_set ? s->line[SC_SETUP_CAPABILITIES] : s->line[SC_SETUP_USER];
	uint64_t drop = caps_bounding() & ~setup_final_caps(s, 0);
	if (!drop || held->permitted & BIT(CAP_SETPCAP))
		return 0;
	return err_set(e, "dropping %s from the bounding set needs CAP_SETPCAP, which scinit does not hold "
			  "(e.g. docker run --cap-add SETPCAP)",
		       capability_name(__builtin_ctzll(drop)));
}

/* setgroups and setresgid need CAP_SETGID, setresuid to another uid
 * CAP_SETUID. */
static int check_switch(const struct sc_setup *s, const struct sc_capsets *held, unsigned *line, struct scerr *e)
{
	bool needs_gid = s->uid_set || s->gid_set || s->groups_set;
	bool needs_uid = s->uid_set && (s->uid != getuid() || s->uid != geteuid());
	*line = s->uid_set ? s->line[SC_SETUP_USER] : s->gid_set ? s->line[SC_SETUP_GROUP] : s->line[SC_SETUP_GROUPS];
	const char *key = s->uid_set ? "[setup] user" : s->gid_set ? "[setup] group" : "[setup] groups";
	if (needs_gid && !(held->effective & BIT(CAP_SETGID)))
		return lacks(e, key, CAP_SETGID);
	if (needs_uid && !(held->effective & BIT(CAP_SETUID)))
		return lacks(e, key, CAP_SETUID);
	return 0;
}

/* The checks that need the resolved uid and several keys; *line is the
 * key at fault. Without user, capabilities or no_new_privs = no there is
 * nothing to check, and a start without them makes no capget for it. */
static int check_caps(const struct sc_setup *s, unsigned *line, struct scerr *e)
{
	struct sc_capsets held;
	*line = 0;
	if (!s->new_privs_allowed && !s->caps_set && !setup_drops_root(s) && !s->uid_set && !s->gid_set &&
	    !s->groups_set)
		return 0;
	if (caps_get(&held) < 0)
		return err_set(e, "cannot read capabilities: %s", strerror(errno));
	return check_switch(s, &held, line, e) < 0 || check_new_privs(s, &held, line, e) < 0 || check_bounding(s, &held, line, e) < 0 ? -1 : 0;
}

int setup_resolve(struct sc_setup *s, const char *source, struct scerr *e)
{
	unsigned order[SC_SETUP_NKEYS], line;
	size_t n = keys_in_order(s, order);
	for (size_t i = 0; i < n; i++) {
		unsigned k = order[i];
		if (resolvers[k] && resolvers[k](s, e) < 0)
			return err_at(e, source, s->line[k], "%s", e->msg);
	}
	s->resolved = true;
	if (check_caps(s, &line, e) < 0) {
		s->resolved = false;
		return err_at(e, source, line, "%s", e->msg);
	}
	return 0;
}
