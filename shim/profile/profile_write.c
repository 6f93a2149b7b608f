#include "profile/profile_write.h"

#include <errno.h>
#include <seccomp.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "common/arch.h"
#include "common/constants.h"
#include "profile/profile_ini.h"
#include "profile/profile_json.h"

struct wrule {
	const struct sc_rule *r;
	char name[40];
};

/* A profile holds only arches of scinit's family (parse_arch). */
static const char *family_arch_name(uint32_t token)
{
	int i = arch_family_index(token);
	return i >= 0 ? arch_family_names[i] : "?";
}

static int by_nr(const void *a, const void *b)
{
	const struct wrule *x = a, *y = b;
	if (x->r->nr != y->r->nr)
		return x->r->nr < y->r->nr ? -1 : 1;
	return x->r < y->r ? -1 : x->r > y->r;
}

/* Within a syscall: unconditional rules first, in a fixed order; once
 * settled, their order does not matter. Conditional rules keep theirs. */
static int by_name(const void *a, const void *b)
{
	const struct sc_rule *x = ((const struct wrule *)a)->r, *y = ((const struct wrule *)b)->r;
	int c = strcmp(((const struct wrule *)a)->name, ((const struct wrule *)b)->name);
	if (!c)
		c = (x->ncond > 0) - (y->ncond > 0);
	if (!c && !x->ncond) {
		uint64_t kx[] = { x->caps_all, x->caps_none, x->action.kind, x->action.errno_value },
			 ky[] = { y->caps_all, y->caps_none, y->action.kind, y->action.errno_value };
		for (int i = 0; i < 4 && !c; i++)
			c = kx[i] < ky[i] ? -1 : kx[i] > ky[i];
	}
	return c ? c : by_nr(a, b);
}

/* The rules the filter would use, named and sorted (see profile_write.h). */
static int prepare(const struct sc_profile *p, struct wrule **out, size_t *count, struct scerr *e)
{
	struct wrule *w = malloc((p->nrules + 1) * sizeof(*w));
	size_t n = 0, kept = 0;
	if (!w)
		return err_set(e, "out of memory");
	for (size_t i = 0; i < p->nrules; i++) {
		if (!(p->rules[i].caps_all & p->rules[i].caps_none))
			w[n++].r = &p->rules[i];
	}
	qsort(w, n, sizeof(*w), by_nr);
	for (size_t start = 0, end; start < n; start = end) {
		/* The winner: a [deny] rule, else one that always applies. */
		size_t win = n;
		for (end = start; end < n && w[end].r->nr == w[start].r->nr; end++) {
			if (w[end].r->from_deny && (win == n || !w[win].r->from_deny))
				win = end;
			else if (win == n && rule_is_plain(w[end].r))
				win = end;
		}
		for (size_t i = start; i < end; i++) {
			if ((win != n && i != win) || action_equal(&w[i].r->action, &p->default_action))
				continue;
			w[kept] = w[i];
			char *name = seccomp_syscall_resolve_num_arch(SCMP_ARCH_NATIVE, w[kept].r->nr);
			snprintf(w[kept++].name, sizeof(w->name), "%s", name ? name : "?");
			free(name);
		}
	}
	qsort(w, kept, sizeof(*w), by_name);
	*out = w;
	*count = kept;
	return 0;
}

static void append(char *buf, size_t cap, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void append(char *buf, size_t cap, const char *fmt, ...)
{
	size_t len = strlen(buf);
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf + len, cap - len, fmt, ap);
	va_end(ap);
}

/* Small numbers in decimal, flags and masks in hex. */
static void number(char *buf, size_t cap, uint64_t v)
{
	append(buf, cap, v < 0x10000 ? "%llu" : "0x%llx", (unsigned long long)v);
}

