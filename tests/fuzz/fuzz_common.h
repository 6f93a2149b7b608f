/* What every harness checks besides memory safety: a refused input leaves
 * exactly one line of message naming the source, as scinit would print it,
 * and an accepted one stays within the model's bounds. A violation aborts,
 * which libFuzzer reports as a finding like any crash. */
#ifndef SCINIT_FUZZ_COMMON_H
#define SCINIT_FUZZ_COMMON_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/error.h"
#include "filter/filter.h"
#include "common/input.h"
#include "profile/profile.h"

#define FUZZ_SOURCE "fuzz.in"

static void fuzz_fail(const char *what, const char *detail)
{
	fprintf(stderr, "fuzz invariant broken: %s: [%s]\n", what, detail);
	abort();
}

static void fuzz_check_error(const struct scerr *e)
{
	if (!memchr(e->msg, '\0', sizeof(e->msg)))
		fuzz_fail("message not terminated", "");
	if (strncmp(e->msg, FUZZ_SOURCE ":", strlen(FUZZ_SOURCE ":")) != 0)
		fuzz_fail("message does not start with the source", e->msg);
	for (const char *c = e->msg; *c; c++) {
		if ((unsigned char)*c < 0x20 && *c != '\t')
			fuzz_fail("message holds a line break or a control character", e->msg);
	}
}

static void fuzz_check_profile(const struct sc_profile *p)
{
	if (p->nrules > p->rules_cap || p->nrules > 8192 || p->narch > SC_MAX_ARCHES)
		fuzz_fail("profile out of bounds", "");
	const struct sc_action *acts[] = { &p->default_action };
	if (acts[0]->kind == SC_ACT_ERRNO && (acts[0]->errno_value < 1 || acts[0]->errno_value > 4094))
		fuzz_fail("default errno out of range", "");
	for (size_t i = 0; i < p->nrules; i++) {
		const struct sc_rule *r = &p->rules[i];
		if (r->ncond > SC_MAX_CONDS || r->action.kind > SC_ACT_LOG)
			fuzz_fail("rule out of bounds", "");
		if (r->action.kind == SC_ACT_ERRNO && (r->action.errno_value < 1 || r->action.errno_value > 4094))
			fuzz_fail("rule errno out of range", "");
		for (unsigned c = 0; c < r->ncond; c++) {
			if (r->cond[c].arg > 5 || r->cond[c].op > SC_OP_MASKED_EQ)
				fuzz_fail("condition out of bounds", "");
		}
	}
}

/* The input as a reader gets it from input_read_file: bounded,
 * NUL-terminated, on the heap (so ASan catches a read past its end) and
 * through the content checks. NULL if refused. */
static char *fuzz_text(const unsigned char *data, size_t size)
{
	if (size > SC_MAX_INPUT)
		return NULL;
	char *text = malloc(size + 1);
	if (!text)
		abort();
	memcpy(text, data, size);
	text[size] = '\0';
	struct scerr e = { "" };
	if (input_check_text(FUZZ_SOURCE, text, size, &e) < 0) {
		fuzz_check_error(&e);
		free(text);
		return NULL;
	}
	return text;
}

/* What scinit does next with an accepted profile: the filter, in both
 * modes, with no capabilities and with all of them (capability conditions
 * are decided against the set). Nothing is loaded. */
static void fuzz_filter(const struct sc_profile *p)
{
	static const enum sc_mode modes[] = { SC_MODE_ENFORCE, SC_MODE_AUDIT };
	static const uint64_t caps[] = { 0, ~0ULL };
	for (size_t m = 0; m < 2; m++) {
		for (size_t c = 0; c < 2; c++) {
			scmp_filter_ctx ctx = NULL;
			struct scerr e = { "" };
			if (filter_build(p, modes[m], caps[c], &ctx, &e) < 0)
				fuzz_check_error(&e);
			else
				seccomp_release(ctx);
		}
	}
}

#endif
