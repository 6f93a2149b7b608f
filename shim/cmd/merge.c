/* scinit merge FILE... -o OUT: profiles learned elsewhere (CI runs,
 * replicas, hosts and containers) as one learned profile: every rule that
 * lets a call run in any of them, their counts summed, and the families and
 * ENOSYS fallbacks of learn mode. OUT ending in .json is Docker JSON. */
#include "cmd/merge.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/input.h"
#include "profile/learn_write.h"
#include "profile/profile_load.h"

static bool same_rule(const struct sc_rule *a, const struct sc_rule *b)
{
	bool same = a->nr == b->nr && a->ncond == b->ncond && action_equal(&a->action, &b->action) &&
		    a->caps_all == b->caps_all && a->caps_none == b->caps_none;
	for (unsigned c = 0; same && c < a->ncond; c++)
		same = rule_has_cond(b, &a->cond[c]);
	return same;
}

/* Whether some input lets nr run: always (plain) or on a condition. */
static bool allowed_in(const struct sc_profile *in, size_t n, int nr, bool plain)
{
	for (size_t f = 0; f < n; f++) {
		for (size_t i = 0; i < in[f].nrules; i++) {
			const struct sc_rule *r = &in[f].rules[i];
			if (r->nr == nr && action_lets_run(&r->action) && (!plain || rule_is_plain(r)))
				return true;
		}
	}
	return false;
}

/* A rule stays unless another input lets its syscall run where it would
 * not: a conditional allow under a plain one, a stop under any allow (a
 * conditional stop only under a plain allow). */
static int merge_rules(struct sc_profile *out, const struct sc_profile *in, size_t n, struct scerr *e)
{
	for (size_t f = 0; f < n; f++) {
		for (size_t i = 0; i < in[f].nrules; i++) {
			const struct sc_rule *r = &in[f].rules[i];
			bool runs = action_lets_run(&r->action), dup = false;
			for (size_t j = 0; j < out->nrules && !dup; j++)
				dup = same_rule(&out->rules[j], r);
			if (dup || (runs && !rule_is_plain(r) && allowed_in(in, n, r->nr, true)) ||
			    (!runs && allowed_in(in, n, r->nr, rule_is_plain(r) ? false : true)))
				continue;
			if (profile_add_rule(out, r, e) < 0)
				return -1;
		}
	}
	return 0;
}

static int merge(char **files, size_t n, const char *out_path, struct scerr *e)
{
	struct sc_profile *in = calloc(n, sizeof(*in)), out;
	struct learn_table *t = calloc(1, sizeof(*t));
	char *text = NULL, source[256];
	size_t len, nseen;
	int rc = in && t ? 0 : err_set(e, "out of memory");
	for (size_t f = 0; rc == 0 && f < n; f++) {
		profile_init(&in[f], files[f]);
		in[f].sections = SC_SECTIONS_FILTER;
		rc = input_read_file(files[f], &text, &len, e);
		if (rc == 0)
			rc = profile_parse(&in[f], text, len, e);
		if (rc == 0 && len >= strlen(LEARN_MARK) && strncmp(text, LEARN_MARK, strlen(LEARN_MARK)) == 0)
			rc = learn_read_counts(t, text, len, files[f], e) < 0 ? -1 : 0;
		t->merged += rc == 0;
		free(text);
		text = NULL;
		char a[32], b[32];
		if (rc == 0 && !action_equal(&in[f].default_action, &in[0].default_action))
			rc = err_set(e, "%s: default action %s differs from %s's %s: merge profiles learned from the same "
					"starting profile", files[f], action_name(&in[f].default_action, a, sizeof(a)),
				     files[0], action_name(&in[0].default_action, b, sizeof(b)));
	}
	if (rc == 0) {
		snprintf(source, sizeof(source), "scinit merge of %zu files (%s, ...)", n, files[0]);
		out = in[0];
		out.source = source;
		out.rules = NULL;
		out.nrules = out.rules_cap = 0;
		for (size_t f = 1; f < n; f++) {
			for (unsigned a = 0; a < in[f].narch; a++) {
				bool listed = false;
				for (unsigned b = 0; b < out.narch; b++)
					listed |= out.arch[b] == in[f].arch[a];
				if (!listed && out.narch < SC_MAX_ARCHES)
					out.arch[out.narch++] = in[f].arch[a];
			}
		}
		t->merged = 0; /* the header's counts are the files' own */
		rc = merge_rules(&out, in, n, e);
		/* A syscall allowed on conditions stays so: the values are in them. */
		for (size_t i = 0; rc == 0 && i < out.nrules; i++) {
			bool known = false;
			for (unsigned w = 0; w < t->nwatch; w++)
				known |= t->watch[w].nr == out.rules[i].nr;
			if (out.rules[i].ncond && action_lets_run(&out.rules[i].action) && !known && t->nwatch < LEARN_WATCH)
				t->watch[t->nwatch++] = (struct learn_watch){ .nr = out.rules[i].nr };
		}
		size_t plen = strlen(out_path);
		bool json = plen > 5 && strcmp(out_path + plen - 5, ".json") == 0;
		if (rc == 0)
			rc = learn_render(&out, NULL, t, json ? LEARN_JSON : LEARN_INI, NULL, &nseen, &text, &len, e);
		free(out.rules);
	}
	if (rc == 0) {
		FILE *f = strcmp(out_path, "-") == 0 ? stdout : fopen(out_path, "w");
		if (!f || fwrite(text, 1, len, f) != len || (f != stdout && fclose(f) != 0))
			rc = err_set(e, "%s: cannot write: %m", out_path);
	}
	free(text);
	for (size_t f = 0; in && f < n; f++)
		profile_free(&in[f]);
	free(in);
	free(t);
	return rc;
}

int command_merge(int argc, char **argv)
{
	struct scerr e;
	const char *out = NULL;
	char **files = calloc((size_t)argc, sizeof(*files));
	size_t n = 0;
	for (int i = 1; files && i < argc; i++) {
		if (strcmp(argv[i], "-o") == 0 && i + 1 < argc)
			out = argv[++i];
		else
			files[n++] = argv[i];
	}
	if (!files || !out || !n) {
		fputs("usage: scinit merge FILE... -o OUT (OUT ending in .json: Docker JSON; -: stdout)\n", stderr);
		free(files);
		return EXIT_SCINIT_FAILURE;
	}
	int rc = merge(files, n, out, &e);
	free(files);
	if (rc < 0)
		err_print(&e);
	return rc < 0 ? EXIT_SCINIT_FAILURE : 0;
}
