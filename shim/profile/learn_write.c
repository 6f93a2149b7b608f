#include "profile/learn_write.h"

#include <errno.h>
#include <seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/arch.h"
#include "profile/families.h"
#include "profile/profile_write.h"

/* One syscall seen, named for the native arch (or libseccomp's pseudo
 * number for a name the native arch lacks, such as x86's socketcall). */
struct seen {
	int nr;
	char name[40];
};

static bool is_seen(const struct seen *s, size_t n, int nr)
{
	for (size_t i = 0; i < n; i++) {
		if (s[i].nr == nr)
			return true;
	}
	return false;
}

/* Every syscall in the table, once; unnamed numbers are counted apart. */
static struct seen *collect(const struct learn_table *t, size_t *count, uint64_t *unnamed)
{
	struct seen *s = malloc(LEARN_ARCHES * LEARN_NRS * sizeof(*s));
	size_t n = 0;
	for (int a = 0; s && a < LEARN_ARCHES && t->arch[a]; a++) {
		for (int slot = 0; slot < LEARN_NRS; slot++) {
			if (!t->count[a][slot])
				continue;
			char *name = arch_syscall_name(t->arch[a], arch_slot_nr(t->arch[a], slot));
			int native = name ? seccomp_syscall_resolve_name(name) : __NR_SCMP_ERROR;
			if (native == __NR_SCMP_ERROR)
				*unnamed += t->count[a][slot];
			else if (!is_seen(s, n, native)) {
				s[n].nr = native;
				snprintf(s[n++].name, sizeof(s->name), "%s", name);
			}
			free(name);
		}
	}
	*count = n;
	return s;
}

static bool plain_allow(const struct sc_rule *r)
{
	return r->action.kind == SC_ACT_ALLOW && rule_is_plain(r);
}

static bool is_enosys(const struct sc_action *a)
{
	return a->kind == SC_ACT_ERRNO && a->errno_value == ENOSYS;
}

static bool has_rule(const struct sc_profile *p, int nr)
{
	for (size_t i = 0; i < p->nrules; i++) {
		if (p->rules[i].nr == nr)
			return true;
	}
	return false;
}

static bool allowed_plainly(const struct sc_profile *p, int nr)
{
	for (size_t i = 0; i < p->nrules; i++) {
		if (p->rules[i].nr == nr && plain_allow(&p->rules[i]))
			return true;
	}
	return false;
}

static const struct learn_watch *watched(const struct learn_table *t, int nr)
{
	for (unsigned i = 0; i < t->nwatch; i++) {
		if (t->watch[i].nr == nr)
			return &t->watch[i];
	}
	return NULL;
}

static bool cond_holds(const struct sc_cond *c, uint64_t v)
{
	switch (c->op) {
	case SC_OP_EQ: return v == c->value;
	case SC_OP_NE: return v != c->value;
	case SC_OP_LT: return v < c->value;
	case SC_OP_LE: return v <= c->value;
	case SC_OP_GT: return v > c->value;
	case SC_OP_GE: return v >= c->value;
	case SC_OP_MASKED_EQ: return (v & c->mask) == c->value;
	case SC_OP_IN: return v >= c->value && v <= c->mask;
	case SC_OP_NOT_IN: return v < c->value || v > c->mask;
	}
	return true;
}

/* A starting rule that stops a watched syscall stands unless a recorded
 * call meets it; one that looks at arguments not recorded (or anything for
 * a syscall recorded whole) cannot be checked, and goes. */
static bool contradicted(const struct sc_rule *r, const struct learn_watch *w)
{
	if (!w || w->overflow || w->mask != UINT64_MAX || r->caps_all || r->caps_none || !r->ncond)
		return true;
	for (unsigned c = 0; c < r->ncond; c++) {
		if (!(w->args & (1u << r->cond[c].arg)))
			return true;
	}
	for (unsigned v = 0; v < w->nvalues; v++) {
		bool all = true;
		for (unsigned c = 0; c < r->ncond && all; c++)
			all = cond_holds(&r->cond[c], w->value[v][r->cond[c].arg]);
		if (all)
			return true;
	}
	return false;
}

