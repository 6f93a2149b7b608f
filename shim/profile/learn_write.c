#include "profile/learn_write.h"

#include <seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/arch.h"
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

/* Rules: the starting ones, but for a syscall seen only its allows (what
 * the app did is now allowed, so denials of it would contradict), and an
 * unconditional allow for each syscall seen that had none. */
static int learned_rules(struct sc_profile *out, const struct sc_profile *start, const struct seen *s, size_t n,
			 struct scerr *e)
{
	out->rules = NULL;
	out->nrules = out->rules_cap = 0;
	for (size_t i = 0; i < start->nrules; i++) {
		const struct sc_rule *r = &start->rules[i];
		if ((r->action.kind == SC_ACT_ALLOW || !is_seen(s, n, r->nr)) && profile_add_rule(out, r, e) < 0)
			return -1;
	}
	for (size_t i = 0; i < n; i++) {
		bool allowed = false;
		for (size_t r = 0; r < start->nrules && !allowed; r++)
			allowed = start->rules[r].nr == s[i].nr && plain_allow(&start->rules[r]);
		struct sc_rule rule = { .nr = s[i].nr, .action = { SC_ACT_ALLOW, 0 } };
		if (!allowed && profile_add_rule(out, &rule, e) < 0)
			return -1;
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

static void header(FILE *f, const struct sc_profile *start, const struct learn_table *t, size_t n, uint64_t unnamed)
{
	uint64_t calls = t->other;
	for (int a = 0; a < LEARN_ARCHES; a++) {
		for (int slot = 0; slot < LEARN_NRS; slot++)
			calls += t->count[a][slot];
	}
	fprintf(f, "; learned by scinit (SCINIT_MODE=learn), starting from %s\n", start->source);
	fprintf(f, "; %zu syscalls seen where the starting profile would not allow the call, in %llu calls:\n", n,
		(unsigned long long)calls);
	count_comments(f, t);
	if (t->other || unnamed)
		fprintf(f, "; %llu calls had a syscall number or architecture this scinit cannot name: not listed\n",
			(unsigned long long)(t->other + unnamed));
	fputc('\n', f);
}

int learn_render(const struct sc_profile *start, const char *setup_text, const struct learn_table *t, bool json,
		 char **text, size_t *len, struct scerr *e)
{
	size_t n;
	uint64_t unnamed = 0;
	struct seen *s = collect(t, &n, &unnamed);
	FILE *f = s ? open_memstream(text, len) : NULL;
	if (!f) {
		free(s);
		return err_set(e, "out of memory");
	}
	struct sc_profile out = *start;
	out.mode = SC_MODE_ENFORCE;
	out.mode_set = false;
	qsort(s, n, sizeof(*s), by_name);
	int rc = learned_rules(&out, start, s, n, e);
	learned_arches(&out, t);
	if (rc == 0 && !json)
		header(f, start, t, n, unnamed);
	if (rc == 0)
		rc = json ? profile_write_json(&out, f, e) : profile_write_ini(&out, f, e);
	if (rc == 0 && !json && setup_text)
		fprintf(f, "\n%s", setup_text);
	profile_free(&out);
	free(s);
	if (fclose(f) != 0 && rc == 0)
		rc = err_set(e, "out of memory");
	if (rc < 0)
		free(*text);
	return rc;
}
