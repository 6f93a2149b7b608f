/* bpf_ranges: the build's step between libseccomp and the precompiled
 * programs (shim/precompiled.h). Reads a seccomp BPF program that libseccomp
 * generated on stdin and writes one that returns the same for every call,
 * with far fewer instructions, on stdout.
 *
 * Why: the kernel converts, JIT-compiles and cache-checks every instruction
 * when a filter is attached, about 0.4 us each on the machines measured
 * (docs/benchmarks.md), and libseccomp spends one jeq per syscall and arch.
 * Most neighbouring syscall numbers share an action, so a binary search over
 * the boundaries between runs of equal outcome needs far fewer.
 *
 * How: for each arch the program dispatches on, an exact interval analysis
 * of the syscall number (the only input besides the arch that libseccomp's
 * dispatch reads) splits 0..2^32-1 into intervals that end at the same
 * instruction: a return, or the first load of an argument. The new program
 * checks the arch, searches the intervals, and jumps into a verbatim copy of
 * every instruction reachable from those argument loads, so argument checks
 * are untouched. Anything the analysis does not model (the X register,
 * scratch memory, arithmetic on the number) makes it copy the input
 * unchanged; so does a differential check of the two programs over every
 * interval's ends and several argument patterns. tests/t_precompiled.sh
 * compares the two programs again, with an emulator of its own. */
#include <linux/filter.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAX BPF_MAXINSNS
#define MAX_ARCH 8
#define MAX_LEAF 4096
#define OFF_NR 0
#define OFF_ARCH 4
#define OTHER_ARCH 0x12345678 /* no AUDIT_ARCH_* value */

enum acc { ACC_NONE, ACC_ARCH, ACC_NR };

struct leaf {
	uint32_t lo, hi;
	unsigned pc; /* a return, or a load of an argument */
};

/* Where the analysis stands: at pc, with the accumulator holding what acc
 * says and the number within [lo, hi]. */
struct state {
	unsigned pc;
	enum acc acc;
	uint32_t lo, hi;
};

static struct sock_filter in[MAX + 1], out[MAX];
static unsigned nin, nout;

static bool is_jump(uint16_t code)
{
	return BPF_CLASS(code) == BPF_JMP;
}

static bool cond_holds(uint16_t code, uint32_t a, uint32_t k)
{
	switch (BPF_OP(code)) {
	case BPF_JEQ: return a == k;
	case BPF_JGT: return a > k;
	case BPF_JGE: return a >= k;
	default: return (a & k) != 0; /* BPF_JSET */
	}
}

/* The arches the program dispatches on: the constants compared with the
 * arch, on any path that has not yet loaded the number. */
static int find_arches(uint32_t *arch)
{
	unsigned narch = 0, stack[MAX], top = 0;
	bool seen[MAX] = { false };
	stack[top++] = 0;
	while (top) {
		unsigned pc = stack[--top];
		for (bool a = false; pc < nin && !seen[pc];) {
			const struct sock_filter *f = &in[pc];
			seen[pc] = true;
			if (f->code == (BPF_LD | BPF_W | BPF_ABS) && f->k == OFF_ARCH) {
				a = true, pc++;
			} else if (f->code == (BPF_JMP | BPF_JA)) {
				pc += 1 + f->k;
			} else if (is_jump(f->code) && a && (BPF_SRC(f->code) != BPF_K || BPF_OP(f->code) != BPF_JEQ)) {
				return -1; /* only jeq on the arch keeps every other arch alike */
			} else if (is_jump(f->code) && a) {
				bool known = false;
				for (unsigned i = 0; i < narch; i++)
					known |= arch[i] == f->k;
				if (!known && narch == MAX_ARCH)
					return -1;
				if (!known)
					arch[narch++] = f->k;
				stack[top++] = pc + 1 + f->jt;
				pc += 1 + f->jf;
			} else {
				break; /* a return, the number, or anything else: the dispatch ends */
			}
		}
	}
	return (int)narch;
}

