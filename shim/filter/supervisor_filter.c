#include "filter/supervisor_filter.h"

#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "common/arch.h"
#include "filter/filter.h"

static int allow(scmp_filter_ctx f, int nr)
{
	return seccomp_rule_add(f, SCMP_ACT_ALLOW, nr, 0);
}

static int allow_fd(scmp_filter_ctx f, int nr, int fd)
{
	struct scmp_arg_cmp is_fd = { .arg = 0, .op = SCMP_CMP_EQ, .datum_a = (scmp_datum_t)fd, .datum_b = 0 };
	return seccomp_rule_add_array(f, SCMP_ACT_ALLOW, nr, 1, &is_fd);
}

/* Exactly what the loop in supervisor.c does once the app runs, and the exit
 * path of musl's exit(). munmap and madvise are for free(): libseccomp frees
 * its BPF program after loading it, and musl's malloc hands whole free pages
 * back; both only give memory away. rt_sigreturn is left out on purpose: no
 * handler ever runs (signals arrive through signalfd) and it is the classic
 * gadget for taking over a process. restart_syscall only resumes an
 * interrupted call. setitimer times -g's grace (the SIGALRM comes through
 * the signalfd). ioctl is only the terminal's foreground group on stdin
 * (a stopped job resuming). Anything else (execve, open, ptrace, process_vm_*,
 * socket, mmap, mprotect) kills the supervisor: as PID 1 that ends the
 * container, the right outcome for a supervisor that has been taken over. */
int supervisor_filter_build(int signal_fd, int go_fd, scmp_filter_ctx *out, struct scerr *e)
{
	scmp_filter_ctx f = seccomp_init(SCMP_ACT_KILL_PROCESS);
	if (!f)
		return err_set(e, "cannot create the supervisor's seccomp filter (libseccomp)");
	static const uint32_t native = SC_ARCH_NATIVE;
	int rc = filter_arches(f, &native, 1);
	if (rc == 0)
		rc = seccomp_attr_set(f, SCMP_FLTATR_ACT_BADARCH, SCMP_ACT_KILL_PROCESS);
	/* A binary tree: on attach the kernel walks the program once for each
	 * syscall number (its action cache), about 7 µs less than a chain. */
	if (rc == 0)
		rc = seccomp_attr_set(f, SCMP_FLTATR_CTL_OPTIMIZE, 2);
	if (rc == 0) /* the kernel's errno rather than libseccomp's -ECANCELED */
		rc = seccomp_attr_set(f, SCMP_FLTATR_API_SYSRAWRC, 1);
	static const int plain[] = { SCMP_SYS(wait4), SCMP_SYS(waitid), SCMP_SYS(kill), SCMP_SYS(exit),
				     SCMP_SYS(exit_group), SCMP_SYS(restart_syscall), SCMP_SYS(munmap),
				     SCMP_SYS(madvise), SCMP_SYS(setitimer) };
	for (size_t i = 0; rc == 0 && i < sizeof(plain) / sizeof(plain[0]); i++)
		rc = allow(f, plain[i]);
	if (rc == 0)
		rc = allow_fd(f, SCMP_SYS(read), signal_fd);
	if (rc == 0)
		rc = allow_fd(f, SCMP_SYS(write), STDERR_FILENO);
	if (rc == 0)
		rc = allow_fd(f, SCMP_SYS(close), go_fd);
	/* A job of an interactive shell: reads and hands on the terminal's
	 * foreground when it resumes after the app stopped. */
	for (size_t i = 0; rc == 0 && i < 2; i++) {
		struct scmp_arg_cmp on_stdin[] = {
			{ .arg = 0, .op = SCMP_CMP_EQ, .datum_a = STDIN_FILENO, .datum_b = 0 },
			{ .arg = 1, .op = SCMP_CMP_EQ, .datum_a = i ? TIOCSPGRP : TIOCGPGRP, .datum_b = 0 },
		};
		rc = seccomp_rule_add_array(f, SCMP_ACT_ALLOW, SCMP_SYS(ioctl), 2, on_stdin);
	}
	if (rc < 0) {
		seccomp_release(f);
		return err_set(e, "cannot build the supervisor's seccomp filter: %s", strerror(-rc));
	}
	*out = f;
	return 0;
}
