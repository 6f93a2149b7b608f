/* scinit lint FILE...: findings about profiles, `FILE:LINE: message`, sorted
 * by line. Exit 0 when clean, 1 on findings, 125 when a file cannot be read
 * or scinit would refuse it (checked for an app with no capability and for
 * one with every capability, since capability conditions change the rules).
 *
 * What is reported, and why (docs/workflow.md says it for users):
 * - a dangerous syscall (@dangerous) allowed or logged by a rule without
 *   argument conditions; clone and unshare so allowed, and clone3 allowed
 *   at all, say why (namespaces, a user one needs no capability) and what
 *   to write instead. A rule gated by a capability (`allow if
 *   cap:sys_admin`, Docker's includes) is not reported: granting the
 *   capability is the runtime's explicit choice;
 * - a default action that allows or logs, with the dangerous syscalls no
 *   rule denies; mode = audit, which blocks nothing;
 * - architectures: scinit kills calls of ABIs the profile does not list, so
 *   leaving a compat ABI (x86, x32) out is safe and not reported; an arch
 *   list without the native one is refused (filter.c: scinit's own execve is
 *   a native call, so nothing could start). Reported: a rule for a syscall
 *   that none of the listed arches has (`socketcall` in an x86_64-only profile): it can never
 *   match. A syscall only the other family has (`arch_prctl` on aarch64,
 *   `set_tls` on x86_64) is a note, which leaves the exit status alone: the
 *   same profile serves both families and the rule is skipped here;
 * - rules that can never change the outcome: shadowed by [deny], repeated,
 *   covered by a rule with the same action and fewer conditions, or with a
 *   condition that is never true (`arg0 < 0`:
 *   arguments are unsigned; a masked value with bits outside the mask).
 *   Rules that came from an @group are reported only when the line also
 *   names the syscall: a group's overlap with another is not the user's to
 *   fix. Overlaps with different actions are refused by scinit itself. A
 *   rule with the default action is not reported: it pins the action
 *   should the default change (config/default.ini's ENOSYS rules).
 *
 * scinit lint --against OLD NEW: what NEW allows that OLD did not, per
 * syscall (newly allowed unconditionally, newly allowed under conditions,
 * allowed under conditions OLD did not have), a looser default action, new
 * architectures and audit mode. Exit 1 if anything is reported. */
#include "cmd/lint.h"
#include "cmd/commands.h"

#include <seccomp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/arch.h"
#include "common/input.h"
#include "filter/arg32.h"
#include "filter/filter.h"
#include "profile/groups.h"
#include "profile/profile_json.h"
#include "profile/profile_load.h"

struct finding {
	unsigned line, seq;
	char *msg;
	bool note; /* printed, but not a finding: the exit status ignores it */
};

struct lint {
	const char *file;
	struct sc_profile p;
	char *text;
	size_t len, nlines;
	size_t *lines; /* where each line starts */
	bool json;
	const struct sc_rule **order; /* rules sorted by syscall, profile order within one */
	struct finding *f;
	size_t nf, capf;
};

struct nrset {
	int nr[96];
	unsigned n;
};

static struct nrset dangerous;

static int add_dangerous(const char *name, void *ctx)
{
	(void)ctx;
	int nr = seccomp_syscall_resolve_name(name);
	if (nr != __NR_SCMP_ERROR && dangerous.n < sizeof(dangerous.nr) / sizeof(dangerous.nr[0]))
		dangerous.nr[dangerous.n++] = nr;
	return 0;
}

static bool is_dangerous(int nr)
{
	for (unsigned i = 0; i < dangerous.n; i++) {
		if (dangerous.nr[i] == nr)
			return true;
	}
	return false;
}

static void push(struct lint *l, unsigned line, bool note, const char *fmt, va_list ap)
{
	char *msg;
	if (vasprintf(&msg, fmt, ap) < 0)
		return;
	if (l->nf == l->capf) {
		size_t cap = l->capf ? l->capf * 2 : 32;
		struct finding *f = realloc(l->f, cap * sizeof(*f));
		if (!f) {
			free(msg);
			return;
		}
		l->f = f, l->capf = cap;
	}
	l->f[l->nf] = (struct finding){ line, (unsigned)l->nf, msg, note };
	l->nf++;
}