/* One allow per recorded value: "argN == v", or "argN & mask == v". */
static int add_watched(struct sc_profile *out, const struct learn_watch *w, struct scerr *e)
{
	for (unsigned v = 0; v < w->nvalues; v++) {
		struct sc_rule rule = { .nr = w->nr, .action = { SC_ACT_ALLOW, 0 } };
		for (uint8_t a = 0; a < SC_MAX_CONDS; a++) {
			if (w->args & (1u << a))
				rule.cond[rule.ncond++] = (struct sc_cond){ a, w->mask == UINT64_MAX ? SC_OP_EQ : SC_OP_MASKED_EQ,
									     w->value[v][a], w->mask };
		}
		if (profile_add_rule(out, &rule, e) < 0)
			return -1;
	}
	return 0;
}

/* The learned profile's arches: its own, or the native one. */
static bool any_arch_has(const struct sc_profile *p, const char *name)
{
	if (!p->narch)
		return arch_has_syscall(SC_ARCH_NATIVE, name);
	for (unsigned i = 0; i < p->narch; i++) {
		if (arch_has_syscall(p->arch[i], name))
			return true;
	}
	return false;
}

/* Calls the learned profile gets that were not seen, for the header. */
struct notes {
	FILE *family, *enosys;
	int family_col, enosys_col;
};

static void note(FILE *f, int *col, const char *text)
{
	if (ftell(f) > 0)
		*col += fprintf(f, ",");
	if (*col + 1 + (int)strlen(text) > 100)
		*col = fprintf(f, "\n;  ");
	*col += fprintf(f, " %s", text);
}

/* The rest of the family of each syscall seen, where the profile's arches
 * have it and the starting profile says nothing about it. */
static int add_families(struct sc_profile *out, const struct sc_profile *start, const struct seen *s, size_t n,
			struct notes *nt, struct scerr *e)
{
	for (size_t i = 0; i < n; i++) {
		unsigned len;
		const char *members = family_of(s[i].name, &len);
		for (const char *m = members, *end = members + len; m && m < end;) {
			size_t w = strcspn(m, " \n");
			char name[40];
			snprintf(name, sizeof(name), "%.*s", (int)w, m);
			m += w + 1;
			int nr = seccomp_syscall_resolve_name(name);
			if (nr == __NR_SCMP_ERROR || is_seen(s, n, nr) || has_rule(start, nr) || has_rule(out, nr) ||
			    !any_arch_has(out, name))
				continue;
			struct sc_rule rule = { .nr = nr, .action = { SC_ACT_ALLOW, 0 } };
			if (profile_add_rule(out, &rule, e) < 0)
				return -1;
			char text[96];
			snprintf(text, sizeof(text), "%s (%s)", name, s[i].name);
			note(nt->family, &nt->family_col, text);
		}
	}
	return 0;
}

/* Rules: the starting ones, less those the calls seen contradict (but an
 * ENOSYS rule stays: the app saw that answer and fell back); an allow for
 * each syscall seen, one per recorded value for a watched one; the rest of
 * their families; clone when the start allows clone3 (a runtime may answer
 * clone3 with ENOSYS); and ENOSYS for the fallbacks not allowed. */
