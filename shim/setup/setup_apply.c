/* setup_apply: the side effects of [setup], in the child, right before the
 * filter. Every step either does all it was asked or fails the start. */
#include <errno.h>
#include <grp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/constants.h"
#include "common/one_thread.h"
#include "setup/caps.h"
#include "setup/setup.h"

extern char **environ;

static int step_failed(struct scerr *e, const char *step)
{
	return err_set(e, "setup failed at %s: %s", step, strerror(errno));
}

/* Raising a hard limit needs CAP_SYS_RESOURCE, which the capability drop
 * below may remove: limits come first (minijail does the same). prlimit is
 * the call musl's setrlimit makes, without its fallback for kernels before
 * 2.6.36 (which brings the code that changes every thread's limits). */
static int apply_limits(const struct sc_setup *s, struct scerr *e)
{
	for (int r = 0; r < RLIM_NLIMITS; r++) {
		const struct sc_limit *l = &s->limit[r];
		if (l->set && prlimit(0, r, &(struct rlimit){ l->soft, l->hard }, NULL) < 0)
			return err_set(e, "setup failed at setrlimit(rlimit_%s = %llu:%llu): %s", setup_limit_name(r),
				       (unsigned long long)l->soft,
				       (unsigned long long)l->hard, strerror(errno));
	}
	return 0;
}

static bool changes_gid(const struct sc_setup *s)
{
	return s->gid_set || s->uid_set;
}

static gid_t target_gid(const struct sc_setup *s)
{
	return s->gid_set ? s->gid : s->user_gid;
}

static size_t add_unique(gid_t *list, size_t n, gid_t g)
{
	for (size_t i = 0; i < n; i++) {
		if (list[i] == g)
			return n;
	}
	list[n] = g;
	return n + 1;
}

/* The supplementary groups: 'groups' if given, else for a 'user' what
 * initgroups(3) gives (the gid plus the user's /etc/group memberships), so
 * root's groups never leak to another user. Returns -1 to leave them alone. */
static ssize_t target_groups(const struct sc_setup *s, gid_t *out)
{
	size_t n = 0;
	if (s->groups_set) {
		for (size_t i = 0; i < s->ngroups; i++)
			n = add_unique(out, n, s->groups[i]);
		return (ssize_t)n;
	}
	if (!s->uid_set)
		return -1;
	n = add_unique(out, n, target_gid(s));
	for (size_t i = 0; i < s->nmember; i++)
		n = add_unique(out, n, s->member_of[i]);
	return (ssize_t)n;
}

static int apply_groups(const gid_t *groups, ssize_t n, struct scerr *e)
{
	if (n >= 0 && one_thread_setgroups((size_t)n, groups) < 0)
		return step_failed(e, "setgroups");
	return 0;
}

static int apply_gid(const struct sc_setup *s, struct scerr *e)
{
	gid_t g = target_gid(s);
	if (changes_gid(s) && one_thread_setresgid(g, g, g) < 0)
		return err_set(e, "setup failed at setresgid(%u): %s", (unsigned)g, strerror(errno));
	return 0;
}

static bool manages_caps(const struct sc_setup *s)
{
	return s->caps_set || setup_drops_root(s);
}

/* KEEPCAPS keeps the permitted set across the switch: the kept capabilities
 * survive it, and CAP_SETPCAP survives long enough to drop the bounding set
 * after it. The kernel clears the flag at execve. */
static int apply_uid(const struct sc_setup *s, struct scerr *e)
{
	if (!s->uid_set)
		return 0;
	if (manages_caps(s) && prctl(PR_SET_KEEPCAPS, 1, 0, 0, 0) < 0)
		return step_failed(e, "prctl(PR_SET_KEEPCAPS)");
	if (one_thread_setresuid(s->uid, s->uid, s->uid) < 0)
		return err_set(e, "setup failed at setresuid(%u): %s", (unsigned)s->uid, strerror(errno));
	return 0;
}

static int compare_gids(const void *a, const void *b)
{
	gid_t x = *(const gid_t *)a, y = *(const gid_t *)b;
	return x < y ? -1 : x > y;
}