__attribute__((format(printf, 3, 4))) static void add(struct lint *l, unsigned line, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	push(l, line, false, fmt, ap);
	va_end(ap);
}

__attribute__((format(printf, 3, 4))) static void add_note(struct lint *l, unsigned line, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	push(l, line, true, fmt, ap);
	va_end(ap);
}

static int by_line(const void *a, const void *b)
{
	const struct finding *x = a, *y = b;
	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static const char *line_at(const struct lint *l, unsigned n, char *buf, size_t len);

/* "lint: allow NAME: REASON" in a comment of line n: the finding is about
 * NAME (its quoted syscall, or "default" or "mode" for those keys), so the
 * profile's author accepts it. The reason goes to why; it must not be
 * empty, so that each accepted finding says why it is there. */
static bool allow_on_line(const struct lint *l, unsigned n, const char *msg, char *why, size_t len)
{
	char text[512], quoted[80];
	const char *a = strstr(line_at(l, n, text, sizeof(text)), "lint: allow ");
	if (!a)
		return false;
	a += strlen("lint: allow ");
	size_t name = strcspn(a, ": \t");
	snprintf(quoted, sizeof(quoted), "'%.*s'", (int)name, a);
	bool key = (name == 7 && strncmp(a, "default", 7) == 0 && (strstr(msg, "default action") || strstr(msg, "no rule denies"))) ||
		   (name == 4 && strncmp(a, "mode", 4) == 0 && strstr(msg, "mode = "));
	if (!name || (!strstr(msg, quoted) && !key))
		return false;
	a += name;
	a += strspn(a, " \t");
	if (*a++ != ':')
		return false;
	a += strspn(a, " \t");
	size_t end = l->json ? strcspn(a, "\"") : strlen(a); /* JSON: the comment string's end */
	while (end && (a[end - 1] == ' ' || a[end - 1] == '\t' || a[end - 1] == '\r'))
		end--;
	snprintf(why, len, "%.*s", (int)end, a);
	return end > 0;
}

/* Accepted on a line of the rule (an INI value may go on over indented
 * lines; the finding names the last) or on the line before it. */
static bool accepted(const struct lint *l, const struct finding *f, char *why, size_t len)
{
	if (f->note || !f->line)
		return false;
	for (unsigned n = f->line; n >= 1; n--) {
		char text[8];
		if (allow_on_line(l, n, f->msg, why, len))
			return true;
		bool continued = !l->json && strchr(" \t", *line_at(l, n, text, sizeof(text)));
		if (!continued || !*text)
			return n > 1 && allow_on_line(l, n - 1, f->msg, why, len);
	}
	return false;
}

/* Sorted, without repeats (a group rule reports its line once per member). */
static size_t print_findings(struct lint *l)
{
	size_t shown = 0;
	qsort(l->f, l->nf, sizeof(*l->f), by_line);
	for (size_t i = 0; i < l->nf; i++) {
		const struct finding *f = &l->f[i];
		bool repeat = false;
		for (size_t j = i; j-- > 0 && l->f[j].line == f->line && !repeat;)
			repeat = strcmp(l->f[j].msg, f->msg) == 0;
		if (repeat)
			continue;
		char why[200];
		if (accepted(l, f, why, sizeof(why))) {
			printf("%s:%u: accepted (%s): %s\n", l->file, f->line, why, f->msg);
			continue;
		}
		if (f->line)
			printf("%s:%u: %s%s\n", l->file, f->line, f->note ? "note: " : "", f->msg);
		else
			printf("%s: %s%s\n", l->file, f->note ? "note: " : "", f->msg);
		shown += !f->note;
	}
	return shown;
}

static const char *sysname(int nr, char *buf, size_t len)
{
	char *name = seccomp_syscall_resolve_num_arch(SCMP_ARCH_NATIVE, nr);
	snprintf(buf, len, "%s", name ? name : "?");
	free(name);
	return buf;
}

/* Line n of the text (1-based), into buf; "" past the end. */
static const char *line_at(const struct lint *l, unsigned n, char *buf, size_t len)
{
	if (n == 0 || n > l->nlines) {
		*buf = '\0';
		return buf;
	}
	const char *s = l->text + l->lines[n - 1];
	size_t k = strcspn(s, "\n");
	snprintf(buf, len, "%.*s", (int)(k < len ? k : len - 1), s);
	return buf;
}

static int index_lines(struct lint *l)
{
	size_t cap = l->len / 32 + 16;
	l->lines = malloc(cap * sizeof(*l->lines));
	for (size_t i = 0; l->lines && i < l->len; i++) {
		if (i && l->text[i - 1] != '\n')
			continue;
		if (l->nlines == cap) {
			size_t *grown = realloc(l->lines, (cap *= 2) * sizeof(*grown));
			if (!grown)
				return -1;
			l->lines = grown;
		}
		l->lines[l->nlines++] = i;
	}
	return l->lines ? 0 : -1;
}

/* Whether the rule's own line names its syscall, rather than an @group. */
static bool explicit(const struct lint *l, const struct sc_rule *r, const char *name)
{
	char buf[256];
	if (l->json)
		return true;
	char *s = (char *)line_at(l, r->line, buf, sizeof(buf)), *save = NULL;
	for (char *t = strtok_r(s, " \t,=", &save); t && *t != ';' && *t != '#'; t = strtok_r(NULL, " \t,=", &save)) {
		if (strcmp(t, name) == 0)
			return true;
	}
	return false;
}

/* The line of KEY in [SECTION] of an INI profile, or of "JSON_KEY"; 0 when
 * absent (the finding is then about the file). */
static unsigned key_line(const struct lint *l, const char *section, const char *key, const char *json_key)
{
	char buf[256], quoted[64];
	bool in = false;
	if (l->json && !json_key)
		return 0;
	snprintf(quoted, sizeof(quoted), "\"%s\"", l->json ? json_key : "");
	for (unsigned n = 1; n <= l->nlines; n++) {
		const char *s = line_at(l, n, buf, sizeof(buf));
		if (l->json) {
			if (strstr(s, quoted))
				return n;
			continue;
		}
		s += strspn(s, " \t");
		if (*s == '[')
			in = strncmp(s + 1, section, strlen(section)) == 0 && s[1 + strlen(section)] == ']';
		else if (in && s == buf && strncmp(s, key, strlen(key)) == 0 && strchr(" \t=", s[strlen(key)]))
			return n;
	}
	return 0;
}

/* a applies whenever b does: a's conditions are a subset of b's. */
static bool covers(const struct sc_rule *a, const struct sc_rule *b)
{
	if ((a->caps_all & ~b->caps_all) || (a->caps_none & ~b->caps_none))
		return false;
	for (unsigned i = 0; i < a->ncond; i++) {
		if (!rule_has_cond(b, &a->cond[i]))
			return false;
	}
	return true;
}

/* The profile's arches (native when it names none). */
static unsigned arches(const struct sc_profile *p, uint32_t *out)
{
	if (!p->narch) {
		out[0] = SC_ARCH_NATIVE;
		return 1;
	}
	memcpy(out, p->arch, p->narch * sizeof(*out));
	return p->narch;
}

static bool exists_in(const uint32_t *a, unsigned n, const char *name)
{
	for (unsigned i = 0; i < n; i++) {
		if (arch_has_syscall(a[i], name))
			return true;
	}
	return false;
}

static bool exists_on(const struct sc_profile *p, const char *name)
{
	uint32_t a[SC_MAX_ARCHES];
	return exists_in(a, arches(p, a), name);
}

static void check_conds(struct lint *l, const struct sc_rule *r)
{
	static const char *const ops[] = { "==", "!=", "<", "<=", ">", ">=" };
	for (unsigned i = 0; i < r->ncond; i++) {
		const struct sc_cond *c = &r->cond[i];
		unsigned long long v = c->value, m = c->mask;
		if ((c->op == SC_OP_LT && v == 0) || (c->op == SC_OP_GT && v == ~0ULL))
			add(l, r->line, "arg%u %s %llu is never true (arguments are unsigned): the rule never applies",
			    c->arg, ops[c->op], v);
		else if (c->op == SC_OP_MASKED_EQ && (v & ~m))
			add(l, r->line, "arg%u & 0x%llx == 0x%llx is never true (bits outside the mask): the rule never "
			    "applies", c->arg, m, v);
		else if ((c->op == SC_OP_GE && v == 0) || (c->op == SC_OP_LE && v == ~0ULL) ||
			 (c->op == SC_OP_MASKED_EQ && !m))
			add(l, r->line, "the condition on arg%u is always true: leave it out", c->arg);
	}
	if (r->caps_all & r->caps_none)
		add(l, r->line, "the rule requires and excludes the same capability: it never applies");
}

/* Why rule g[i] can never change the outcome, if it cannot. */
static void check_redundant(struct lint *l, const struct sc_rule **g, size_t n, size_t i, const char *name)
{
	const struct sc_rule *r = g[i];
	char act[32];
	for (size_t j = 0; j < n; j++) {
		const struct sc_rule *o = g[j];
		if (j == i || o->from_deny || !action_equal(&o->action, &r->action) || !covers(o, r))
			continue;
		bool same = covers(r, o);
		if (same && j > i)
			continue; /* the later copy is the one reported */
		if (same)
			add(l, r->line, "'%s' repeats the rule at line %u", name, o->line);
		else
			add(l, r->line, "'%s' can never change the outcome: line %u gives %s with fewer conditions", name,
			    o->line, action_name(&o->action, act, sizeof(act)));
		return;
	}
}

/* What the filter compiles in place of a condition (shim/filter/arg32.h). */
static void explain_rewrite(struct lint *l, const struct sc_rule *r, const char *name)
{
	unsigned args32 = arg32_args(r->nr);
	for (unsigned i = 0; i < r->ncond; i++) {
		const struct sc_cond *c = &r->cond[i];
		bool is32 = args32 >> c->arg & 1;
		struct cond_alts *alts = malloc(sizeof(*alts));
		struct scerr e;
		/* Explained: what reads differently from the text. An equality
		 * on the low half says what it said; conditions never or always
		 * true are check_conds' findings. */
		bool wide = c->value > 0xffffffffULL || (cond_uses_mask(c->op) && c->mask > 0xffffffffULL);
		if (!alts || lower_cond(c, is32, alts, &e) < 0 || !alts->rewritten || alts->always || !alts->n ||
		    (alts->n == 1 && !(is32 && wide))) {
			free(alts);
			continue;
		}
		char how[96];
		if (alts->n == 1)
			snprintf(how, sizeof(how), "compiled as 'arg%u & 0x%llx == 0x%llx'", c->arg,
				 (unsigned long long)alts->alt[0].mask, (unsigned long long)alts->alt[0].value);
		else
			snprintf(how, sizeof(how), "compiled exactly as %u masked-equality rules", alts->n);
		if (is32)
			add_note(l, r->line, "'%s': the kernel reads arg%u as a 32-bit value, so its condition compares the low "
			     "32 bits only: %s", name, c->arg, how);
		else
			add_note(l, r->line, "'%s': the range on arg%u is %s", name, c->arg, how);
		free(alts);
	}
}

struct span {
	unsigned __int128 lo, hi;
};

static int by_lo(const void *a, const void *b)
{
	const struct span *x = a, *y = b;
	return (x->lo > y->lo) - (x->lo < y->lo);
}

/* The values of an argument a condition holds for, as at most two spans;
 * 0 when it is no span (a masked comparison). */
static unsigned spans_of(const struct sc_cond *c, unsigned __int128 max, struct span *s)
{
	unsigned __int128 v = c->value > max ? max : c->value, m = c->mask > max ? max : c->mask;
	unsigned n = 0;
	switch (c->op) {
	case SC_OP_EQ: s[n++] = (struct span){ v, v }; break;
	case SC_OP_LT: if (v) s[n++] = (struct span){ 0, v - 1 }; break;
	case SC_OP_LE: s[n++] = (struct span){ 0, v }; break;
	case SC_OP_GT: if (v < max) s[n++] = (struct span){ v + 1, max }; break;
	case SC_OP_GE: s[n++] = (struct span){ v, max }; break;
	case SC_OP_IN: s[n++] = (struct span){ v, m }; break;
	case SC_OP_NE:
	case SC_OP_NOT_IN:
		if (v)
			s[n++] = (struct span){ 0, v - 1 };
		if ((c->op == SC_OP_NE ? v : m) < max)
			s[n++] = (struct span){ (c->op == SC_OP_NE ? v : m) + 1, max };
		break;
	case SC_OP_MASKED_EQ: break;
	}
	return n;
}

static const struct sc_cond *cond_on(const struct sc_rule *r, uint8_t arg)
{
	for (unsigned k = 0; k < r->ncond; k++) {
		if (r->cond[k].arg == arg)
			return &r->cond[k];
	}
	return NULL;
}

/* Whether o joins r's union on arg: the same action, no capability
 * condition, a condition on arg and exactly r's other conditions (one
 * condition per argument, so equal counts and r's in o make them equal). */
static bool joins(const struct sc_rule *o, const struct sc_rule *r, uint8_t arg)
{
	if (o->caps_all || o->caps_none || o->from_deny || o->ncond != r->ncond || !cond_on(o, arg) ||
	    !action_equal(&o->action, &r->action))
		return false;
	for (unsigned k = 0; k < r->ncond; k++) {
		if (r->cond[k].arg != arg && !rule_has_cond(o, &r->cond[k]))
			return false;
	}
	return true;
}

/* Rules combine with OR, so 'arg0 >= 2' and 'arg0 <= 7' as two rules allow
 * every value; so do 'arg0 >= 2 and arg1 == 0' and 'arg0 <= 7 and arg1 ==
 * 0', for every call with arg1 == 0. Reported per argument for rules with
 * the same action, no capability condition and the same other conditions
 * (exactly: other conditions that merely overlap are not compared). */
static void check_union(struct lint *l, const struct sc_rule **g, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++) {
		const struct sc_rule *r = g[i];
		for (unsigned c = 0; c < r->ncond && !r->caps_all && !r->caps_none && !r->from_deny; c++) {
			uint8_t arg = r->cond[c].arg;
			bool first = true;
			for (size_t j = 0; j < i && first; j++)
				first = !joins(g[j], r, arg);
			if (!first)
				continue;
			unsigned __int128 max = (arg32_args(r->nr) >> arg & 1) ? 0xffffffffULL : ~0ULL;
			struct span *s = malloc(2 * n * sizeof(*s));
			size_t ns = 0, nrules = 0;
			char lines[256] = "";
			if (!s)
				return;
			for (size_t j = i; j < n; j++) {
				if (!joins(g[j], r, arg))
					continue;
				ns += spans_of(cond_on(g[j], arg), max, s + ns);
				nrules++;
				if (strlen(lines) + 16 < sizeof(lines))
					snprintf(lines + strlen(lines), sizeof(lines) - strlen(lines), "%s%u",
						 *lines ? ", " : "", g[j]->line);
			}
			qsort(s, ns, sizeof(*s), by_lo);
			unsigned __int128 next = 0;
			bool all = false;
			for (size_t k = 0; k < ns && !all; k++) {
				if (s[k].lo > next)
					break;
				if (s[k].hi >= max)
					all = true;
				else if (s[k].hi + 1 > next)
					next = s[k].hi + 1;
			}
			free(s);
			char act[32];
			if (all && nrules > 1)
				add(l, r->line, "'%s': the rules at lines %s together give %s for every value of arg%u%s (rules "
				    "combine with OR; for a range write 'arg%u in A..B')", name, lines,
				    action_name(&r->action, act, sizeof(act)), arg,
				    r->ncond > 1 ? " where their other conditions hold" : "", arg);
		}
	}
}