/* ACTION [if COND [and COND]...], as rule_text.c reads it. */
static void rule_text(char *buf, size_t cap, const struct sc_rule *r)
{
	static const char *const ops[] = { [SC_OP_EQ] = "==", [SC_OP_NE] = "!=", [SC_OP_LT] = "<",
					   [SC_OP_LE] = "<=", [SC_OP_GT] = ">", [SC_OP_GE] = ">=" };
	char act[32];
	const char *sep = " if ";
	append(buf, cap, "%s", action_name(&r->action, act, sizeof(act)));
	for (unsigned i = 0; i < r->ncond; i++, sep = " and ") {
		const struct sc_cond *c = &r->cond[i];
		append(buf, cap, "%sarg%u ", sep, c->arg);
		if (c->op == SC_OP_IN || c->op == SC_OP_NOT_IN) {
			append(buf, cap, "%s ", c->op == SC_OP_IN ? "in" : "not in");
			number(buf, cap, c->value);
			append(buf, cap, "..");
			number(buf, cap, c->mask);
			continue;
		}
		if (c->op == SC_OP_MASKED_EQ) {
			append(buf, cap, "& ");
			number(buf, cap, c->mask);
			append(buf, cap, " ==");
		} else {
			append(buf, cap, "%s", ops[c->op]);
		}
		append(buf, cap, " ");
		number(buf, cap, c->value);
	}
	for (int c = 0; c < 64; c++) {
		uint64_t bit = 1ULL << c;
		if ((r->caps_all | r->caps_none) & bit) {
			append(buf, cap, "%s%scap:%s", sep, r->caps_none & bit ? "!" : "", capability_name(c));
			sep = " and ";
		}
	}
}

/* "syscalls = a b c" with continuation lines, for [allow] and [deny]. */
static void name_list(FILE *f, const struct wrule *w, size_t n, const struct sc_action *act)
{
	int col = fprintf(f, "syscalls =");
	for (size_t i = 0; i < n; i++) {
		if (!rule_is_plain(w[i].r) || !action_equal(&w[i].r->action, act))
			continue;
		if (col + 1 + (int)strlen(w[i].name) > 100)
			col = fprintf(f, "\n ");
		col += fprintf(f, " %s", w[i].name);
	}
	fputc('\n', f);
}

/* [deny] holds one action: the commonest among plain denying rules. */
static const struct sc_action *deny_action(const struct wrule *w, size_t n)
{
	const struct sc_action *best = NULL;
	size_t best_count = 0;
	for (size_t i = 0; i < n; i++) {
		const struct sc_action *a = &w[i].r->action;
		size_t count = 0;
		if (!rule_is_plain(w[i].r) || action_lets_run(a))
			continue;
		for (size_t j = 0; j < n; j++)
			count += rule_is_plain(w[j].r) && action_equal(a, &w[j].r->action);
		if (count > best_count)
			best = a, best_count = count;
	}
	return best;
}

int profile_write_ini(const struct sc_profile *p, FILE *f, struct scerr *e)
{
	struct wrule *w;
	size_t n;
	char buf[512];
	if (prepare(p, &w, &n, e) < 0)
		return -1;
	const struct sc_action allow = { SC_ACT_ALLOW, 0 }, *deny = deny_action(w, n);
	fprintf(f, "[profile]\ndefault = %s\n", action_name(&p->default_action, buf, sizeof(buf)));
	for (unsigned i = 0; i < p->narch; i++)
		fprintf(f, "%s %s", i ? "" : "arch =", family_arch_name(p->arch[i]));
	fputs(p->narch ? "\n" : "", f);
	if (p->mode_set)
		fprintf(f, "mode = %s\n", mode_name(p->mode));
	fputs(p->log_denials ? "log_denials = yes\n" : "", f);
	fputs(p->lock_mode ? "lock_mode = yes\n" : "", f);
	bool any_allow = false, any_rules = false;
	for (size_t i = 0; i < n; i++) {
		bool listed = rule_is_plain(w[i].r) && (action_equal(&w[i].r->action, &allow) ||
						(deny && action_equal(&w[i].r->action, deny)));
		any_allow |= rule_is_plain(w[i].r) && action_equal(&w[i].r->action, &allow);
		any_rules |= !listed;
	}
	if (any_allow) {
		fputs("\n[allow]\n", f);
		name_list(f, w, n, &allow);
	}
	if (deny) {
		fprintf(f, "\n[deny]\naction = %s\n", action_name(deny, buf, sizeof(buf)));
		name_list(f, w, n, deny);
	}
	fputs(any_rules ? "\n[rules]\n" : "", f);
	int rc = 0;
	for (size_t i = 0; i < n && rc == 0; i++) {
		const struct sc_rule *r = w[i].r;
		if (rule_is_plain(r) && (action_equal(&r->action, &allow) || (deny && action_equal(&r->action, deny))))
			continue;
		snprintf(buf, sizeof(buf), "%s = ", w[i].name);
		rule_text(buf, sizeof(buf), r);
		if (strlen(buf) > SC_INI_MAX_LINE)
			rc = err_set(e, "the rule for %s is longer than an INI line (%d characters)", w[i].name,
				     SC_INI_MAX_LINE);
		else
			fprintf(f, "%s\n", buf);
	}
	free(w);
	return rc;
}