/* Every interval of the number, for arch, with the instruction it reaches. */
static int intervals(uint32_t arch, struct leaf *leaf)
{
	struct state work[MAX_LEAF];
	unsigned nwork = 0, nleaf = 0;
	work[nwork++] = (struct state){ 0, ACC_NONE, 0, UINT32_MAX };
	while (nwork) {
		struct state s = work[--nwork];
		for (;;) {
			if (s.pc >= nin)
				return -1;
			const struct sock_filter *f = &in[s.pc];
			if (f->code == (BPF_LD | BPF_W | BPF_ABS) && (f->k == OFF_ARCH || f->k == OFF_NR)) {
				s.acc = f->k == OFF_ARCH ? ACC_ARCH : ACC_NR, s.pc++;
			} else if (f->code == (BPF_LD | BPF_W | BPF_ABS) || BPF_CLASS(f->code) == BPF_RET) {
				if (nleaf == MAX_LEAF)
					return -1;
				leaf[nleaf++] = (struct leaf){ s.lo, s.hi, s.pc };
				break;
			} else if (f->code == (BPF_JMP | BPF_JA)) {
				s.pc += 1 + f->k;
			} else if (is_jump(f->code) && BPF_SRC(f->code) == BPF_K && s.acc == ACC_ARCH) {
				s.pc += 1 + (cond_holds(f->code, arch, f->k) ? f->jt : f->jf);
			} else if (is_jump(f->code) && BPF_SRC(f->code) == BPF_K && s.acc == ACC_NR &&
				   BPF_OP(f->code) != BPF_JSET) {
				/* The comparison holds on [b, e) and fails elsewhere, so
				 * [lo, hi] splits into at most three parts. */
				const struct state cur = s;
				uint64_t b = BPF_OP(f->code) == BPF_JGT ? (uint64_t)f->k + 1 : f->k;
				uint64_t e = BPF_OP(f->code) == BPF_JEQ ? (uint64_t)f->k + 1 : (uint64_t)UINT32_MAX + 1;
				uint64_t cuts[4] = { cur.lo, b, e, (uint64_t)cur.hi + 1 };
				bool first = true;
				for (int i = 0; i < 3; i++) {
					uint64_t lo = cuts[i] > cur.lo ? cuts[i] : cur.lo;
					uint64_t end = cuts[i + 1] < (uint64_t)cur.hi + 1 ? cuts[i + 1] : (uint64_t)cur.hi + 1;
					if (lo >= end)
						continue;
					struct state part = { cur.pc + 1 + (i == 1 ? f->jt : f->jf), ACC_NR, (uint32_t)lo,
							      (uint32_t)(end - 1) };
					if (first)
						first = false, s = part;
					else if (nwork == MAX_LEAF)
						return -1;
					else
						work[nwork++] = part;
				}
			} else {
				return -1; /* not modelled: copy the input */
			}
		}
	}
	return (int)nleaf;
}

/* Two instructions a search can end at that act the same. */
static bool same_end(unsigned a, unsigned b)
{
	return a == b || (in[a].code == (BPF_RET | BPF_K) && in[b].code == (BPF_RET | BPF_K) && in[a].k == in[b].k);
}

static int by_lo(const void *a, const void *b)
{
	const struct leaf *x = a, *y = b;
	return (x->lo > y->lo) - (x->lo < y->lo);
}

/* Sorted, adjacent intervals with the same end joined; 0 unless they cover
 * every number exactly once, as an exact analysis must. */
static unsigned merge(struct leaf *leaf, unsigned n)
{
	qsort(leaf, n, sizeof(*leaf), by_lo);
	for (unsigned i = 0; i < n; i++) {
		if (i ? leaf[i - 1].hi == UINT32_MAX || leaf[i].lo != leaf[i - 1].hi + 1 : leaf[0].lo != 0)
			return 0;
	}
	if (leaf[n - 1].hi != UINT32_MAX)
		return 0;
	unsigned m = 0;
	for (unsigned i = 0; i < n; i++) {
		if (m && same_end(leaf[m - 1].pc, leaf[i].pc) && leaf[m - 1].hi + 1 == leaf[i].lo)
			leaf[m - 1].hi = leaf[i].hi;
		else
			leaf[m++] = leaf[i];
	}
	return m;
}

/* Jumps are patched once the copied code has its place: a jump to input
 * instruction pc is recorded and resolved at the end. */
static unsigned fix_at[MAX * 2], fix_to[MAX * 2], nfix;
static bool keep[MAX];
static unsigned new_pc[MAX];