/* How to keep a rule for NAME from creating namespaces, when it can: clone
 * and unshare without conditions (their flags are arg0, which a rule can
 * check), clone3 whatever its conditions (its flags are in memory, which no
 * filter reads). Docker's default draws the same lines. */
static const char *namespace_fix(const char *name, unsigned ncond)
{
	if (strcmp(name, "clone") == 0 && !ncond)
		return "allow it only if arg0 & CLONE_NEWNS|CLONE_NEWCGROUP|CLONE_NEWUTS|CLONE_NEWIPC|CLONE_NEWUSER|"
		       "CLONE_NEWPID|CLONE_NEWNET == 0, as config/default.ini does";
	if (strcmp(name, "clone3") == 0)
		return "no rule can check its flags (they are in memory): give it errno:ENOSYS, and libc falls back "
		       "to clone, whose flags a rule can check";
	if (strcmp(name, "unshare") == 0 && !ncond)
		return "allow it only if cap:sys_admin, as Docker does";
	return NULL;
}

/* The rules of one syscall: g[0..n). */
static void check_syscall(struct lint *l, const struct sc_rule **g, size_t n)
{
	char name[40];
	const struct sc_rule *deny = NULL;
	sysname(g[0]->nr, name, sizeof(name));
	for (size_t i = 0; i < n && !deny; i++)
		deny = g[i]->from_deny ? g[i] : NULL;
	if (!deny)
		check_union(l, g, n, name);
	for (size_t i = 0; i < n; i++) {
		const struct sc_rule *r = g[i];
		bool own = explicit(l, r, name);
		check_conds(l, r);
		if (own)
			explain_rewrite(l, r, name);
		/* A name of the other family's only is how one profile serves both:
		 * nothing to fix here. */
		if (own && !exists_on(&l->p, name) && !exists_in(arch_family, SC_ARCH_FAMILY_N, name) &&
		    exists_in(arch_supported, SC_ARCH_SUPPORTED_N, name))
			add_note(l, r->line, "'%s' is not a syscall of " SC_ARCH_FAMILY_TEXT ": skipped on this target",
				 name);
		else if (own && !exists_on(&l->p, name))
			add(l, r->line, "'%s' does not exist on the profile's architectures: the rule can never match",
			    name);
		if (r->from_deny)
			continue;
		if (deny) {
			if (own)
				add(l, r->line, "'%s' never applies: [deny] at line %u wins", name, deny->line);
			continue;
		}
		const char *fix = action_lets_run(&r->action) && !r->caps_all && exists_on(&l->p, name) ?
			namespace_fix(name, r->ncond) : NULL;
		if (fix)
			add(l, r->line, "'%s' is %s%s: the app can create namespaces, a user namespace even with default "
			    "capabilities; %s", name, r->action.kind == SC_ACT_LOG ? "logged but allowed" : "allowed",
			    r->ncond ? "" : " without argument conditions", fix);
		else if (action_lets_run(&r->action) && !r->ncond && !r->caps_all && is_dangerous(r->nr) &&
			 exists_on(&l->p, name))
			add(l, r->line, "dangerous syscall '%s' is %s without argument conditions", name,
			    r->action.kind == SC_ACT_LOG ? "logged but allowed" : "allowed");
		if (own)
			check_redundant(l, g, n, i, name);
	}
}

