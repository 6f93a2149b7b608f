#include "filter/bpf_answer.h"

#include <linux/seccomp.h>
#include <stddef.h>

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