static int emit(struct sock_filter f)
{
	if (nout == MAX)
		return -1;
	out[nout++] = f;
	return 0;
}

static int emit_goto(unsigned old_pc)
{
	fix_at[nfix] = nout, fix_to[nfix++] = old_pc;
	return emit((struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JA, 0, 0, 0));
}

static bool is_ret(const struct leaf *l)
{
	return in[l->pc].code == (BPF_RET | BPF_K);
}

/* A search's returns, each instruction shared by every leaf that ends in
 * the same return: the jumps of a subtree reach them after its last node,
 * instead of a return of its own after each pair of leaves. */
#define POOL_MAX 16
struct pool {
	uint32_t k[POOL_MAX];
	unsigned n;
};

static int pool_index(struct pool *p, uint32_t k)
{
	for (unsigned i = 0; i < p->n; i++) {
		if (p->k[i] == k)
			return (int)i;
	}
	if (p->n == POOL_MAX)
		return -1;
	p->k[p->n] = k;
	return (int)p->n++;
}

/* The length of a subtree laid out with its returns pooled after it: a jge
 * per inner node, a ja per leaf that goes on into copied code, a ret per
 * distinct return; 0 with too many distinct returns. */
static unsigned pooled_size(const struct leaf *leaf, unsigned n)
{
	struct pool p = { .n = 0 };
	unsigned size = n - 1;
	for (unsigned i = 0; i < n; i++) {
		if (!is_ret(&leaf[i]))
			size++;
		else if (pool_index(&p, in[leaf[i].pc].k) < 0)
			return 0;
	}
	return size + p.n;
}

/* Every jump in a pooled subtree reaches its pool: at most 255 ahead. */
static bool fits_pooled(unsigned size)
{
	return size && size <= 256;
}

static unsigned tree_size(const struct leaf *leaf, unsigned n)
{
	unsigned pooled = pooled_size(leaf, n);
	if (n == 1 || fits_pooled(pooled))
		return pooled;
	unsigned left = tree_size(leaf, n / 2);
	return 1 + (left > 255) + left + tree_size(leaf + n / 2, n - n / 2);
}

static struct {
	unsigned at, slot;
	bool jt;
} refs[MAX];
static unsigned nrefs;

/* A leaf as a child of the jge at out[at]: a return becomes a jump to its
 * pool slot, anything else is laid out here (jt: at the current end). */
static int pooled(const struct leaf *leaf, unsigned n, struct pool *p);

static int child(unsigned at, bool jt, const struct leaf *leaf, unsigned n, struct pool *p)
{
	if (n == 1 && is_ret(leaf)) {
		refs[nrefs].at = at, refs[nrefs].jt = jt, refs[nrefs++].slot = (unsigned)pool_index(p, in[leaf->pc].k);
		return 0;
	}
	if (jt)
		out[at].jt = (uint8_t)(nout - at - 1);
	return pooled(leaf, n, p);
}

static int pooled(const struct leaf *leaf, unsigned n, struct pool *p)
{
	if (n == 1)
		return emit_goto(leaf[0].pc);
	unsigned at = nout, half = n / 2;
	if (emit((struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, leaf[half].lo, 0, 0)) < 0 ||
	    child(at, false, leaf, half, p) < 0)
		return -1;
	return child(at, true, leaf + half, n - half, p);
}

/* A binary search: number >= the right half's first value goes right. A
 * subtree short enough has its returns pooled after it; a longer one is
 * split, and its halves pooled in turn. */