/* Whether a rule for nr denies it whatever its arguments. */
static bool always_denied(const struct sc_profile *p, int nr)
{
	for (size_t i = 0; i < p->nrules; i++) {
		const struct sc_rule *r = &p->rules[i];
		if (r->nr == nr && !action_lets_run(&r->action) && (r->from_deny || rule_is_plain(r)))
			return true;
	}
	return false;
}

static void check_profile(struct lint *l)
{
	const struct sc_profile *p = &l->p;
	char act[32], list[1024] = "";
	if (action_lets_run(&p->default_action)) {
		unsigned line = key_line(l, "profile", "default", "defaultAction");
		add(l, line, "the default action is %s: every syscall that no rule denies runs",
		    action_name(&p->default_action, act, sizeof(act)));
		for (unsigned i = 0; i < dangerous.n; i++) {
			char name[40];
			sysname(dangerous.nr[i], name, sizeof(name));
			if (!always_denied(p, dangerous.nr[i]) && exists_on(p, name) && strlen(list) + 42 < sizeof(list))
				snprintf(list + strlen(list), sizeof(list) - strlen(list), " %s", name);
		}
		if (*list)
			add(l, line, "dangerous syscalls that no rule denies:%s", list);
	}
	if (p->mode == SC_MODE_AUDIT)
		add(l, key_line(l, "profile", "mode", NULL), p->lock_mode ?
		    "mode = audit with lock_mode = yes: the profile never blocks anything" :
		    "mode = audit: the profile blocks nothing unless SCINIT_MODE=enforce");
	for (size_t s = 0, e; s < p->nrules; s = e) {
		for (e = s + 1; e < p->nrules && l->order[e]->nr == l->order[s]->nr;)
			e++;
		check_syscall(l, l->order + s, e - s);
	}
}

