/* The exact decomposition of conditions (shim/filter/arg32.c): for every
 * operator, 32-bit and 64-bit, constants at the edges, the masked-equality
 * alternatives hold for exactly the values the condition does, on values
 * around every constant, with high halves set. The oracle is the operator
 * itself on the low half (32-bit) or the whole value (64-bit). */
#include <stdint.h>
#include <stdlib.h>

#include "filter/arg32.h"
#include "unit.h"

static bool holds(enum sc_op op, uint64_t x, uint64_t v, uint64_t m)
{
	switch (op) {
	case SC_OP_EQ: return x == v;
	case SC_OP_NE: return x != v;
	case SC_OP_LT: return x < v;
	case SC_OP_LE: return x <= v;
	case SC_OP_GT: return x > v;
	case SC_OP_GE: return x >= v;
	case SC_OP_MASKED_EQ: return (x & m) == v;
	case SC_OP_IN: return v <= x && x <= m;
	case SC_OP_NOT_IN: return x < v || x > m;
	}
	return false;
}

static bool alts_hold(const struct cond_alts *a, uint64_t x)
{
	if (a->always)
		return true;
	for (unsigned i = 0; i < a->n; i++) {
		if ((x & a->alt[i].mask) == a->alt[i].value)
			return true;
	}
	return false;
}

int main(void)
{
	static const uint64_t consts[] = { 0, 1, 2, 7, 38, 40, 0x5401, 0x7fffffff, 0x80000000, 0xfffffffe, 0xffffffff };
	static const uint64_t consts64[] = { 0x100000000ULL, 0x1234567800000001ULL, ~0ULL - 1, ~0ULL };
	static const uint64_t highs[] = { 0, 0x100000000ULL, 0xdead00000000ULL, 0xffffffff00000000ULL };
	static const char *const names[] = { "==", "!=", "<", "<=", ">", ">=", "&==", "in", "not in" };
	struct cond_alts *a = malloc(sizeof(*a));
	struct scerr e;
	for (int width = 32; width <= 64; width += 32) {
		for (int op = SC_OP_EQ; op <= SC_OP_NOT_IN; op++) {
			unsigned bad = 0, tried = 0, rules = 0;
			size_t nc = UNIT_N(consts) + (width == 64 ? UNIT_N(consts64) : 0);
			for (size_t i = 0; i < nc; i++) {
				uint64_t v = i < UNIT_N(consts) ? consts[i] : consts64[i - UNIT_N(consts)];
				uint64_t top = width == 32 ? 0xffffffffULL : ~0ULL;
				uint64_t m = op == SC_OP_MASKED_EQ ? 0xff0f : v + 5 < v || v + 5 > top ? top : v + 5;
				if (op == SC_OP_MASKED_EQ)
					v &= 0xff0f;
				struct sc_cond c = { .arg = 1, .op = op, .value = v, .mask = m };
				if (lower_cond(&c, width == 32, a, &e) < 0) {
					unit_result(false, "lower_cond accepts", "accepted", e.msg);
					continue;
				}
				/* A 64-bit argument's plain comparisons go to libseccomp as written. */
				if (width == 64 && op <= SC_OP_MASKED_EQ)
					continue;
				rules += a->n;
				for (int d = -2; d <= 2; d++) {
					for (size_t h = 0; h < UNIT_N(highs); h++) {
						uint64_t x = (width == 32 ? ((v + (uint64_t)d) & 0xffffffffULL) : v + (uint64_t)d) | highs[h];
						uint64_t seen = width == 32 ? x & 0xffffffffULL : x;
						bad += holds(op, seen, v, m) != alts_hold(a, x);
						tried++;
					}
				}
			}
			if (width == 64 && op <= SC_OP_MASKED_EQ)
				continue;
			char name[64], got[64];
			snprintf(name, sizeof(name), "%d-bit argument, %s: alternatives match exactly", width, names[op]);
			snprintf(got, sizeof(got), "%u of %u values differ", bad, tried);
			unit_result(bad == 0 && tried > 0 && (rules > 0 || op == SC_OP_EQ), name, "0 differ", got);
		}
	}
	/* Constants a 32-bit argument cannot hold. */
	struct sc_cond wide = { .arg = 0, .op = SC_OP_EQ, .value = 0x100000028ULL };
	unit_refused("32-bit argument: a value above 32 bits", lower_cond(&wide, true, a, &e), &e,
		     "arg0 is read by the kernel as a 32-bit value, which 0x100000028 does not fit (the kernel would see 0x28)");
	struct sc_cond neg = { .arg = 0, .op = SC_OP_EQ, .value = ~0ULL };
	unit_accepted("32-bit argument: -1 is a sign-extended int", lower_cond(&neg, true, a, &e), &e);
	unit_equal("32-bit argument: -1 is 0xffffffff in the low half", 0xffffffffULL, a->alt[0].value);
	struct sc_cond gt = { .arg = 0, .op = SC_OP_GT, .value = 40 };
	lower_cond(&gt, true, a, &e);
	unit_equal("socket's arg0 > AF_VSOCK: 30 rules", 30, a->n);
	struct sc_cond all = { .arg = 0, .op = SC_OP_LE, .value = 0xffffffff };
	lower_cond(&all, true, a, &e);
	unit_equal("32-bit argument: <= 0xffffffff always holds", 1, a->always);
	free(a);
	return unit_done();
}
