#include "profile/profile.h"

#include <errno.h>
#include <seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/arch.h"
#include "profile/errno_table.h"

/* Far more than any real profile (Docker's has ~450 rules after expansion);
 * a bound keeps a hostile file from growing memory without limit. */
#define SC_MAX_RULES 8192

/* The value of an errno name from errno_table, or 0. */
static unsigned errno_by_name(const char *name)
{
	if (*name++ != 'E')
		return 0;
	size_t len = strlen(name);
	unsigned n = 1;
	for (const char *w = errno_table; *w; w += strcspn(w, " ") + 1, n++) {
		size_t wl = strcspn(w, " =");
		if (wl == len && memcmp(w, name, len) == 0 && *w != '-')
			return w[wl] == '=' ? (unsigned)atoi(w + wl + 1) : n;
	}
	return 0;
}

/* The first name of errno value v, written to buf; false if it has none. */
static bool errno_name(unsigned v, char *buf, size_t len)
{
	const char *w = errno_table;
	for (unsigned n = 1; *w && n < v; n++)
		w += strcspn(w, " ") + 1;
	size_t wl = strcspn(w, " =");
	if (v == 0 || !*w || w[wl] == '=' || (wl == 1 && *w == '-'))
		return false;
	snprintf(buf, len, "E%.*s", (int)wl, w);
	return true;
}

void profile_init(struct sc_profile *p, const char *source)
{
	memset(p, 0, sizeof(*p));
	p->source = source;
	p->default_action = (struct sc_action){ SC_ACT_ERRNO, EPERM };
	p->mode = SC_MODE_ENFORCE;
}

void profile_free(struct sc_profile *p)
{
	free(p->rules);
	p->rules = NULL;
	p->nrules = p->rules_cap = 0;
}

int profile_add_rule(struct sc_profile *p, const struct sc_rule *r, struct scerr *e)
{
	if (p->nrules == p->rules_cap) {
		if (p->rules_cap >= SC_MAX_RULES)
			return err_set(e, "more than %d rules", SC_MAX_RULES);
		/* Room for 1024 rules at once: past musl's mmap threshold, so only
		 * the pages rules are written to cost anything, and growing is
		 * mremap. Doubling from 64 wrote every rule again into fresh pages
		 * each time (45 page faults for 300 rules instead of 14). */
		size_t cap = p->rules_cap ? p->rules_cap * 2 : 1024;
		struct sc_rule *grown = realloc(p->rules, cap * sizeof(*grown));
		if (!grown)
			return err_set(e, "out of memory");
		p->rules = grown;
		p->rules_cap = cap;
	}
	p->rules[p->nrules++] = *r;
	return 0;
}

/* Whole-string unsigned number, decimal or 0x hex, within max. strtoull
 * alone would also take a sign, leading blanks and octal ("010" is 8). */
static int parse_uint(const char *text, unsigned long long max, unsigned long long *out)
{
	char *end;
	if (*text < '0' || *text > '9' || (text[0] == '0' && text[1] >= '0' && text[1] <= '9'))
		return -1;
	errno = 0;
	unsigned long long v = strtoull(text, &end, 0);
	if (errno || *end || v > max)
		return -1;
	*out = v;
	return 0;
}

int parse_errno(const char *text, uint16_t *out, struct scerr *e)
{
	unsigned known = errno_by_name(text);
	if (known) {
		*out = (uint16_t)known;
		return 0;
	}
	unsigned long long v;
	/* libseccomp refuses ERRNO(4095) and above (its MAX_ERRNO check is
	 * "< 4095"); past 4095 a return value would not look like an error. */
	if (parse_uint(text, 4094, &v) == 0 && v >= 1) {
		*out = (uint16_t)v;
		return 0;
	}
	return err_set(e, "unknown errno '%s' (a name such as EPERM, or 1..4094)", text);
}

int parse_action(const char *text, struct sc_action *out, struct scerr *e)
{
	static const struct {
		const char *name;
		enum sc_action_kind kind;
	} kinds[] = {
		{ "allow", SC_ACT_ALLOW },      { "kill", SC_ACT_KILL_THREAD },
		{ "kill_thread", SC_ACT_KILL_THREAD }, { "kill_process", SC_ACT_KILL_PROCESS },
		{ "trap", SC_ACT_TRAP },        { "log", SC_ACT_LOG },
	};
	if (strncmp(text, "errno", 5) == 0 && (text[5] == '\0' || text[5] == ':')) {
		out->kind = SC_ACT_ERRNO;
		out->errno_value = EPERM;
		return text[5] ? parse_errno(text + 6, &out->errno_value, e) : 0;
	}
	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
		if (strcmp(text, kinds[i].name) == 0) {
			*out = (struct sc_action){ kinds[i].kind, 0 };
			return 0;
		}
	}
	return err_set(e, "unknown action '%s' (allow, errno[:NAME|NUMBER], kill, kill_process, trap, log)", text);
}

int parse_mode(const char *text, enum sc_mode *out, struct scerr *e)
{
	static const char *const names[] = { [SC_MODE_ENFORCE] = "enforce", [SC_MODE_AUDIT] = "audit",
					     [SC_MODE_LEARN] = "learn" };
	for (unsigned m = 0; m < sizeof(names) / sizeof(names[0]); m++) {
		if (strcmp(text, names[m]) == 0) {
			*out = (enum sc_mode)m;
			return 0;
		}
	}
	return err_set(e, "unknown mode '%s' (enforce, audit, learn)", text);
}

