/* The kernel's share of start-up: `attach FILE PROGRAM [ARG...]` installs the
 * raw BPF program in FILE (no_new_privs first) and execs PROGRAM; with a
 * one-instruction FILE it times everything but the filter's size. */
#include <fcntl.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stdio.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	static struct sock_filter insns[BPF_MAXINSNS];
	int fd = argc > 2 ? open(argv[1], O_RDONLY) : -1;
	ssize_t n = fd < 0 ? -1 : read(fd, insns, sizeof(insns));
	if (n <= 0 || n % sizeof(insns[0])) {
		fprintf(stderr, "usage: attach FILE PROGRAM [ARG...] (FILE: a raw BPF program)\n");
		return 2;
	}
	struct sock_fprog prog = { (unsigned short)(n / sizeof(insns[0])), insns };
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0 || syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog) < 0) {
		perror("attach");
		return 2;
	}
	execv(argv[2], argv + 2);
	perror("attach: execv");
	return 127;
}
