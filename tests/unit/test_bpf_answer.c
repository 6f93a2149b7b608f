/* shim/bpf_answer.c: the answer of a program for a call whatever its
 * arguments, or "depends"; and bpf_run, the answer for one call with its
 * arguments. Table-driven: programs libseccomp builds from small profiles
 * (as filter_prepare exports them), and hand-written ones with what the walk
 * must refuse to follow. Wherever the walk gives a fixed answer, bpf_run
 * must give the same for any arguments. */
#include <linux/audit.h>
#include <linux/seccomp.h>
#include <seccomp.h>
#include <stdio.h>
#include <sys/syscall.h>

#include "filter/bpf_answer.h"
#include "unit.h"
#include "unit_filter.h"

#define X86_64 AUDIT_ARCH_X86_64
#define RET_ERRNO(e) (SECCOMP_RET_ERRNO | (e))

/* "depends", or the return in hex. */
static void answer_text(const struct sock_fprog *prog, uint32_t arch, uint32_t nr, char *buf, size_t len)
{
	uint32_t ret;
	if (bpf_fixed_answer(prog, arch, nr, &ret))
		snprintf(buf, len, "0x%08x", ret);
	else
		snprintf(buf, len, "depends");
}

/* bpf_run agrees with a fixed answer for a few argument sets. */
static void check_run_agrees(const char *name, const struct sock_fprog *prog, uint32_t arch, uint32_t nr)
{
	uint32_t fixed;
	if (!bpf_fixed_answer(prog, arch, nr, &fixed))
		return;
	static const uint64_t args[] = { 0, 3, 0xffffffff, 0x100000003ULL, ~0ULL };
	for (size_t i = 0; i < UNIT_N(args); i++) {
		struct seccomp_data d = { .nr = (int)nr, .arch = arch, .args = { args[i], args[i], args[i], args[i] } };
		char got[16], want[16], row[160];
		snprintf(want, sizeof(want), "0x%08x", fixed);
		snprintf(got, sizeof(got), "0x%08x", bpf_run(prog, &d));
		snprintf(row, sizeof(row), "bpf_run as the walk: %s, args 0x%llx", name, (unsigned long long)args[i]);
		unit_result(strcmp(got, want) == 0, row, want, got);
	}
}

static void check_answer(const char *name, const struct sock_fprog *prog, uint32_t arch, uint32_t nr, bool depends,
			 uint32_t want)
{
	check_run_agrees(name, prog, arch, nr);
	char got[16], w[16];
	if (depends)
		snprintf(w, sizeof(w), "depends");
	else
		snprintf(w, sizeof(w), "0x%08x", want);
	answer_text(prog, arch, nr, got, sizeof(got));
	unit_result(strcmp(got, w) == 0, name, w, got);
}

static const struct {
	const char *name, *profile;
	uint32_t arch;
	int nr;
	bool depends;
	uint32_t want;
} built[] = {
	{ "allowed by default", "[profile]\ndefault = allow\n", X86_64, __NR_read, false, SECCOMP_RET_ALLOW },
	{ "denied by [deny]", "[profile]\ndefault = allow\n[deny]\nsyscalls = read\n", X86_64, __NR_read, false,
	  RET_ERRNO(1) },
	{ "another syscall of that profile", "[profile]\ndefault = allow\n[deny]\nsyscalls = read\n", X86_64,
	  __NR_getppid, false, SECCOMP_RET_ALLOW },
	{ "the default action", "[profile]\ndefault = errno:ENOSYS\n[allow]\nsyscalls = write execve\n", X86_64, __NR_read,
	  false, RET_ERRNO(38) },
	{ "listed in [allow]", "[profile]\ndefault = errno:ENOSYS\n[allow]\nsyscalls = read getppid execve\n", X86_64,
	  __NR_getppid, false, SECCOMP_RET_ALLOW },
	{ "a rule on an argument", "[profile]\ndefault = allow\n[rules]\nread = errno:EPERM if arg0 == 3\n", X86_64,
	  __NR_read, true, 0 },
	{ "a masked rule on an argument", "[profile]\ndefault = allow\n[rules]\nread = errno:EPERM if arg2 & 1 == 1\n",
	  X86_64, __NR_read, true, 0 },
	{ "an arch the filter lacks", "[profile]\ndefault = allow\narch = native\n", AUDIT_ARCH_AARCH64, __NR_read,
	  false, SECCOMP_RET_KILL_PROCESS },
};

