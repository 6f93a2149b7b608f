/* no_seccomp KERNEL COMMAND [ARG...]: runs COMMAND (scinit) under a seccomp
 * filter that makes this kernel look like one without what scinit needs, so
 * tests/t_hostile.sh can check that scinit then refuses to start the app
 * instead of running it unconfined. KERNEL is one of:
 *   none      seccomp(2) fails with ENOSYS, prctl(PR_SET_SECCOMP) with EINVAL:
 *             a kernel without CONFIG_SECCOMP_FILTER
 *   einval    seccomp(2) fails with EINVAL whatever is asked
 *   noload    the feature probes work, installing a filter fails (EINVAL)
 *   old       SECCOMP_GET_ACTION_AVAIL fails with EINVAL: before Linux 4.14
 *             there is no KILL_PROCESS and no LOG action
 *   nonotify  SECCOMP_GET_NOTIF_SIZES fails with EINVAL: no user notification
 * Everything else is allowed. Raw BPF, so it needs no library. */
#include <errno.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#define MAX_INSNS 32
#define ARG_LO(n) (offsetof(struct seccomp_data, args) + 8 * (n)) /* little-endian low half */

struct prog {
	struct sock_filter insn[MAX_INSNS];
	unsigned short n;
};

static void emit(struct prog *p, unsigned short code, unsigned char jt, unsigned char jf, unsigned k)
{
	p->insn[p->n++] = (struct sock_filter){ code, jt, jf, k };
}

static void load(struct prog *p, size_t offset)
{
	emit(p, BPF_LD | BPF_W | BPF_ABS, 0, 0, (unsigned)offset);
}

/* if (nr == prctl && arg0 == PR_SET_SECCOMP) return EINVAL */
static void fail_prctl(struct prog *p)
{
	load(p, offsetof(struct seccomp_data, nr));
	emit(p, BPF_JMP | BPF_JEQ | BPF_K, 0, 3, __NR_prctl);
	load(p, ARG_LO(0));
	emit(p, BPF_JMP | BPF_JEQ | BPF_K, 0, 1, PR_SET_SECCOMP);
	emit(p, BPF_RET | BPF_K, 0, 0, SECCOMP_RET_ERRNO | EINVAL);
}

/* if (nr == seccomp && (op < 0 || arg0 == op)) return err */
static void fail_seccomp(struct prog *p, int op, int err)
{
	load(p, offsetof(struct seccomp_data, nr));
	if (op < 0) {
		emit(p, BPF_JMP | BPF_JEQ | BPF_K, 0, 1, __NR_seccomp);
	} else {
		emit(p, BPF_JMP | BPF_JEQ | BPF_K, 0, 3, __NR_seccomp);
		load(p, ARG_LO(0));
		emit(p, BPF_JMP | BPF_JEQ | BPF_K, 0, 1, (unsigned)op);
	}
	emit(p, BPF_RET | BPF_K, 0, 0, SECCOMP_RET_ERRNO | (unsigned)err);
}

/* if (nr == seccomp && arg0 == SET_MODE_FILTER && arg2 != NULL) return EINVAL:
 * libseccomp's probe passes NULL and expects EFAULT, a real load fails. */
static void fail_load(struct prog *p)
{
	load(p, offsetof(struct seccomp_data, nr));
	emit(p, BPF_JMP | BPF_JEQ | BPF_K, 0, 5, __NR_seccomp);
	load(p, ARG_LO(0));
	emit(p, BPF_JMP | BPF_JEQ | BPF_K, 0, 3, SECCOMP_SET_MODE_FILTER);
	load(p, ARG_LO(2));
	emit(p, BPF_JMP | BPF_JEQ | BPF_K, 1, 0, 0);
	emit(p, BPF_RET | BPF_K, 0, 0, SECCOMP_RET_ERRNO | EINVAL);
}

static int build(struct prog *p, const char *kernel)
{
	load(p, offsetof(struct seccomp_data, arch));
	emit(p, BPF_JMP | BPF_JEQ | BPF_K, 1, 0, AUDIT_ARCH_X86_64);
	emit(p, BPF_RET | BPF_K, 0, 0, SECCOMP_RET_ALLOW);
	if (strcmp(kernel, "none") == 0) {
		fail_seccomp(p, -1, ENOSYS);
		fail_prctl(p);
	} else if (strcmp(kernel, "einval") == 0) {
		fail_seccomp(p, -1, EINVAL);
		fail_prctl(p);
	} else if (strcmp(kernel, "noload") == 0) {
		fail_load(p);
		fail_prctl(p);
	} else if (strcmp(kernel, "old") == 0) {
		fail_seccomp(p, SECCOMP_GET_ACTION_AVAIL, EINVAL);
	} else if (strcmp(kernel, "nonotify") == 0) {
		fail_seccomp(p, SECCOMP_GET_NOTIF_SIZES, EINVAL);
	} else {
		return -1;
	}
	emit(p, BPF_RET | BPF_K, 0, 0, SECCOMP_RET_ALLOW);
	return 0;
}

int main(int argc, char **argv)
{
	struct prog p = { .n = 0 };
	if (argc < 3 || build(&p, argv[1]) < 0) {
		fprintf(stderr, "usage: no_seccomp none|einval|noload|old|nonotify COMMAND [ARG...]\n");
		return 2;
	}
	struct sock_fprog fprog = { p.n, p.insn };
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0 || prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &fprog) < 0) {
		perror("no_seccomp: installing the filter");
		return 2;
	}
	execvp(argv[2], argv + 2);
	perror("no_seccomp: exec");
	return 2;
}