/* Reads, parses and validates; prints the error and returns -1 if any step
 * fails. */
static int load(struct lint *l, const char *file)
{
	static const uint64_t caps[] = { 0, ~0ULL };
	struct scerr e;
	memset(l, 0, sizeof(*l));
	l->file = file;
	if (input_read_file(file, &l->text, &l->len, &e) < 0 || profile_load(file, &l->p, &e) < 0) {
		err_print(&e);
		return -1;
	}
	err_warn_lines(l->p.warnings, l->p.nwarnings);
	l->json = profile_text_is_json(l->text, l->len);
	if (index_lines(l) < 0) {
		err_print(&(struct scerr){ "out of memory" });
		return -1;
	}
	for (int i = 0; i < 2; i++) {
		scmp_filter_ctx ctx;
		if (filter_build(&l->p, SC_MODE_ENFORCE, caps[i], &ctx, &e) < 0) {
			if (i)
				snprintf(e.msg + strlen(e.msg), sizeof(e.msg) - strlen(e.msg), " (for an app with every capability)");
			err_print(&e);
			return -1;
		}
		seccomp_release(ctx);
	}
	l->order = malloc((l->p.nrules + 1) * sizeof(*l->order));
	if (!l->order) {
		err_print(&(struct scerr){ "out of memory" });
		return -1;
	}
	for (size_t i = 0; i < l->p.nrules; i++)
		l->order[i] = &l->p.rules[i];
	if (rules_sort_by_syscall(l->order, l->p.nrules) < 0) {
		err_print(&(struct scerr){ "out of memory" });
		return -1;
	}
	return 0;
}