static int tree(const struct leaf *leaf, unsigned n)
{
	if (n == 1)
		return is_ret(leaf) ? emit(in[leaf[0].pc]) : emit_goto(leaf[0].pc);
	if (fits_pooled(pooled_size(leaf, n))) {
		struct pool p = { .n = 0 };
		nrefs = 0;
		if (pooled(leaf, n, &p) < 0)
			return -1;
		unsigned base = nout;
		for (unsigned i = 0; i < p.n; i++) {
			if (emit((struct sock_filter)BPF_STMT(BPF_RET | BPF_K, p.k[i])) < 0)
				return -1;
		}
		for (unsigned i = 0; i < nrefs; i++) {
			unsigned off = base + refs[i].slot - refs[i].at - 1;
			if (off > 255)
				return -1;
			if (refs[i].jt)
				out[refs[i].at].jt = (uint8_t)off;
			else
				out[refs[i].at].jf = (uint8_t)off;
		}
		return 0;
	}
	unsigned half = n / 2, left = tree_size(leaf, half);
	int rc;
	if (left > 255)
		rc = emit((struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, leaf[half].lo, 0, 1)) < 0 ||
		     emit((struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JA, left, 0, 0)) < 0 ? -1 : 0;
	else
		rc = emit((struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, leaf[half].lo, (uint8_t)left, 0));
	return rc < 0 || tree(leaf, half) < 0 ? -1 : tree(leaf + half, n - half);
}

static void mark(unsigned pc)
{
	while (pc < nin && !keep[pc]) {
		const struct sock_filter *f = &in[pc];
		keep[pc] = true;
		if (BPF_CLASS(f->code) == BPF_RET)
			return;
		if (f->code == (BPF_JMP | BPF_JA)) {
			pc += 1 + f->k;
		} else if (is_jump(f->code)) {
			mark(pc + 1 + f->jt);
			pc += 1 + f->jf;
		} else {
			pc++;
		}
	}
}

/* The copy of every kept instruction, in the input's order, so that its
 * conditional jumps only get shorter. */
static int copy_kept(void)
{
	for (unsigned pc = 0; pc < nin; pc++) {
		if (!keep[pc])
			continue;
		new_pc[pc] = nout;
		struct sock_filter f = in[pc];
		if (f.code == (BPF_JMP | BPF_JA)) {
			if (emit_goto(pc + 1 + f.k) < 0)
				return -1;
			continue;
		}
		if (is_jump(f.code)) {
			fix_at[nfix] = nout, fix_to[nfix++] = pc; /* both branches, relative to pc */
		}
		if (emit(f) < 0)
			return -1;
	}
	for (unsigned i = 0; i < nfix; i++) {
		struct sock_filter *f = &out[fix_at[i]];
		if (f->code == (BPF_JMP | BPF_JA)) {
			f->k = new_pc[fix_to[i]] - fix_at[i] - 1;
			continue;
		}
		unsigned pc = fix_to[i];
		unsigned jt = new_pc[pc + 1 + in[pc].jt] - fix_at[i] - 1, jf = new_pc[pc + 1 + in[pc].jf] - fix_at[i] - 1;
		if (jt > 255 || jf > 255)
			return -1;
		f->jt = (uint8_t)jt, f->jf = (uint8_t)jf;
	}
	return 0;
}

/* The program's answer for one call, or UINT32_MAX if it runs off. */
static uint32_t run(const struct sock_filter *p, unsigned n, const uint32_t *data)
{
	uint32_t a = 0;
	for (unsigned pc = 0, steps = 0; pc < n && steps < 100000; steps++) {
		const struct sock_filter *f = &p[pc];
		if (f->code == (BPF_RET | BPF_K))
			return f->k;
		if (f->code == (BPF_LD | BPF_W | BPF_ABS) && f->k % 4 == 0 && f->k < 64)
			a = data[f->k / 4], pc++;
		else if (f->code == (BPF_ALU | BPF_AND | BPF_K))
			a &= f->k, pc++;
		else if (f->code == (BPF_JMP | BPF_JA))
			pc += 1 + f->k;
		else if (is_jump(f->code) && BPF_SRC(f->code) == BPF_K)
			pc += 1 + (cond_holds(f->code, a, f->k) ? f->jt : f->jf);
		else
			return UINT32_MAX - 1; /* not emulated: the check fails */
	}
	return UINT32_MAX;
}