/* --- Docker JSON ----------------------------------------------------------- */

static void json_strings(FILE *f, const char *key, const char *const *s, size_t n, const char *prefix,
			 const char *indent)
{
	fprintf(f, "%s\"%s\": [", indent, key);
	for (size_t i = 0; i < n; i++) {
		fprintf(f, "%s\n%s\t\"%s", i ? "," : "", indent, prefix);
		for (const char *c = s[i]; *c; c++) /* the prefix asks for upper case */
			fputc(*prefix && *c >= 'a' && *c <= 'z' ? *c - 32 : *c, f);
		fputc('"', f);
	}
	fprintf(f, "\n%s]", indent);
}

static void json_caps(FILE *f, const char *key, uint64_t caps)
{
	const char *names[64];
	size_t n = 0;
	if (!caps)
		return;
	for (int c = 0; c < 64; c++) {
		if (caps & 1ULL << c)
			names[n++] = capability_name(c);
	}
	fprintf(f, ",\n\t\t\t\"%s\": {\n", key);
	json_strings(f, "caps", names, n, "CAP_", "\t\t\t\t");
	fputs("\n\t\t\t}", f);
}

/* One element of "syscalls": the rule r for the names given. */
static void json_entry(FILE *f, bool first, const char *const *names, size_t n, const struct sc_rule *r,
		       const char *comment)
{
	fputs(first ? "\n\t\t{\n" : ",\n\t\t{\n", f);
	json_strings(f, "names", names, n, "", "\t\t\t");
	fprintf(f, ",\n\t\t\t\"action\": \"%s\"", json_actions[r->action.kind]);
	if (r->action.kind == SC_ACT_ERRNO)
		fprintf(f, ",\n\t\t\t\"errnoRet\": %u", r->action.errno_value);
	if (r->ncond)
		fputs(",\n\t\t\t\"args\": [", f);
	for (unsigned i = 0; i < r->ncond; i++) {
		const struct sc_cond *c = &r->cond[i];
		bool masked = c->op == SC_OP_MASKED_EQ;
		fprintf(f, "%s\n\t\t\t\t{\n\t\t\t\t\t\"index\": %u,\n\t\t\t\t\t\"value\": %llu,\n\t\t\t\t\t\"valueTwo\": %llu,"
			   "\n\t\t\t\t\t\"op\": \"%s\"\n\t\t\t\t}",
			i ? "," : "", c->arg, (unsigned long long)(masked ? c->mask : c->value),
			(unsigned long long)(masked ? c->value : 0), json_ops[c->op]);
	}
	fputs(r->ncond ? "\n\t\t\t]" : "", f);
	json_caps(f, "includes", r->caps_all);
	json_caps(f, "excludes", r->caps_none);
	if (comment)
		fprintf(f, ",\n\t\t\t\"comment\": \"%s\"", comment);
	fputs("\n\t\t}", f);
}

