/* Per-syscall cost: `loop [-f] CASE N` makes N calls of CASE and prints the
 * nanoseconds per call. -f installs a one-instruction allow-all filter first:
 * the floor that any seccomp filter costs.
 *   getpid       allowed whatever the arguments (the action cache can skip it)
 *   personality  allowed by an argument check (personality(0xffffffff) only
 *                reads the persona)
 *   setns        denied with EPERM by scinit's default ([deny]); without a
 *                filter setns(-1) fails with EBADF at once
 *   nosys        a number no kernel has: the filter's default action;
 *                without a filter the kernel's ENOSYS */
#include <errno.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define NOSYS_NR 1000 /* far above any x86_64 syscall */

static int allow_all(void)
{
	struct sock_filter insn = BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW);
	struct sock_fprog prog = { 1, &insn };
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		return -1;
	return (int)syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog);
}

static long call(int which)
{
	switch (which) {
	case 0: return syscall(SYS_getpid);
	case 1: return syscall(SYS_personality, 0xffffffffUL);
	case 2: return syscall(SYS_setns, -1, 0);
	default: return syscall(NOSYS_NR);
	}
}

/* Calls that must give the same answer with and without a filter: a filter
 * that killed or refused them would make the figure meaningless. */
static int check(int which, long rc)
{
	switch (which) {
	case 0: return rc == getpid();
	case 1: return rc >= 0;
	case 2: return rc < 0 && (errno == EPERM || errno == EBADF);
	default: return rc < 0 && errno == ENOSYS;
	}
}

int main(int argc, char **argv)
{
	static const char *const names[] = { "getpid", "personality", "setns", "nosys" };
	int i = 1;
	if (argc > 1 && strcmp(argv[1], "-f") == 0) {
		if (allow_all() < 0) {
			perror("loop: seccomp");
			return 2;
		}
		i++;
	}
	if (argc != i + 2) {
		fprintf(stderr, "usage: loop [-f] getpid|personality|setns|nosys N\n");
		return 2;
	}
	int which = 0;
	while (which < 4 && strcmp(names[which], argv[i]) != 0)
		which++;
	long n = atol(argv[i + 1]);
	if (which == 4 || n <= 0) {
		fprintf(stderr, "loop: bad case or count\n");
		return 2;
	}
	if (!check(which, call(which))) {
		fprintf(stderr, "loop: %s does not behave as expected here: %s\n", argv[i], strerror(errno));
		return 3;
	}
	struct timespec a, b;
	clock_gettime(CLOCK_MONOTONIC, &a);
	for (long k = 0; k < n; k++)
		call(which);
	clock_gettime(CLOCK_MONOTONIC, &b);
	double ns = (double)(b.tv_sec - a.tv_sec) * 1e9 + (double)(b.tv_nsec - a.tv_nsec);
	printf("%.2f\n", ns / (double)n);
	return 0;
}
