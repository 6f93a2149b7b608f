/* shim/bpf_answer.c: the answer of a program for a call whatever its
 * arguments, or "depends". Table-driven: programs libseccomp builds from
 * small profiles (as filter_prepare exports them), and hand-written ones
 * with what the walk must refuse to follow. */
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

static void check_answer(const char *name, const struct sock_fprog *prog, uint32_t arch, uint32_t nr, bool depends,
			 uint32_t want)
{
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

int main(void)
{
	seccomp_api_set(3); /* ASan builds run unconfined; no probe needed */
	from_profiles();
	for (size_t i = 0; i < UNIT_N(written); i++)
		check_answer(written[i].name, &written[i].prog, X86_64, written[i].nr, written[i].depends,
			     written[i].want);
	return unit_done();
}