static int learned_rules(struct sc_profile *out, const struct sc_profile *start, const struct learn_table *t,
			 const struct seen *s, size_t n, struct notes *nt, struct scerr *e)
{
	out->rules = NULL;
	out->nrules = out->rules_cap = 0;
	for (size_t i = 0; i < start->nrules; i++) {
		const struct sc_rule *r = &start->rules[i];
		bool keep = r->action.kind == SC_ACT_ALLOW || is_enosys(&r->action) || !is_seen(s, n, r->nr) ||
			    !contradicted(r, watched(t, r->nr));
		if (keep && profile_add_rule(out, r, e) < 0)
			return -1;
	}
	for (size_t i = 0; i < n; i++) {
		const struct learn_watch *w = watched(t, s[i].nr);
		struct sc_rule rule = { .nr = s[i].nr, .action = { SC_ACT_ALLOW, 0 } };
		/* Watched but no value recorded: counted in a learned file merged
		 * in, whose conditional allows are among the starting rules. */
		if (allowed_plainly(start, s[i].nr) || (w && !w->overflow && !w->nvalues))
			continue;
		if (w && !w->overflow ? add_watched(out, w, e) < 0 : profile_add_rule(out, &rule, e) < 0)
			return -1;
	}
	if (add_families(out, start, s, n, nt, e) < 0)
		return -1;
	int clone = SCMP_SYS(clone);
	if (allowed_plainly(start, SCMP_SYS(clone3)) && !has_rule(out, clone)) {
		struct learn_watch none = { .nr = clone, .args = 1, .nvalues = 1, .mask = SC_CLONE_NAMESPACES };
		if (add_watched(out, &none, e) < 0)
			return -1;
	}
	const struct sc_action *d = &start->default_action;
	if (action_lets_run(d) || is_enosys(d))
		return 0;
	for (const char *m = learn_enosys_fallback; *m;) {
		size_t w = strcspn(m, " ");
		char name[40];
		snprintf(name, sizeof(name), "%.*s", (int)w, m);
		m += w + (m[w] == ' ');
		int nr = seccomp_syscall_resolve_name(name);
		struct sc_rule rule = { .nr = nr, .action = { SC_ACT_ERRNO, ENOSYS } };
		if (nr == __NR_SCMP_ERROR || has_rule(out, nr) || !any_arch_has(out, name))
			continue;
		if (profile_add_rule(out, &rule, e) < 0)
			return -1;
		note(nt->enosys, &nt->enosys_col, name);
	}
	return 0;
}

/* The starting arches (none listed: the native one) plus every one seen. */
static void learned_arches(struct sc_profile *out, const struct learn_table *t)
{
	uint32_t native = SC_ARCH_NATIVE;
	if (!out->narch) {
		bool other = false;
		for (int a = 0; a < LEARN_ARCHES && t->arch[a]; a++)
			other |= t->arch[a] != native;
		if (!other)
			return;
		out->arch[out->narch++] = native;
	}
	for (int a = 0; a < LEARN_ARCHES && t->arch[a]; a++) {
		bool listed = false;
		for (unsigned i = 0; i < out->narch; i++)
			listed |= out->arch[i] == t->arch[a];
		if (!listed && out->narch < SC_MAX_ARCHES)
			out->arch[out->narch++] = t->arch[a];
	}
}

static int by_name(const void *a, const void *b)
{
	return strcmp(((const struct seen *)a)->name, ((const struct seen *)b)->name);
}

/* "; ARCH: name count, name count, ..." in lines of about 100 columns,
 * sorted by name. */
static void count_comments(FILE *f, const struct learn_table *t)
{
	for (int a = 0; a < LEARN_ARCHES && t->arch[a]; a++) {
		char label[32];
		int col = fprintf(f, "; %s:", arch_name(t->arch[a], label, sizeof(label)));
		struct seen *names = malloc(LEARN_NRS * sizeof(*names));
		size_t n = 0;
		for (int slot = 0; names && slot < LEARN_NRS; slot++) {
			char *name = t->count[a][slot] ? arch_syscall_name(t->arch[a], arch_slot_nr(t->arch[a], slot)) : NULL;
			if (!name)
				continue;
			names[n].nr = slot;
			snprintf(names[n++].name, sizeof(names->name), "%s", name);
			free(name);
		}
		if (names)
			qsort(names, n, sizeof(*names), by_name);
		for (size_t i = 0; i < n; i++) {
			char item[64];
			int len = snprintf(item, sizeof(item), " %s %llu%s", names[i].name,
					   (unsigned long long)t->count[a][names[i].nr], i + 1 < n ? "," : "");
			if (col + len > 100)
				col = fprintf(f, "\n;  ");
			col += fprintf(f, "%s", item);
		}
		fputc('\n', f);
		free(names);
	}
}

