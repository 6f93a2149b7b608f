#include "filter/arg32.h"

#include <seccomp.h>
#include <stdlib.h>
#include <string.h>

#include "common/arch.h"

/* Rules carry libseccomp's native numbers (the build machine's, when
 * bpfgen makes a program for another target): the name is the same on
 * every arch, so it is what the target's table is searched by. */
unsigned arg32_args(int nr)
{
	char *name = seccomp_syscall_resolve_num_arch(SCMP_ARCH_NATIVE, nr);
	if (!name)
		return 0;
	unsigned args = 0;
	const char *n = arg32_names;
	for (size_t i = 0; i < arg32_count; i++, n += strlen(n) + 1) {
		int c = strcmp(name, n);
		if (c <= 0) {
			args = c == 0 ? arg32_masks[i] : 0;
			break;
		}
	}
	free(name);
	return args;
}

typedef unsigned __int128 u128;

/* A 32-bit argument holds what the kernel's cast leaves: the low half of a
 * zero-extended or sign-extended 32-bit value (-1 is 0xffffffff). Anything
 * else would be cut by the kernel to a different number than was written. */
static int fit32(uint64_t v, uint8_t arg, uint64_t *out, struct scerr *e)
{
	if (v <= 0xffffffffULL || v >= 0xffffffff80000000ULL) {
		*out = v & 0xffffffffULL;
		return 0;
	}
	return err_set(e, "arg%u is read by the kernel as a 32-bit value, which 0x%llx does not fit (the kernel would "
			  "see 0x%llx)", arg, (unsigned long long)v, (unsigned long long)(v & 0xffffffffULL));
}

static void add_alt(struct cond_alts *o, uint8_t arg, uint64_t mask, uint64_t value)
{
	o->alt[o->n++] = (struct sc_cond){ .arg = arg, .op = SC_OP_MASKED_EQ, .value = value, .mask = mask };
}

/* [lo, hi] within width bits as aligned blocks, each one masked equality:
 * the largest block that starts at lo and ends by hi, again and again. */
static void add_range(struct cond_alts *o, uint8_t arg, unsigned width, u128 lo, u128 hi)
{
	u128 full = ((u128)1 << width) - 1;
	while (lo <= hi) {
		unsigned k = 0;
		while (k < width && (lo & (((u128)1 << (k + 1)) - 1)) == 0 && lo + ((u128)1 << (k + 1)) - 1 <= hi)
			k++;
		add_alt(o, arg, (uint64_t)(full & ~(((u128)1 << k) - 1)), (uint64_t)lo);
		lo += (u128)1 << k;
	}
}

int lower_cond(const struct sc_cond *c, bool is32, struct cond_alts *out, struct scerr *e)
{
	*out = (struct cond_alts){ 0 };
	unsigned width = is32 ? 32 : 64;
	u128 max = ((u128)1 << width) - 1;
	uint64_t v = c->value, m = c->mask;
	bool ranged = c->op == SC_OP_IN || c->op == SC_OP_NOT_IN;
	if (!is32 && !ranged) {
		out->alt[out->n++] = *c;
		return 0;
	}
	if (is32) {
		if (c->op == SC_OP_MASKED_EQ) {
			m &= 0xffffffffULL; /* the high half of the mask looks at bits the kernel drops */
		} else {
			if (fit32(v, c->arg, &v, e) < 0 || (ranged && fit32(m, c->arg, &m, e) < 0))
				return -1;
		}
	}
	out->rewritten = true;
	switch (c->op) {
	case SC_OP_MASKED_EQ:
		if (v & ~m & 0xffffffffULL)
			return 0;
		if (fit32(v, c->arg, &v, e) < 0)
			return -1;
		add_alt(out, c->arg, m, v & m);
		break;
	case SC_OP_EQ: add_alt(out, c->arg, 0xffffffffULL, v); break;
	case SC_OP_NE:
		if (v > 0)
			add_range(out, c->arg, width, 0, (u128)v - 1);
		if (v < max)
			add_range(out, c->arg, width, (u128)v + 1, max);
		break;
	case SC_OP_LT:
		if (v > 0)
			add_range(out, c->arg, width, 0, (u128)v - 1);
		break;
	case SC_OP_LE: add_range(out, c->arg, width, 0, v); break;
	case SC_OP_GT:
		if (v < max)
			add_range(out, c->arg, width, (u128)v + 1, max);
		break;
	case SC_OP_GE: add_range(out, c->arg, width, v, max); break;
	case SC_OP_IN: /* value..mask */
		if (v <= m)
			add_range(out, c->arg, width, v, m);
		break;
	case SC_OP_NOT_IN:
		if (v > m) {
			add_range(out, c->arg, width, 0, max);
			break;
		}
		if (v > 0)
			add_range(out, c->arg, width, 0, (u128)v - 1);
		if (m < max)
			add_range(out, c->arg, width, (u128)m + 1, max);
		break;
	}
	if (out->n == 1 && out->alt[0].mask == 0) {
		out->n = 0;
		out->always = true;
	}
	return 0;
}

int lower_profile(const struct sc_profile *in, struct sc_profile *out, enum lower_what what, bool *rewritten,
		  struct scerr *e)
{
	*out = *in;
	out->rules = NULL;
	out->nrules = out->rules_cap = 0;
	struct cond_alts *alts = malloc(SC_MAX_CONDS * sizeof(*alts));
	if (!alts)
		return err_set(e, "out of memory");
	for (size_t i = 0; i < in->nrules; i++) {
		const struct sc_rule *r = &in->rules[i];
		/* Only a rule with conditions needs its table row: the lookup goes
		 * through libseccomp's name search, paid per rule at every start. */
		unsigned args32 = what == LOWER_ALL && r->ncond > 0 ? arg32_args(r->nr) : 0;
		size_t total = 1;
		bool changed = false;
		for (unsigned c = 0; c < r->ncond; c++) {
			if (lower_cond(&r->cond[c], args32 >> r->cond[c].arg & 1, &alts[c], e) < 0) {
				char *name = seccomp_syscall_resolve_num_arch(SC_ARCH_NATIVE, r->nr);
				struct scerr why = *e;
				err_at(e, in->source, r->line, "'%s': %s", name ? name : "?", why.msg);
				free(name);
				goto fail;
			}
			changed |= alts[c].rewritten;
			total *= alts[c].always ? 1 : alts[c].n;
			if (total > LOWER_MAX_RULES) {
				char *name = seccomp_syscall_resolve_num_arch(SC_ARCH_NATIVE, r->nr);
				err_at(e, in->source, r->line, "'%s': the rule's conditions make more than %d exact rules",
				       name ? name : "?", LOWER_MAX_RULES);
				free(name);
				goto fail;
			}
		}
		if (rewritten)
			rewritten[i] = changed;
		/* Every combination of one alternative per condition. */
		for (size_t k = 0; k < total; k++) {
			struct sc_rule nr = *r;
			nr.ncond = 0;
			size_t rest = k;
			for (unsigned c = 0; c < r->ncond; c++) {
				if (alts[c].always)
					continue;
				nr.cond[nr.ncond++] = alts[c].alt[rest % alts[c].n];
				rest /= alts[c].n;
			}
			if (profile_add_rule(out, &nr, e) < 0)
				goto fail;
		}
	}
	free(alts);
	return 0;
fail:
	free(alts);
	free(out->rules);
	out->rules = NULL;
	out->nrules = 0;
	return -1;
}
