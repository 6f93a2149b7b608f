#include "filter/bpf_answer.h"

#include <linux/seccomp.h>
#include <stddef.h>
#include <string.h>

static bool jump_taken(uint16_t code, uint32_t a, uint32_t k, bool *taken)
{
	switch (BPF_OP(code)) {
	case BPF_JEQ: *taken = a == k; return true;
	case BPF_JGT: *taken = a > k; return true;
	case BPF_JGE: *taken = a >= k; return true;
	case BPF_JSET: *taken = (a & k) != 0; return true;
	default: return false;
	}
}

bool bpf_fixed_answer(const struct sock_fprog *prog, uint32_t arch, uint32_t nr, uint32_t *ret)
{
	uint32_t a = 0;
	bool loaded = false;
	/* Classic BPF jumps only forward, so the walk ends. */
	for (unsigned pc = 0; pc < prog->len;) {
		const struct sock_filter *f = &prog->filter[pc];
		bool taken;
		if (f->code == (BPF_RET | BPF_K)) {
			*ret = f->k;
			return true;
		} else if (f->code == (BPF_LD | BPF_W | BPF_ABS) && f->k == offsetof(struct seccomp_data, nr)) {
			a = nr, loaded = true, pc++;
		} else if (f->code == (BPF_LD | BPF_W | BPF_ABS) && f->k == offsetof(struct seccomp_data, arch)) {
			a = arch, loaded = true, pc++;
		} else if (f->code == (BPF_ALU | BPF_AND | BPF_K) && loaded) {
			a &= f->k, pc++;
		} else if (f->code == (BPF_JMP | BPF_JA)) {
			pc += 1 + f->k;
		} else if (BPF_CLASS(f->code) == BPF_JMP && BPF_SRC(f->code) == BPF_K && loaded &&
			   jump_taken(f->code, a, f->k, &taken)) {
			pc += 1 + (taken ? f->jt : f->jf);
		} else {
			return false; /* an argument, or what the walk does not follow */
		}
	}
	return false;
}

static bool alu(uint16_t op, uint32_t *a, uint32_t v)
{
	switch (op) {
	case BPF_ADD: *a += v; return true;
	case BPF_SUB: *a -= v; return true;
	case BPF_MUL: *a *= v; return true;
	case BPF_DIV: if (!v) return false; *a /= v; return true;
	case BPF_MOD: if (!v) return false; *a %= v; return true;
	case BPF_AND: *a &= v; return true;
	case BPF_OR: *a |= v; return true;
	case BPF_XOR: *a ^= v; return true;
	case BPF_LSH: *a = v < 32 ? *a << v : 0; return true;
	case BPF_RSH: *a = v < 32 ? *a >> v : 0; return true;
	case BPF_NEG: *a = -*a; return true;
	default: return false;
	}
}

/* A load into A (LD) or X (LDX); only A may load from seccomp_data. */
static bool load(const struct sock_filter *f, const struct seccomp_data *d, const uint32_t *mem, uint32_t *to)
{
	uint32_t k = f->k;
	switch (BPF_MODE(f->code)) {
	case BPF_ABS:
		if (BPF_CLASS(f->code) != BPF_LD || BPF_SIZE(f->code) != BPF_W || k % 4 || k > sizeof(*d) - 4)
			return false;
		memcpy(to, (const char *)d + k, 4);
		return true;
	case BPF_IMM: *to = k; return true;
	case BPF_MEM: return k < BPF_MEMWORDS && (*to = mem[k], true);
	case BPF_LEN: *to = sizeof(*d); return true;
	default: return false;
	}
}

uint32_t bpf_run(const struct sock_fprog *prog, const struct seccomp_data *d)
{
	uint32_t a = 0, x = 0, mem[BPF_MEMWORDS] = { 0 };
	for (unsigned pc = 0; pc < prog->len; pc++) {
		const struct sock_filter *f = &prog->filter[pc];
		uint32_t k = f->k, src = BPF_SRC(f->code) == BPF_X ? x : k;
		bool taken;
		switch (BPF_CLASS(f->code)) {
		case BPF_LD:
		case BPF_LDX:
			if (!load(f, d, mem, BPF_CLASS(f->code) == BPF_LD ? &a : &x))
				return SECCOMP_RET_KILL_PROCESS;
			break;
		case BPF_ST:
		case BPF_STX:
			if (k >= BPF_MEMWORDS)
				return SECCOMP_RET_KILL_PROCESS;
			mem[k] = BPF_CLASS(f->code) == BPF_ST ? a : x;
			break;
		case BPF_ALU:
			if (!alu(BPF_OP(f->code), &a, src))
				return SECCOMP_RET_KILL_PROCESS;
			break;
		case BPF_JMP:
			if (BPF_OP(f->code) == BPF_JA)
				pc += k;
			else if (jump_taken(f->code, a, src, &taken))
				pc += taken ? f->jt : f->jf;
			else
				return SECCOMP_RET_KILL_PROCESS;
			break;
		case BPF_RET:
			return BPF_RVAL(f->code) == BPF_A ? a : k;
		case BPF_MISC:
			if (BPF_MISCOP(f->code) == BPF_TAX)
				x = a;
			else
				a = x;
			break;
		}
	}
	return SECCOMP_RET_KILL_PROCESS;
}