/* A switch that half happened must not go unnoticed. */
static int verify_ids(const struct sc_setup *s, gid_t *groups, ssize_t ngroups, struct scerr *e)
{
	uid_t ru, eu, su;
	gid_t rg, eg, sg;
	if (getresuid(&ru, &eu, &su) < 0 || getresgid(&rg, &eg, &sg) < 0)
		return step_failed(e, "reading the ids back");
	if (s->uid_set && (ru != s->uid || eu != s->uid || su != s->uid))
		return err_set(e, "setup failed: uids are %u/%u/%u, not %u", (unsigned)ru, (unsigned)eu,
			       (unsigned)su, (unsigned)s->uid);
	gid_t g = target_gid(s);
	if (changes_gid(s) && (rg != g || eg != g || sg != g))
		return err_set(e, "setup failed: gids are %u/%u/%u, not %u", (unsigned)rg, (unsigned)eg,
			       (unsigned)sg, (unsigned)g);
	if (ngroups < 0)
		return 0;
	gid_t now[SC_SETUP_MAX_GROUPS + 1];
	int n = getgroups(SC_SETUP_MAX_GROUPS + 1, now);
	qsort(groups, (size_t)ngroups, sizeof(*groups), compare_gids);
	qsort(now, n > 0 ? (size_t)n : 0, sizeof(*now), compare_gids);
	if (n != ngroups || memcmp(now, groups, (size_t)n * sizeof(*now)) != 0)
		return err_set(e, "setup failed: the supplementary groups are not the ones asked for");
	return 0;
}

static int cap_failed(struct scerr *e, const char *step, int cap)
{
	return err_set(e, "setup failed at %s(%s): %s", step, capability_name(cap), strerror(errno));
}

/* Bounding first, while CAP_SETPCAP is still effective; then the three sets
 * of capset; then ambient, which only takes what is permitted and
 * inheritable, and which is what carries the capabilities of a non-root user
 * through execve. */
static int apply_caps(const struct sc_setup *s, struct scerr *e)
{
	if (!manages_caps(s))
		return 0;
	uint64_t keep = setup_final_caps(s, 0);
	struct sc_capsets cur;
	if (caps_get(&cur) < 0)
		return step_failed(e, "capget");
	for (int c = 0; c < 64; c++) {
		if (keep & ~cur.permitted & (UINT64_C(1) << c))
			return err_set(e, "setup failed: capability %s is to be kept, but scinit does not hold it "
					  "(add it to the container, e.g. docker run --cap-add)",
				       capability_name(c));
	}
	/* setresuid cleared the effective set; the permitted set still has
	 * everything, so this raise is allowed. */
	cur.effective = cur.permitted;
	if (caps_set(&cur) < 0)
		return step_failed(e, "capset (raising the effective set)");
	int cap;
	if (caps_bounding_keep(keep, &cap) < 0)
		return errno == EPERM ? err_set(e, "setup failed at PR_CAPBSET_DROP(%s): dropping from the bounding "
						   "set needs CAP_SETPCAP, which scinit does not hold (e.g. docker run --cap-add SETPCAP)",
						capability_name(cap))
				      : cap_failed(e, "PR_CAPBSET_DROP", cap);
	if (caps_set(&(struct sc_capsets){ keep, keep, keep }) < 0)
		return step_failed(e, "capset");
	if (caps_ambient_keep(keep, &cap) < 0)
		return cap < 0 ? step_failed(e, "PR_CAP_AMBIENT_CLEAR_ALL") : cap_failed(e, "PR_CAP_AMBIENT_RAISE", cap);
	if (prctl(PR_SET_KEEPCAPS, 0, 0, 0, 0) < 0)
		return step_failed(e, "prctl(PR_SET_KEEPCAPS, 0)");
	struct sc_capsets now;
	if (caps_get(&now) < 0)
		return step_failed(e, "capget");
	if (now.effective != keep || now.permitted != keep || now.inheritable != keep ||
	    caps_bounding() != (keep & caps_known()) || caps_ambient() != keep)
		return err_set(e, "setup failed: the capability sets are not the ones asked for");
	return 0;
}