/* Both programs, for every interval's ends and a few argument patterns. */
static bool same_answers(const uint32_t *arch, unsigned narch, const struct leaf *const *leaves, const unsigned *nleaf)
{
	static const uint32_t pattern[] = { 0, UINT32_MAX, 1, 0x80000000, 0x5a5a5a5a, 40 };
	for (unsigned a = 0; a <= narch; a++) {
		unsigned n = a < narch ? nleaf[a] : 1;
		for (unsigned i = 0; i < n; i++) {
			uint32_t nrs[2] = { a < narch ? leaves[a][i].lo : 0, a < narch ? leaves[a][i].hi : 0 };
			for (unsigned k = 0; k < 2; k++) {
				for (unsigned p = 0; p < sizeof(pattern) / sizeof(pattern[0]); p++) {
					uint32_t data[16];
					for (unsigned w = 0; w < 16; w++)
						data[w] = pattern[(p + w) % (sizeof(pattern) / sizeof(pattern[0]))];
					data[0] = nrs[k], data[1] = a < narch ? arch[a] : OTHER_ARCH;
					uint32_t want = run(in, nin, data);
					if (want >= UINT32_MAX - 1 || want != run(out, nout, data))
						return false;
				}
			}
		}
	}
	return true;
}

static int shrink(void)
{
	static struct leaf leaf_store[MAX_ARCH][MAX_LEAF];
	const struct leaf *leaves[MAX_ARCH];
	unsigned nleaf[MAX_ARCH];
	uint32_t arch[MAX_ARCH];
	int narch = find_arches(arch);
	if (narch <= 0)
		return -1;
	/* Any other arch (jeq only: all alike) must get one answer, whatever
	 * the number. */
	struct leaf *rest = leaf_store[0];
	int nrest = intervals(OTHER_ARCH, rest);
	for (int a = 0; a < narch; a++)
		nrest = arch[a] == OTHER_ARCH ? -1 : nrest;
	if (nrest <= 0 || merge(rest, (unsigned)nrest) != 1 || in[rest[0].pc].code != (BPF_RET | BPF_K))
		return -1;
	uint32_t other = in[rest[0].pc].k;
	for (int a = 0; a < narch; a++) {
		int n = intervals(arch[a], leaf_store[a]);
		if (n <= 0)
			return -1;
		nleaf[a] = merge(leaf_store[a], (unsigned)n);
		if (!nleaf[a])
			return -1;
		leaves[a] = leaf_store[a];
		for (unsigned i = 0; i < nleaf[a]; i++) {
			if (in[leaves[a][i].pc].code != (BPF_RET | BPF_K))
				mark(leaves[a][i].pc);
		}
	}
	/* ld arch; one jeq + ja per arch; the answer for other arches. */
	unsigned entry[MAX_ARCH];
	if (emit((struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS, OFF_ARCH)) < 0)
		return -1;
	unsigned dispatch = nout;
	for (int a = 0; a < narch; a++) {
		if (emit((struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, arch[a], 0, 1)) < 0 ||
		    emit((struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JA, 0, 0, 0)) < 0)
			return -1;
	}
	if (emit((struct sock_filter)BPF_STMT(BPF_RET | BPF_K, other)) < 0)
		return -1;
	for (int a = 0; a < narch; a++) {
		entry[a] = nout;
		out[dispatch + 2 * a + 1].k = entry[a] - (dispatch + 2 * a + 1) - 1;
		if (emit((struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS, OFF_NR)) < 0 ||
		    tree(leaves[a], nleaf[a]) < 0)
			return -1;
	}
	if (copy_kept() < 0 || BPF_CLASS(out[nout - 1].code) != BPF_RET)
		return -1;
	return same_answers(arch, (unsigned)narch, leaves, nleaf) && nout < nin ? 0 : -1;
}

int main(void)
{
	ssize_t n, got = 0;
	while ((n = read(STDIN_FILENO, (char *)in + got, sizeof(in) - (size_t)got)) > 0)
		got += n;
	if (n < 0 || got == 0 || got % (ssize_t)sizeof(in[0]) || (size_t)got > MAX * sizeof(in[0])) {
		fprintf(stderr, "bpf_ranges: expected a BPF program of 1..%d instructions on stdin\n", MAX - 1);
		return 1;
	}
	nin = (unsigned)(got / (ssize_t)sizeof(in[0]));
	const struct sock_filter *result = in;
	unsigned len = nin;
	if (shrink() == 0)
		result = out, len = nout;
	else
		fprintf(stderr, "bpf_ranges: program left as libseccomp made it (%u instructions)\n", nin);
	return fwrite(result, sizeof(result[0]), len, stdout) == len && fflush(stdout) == 0 ? 0 : 1;
}