static void from_profiles(void)
{
	for (size_t i = 0; i < UNIT_N(built); i++) {
		struct sc_profile p;
		struct scerr e;
		struct sc_filter f;
		int rc = unit_prepare(built[i].profile, &p, &f, &e);
		if (rc < 0) {
			unit_accepted(built[i].name, rc, &e);
		} else {
			check_answer(built[i].name, &f.prog, built[i].arch, (uint32_t)built[i].nr, built[i].depends,
				     built[i].want);
			filter_release(&f);
		}
		profile_free(&p);
	}
}

#define LD(off) BPF_STMT(BPF_LD | BPF_W | BPF_ABS, (off))
#define RET(k) BPF_STMT(BPF_RET | BPF_K, (k))
static const struct sock_filter uses_x[] = { LD(0), BPF_STMT(BPF_MISC | BPF_TAX, 0), RET(SECCOMP_RET_ALLOW) };
static const struct sock_filter jumps_on_x[] = { LD(0), BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_X, 0, 0, 1),
						 RET(SECCOMP_RET_ALLOW), RET(SECCOMP_RET_KILL) };
static const struct sock_filter reads_ip[] = { LD(8), RET(SECCOMP_RET_ALLOW) };
static const struct sock_filter masks[] = { LD(0), BPF_STMT(BPF_ALU | BPF_AND | BPF_K, 0xff),
					    BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0, 0, 1), RET(SECCOMP_RET_ALLOW),
					    RET(SECCOMP_RET_KILL) };
static const struct sock_filter skips[] = { BPF_STMT(BPF_JMP | BPF_JA, 1), RET(SECCOMP_RET_KILL),
					    RET(SECCOMP_RET_TRAP) };
static const struct sock_filter runs_off[] = { LD(0), BPF_STMT(BPF_JMP | BPF_JA, 5) };
static const struct sock_filter unloaded[] = { BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0, 0, 1), RET(SECCOMP_RET_ALLOW),
					       RET(SECCOMP_RET_KILL) };

#define PROG(a) { UNIT_N(a), (struct sock_filter *)(a) }
static const struct {
	const char *name;
	struct sock_fprog prog;
	uint32_t nr;
	bool depends;
	uint32_t want;
} written[] = {
	{ "the X register", PROG(uses_x), 0, true, 0 },
	{ "a jump on X", PROG(jumps_on_x), 0, true, 0 },
	{ "the instruction pointer", PROG(reads_ip), 0, true, 0 },
	{ "and on the number (0x100 & 0xff == 0)", PROG(masks), 0x100, false, SECCOMP_RET_ALLOW },
	{ "and on the number (1 & 0xff != 0)", PROG(masks), 1, false, SECCOMP_RET_KILL },
	{ "ja", PROG(skips), 0, false, SECCOMP_RET_TRAP },
	{ "a jump past the end", PROG(runs_off), 0, true, 0 },
	{ "a comparison before any load", PROG(unloaded), 0, true, 0 },
};

/* bpf_run on calls whose answer depends on the arguments. */
static const struct {
	const char *name, *profile;
	int nr;
	uint64_t arg0, arg2;
	uint32_t want;
} with_args[] = {
	{ "arg0 == 3, given 3", "[profile]\ndefault = allow\n[rules]\nread = errno:EPERM if arg0 == 3\n", __NR_read, 3, 0,
	  RET_ERRNO(1) },
	{ "arg0 == 3, given 4", "[profile]\ndefault = allow\n[rules]\nread = errno:EPERM if arg0 == 3\n", __NR_read, 4, 0,
	  SECCOMP_RET_ALLOW },
	{ "read's unsigned int fd: the low half decides",
	  "[profile]\ndefault = allow\n[rules]\nread = errno:EPERM if arg0 == 3\n", __NR_read, 0x100000003ULL, 0,
	  RET_ERRNO(1) },
	{ "munmap's unsigned long addr: all 64 bits decide",
	  "[profile]\ndefault = allow\n[rules]\nmunmap = errno:EPERM if arg0 == 3\n", __NR_munmap, 0x100000003ULL, 0,
	  SECCOMP_RET_ALLOW },
	{ "socket's int family: low half decides",
	  "[profile]\ndefault = allow\n[rules]\nsocket = errno:EPERM if arg0 == 40\n", __NR_socket, 0x100000028ULL, 0,
	  RET_ERRNO(1) },
	{ "arg2 & 1 == 1, given 3", "[profile]\ndefault = allow\n[rules]\nread = errno:EACCES if arg2 & 1 == 1\n",
	  __NR_read, 0, 3, RET_ERRNO(13) },
	{ "arg2 & 1 == 1, given 2", "[profile]\ndefault = allow\n[rules]\nread = errno:EACCES if arg2 & 1 == 1\n",
	  __NR_read, 0, 2, SECCOMP_RET_ALLOW },
	{ "a range (ioctl arg1 in 5..9), given 0", "[profile]\ndefault = allow\n[rules]\nioctl = errno:EPERM if arg1 in 5..9\n", __NR_ioctl, 0,
	  0, SECCOMP_RET_ALLOW },
};