static void unload(struct lint *l)
{
	for (size_t i = 0; i < l->nf; i++)
		free(l->f[i].msg);
	free(l->f);
	free(l->order);
	free(l->lines);
	free(l->text);
	profile_free(&l->p);
}

/* --- lint --against ---------------------------------------------------------- */

/* 2: allowed whatever the arguments; 1: allowed under some conditions;
 * 0: never allowed. *line: the rule that decides (0: the default). */
static int level(const struct sc_profile *p, int nr, unsigned *line)
{
	const struct sc_rule *fixed = NULL, *first_allow = NULL, *first_deny = NULL;
	for (size_t i = 0; i < p->nrules; i++) {
		const struct sc_rule *r = &p->rules[i];
		if (r->nr != nr)
			continue;
		if (r->from_deny) {
			*line = r->line;
			return 0;
		}
		fixed = !fixed && rule_is_plain(r) ? r : fixed;
		if (action_lets_run(&r->action))
			first_allow = first_allow ? first_allow : r;
		else
			first_deny = first_deny ? first_deny : r;
	}
	if (fixed) {
		*line = fixed->line;
		return action_lets_run(&fixed->action) ? 2 : 0;
	}
	/* 0: the default decides */
	*line = first_allow && (first_deny || !action_lets_run(&p->default_action)) ? first_allow->line : 0;
	if (action_lets_run(&p->default_action))
		return first_deny ? 1 : 2;
	return first_allow ? 1 : 0;
}

