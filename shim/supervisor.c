#include "supervisor.h"

#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/wait.h>
#include <unistd.h>

#include "app.h"
#include "error.h"

/* Faults are about scinit itself and must keep their default action. */
static void forwardable_signals(sigset_t *set)
{
	sigfillset(set);
	static const int synchronous[] = { SIGFPE, SIGILL, SIGSEGV, SIGBUS, SIGABRT, SIGTRAP, SIGSYS };
	for (size_t i = 0; i < sizeof(synchronous) / sizeof(synchronous[0]); i++)
		sigdelset(set, synchronous[i]);
}

static void warn(const char *what)
{
	struct scerr e;
	err_set(&e, "warning: %s: %s", what, strerror(errno));
	err_print(&e);
}

static int status_to_exit_code(int status)
{
	if (WIFEXITED(status))
		return WEXITSTATUS(status);
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return EXIT_SCINIT_FAILURE;
}

/* Reaps every child that has exited; returns true once the app has. */
static bool reap(pid_t app, int *app_status)
{
	bool app_done = false;
	for (;;) {
		int status;
		pid_t pid = waitpid(-1, &status, WNOHANG);
		if (pid <= 0) {
			if (pid < 0 && errno != ECHILD)
				warn("waitpid");
			return app_done;
		}
		if (pid == app) {
			*app_status = status;
			app_done = true;
		}
	}
}

int supervise(const struct sc_setup *setup, scmp_filter_ctx filter, char **command)
{
	sigset_t set, old;
	forwardable_signals(&set);
	if (sigprocmask(SIG_BLOCK, &set, &old) < 0)
		return warn("sigprocmask"), EXIT_SCINIT_FAILURE;
	int sfd = signalfd(-1, &set, SFD_CLOEXEC);
	if (sfd < 0)
		return warn("signalfd"), EXIT_SCINIT_FAILURE;
	/* Outside a PID namespace orphans would go to the real init; keep them. */
	if (getpid() != 1 && prctl(PR_SET_CHILD_SUBREAPER, 1) < 0)
		warn("cannot become a child subreaper");

	pid_t app = fork();
	if (app < 0)
		return warn("fork"), EXIT_SCINIT_FAILURE;
	if (app == 0) {
		sigprocmask(SIG_SETMASK, &old, NULL);
		_exit(app_exec(setup, filter, command));
	}
	seccomp_release(filter);

	int app_status = 0;
	for (;;) {
		struct signalfd_siginfo si;
		ssize_t n = read(sfd, &si, sizeof(si));
		if (n != (ssize_t)sizeof(si)) {
			if (n < 0 && errno != EINTR)
				warn("reading signals");
			continue;
		}
		if (si.ssi_signo == SIGCHLD) {
			if (reap(app, &app_status))
				return status_to_exit_code(app_status);
			continue;
		}
		if (kill(app, (int)si.ssi_signo) < 0 && errno != ESRCH)
			warn("forwarding a signal");
	}
}