static void run_with_args(void)
{
	for (size_t i = 0; i < UNIT_N(with_args); i++) {
		struct sc_profile p;
		struct scerr e;
		struct sc_filter f;
		int rc = unit_prepare(with_args[i].profile, &p, &f, &e);
		if (rc < 0) {
			unit_accepted(with_args[i].name, rc, &e);
		} else {
			struct seccomp_data d = { .nr = with_args[i].nr, .arch = X86_64,
						  .args = { with_args[i].arg0, 0, with_args[i].arg2 } };
			char got[16], want[16];
			snprintf(want, sizeof(want), "0x%08x", with_args[i].want);
			snprintf(got, sizeof(got), "0x%08x", bpf_run(&f.prog, &d));
			unit_result(strcmp(got, want) == 0, with_args[i].name, want, got);
			filter_release(&f);
		}
		profile_free(&p);
	}
}

static const struct sock_filter scratch[] = { LD(0), BPF_STMT(BPF_ST, 3), BPF_STMT(BPF_LD | BPF_IMM, 7),
					      BPF_STMT(BPF_LDX | BPF_MEM, 3), BPF_STMT(BPF_MISC | BPF_TXA, 0),
					      BPF_STMT(BPF_ALU | BPF_ADD | BPF_K, SECCOMP_RET_ERRNO),
					      BPF_STMT(BPF_RET | BPF_A, 0) };
static const struct sock_filter divides_by_zero[] = { BPF_STMT(BPF_ALU | BPF_DIV | BPF_X, 0), RET(SECCOMP_RET_ALLOW) };
static const struct sock_filter loads_past_data[] = { LD(64), RET(SECCOMP_RET_ALLOW) };
static const struct sock_filter high_half[] = { LD(20), BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 1, 0, 1),
						RET(SECCOMP_RET_ERRNO | 5), RET(SECCOMP_RET_ALLOW) };

static const struct {
	const char *name;
	struct sock_fprog prog;
	uint32_t nr;
	uint64_t arg0;
	uint32_t want;
} run_written[] = {
	{ "run: scratch memory, X and a return of A", PROG(scratch), 9, 0, SECCOMP_RET_ERRNO | 9 },
	{ "run: a division by zero kills", PROG(divides_by_zero), 0, 0, SECCOMP_RET_KILL_PROCESS },
	{ "run: a load past seccomp_data kills", PROG(loads_past_data), 0, 0, SECCOMP_RET_KILL_PROCESS },
	{ "run: a jump past the end kills", PROG(runs_off), 0, 0, SECCOMP_RET_KILL_PROCESS },
	{ "run: arg0's high half (offset 20)", PROG(high_half), 0, 1ULL << 32, SECCOMP_RET_ERRNO | 5 },
	{ "run: arg0's high half, low set only", PROG(high_half), 0, 1, SECCOMP_RET_ALLOW },
	{ "run: a jump on X (X is 0)", PROG(jumps_on_x), 0, 0, SECCOMP_RET_ALLOW },
};

int main(void)
{
	seccomp_api_set(3); /* ASan builds run unconfined; no probe needed */
	from_profiles();
	run_with_args();
	for (size_t i = 0; i < UNIT_N(run_written); i++) {
		struct seccomp_data d = { .nr = (int)run_written[i].nr, .arch = X86_64, .args = { run_written[i].arg0 } };
		char got[16], want[16];
		snprintf(want, sizeof(want), "0x%08x", run_written[i].want);
		snprintf(got, sizeof(got), "0x%08x", bpf_run(&run_written[i].prog, &d));
		unit_result(strcmp(got, want) == 0, run_written[i].name, want, got);
	}
	for (size_t i = 0; i < UNIT_N(written); i++)
		check_answer(written[i].name, &written[i].prog, X86_64, written[i].nr, written[i].depends,
			     written[i].want);
	return unit_done();
}