/* The JSON reader (and runc) give ENOSYS to syscalls newer than the newest
 * one a profile names. Naming the newest syscall libseccomp knows, with the
 * default action (which adds no rule), keeps the INI's meaning. Returns its
 * number, or -1 when nothing is needed. */
static int newest_needed(const struct sc_profile *p, const struct wrule *w, size_t n)
{
	const struct sc_action *d = &p->default_action;
	int newest = -1, known = -1;
	if (!p->narch || action_lets_run(d) ||
	    (d->kind == SC_ACT_ERRNO && d->errno_value == ENOSYS))
		return -1;
	for (size_t i = 0; i < n; i++)
		newest = w[i].r->nr > newest ? w[i].r->nr : newest;
	for (int nr = newest + 1; nr < SC_ARCH_NR_LIMIT; nr++) {
		char *name = seccomp_syscall_resolve_num_arch(SCMP_ARCH_NATIVE, nr);
		known = name ? nr : known;
		free(name);
	}
	return known;
}

int profile_write_json(const struct sc_profile *p, FILE *f, struct scerr *e)
{
	struct wrule *w;
	size_t n;
	bool native = !p->narch;
	for (unsigned i = 0; i < p->narch; i++)
		native |= p->arch[i] == SC_ARCH_NATIVE;
	if (!native)
		return err_set(e, "%s: the filter leaves out the native architecture, which Docker JSON cannot say "
				  "(runc always keeps it)", p->source);
	if (prepare(p, &w, &n, e) < 0)
		return -1;
	/* names holds a rule's syscall names, or the arches: as many as either. */
	const char **names = malloc(((n > p->narch ? n : p->narch) + 1) * sizeof(*names));
	bool *done = calloc(n + 1, 1);
	if (!names || !done) {
		free(w), free(names), free(done);
		return err_set(e, "out of memory");
	}
	fprintf(f, "{\n\t\"defaultAction\": \"%s\"", json_actions[p->default_action.kind]);
	if (p->default_action.kind == SC_ACT_ERRNO)
		fprintf(f, ",\n\t\"defaultErrnoRet\": %u", p->default_action.errno_value);
	for (unsigned i = 0; i < p->narch; i++)
		names[i] = family_arch_name(p->arch[i]);
	if (p->narch) {
		fputs(",\n", f);
		json_strings(f, "architectures", names, p->narch, "SCMP_ARCH_", "\t");
	}
	fputs(p->log_denials ? ",\n\t\"flags\": [\n\t\t\"SECCOMP_FILTER_FLAG_LOG\"\n\t]" : "", f);
	fputs(",\n\t\"syscalls\": [", f);
	/* Rules without argument conditions: one element per action and
	 * capability condition. Their order does not matter once the model is
	 * settled; conditional rules keep theirs. */
	bool first = true;
	for (int pass = 0; pass < 2; pass++) {
		for (size_t i = 0; i < n; i++) {
			const struct sc_rule *r = w[i].r;
			size_t k = 0;
			if (done[i] || (pass == 0) != (r->ncond == 0))
				continue;
			for (size_t j = i; j < n; j++) {
				const struct sc_rule *o = w[j].r;
				if (j == i || (!done[j] && pass == 0 && !o->ncond && action_equal(&o->action, &r->action) &&
					       o->caps_all == r->caps_all && o->caps_none == r->caps_none)) {
					names[k++] = w[j].name;
					done[j] = true;
				}
			}
			json_entry(f, first, names, k, r, NULL);
			first = false;
		}
	}
	int newest = newest_needed(p, w, n);
	char *name = newest >= 0 ? seccomp_syscall_resolve_num_arch(SCMP_ARCH_NATIVE, newest) : NULL;
	if (name) {
		struct sc_rule r = { .nr = newest, .action = p->default_action };
		names[0] = name;
		json_entry(f, first, names, 1, &r,
			   "the default action, named so that runc gives newer syscalls the default too, not ENOSYS");
		free(name);
	}
	fputs("\n\t]\n}\n", f);
	free(w), free(names), free(done);
	return 0;
}