/* A rule of p for nr with the given allow-ness that covers r (or, with
 * reverse, that r covers). */
static bool covered(const struct sc_profile *p, const struct sc_rule *r, bool allow, bool reverse)
{
	for (size_t i = 0; i < p->nrules; i++) {
		const struct sc_rule *o = &p->rules[i];
		if (o->nr == r->nr && action_lets_run(&o->action) == allow && (reverse ? covers(r, o) : covers(o, r)))
			return true;
	}
	return false;
}

/* Both at level 1: NEW must not allow where OLD did not (default denies), or
 * deny less than OLD did (default allows). */
static void compare_conditions(struct lint *nl, const struct lint *ol, int nr, const char *name)
{
	const struct sc_profile *n = &nl->p, *o = &ol->p;
	bool base = action_lets_run(&n->default_action);
	if (base != action_lets_run(&o->default_action))
		return; /* the default's change is reported on its own */
	const struct sc_profile *from = base ? o : n, *against = base ? n : o;
	for (size_t i = 0; i < from->nrules; i++) {
		const struct sc_rule *r = &from->rules[i];
		if (r->nr != nr || action_lets_run(&r->action) == base || covered(against, r, !base, base))
			continue;
		if (base)
			add(nl, 0, "'%s' is no longer denied where %s:%u denied it", name, ol->file, r->line);
		else
			add(nl, r->line, "'%s' is allowed under conditions %s did not allow", name, ol->file);
		return;
	}
}