const char *mode_name(enum sc_mode m)
{
	return m == SC_MODE_AUDIT ? "audit" : m == SC_MODE_LEARN ? "learn" : "enforce";
}

/* libseccomp knows every arch and builds a filter for any of them, but a
 * kernel only ever reports the arches of its own family: a profile that
 * names another is a mistake, and on its own it would kill the app's first
 * call. "native" and "compat" name the family's arches without naming the
 * family, so that one profile serves every scinit. */
int parse_arch(const char *text, uint32_t *arch, unsigned *n, struct scerr *e)
{
	uint32_t token;
	const uint32_t *add = &token;
	unsigned count = 1;
	if (strcmp(text, "native") == 0) {
		token = SC_ARCH_NATIVE;
	} else if (strcmp(text, "compat") == 0) {
		add = arch_family + 1;
		count = SC_ARCH_FAMILY_N - 1;
	} else {
		switch (arch_lookup(text, &token)) {
		case ARCH_IN_FAMILY: break;
		case ARCH_UNKNOWN: return err_set(e, "unknown architecture '%s'", text);
		default:
			return err_set(e, "'%s' is not an architecture this scinit runs on (" SC_ARCH_NATIVE_NAME
					  " family: " SC_ARCH_FAMILY_TEXT ")", text);
		}
	}
	for (unsigned i = 0; i < count; i++) {
		bool listed = false;
		for (unsigned k = 0; k < *n; k++)
			listed |= arch[k] == add[i];
		if (listed)
			continue;
		if (*n == SC_MAX_ARCHES)
			return err_set(e, "too many architectures");
		arch[(*n)++] = add[i];
	}
	return 0;
}

int parse_syscall(const char *name, int *nr, struct scerr *e)
{
	int n = seccomp_syscall_resolve_name(name);
	if (n == __NR_SCMP_ERROR)
		return err_set(e, "unknown syscall '%s'", name);
	*nr = n;
	return 0;
}

bool action_equal(const struct sc_action *a, const struct sc_action *b)
{
	return a->kind == b->kind && (a->kind != SC_ACT_ERRNO || a->errno_value == b->errno_value);
}

bool action_lets_run(const struct sc_action *a)
{
	return a->kind == SC_ACT_ALLOW || a->kind == SC_ACT_LOG;
}

bool rule_is_plain(const struct sc_rule *r)
{
	return !r->ncond && !r->caps_all && !r->caps_none;
}

bool rule_applies(const struct sc_rule *r, uint64_t caps)
{
	return (caps & r->caps_all) == r->caps_all && !(caps & r->caps_none);
}

/* Merges the runs src[lo, mid) and src[mid, hi) into dst by syscall number,
 * the left run first among equals. */
static void merge(const struct sc_rule **dst, const struct sc_rule **src, size_t lo, size_t mid, size_t hi)
{
	size_t i = lo, j = mid;
	for (size_t k = lo; k < hi; k++)
		dst[k] = j == hi || (i < mid && src[i]->nr <= src[j]->nr) ? src[i++] : src[j++];
}

/* Stable, so a syscall's rules stay in profile order. musl's qsort took a
 * quarter of building the rules of a 300-syscall profile (smoothsort and a
 * call per comparison); a merge sort needs a tenth of that. */
int rules_sort_by_syscall(const struct sc_rule **v, size_t n)
{
	const struct sc_rule **tmp = malloc((n + 1) * sizeof(*tmp)), **src = v, **dst = tmp;
	if (!tmp)
		return -1;
	for (size_t width = 1; width < n; width *= 2) {
		for (size_t lo = 0; lo < n; lo += 2 * width) {
			size_t mid = lo + width < n ? lo + width : n, hi = lo + 2 * width < n ? lo + 2 * width : n;
			merge(dst, src, lo, mid, hi);
		}
		const struct sc_rule **t = src;
		src = dst, dst = t;
	}
	if (src != v)
		memcpy(v, src, n * sizeof(*v));
	free(tmp);
	return 0;
}

bool rule_has_cond(const struct sc_rule *r, const struct sc_cond *c)
{
	for (unsigned i = 0; i < r->ncond; i++) {
		const struct sc_cond *d = &r->cond[i];
		if (d->arg == c->arg && d->op == c->op && d->value == c->value &&
		    (!cond_uses_mask(c->op) || d->mask == c->mask))
			return true;
	}
	return false;
}

bool cond_uses_mask(enum sc_op op)
{
	return op == SC_OP_MASKED_EQ || op == SC_OP_IN || op == SC_OP_NOT_IN;
}

const char *action_name(const struct sc_action *a, char *buf, size_t len)
{
	static const char *const names[] = { [SC_ACT_ALLOW] = "allow",        [SC_ACT_ERRNO] = "errno",
					     [SC_ACT_KILL_THREAD] = "kill",   [SC_ACT_KILL_PROCESS] = "kill_process",
					     [SC_ACT_TRAP] = "trap",          [SC_ACT_LOG] = "log" };
	if (a->kind != SC_ACT_ERRNO)
		return names[a->kind];
	char name[24];
	if (errno_name(a->errno_value, name, sizeof(name)))
		snprintf(buf, len, "errno:%s", name);
	else
		snprintf(buf, len, "errno:%u", a->errno_value);
	return buf;
}