static void header(FILE *f, const struct sc_profile *start, const struct learn_table *t, size_t n, uint64_t unnamed,
		   const char *family, const char *enosys)
{
	uint64_t calls = t->other;
	for (int a = 0; a < LEARN_ARCHES; a++) {
		for (int slot = 0; slot < LEARN_NRS; slot++)
			calls += t->count[a][slot];
	}
	fprintf(f, LEARN_MARK " (SCINIT_MODE=learn), starting from %s\n", start->source);
	fprintf(f, "; %zu syscalls seen where the starting profile would not allow the call, in %llu calls:\n", n,
		(unsigned long long)calls);
	count_comments(f, t);
	if (t->merged)
		fprintf(f, "; (counts include %u earlier learned file%s merged in)\n", t->merged, t->merged > 1 ? "s" : "");
	if (t->other || unnamed)
		fprintf(f, "; %llu calls had a syscall number or architecture this scinit cannot name: not listed\n",
			(unsigned long long)(t->other + unnamed));
	if (t->outer_filters)
		fprintf(f, "; outer seccomp filter: %u filter(s) were already on scinit (the runtime's): the calls they "
			   "answered themselves were not seen\n", t->outer_filters);
	if (*family)
		fprintf(f, "; allowed through a family (not seen; the call seen in parentheses):%s\n", family);
	if (*enosys)
		fprintf(f, "; errno:ENOSYS, not the default, for calls libc falls back from:%s\n", enosys);
	fputc('\n', f);
}

void learn_watch_call(struct learn_table *t, uint32_t arch, int nr, const uint64_t *args)
{
	int a = arch_family_index(arch);
	for (unsigned i = 0; a >= 0 && i < t->nwatch; i++) {
		struct learn_watch *w = &t->watch[i];
		if (w->arch_nr[a] != nr)
			continue;
		uint64_t v[SC_MAX_CONDS] = { 0 };
		for (int k = 0; k < SC_MAX_CONDS; k++)
			v[k] = w->args & (1u << k) ? args[k] & w->mask : 0;
		for (unsigned j = 0; j < w->nvalues; j++) {
			if (memcmp(w->value[j], v, sizeof(v)) == 0)
				return;
		}
		if (w->nvalues < LEARN_VALUES)
			memcpy(w->value[w->nvalues++], v, sizeof(v));
		else
			w->overflow = true;
		return;
	}
}

int learn_read_counts(struct learn_table *t, const char *text, size_t len, const char *source, struct scerr *e)
{
	const char *end = text + len;
	int arch = -1, read = 0;
	unsigned line = 0;
	bool in_counts = false;
	for (const char *l = text; l < end;) {
		const char *next = memchr(l, '\n', (size_t)(end - l));
		next = next ? next + 1 : end;
		line++;
		char buf[512];
		snprintf(buf, sizeof(buf), "%.*s", (int)(next - l), l);
		l = next;
		buf[strcspn(buf, "\n")] = '\0';
		if (!in_counts) {
			in_counts = strstr(buf, " syscalls seen where ") != NULL;
			continue;
		}
		char *items = buf + 4, *colon = strchr(buf, ':');
		uint32_t token;
		if (strncmp(buf, ";   ", 4) != 0 || arch < 0) {
			if (strncmp(buf, "; ", 2) != 0 || !colon)
				break;
			*colon = '\0';
			if (arch_lookup(buf + 2, &token) != ARCH_IN_FAMILY)
				break;
			for (arch = 0; arch < LEARN_ARCHES && t->arch[arch] && t->arch[arch] != token;)
				arch++;
			if (arch == LEARN_ARCHES)
				return err_set(e, "%s:%u: too many architectures", source, line);
			t->arch[arch] = token;
			items = colon + 1;
		}
		for (char *item = strtok(items, ","); item; item = strtok(NULL, ",")) {
			item += strspn(item, " ");
			size_t w = strcspn(item, " ");
			char name[40], *after;
			snprintf(name, sizeof(name), "%.*s", (int)w, item);
			unsigned long long count = strtoull(item + w, &after, 10);
			int nr = w < sizeof(name) ? seccomp_syscall_resolve_name_arch(t->arch[arch], name) : -1;
			if (after == item + w || *after || nr < 0)
				return err_set(e, "%s:%u: not a count of a syscall ('name N'): '%s'", source, line, item);
			int slot = arch_nr_slot(t->arch[arch], nr & ~(t->arch[arch] == SCMP_ARCH_X32 ? SC_ARCH_X32_SYSCALL_BIT : 0));
			if (slot < 0)
				return err_set(e, "%s:%u: no slot for syscall '%s'", source, line, name);
			t->count[arch][slot] += count;
			read++;
		}
	}
	return read;
}