static int action_rank(const struct sc_action *a)
{
	static const int rank[] = { [SC_ACT_ALLOW] = 0, [SC_ACT_LOG] = 1, [SC_ACT_ERRNO] = 2,
				    [SC_ACT_TRAP] = 3, [SC_ACT_KILL_THREAD] = 4, [SC_ACT_KILL_PROCESS] = 5 };
	return rank[a->kind];
}

static void compare_profiles(struct lint *nl, const struct lint *ol)
{
	const struct sc_profile *n = &nl->p, *o = &ol->p;
	char a[32], b[32];
	if (action_rank(&n->default_action) < action_rank(&o->default_action))
		add(nl, key_line(nl, "profile", "default", "defaultAction"), "the default action is looser: %s, was %s",
		    action_name(&n->default_action, a, sizeof(a)), action_name(&o->default_action, b, sizeof(b)));
	if (n->mode == SC_MODE_AUDIT && o->mode != SC_MODE_AUDIT)
		add(nl, key_line(nl, "profile", "mode", NULL), "mode = audit: the profile blocks nothing");
	uint32_t na[SC_MAX_ARCHES], oa[SC_MAX_ARCHES];
	unsigned nn = arches(n, na), on = arches(o, oa);
	for (unsigned i = 0; i < nn; i++) {
		bool old = false;
		for (unsigned j = 0; j < on; j++)
			old |= oa[j] == na[i];
		if (!old)
			add(nl, key_line(nl, "profile", "arch", "architectures"),
			    "architecture %s is new: its calls reach the rules instead of killing the process",
			    arch_name(na[i], a, sizeof(a)));
	}
}

/* Every syscall either profile has a rule for; the others keep the
 * default, compared above. */
static void compare_syscalls(struct lint *nl, struct lint *ol)
{
	struct lint *both[] = { nl, ol };
	for (int k = 0; k < 2; k++) {
		for (size_t i = 0; i < both[k]->p.nrules; i++) {
			int nr = both[k]->order[i]->nr;
			if (i && both[k]->order[i - 1]->nr == nr)
				continue;
			bool seen = false;
			for (size_t j = 0; k == 1 && j < nl->p.nrules && !seen; j++)
				seen = nl->p.rules[j].nr == nr;
			if (seen)
				continue; /* compared in the first pass */
			char name[40];
			unsigned nline, oline;
			sysname(nr, name, sizeof(name));
			if (!exists_on(&nl->p, name))
				continue; /* the filter has no rule for it: a group's member of another arch */
			int ln = level(&nl->p, nr, &nline), lo = level(&ol->p, nr, &oline);
			if (!nline)
				nline = key_line(nl, "profile", "default", "defaultAction");
			if (ln > lo)
				add(nl, nline, "'%s' is newly allowed %s", name,
				    ln == 2 ? "whatever its arguments" : "under conditions");
			else if (ln == 1 && lo == 1)
				compare_conditions(nl, ol, nr, name);
		}
	}
}

static int against(const char *old, const char *new)
{
	struct lint o, n;
	int rc = EXIT_SCINIT_FAILURE;
	bool ok = load(&o, old) == 0;
	if (load(&n, new) == 0 && ok) {
		compare_profiles(&n, &o);
		compare_syscalls(&n, &o);
		rc = print_findings(&n) ? 1 : 0;
	}
	unload(&n);
	unload(&o);
	return rc;
}

int command_lint(int argc, char **argv)
{
	struct scerr e;
	bool vs = argc > 1 && strcmp(argv[1], "--against") == 0;
	if (argc < 2 || (vs && argc != 4) || (!vs && argv[1][0] == '-'))
		return command_usage("lint");
	if (group_expand("dangerous", add_dangerous, NULL, &e) < 0) {
		err_print(&e);
		return EXIT_SCINIT_FAILURE;
	}
	if (vs)
		return against(argv[2], argv[3]);
	int rc = 0;
	for (int i = 1; i < argc; i++) {
		struct lint l;
		if (load(&l, argv[i]) < 0) {
			rc = EXIT_SCINIT_FAILURE;
		} else {
			check_profile(&l);
			if (print_findings(&l) && rc == 0)
				rc = 1;
		}
		unload(&l);
	}
	return fflush(stdout) == 0 ? rc : EXIT_SCINIT_FAILURE;
}
