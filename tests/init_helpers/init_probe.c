/* A probe for tests/t_init.sh: does what an app (or an attacker) would try
 * against the supervisor, and prints what happened.
 *
 *   init_probe attach PID      PTRACE_SEIZE PID; "attached" or "denied: ..."
 *   init_probe mem PID         open /proc/PID/mem for writing; "opened" or "denied: ..."
 *   init_probe raise SIG       dies of signal SIG (shells ignore SIGQUIT)
 *   init_probe collect FILE    takes every signal 1..64 it can (32 to 34
 *                              too, which libcs keep for themselves), appends
 *                              its number to FILE, one a line; creates
 *                              FILE.ready once it waits; runs until SIGKILL
 *   init_probe inject PID NR   PID must be blocked in read(2) (scinit's loop):
 *                              makes it run syscall NR (x86_64 number) and says
 *                              "killed by signal N" or "survived: returned R"
 *
 * Exit status: 0 when the action succeeded, 1 when it was refused, 2 when the
 * probe itself could not run (bad arguments, unexpected state). */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/user.h>
#include <sys/wait.h>
#include <unistd.h>

static int broken(const char *what)
{
	printf("probe error: %s: %s\n", what, strerror(errno));
	return 2;
}

static int attach(pid_t pid)
{
	if (ptrace(PTRACE_SEIZE, pid, 0, 0) < 0) {
		printf("denied: %s\n", strerror(errno));
		return 1;
	}
	ptrace(PTRACE_DETACH, pid, 0, 0);
	puts("attached");
	return 0;
}

static int mem(pid_t pid)
{
	char path[64];
	snprintf(path, sizeof(path), "/proc/%d/mem", (int)pid);
	int fd = open(path, O_RDWR);
	if (fd < 0) {
		printf("denied: %s\n", strerror(errno));
		return 1;
	}
	close(fd);
	puts("opened");
	return 0;
}

static int wait_stop(pid_t pid, int *status)
{
	if (waitpid(pid, status, __WALL) != pid)
		return -1;
	return 0;
}

static int gone(int st)
{
	if (WIFSIGNALED(st))
		printf("killed by signal %d\n", WTERMSIG(st));
	else
		printf("exited %d\n", WEXITSTATUS(st));
	return 1;
}

/* Runs one syscall in the tracee, as if its own code had made it. The
 * tracee sits in read(), so the two bytes before its instruction pointer
 * are a syscall instruction: back up onto it with new registers, then put
 * the read back so it resumes as if nothing happened. */