/* A container runtime installs a JSON profile before its own last calls:
 * those are allowed, whatever the learned rules said of them (listed in an
 * entry of their own, with a comment: runtime_entry). */
static void make_room_for_runtime(struct sc_profile *out)
{
	size_t kept = 0;
	for (size_t i = 0; i < out->nrules; i++) {
		char *name = seccomp_syscall_resolve_num_arch(SC_ARCH_NATIVE, out->rules[i].nr);
		bool runtime = name && name_in_list(learn_runtime_calls, (unsigned)strlen(learn_runtime_calls), name);
		free(name);
		if (!runtime || plain_allow(&out->rules[i]))
			out->rules[kept++] = out->rules[i];
	}
	out->nrules = kept;
}

/* Docker JSON text with the runtime's entry first in "syscalls". */
static int runtime_entry(char **json, size_t *len)
{
	char *at = strstr(*json, "\"syscalls\": [");
	char *text;
	size_t n;
	FILE *f = open_memstream(&text, &n);
	if (!f)
		return -1;
	if (at) {
		at += strlen("\"syscalls\": [");
		fprintf(f, "%.*s\n\t\t{\n\t\t\t\"names\": [", (int)(at - *json), *json);
		for (const char *m = learn_runtime_calls; *m;) {
			size_t w = strcspn(m, " ");
			fprintf(f, "%s\"%.*s\"", m == learn_runtime_calls ? "" : ", ", (int)w, m);
			m += w + (m[w] == ' ');
		}
		fprintf(f, "],\n\t\t\t\"action\": \"SCMP_ACT_ALLOW\",\n\t\t\t\"comment\": \"%s\"\n\t\t}%s%s",
			LEARN_RUNTIME_COMMENT, at[strspn(at, " \t\n")] == ']' ? "" : ",", at);
	} else
		fputs(*json, f);
	if (fclose(f) != 0)
		return -1;
	free(*json);
	*json = text;
	*len = n;
	return 0;
}

/* The Security Profiles Operator's SeccompProfile: the Docker JSON fields
 * it takes, as its spec. */
/* SPO's spec has no capability conditions (they would be pruned, and the
 * rule would apply always): an allow that needs one goes, a stop that
 * needs one applies always. Fail-closed both ways. */
static void without_caps(struct sc_profile *out)
{
	size_t kept = 0;
	for (size_t i = 0; i < out->nrules; i++) {
		struct sc_rule *r = &out->rules[i];
		bool caps = r->caps_all || r->caps_none;
		if (caps && action_lets_run(&r->action))
			continue;
		r->caps_all = r->caps_none = 0;
		out->rules[kept++] = *r;
	}
	out->nrules = kept;
}

/* Docker JSON as SPO's spec takes it: no defaultErrnoRet (SPO's default
 * errno is EPERM), no comments, errnoRet as a string. Lines are blanked in
 * place (JSON does not mind the spaces). */