/* Set here rather than left to the filter load, so it does not depend on the
 * filter; 'no' is only possible while CAP_SYS_ADMIN is kept (see setup.c). */
static int apply_no_new_privs(const struct sc_setup *s, struct scerr *e)
{
	if (!s->new_privs_allowed)
		return prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0 ? step_failed(e, "prctl(PR_SET_NO_NEW_PRIVS)") : 0;
	if (prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0) == 1)
		return err_set(e, "setup failed: no_new_privs = no, but scinit's parent already set no_new_privs, "
				  "which cannot be undone");
	return 0;
}

static bool in_list(const char *list, const char *var)
{
	size_t len = strcspn(var, "=");
	for (const char *n = list; *n; n += strlen(n) + 1) {
		if (strlen(n) == len && strncmp(n, var, len) == 0)
			return true;
	}
	return false;
}

/* The kept strings stay where they are; only the array is new. */
static int keep_env(const char *names, struct scerr *e)
{
	size_t count = 0;
	for (char **v = environ; v && *v; v++)
		count++;
	char **kept = calloc(count + 1, sizeof(*kept));
	if (!kept)
		return step_failed(e, "env_keep");
	size_t n = 0;
	for (char **v = environ; v && *v; v++) {
		if (in_list(names, *v))
			kept[n++] = *v;
	}
	environ = kept;
	return 0;
}

/* HOME=/ without an entry, as login(1) and Docker do; USER and LOGNAME are
 * removed rather than left naming scinit's user. */
static int user_env(const struct sc_setup *s, struct scerr *e)
{
	const struct sc_passwd *p = &s->entry;
	bool ok = setenv("HOME", s->has_entry && p->home[0] ? p->home : "/", 1) == 0;
	if (s->has_entry)
		ok = ok && setenv("USER", p->name, 1) == 0 && setenv("LOGNAME", p->name, 1) == 0;
	else
		ok = ok && unsetenv("USER") == 0 && unsetenv("LOGNAME") == 0;
	return ok ? 0 : step_failed(e, "env_user");
}

/* THE ORDER IS A CONTRACT; each step relies on the ones before it:
 *  1. rlimits: raising a hard limit needs CAP_SYS_RESOURCE, which step 5 may drop;
 *  2. supplementary groups (setgroups) and
 *  3. gid (setresgid): both need CAP_SETGID and root's uid, gone after step 4;
 *  4. uid (setresuid), with PR_SET_KEEPCAPS so the kept capabilities survive it;
 *     then the ids are read back: a partial switch is fatal;
 *  5. capabilities: bounding (needs CAP_SETPCAP, so before dropping it), then
 *     permitted, effective and inheritable, then ambient (so a non-root user
 *     keeps them through execve);
 *  6. no_new_privs: after the switch, so nothing above is a privilege gain;
 *  7. umask;
 *  8. workdir: after the switch, so the new user's permissions decide;
 *  9. environment.
 * Then app.c installs the filter (which therefore never has to allow setuid,
 * setgroups, capset or prctl) and runs execve. */
int setup_apply(const struct sc_setup *s, struct scerr *e)
{
	/* Names would stand for uid 0 and gid 0 here: fail closed. */
	if (s->any && !s->resolved)
		return err_set(e, "setup failed: [setup] was not resolved against the image");
	gid_t groups[SC_SETUP_MAX_GROUPS + 1];
	ssize_t ngroups = target_groups(s, groups);
	if (apply_limits(s, e) < 0 || apply_groups(groups, ngroups, e) < 0 || apply_gid(s, e) < 0 ||
	    apply_uid(s, e) < 0 || verify_ids(s, groups, ngroups, e) < 0 || apply_caps(s, e) < 0 ||
	    apply_no_new_privs(s, e) < 0)
		return -1;
	if (s->umask_set)
		umask(s->umask);
	if (s->workdir[0] && chdir(s->workdir) < 0)
		return err_set(e, "setup failed at chdir(%s): %s", s->workdir, strerror(errno));
	if (s->env_keep_set && keep_env(s->env_keep, e) < 0)
		return -1;
	if (s->env_user && user_env(s, e) < 0)
		return -1;
	return 0;
}