static int inject(pid_t pid, long nr)
{
#if defined(__x86_64__)
	int st;
	if (ptrace(PTRACE_SEIZE, pid, 0, PTRACE_O_TRACESYSGOOD) < 0)
		return broken("PTRACE_SEIZE");
	if (ptrace(PTRACE_INTERRUPT, pid, 0, 0) < 0 || wait_stop(pid, &st) < 0 || !WIFSTOPPED(st))
		return broken("PTRACE_INTERRUPT");
	struct user_regs_struct saved, r;
	if (ptrace(PTRACE_GETREGS, pid, 0, &saved) < 0)
		return broken("PTRACE_GETREGS");
	long insn = ptrace(PTRACE_PEEKTEXT, pid, (void *)(saved.rip - 2), 0);
	if (saved.orig_rax != 0 || (insn & 0xffff) != 0x050f) {
		errno = EINVAL;
		return broken("the target is not blocked in read()");
	}
	r = saved;
	r.rip = saved.rip - 2;
	r.orig_rax = (unsigned long long)-1; /* no restart of the interrupted read */
	r.rax = (unsigned long long)nr;
	/* write(2, sp, 0) for the harmless case; -1 everywhere else, so that
	 * an unfiltered call fails instead of doing anything. */
	r.rdi = nr == 1 ? 2 : (unsigned long long)-1;
	r.rsi = nr == 1 ? saved.rsp : (unsigned long long)-1;
	r.rdx = 0;
	r.r10 = r.r8 = r.r9 = (unsigned long long)-1;
	if (ptrace(PTRACE_SETREGS, pid, 0, &r) < 0)
		return broken("PTRACE_SETREGS");
	/* To the syscall-entry stop, then past seccomp to the exit stop. A
	 * filter that kills skips the call and leaves a fatal SIGSYS pending,
	 * which only strikes on the way back to user space. */
	for (int stop = 0; stop < 2; stop++) {
		if (ptrace(PTRACE_SYSCALL, pid, 0, 0) < 0 || wait_stop(pid, &st) < 0)
			return broken("PTRACE_SYSCALL");
		if (!WIFSTOPPED(st))
			return gone(st);
	}
	if (ptrace(PTRACE_GETREGS, pid, 0, &r) < 0)
		return broken("PTRACE_GETREGS after the call");
	long long ret = (long long)r.rax;
	saved.rip -= 2; /* re-issue the interrupted read */
	saved.rax = saved.orig_rax;
	if (ptrace(PTRACE_SETREGS, pid, 0, &saved) < 0)
		return broken("restoring the target");
	/* Alive at the next syscall (the read again), or dead of SIGSYS. */
	if (ptrace(PTRACE_SYSCALL, pid, 0, 0) < 0 || wait_stop(pid, &st) < 0)
		return broken("PTRACE_SYSCALL");
	if (!WIFSTOPPED(st))
		return gone(st);
	if (ptrace(PTRACE_DETACH, pid, 0, 0) < 0)
		return broken("PTRACE_DETACH");
	printf("survived: returned %lld\n", ret);
	return 0;
#else
	(void)pid, (void)nr;
	errno = ENOSYS;
	return broken("inject is x86_64 only");
#endif
}

/* An app that dies of sig, whatever dispositions and mask it inherited. */
static int die_of(int sig)
{
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, sig);
	signal(sig, SIG_DFL);
	sigprocmask(SIG_UNBLOCK, &set, NULL);
	kill(getpid(), sig);
	return broken("still alive after kill");
}

/* The raw calls, with the kernel's 64-bit set: libc sigset functions refuse
 * the signals they reserve. */
static int collect(const char *file)
{
	uint64_t all = ~UINT64_C(0);
	if (syscall(SYS_rt_sigprocmask, SIG_BLOCK, &all, NULL, sizeof(all)) < 0)
		return broken("rt_sigprocmask");
	char ready[4096];
	snprintf(ready, sizeof(ready), "%s.ready", file);
	int fd = open(ready, O_WRONLY | O_CREAT, 0644);
	if (fd < 0)
		return broken("creating the ready file");
	close(fd);
	for (;;) {
		long sig = syscall(SYS_rt_sigtimedwait, &all, NULL, NULL, sizeof(all));
		if (sig < 0) {
			if (errno == EINTR)
				continue;
			return broken("rt_sigtimedwait");
		}
		FILE *f = fopen(file, "a");
		if (!f)
			return broken("opening the output file");
		fprintf(f, "%ld\n", sig);
		fclose(f);
	}
}

int main(int argc, char **argv)
{
	if (argc == 3 && strcmp(argv[1], "collect") == 0)
		return collect(argv[2]);
	if (argc == 3 && strcmp(argv[1], "raise") == 0)
		return die_of(atoi(argv[2]));
	if (argc < 3) {
		fputs("usage: init_probe attach|mem PID | inject PID NR | raise SIG | collect FILE\n", stderr);
		return 2;
	}
	pid_t pid = (pid_t)atoi(argv[2]);
	setvbuf(stdout, NULL, _IONBF, 0);
	if (strcmp(argv[1], "attach") == 0)
		return attach(pid);
	if (strcmp(argv[1], "mem") == 0)
		return mem(pid);
	if (strcmp(argv[1], "inject") == 0 && argc == 4)
		return inject(pid, atol(argv[3]));
	fputs("init_probe: unknown action\n", stderr);
	return 2;
}