static void print_spo_spec(FILE *f, char *json)
{
	for (char *line = json, *end; *line; line = end + (*end == '\n')) {
		end = line + strcspn(line, "\n");
		bool comment = strstr(line, "\"comment\": ") && strstr(line, "\"comment\": ") < end;
		if (comment) {
			char *comma = line - 1;
			while (comma > json && *comma != ',')
				comma--;
			*comma = ' ';
		}
		if (comment || (strstr(line, "\"defaultErrnoRet\": ") && strstr(line, "\"defaultErrnoRet\": ") < end))
			memset(line, ' ', (size_t)(end - line));
	}
	const char *body = strchr(json, '{') + 1, *last = strrchr(json, '}');
	for (const char *p = body, *at; p < last; p = at) {
		at = strstr(p, "\"errnoRet\": ");
		if (!at || at > last)
			at = last;
		else
			at += strlen("\"errnoRet\": ");
		fprintf(f, "%.*s", (int)(at - p), p);
		if (at < last) {
			size_t digits = strspn(at, "0123456789");
			fprintf(f, "\"%.*s\"", (int)digits, at);
			at += digits;
		}
	}
}

/* Docker JSON, with the runtime's entry; for SPO (the Security Profiles
 * Operator's SeccompProfile) the same fields as its spec. */
static int write_json(struct sc_profile *p, const char *name, bool spo, FILE *f, struct scerr *e)
{
	char *json;
	size_t len;
	if (spo)
		without_caps(p);
	FILE *m = open_memstream(&json, &len);
	if (!m)
		return err_set(e, "out of memory");
	int rc = profile_write_json(p, m, e);
	if (fclose(m) != 0 || (rc == 0 && runtime_entry(&json, &len) < 0))
		rc = err_set(e, "out of memory");
	if (rc == 0 && spo) {
		fprintf(f, "{\n\t\"apiVersion\": \"security-profiles-operator.x-k8s.io/v1beta1\",\n"
			   "\t\"kind\": \"SeccompProfile\",\n\t\"metadata\": {\n\t\t\"name\": \"%s\",\n"
			   "\t\t\"annotations\": { \"description\": \"learned by scinit; the first syscalls entry is "
			   LEARN_RUNTIME_COMMENT "\" }\n\t},\n\t\"spec\": {",
			name);
		print_spo_spec(f, json);
		fputs("}\n}\n", f);
	} else if (rc == 0)
		fwrite(json, 1, len, f);
	free(json);
	return rc;
}

int learn_render(const struct sc_profile *start, const char *setup_text, const struct learn_table *t,
		 enum learn_format format, const char *name, size_t *nseen, char **text, size_t *len,
		 struct scerr *e)
{
	size_t n;
	uint64_t unnamed = 0;
	struct seen *s = collect(t, &n, &unnamed);
	*nseen = n;
	char *family = NULL, *enosys = NULL;
	size_t flen, elen;
	struct notes nt = { s ? open_memstream(&family, &flen) : NULL, s ? open_memstream(&enosys, &elen) : NULL, 60, 60 };
	FILE *f = nt.family && nt.enosys ? open_memstream(text, len) : NULL;
	if (!f) {
		if (nt.family)
			fclose(nt.family);
		if (nt.enosys)
			fclose(nt.enosys);
		free(family);
		free(enosys);
		free(s);
		return err_set(e, "out of memory");
	}
	struct sc_profile out = *start;
	out.mode = SC_MODE_ENFORCE;
	out.mode_set = false;
	qsort(s, n, sizeof(*s), by_name);
	learned_arches(&out, t);
	int rc = learned_rules(&out, start, t, s, n, &nt, e);
	bool oom = fclose(nt.family) != 0;
	oom |= fclose(nt.enosys) != 0;
	if (rc == 0 && oom)
		rc = err_set(e, "out of memory");
	if (rc == 0 && format == LEARN_INI)
		header(f, start, t, n, unnamed, family, enosys);
	if (format != LEARN_INI)
		make_room_for_runtime(&out);
	if (rc == 0)
		rc = format == LEARN_INI ? profile_write_ini(&out, f, e) : write_json(&out, name, format == LEARN_SPO, f, e);
	if (rc == 0 && format == LEARN_INI && setup_text)
		fprintf(f, "\n%s", setup_text);
	profile_free(&out);
	free(s);
	free(family);
	free(enosys);
	if (fclose(f) != 0 && rc == 0)
		rc = err_set(e, "out of memory");
	if (rc < 0)
		free(*text);
	return rc;
}
