#include "init/supervisor.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/seccomp.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/ioctl.h>
#include <sys/signalfd.h>
#include <sys/time.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common/arch.h"
#include "common/error.h"
#include "common/one_thread.h"
#include "filter/bpf_answer.h"
#include "init/app.h"
#include "init/learn.h"
#include "init/resident.h"
#include "init/supervisor_confine.h"
#include "init/terminal.h"

/* The kernel's signal set: musl's sigset_t functions leave out 32 to 34,
 * which it reserves for itself, and its sigprocmask reports them unblocked,
 * so the set is built and applied with the raw calls. */
typedef uint64_t ksigset;
#define KSIG(s) ((ksigset)1 << ((s) - 1))

/* Every signal the supervisor reads through its signalfd rather than letting
 * its default action run: all of them, because any default action that ends
 * or stops the supervisor leaves the app unsupervised (an unblocked 34 ended
 * it). A real fault is still fatal: the kernel unblocks a synchronous fault
 * it raises. SIGTTIN and SIGTTOU are ignored instead (see touched[]), since
 * they are about scinit's own terminal I/O (tini does the same). */
static ksigset supervised_signals(void)
{
	return ~(ksigset)0 & ~(KSIG(SIGTTIN) | KSIG(SIGTTOU) | KSIG(SIGKILL) | KSIG(SIGSTOP));
}

/* Dispositions scinit changes for itself and gives back to the app. */
static const int touched[] = { SIGTTIN, SIGTTOU, SIGCHLD };
#define NTOUCHED (sizeof(touched) / sizeof(touched[0]))

/* What both sides of the fork need. */
struct plan {
	const struct sc_filter_spec *spec;
	struct sc_filter *app_filter; /* NULL: the child prepares it from spec */
	struct own_filter own_filter;
	char **command;
	ksigset app_mask;
	struct sigaction app_actions[NTOUCHED];
	bool terminal;
	bool follow_stops; /* a job of an interactive shell: stop when the app stops */
	pid_t own_pgrp;
	bool learning; /* learn mode: the supervisor also answers the app's listener */
	pid_t self;
	int sfd;
	int go[2]; /* closed by the supervisor once it is confined */
};

/* Everything the supervisor does that can fail happens here, before fork: a
 * failure is still scinit's own (125) and nothing has run. */
static int prepare(struct plan *p, struct scerr *e)
{
	ksigset set = supervised_signals();
	if (syscall(SYS_rt_sigprocmask, SIG_BLOCK, &set, &p->app_mask, sizeof(set)) < 0)
		return err_set(e, "cannot block signals: %s", strerror(errno));
	p->sfd = (int)syscall(SYS_signalfd4, -1, &set, sizeof(set), SFD_CLOEXEC);
	if (p->sfd < 0)
		return err_set(e, "cannot create a signalfd: %s", strerror(errno));
	if (pipe2(p->go, O_CLOEXEC) < 0)
		return err_set(e, "cannot create a pipe: %s", strerror(errno));
	/* SIGCHLD: an inherited SIG_IGN would auto-reap the app and hide its
	 * status. SIGTTOU: the app's tcsetpgrp and scinit's warnings must not
	 * stop anyone. */
	for (size_t i = 0; i < NTOUCHED; i++) {
		struct sigaction sa = { .sa_handler = touched[i] == SIGCHLD ? SIG_DFL : SIG_IGN };
		if (sigaction(touched[i], &sa, &p->app_actions[i]) < 0)
			return err_set(e, "cannot set up signal %d: %s", touched[i], strerror(errno));
	}
	p->self = getpid();
	/* Outside a PID namespace orphans would go to the real init; keep them. */
	if (p->self != 1 && prctl(PR_SET_CHILD_SUBREAPER, 1) < 0)
		err_warn("cannot become a child subreaper: %s", strerror(errno));
	p->terminal = terminal_is_ours();
	/* As PID 1 scinit cannot stop itself (the kernel drops the SIGSTOP),
	 * and no shell waits for it. */
	p->follow_stops = p->terminal && p->self != 1;
	p->own_pgrp = getpgrp();
	if (confine_prepare(p->sfd, p->go[1], p->learning, &p->own_filter, e) < 0)
		return -1;
	return p->learning ? learn_confine(p->own_filter.ctx, e) : 0;
}

/* The calls the app's side makes under the app's filter when it installs
 * the filter before the supervisor is confined: read on the pipe and getppid
 * (the pipe closes on exec). Only a filter that lets both through whatever
 * their arguments can go in that early; a denied read would end the start. */
static bool can_wait_under(const struct sc_filter *f)
{
	uint32_t read_ret, getppid_ret;
	return f->prog.filter && bpf_fixed_answer(&f->prog, SC_ARCH_NATIVE, __NR_read, &read_ret) &&
	       bpf_fixed_answer(&f->prog, SC_ARCH_NATIVE, __NR_getppid, &getppid_ret) &&
	       read_ret == SECCOMP_RET_ALLOW && getppid_ret == SECCOMP_RET_ALLOW;
}

/* Gives the app the signal dispositions and mask scinit started with. */
static void restore_signals(const struct plan *p)
{
	for (size_t i = 0; i < NTOUCHED; i++)
		sigaction(touched[i], &p->app_actions[i], NULL);
	syscall(SYS_rt_sigprocmask, SIG_SETMASK, &p->app_mask, NULL, sizeof(p->app_mask));
}

/* EOF on the pipe means "go", but so would the supervisor dying, hence the
 * parent check. */
static bool supervisor_confined(const struct plan *p)
{
	char c;
	ssize_t n;
	while ((n = read(p->go[0], &c, 1)) < 0 && errno == EINTR)
		;
	return n == 0 && getppid() == p->self;
}

/* The app's side of the fork. It builds the app's filter while the
 * supervisor confines itself (a failure is scinit's 125, which the
 * supervisor passes on), and execs the app only once the supervisor is
 * confined, so the app never runs next to an unconfined PID 1. When the
 * filter lets the wait through, setup and filter come before the wait, in
 * parallel with the supervisor's own. */
static int run_app(const struct plan *p)
{
	close(p->go[1]);
	close(p->sfd);
	terminal_isolate(p->terminal);
	struct sc_filter built;
	const struct sc_filter *filter = p->app_filter;
	const struct sc_setup *setup = &p->spec->profile->setup;
	struct scerr e;
	if (!filter) {
		if (filter_prepare(p->spec, &built, &e) < 0) {
			err_print(&e);
			return EXIT_SCINIT_FAILURE;
		}
		filter = &built;
	}
	/* Learn mode and the report hand the listener over once the filter is
	 * in, and the supervisor confines itself only once it has the
	 * listener: there the wait can only come after the filter. A filter
	 * that would hold the wait itself (read or getppid sent to the
	 * supervisor) is not waited under: the app's first call that the
	 * starting profile does not let run (execve, from an empty profile)
	 * waits instead, for an answer only the confined supervisor gives. */
	bool early = can_wait_under(filter);
	bool waits = early || !p->learning;
	bool early_failed = false;
	if (early) {
		restore_signals(p);
		early_failed = app_confine(setup, filter, &e) < 0;
	}
	if (waits && !supervisor_confined(p)) {
		err_print(&(struct scerr){ "the supervisor could not confine itself; the app was not started" });
		return EXIT_SCINIT_FAILURE;
	}
	/* Said only once the supervisor is confined: had it failed too (a
	 * kernel that takes no filter), it would have ended this process and
	 * said why, and a failed start gets one line. */
	if (early_failed) {
		err_print(&e);
		return EXIT_SCINIT_FAILURE;
	}
	if (early)
		return app_run(p->command);
	close(p->go[0]);
	restore_signals(p);
	return app_exec(setup, filter, p->command);
}

RESIDENT_CODE static int exit_code_of(int status)
{
	if (WIFEXITED(status))
		return WEXITSTATUS(status);
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return EXIT_SCINIT_FAILURE;
}

struct supervision {
	pid_t app;
	bool app_running;
	bool app_stopped;
	bool warn_on_reap;
	bool verbose;  /* -vv: each child reaped and signal forwarded */
	bool leftovers_told, draining; /* -g, once the app has exited: see end_leftovers */
	int app_status;
	int wait_flags;
};

/* Reaps every child that has exited, the app and orphans alike. Returns
 * whether any child is left. */
RESIDENT_CODE static bool reap(struct supervision *s)
{
	for (;;) {
		int status;
		long pid = arch_syscall(SYS_wait4, -1, (long)&status, s->wait_flags, 0);
		if (pid == 0)
			return true;
		if (pid < 0) {
			if (pid == -ECHILD)
				return false;
			err_warn("waitpid: %s", strerror((int)-pid));
			return true;
		}
		if (WIFSTOPPED(status)) {
			s->app_stopped |= pid == s->app;
			continue;
		}
		if (s->verbose)
			err_note("reaped process %ld, status %d", pid, exit_code_of(status));
		if (pid == s->app) {
			s->app_status = status;
			s->app_running = false;
		} else if (s->warn_on_reap) {
			err_warn("reaped zombie process with pid %ld", pid);
		}
	}
}

/* Once the app is reaped its PID may be reused, but not its process group
 * ID while any member is left: after the app is gone (--wait-all) the group is the
 * only safe target. */
RESIDENT_CODE static void forward(const struct supervision *s, const struct init_options *io, int sig)
{
	pid_t target = io->process_group || !s->app_running ? -s->app : s->app;
	if (s->verbose)
		err_note("forwarding signal %d to %d", sig, target);
	long rc = arch_syscall(SYS_kill, target, sig, 0, 0);
	if (rc < 0 && rc != -ESRCH)
		err_warn("cannot forward signal %d: %s", sig, strerror((int)-rc));
}

/* -g, once the app has exited (dumb-init #22, tini #236): what is left of
 * its group gets SIGTERM and the grace to finish, then SIGKILL
 * (grace_over); a grace of 0 is SIGKILL at once, and --wait-all without a
 * grace waits as long as they take. Returns whether any are left to wait
 * for. */
RESIDENT_CODE static bool end_leftovers(struct supervision *s, const struct init_options *io)
{
	s->leftovers_told = true;
	int sig = io->grace == 0 ? SIGKILL : SIGTERM;
	if (arch_syscall(SYS_kill, -s->app, sig, 0, 0) < 0)
		return false; /* nobody left in the group */
	if (s->verbose)
		err_note("forwarding signal %d to %d", sig, -s->app);
	struct itimerval deadline = { .it_value = { .tv_sec = io->grace } };
	if (io->grace > 0) /* fails only for a bad argument */
		arch_syscall(SYS_setitimer, ITIMER_REAL, (long)&deadline, 0, 0);
	return sig == SIGTERM;
}

RESIDENT_CODE static void grace_over(struct supervision *s)
{
	s->draining = false;
	if (s->verbose)
		err_note("forwarding signal %d to %d", SIGKILL, -s->app);
	arch_syscall(SYS_kill, -s->app, SIGKILL, 0, 0);
}

/* The shell that runs scinit as a job sees the job stop only when scinit
 * does, and gives the terminal back to scinit's group on `fg`, not to the
 * app's: scinit passes it on before the app continues, or the app's next
 * read would stop it again. After `bg` the terminal stays the shell's. */
RESIDENT_CODE static void stop_with_app(const struct plan *p, struct supervision *s)
{
	s->app_stopped = false;
	arch_syscall(SYS_kill, p->self, SIGSTOP, 0, 0);
	pid_t fg = 0, app = s->app;
	if (arch_syscall(SYS_ioctl, STDIN_FILENO, TIOCGPGRP, (long)&fg, 0) == 0 && fg == p->own_pgrp) {
		long rc = arch_syscall(SYS_ioctl, STDIN_FILENO, TIOCSPGRP, (long)&app, 0);
		if (rc < 0)
			err_warn("cannot give the terminal back to the app: %s", strerror((int)-rc));
	}
	long rc = arch_syscall(SYS_kill, -app, SIGCONT, 0, 0);
	if (rc < 0 && rc != -ESRCH)
		err_warn("cannot resume the app: %s", strerror((int)-rc));
}

/* PID 1's loop: it never gives up on an error, since its exit would take
 * the whole container down. It only returns once the app has exited (and,
 * with --wait-all, every other child too). */
RESIDENT_CODE static int loop(const struct plan *p, struct supervision *s, const struct init_options *io)
{
	long last_error = 0;
	for (;;) {
		struct signalfd_siginfo si;
		if (p->learning)
			learn_serve(p->sfd);
		long n = arch_syscall(SYS_read, p->sfd, (long)&si, sizeof(si), 0);
		if (n != (long)sizeof(si)) {
			if (n < 0 && n != -EINTR && n != last_error)
				err_warn("reading signals: %s", strerror((int)-n)); /* once per cause, or it would flood */
			last_error = n < 0 ? n : 0;
			continue;
		}
		if (si.ssi_signo == SIGCHLD) {
			bool children_left = reap(s);
			if (!s->app_running && io->process_group && !s->leftovers_told)
				s->draining = children_left && end_leftovers(s, io);
			if (!s->app_running && (!(io->wait_all || s->draining) || !children_left))
				return init_exit_code(io, exit_code_of(s->app_status));
			if (s->app_stopped && s->app_running)
				stop_with_app(p, s);
			continue;
		}
		/* The grace's timer (SI_KERNEL); anyone's SIGALRM is forwarded. */
		if (si.ssi_signo == SIGALRM && si.ssi_code == SI_KERNEL && s->draining) {
			grace_over(s);
			if (!io->wait_all)
				return init_exit_code(io, exit_code_of(s->app_status));
			continue;
		}
		/* A signal scinit raised for itself (SIGPIPE from a warning written
		 * to a closed pipe) is not the app's business. */
		if ((pid_t)si.ssi_pid == p->self)
			continue;
		if (si.ssi_signo == SIGUSR1 && p->learning && !learn_reporting()) { /* learn mode keeps SIGUSR1 */
			struct scerr e;
			if (learn_write(&e) < 0)
				err_print(&e);
			continue;
		}
		int sig = init_rewrite(io, (int)si.ssi_signo);
		if (sig)
			forward(s, io, sig);
	}
}

/* After fork, in the supervisor. Once confined, nothing may allocate (the
 * filter forbids mmap and brk); free() may still hand pages back. */
RESIDENT_CODE static int supervise_app(struct plan *p, pid_t app, const struct init_options *io)
{
	close(p->go[0]);
	/* The app sets its group too; doing it on both sides means -g works
	 * whichever runs first. An error means the app already did it. */
	setpgid(app, app);
	/* A PID 1 that stays in the start directory keeps its mount busy for
	 * the container's life (dumb-init #210, catatonit #33). The app has its
	 * own working directory since fork, [setup] workdir's or the start's;
	 * learn mode's output is already open. */
	if (chdir("/") < 0)
		err_warn("cannot change to /: %s", strerror(errno));

	struct scerr e = { "" };
	const struct sc_setup *setup = &p->spec->profile->setup;
	long app_uid = setup->uid_set ? (long)setup->uid : -1;
	if ((p->learning && learn_receive(p->own_filter.ctx, &e) < 0) ||
	    confine_apply(&p->own_filter, app_uid, &e) < 0) {
		kill(app, SIGKILL); /* before it can exec: the app never ran */
		waitpid(app, NULL, 0);
		if (e.msg[0]) /* empty: the child failed first and said why */
			err_print(&e);
		return EXIT_SCINIT_FAILURE;
	}
	close(p->go[1]);
	/* Only now: the app no longer waits, and free() only gives memory back
	 * (munmap, madvise), which the filter allows. */
	if (p->app_filter)
		filter_release(p->app_filter);
	profile_free(p->spec->profile);
	resident_shed_startup();

	struct supervision s = { .app = app, .app_running = true, .warn_on_reap = io->warn_on_reap,
				 .verbose = io->verbosity >= 2, .wait_flags = WNOHANG | (p->follow_stops ? WUNTRACED : 0) };
	int rc = loop(p, &s, io);
	if (p->learning && learn_write(&e) < 0) {
		err_print(&e);
		return EXIT_SCINIT_FAILURE;
	}
	return rc;
}

RESIDENT_CODE int supervise(const struct sc_filter_spec *spec, struct sc_filter *filter, char **command,
				const struct init_options *io)
{
	struct plan p = { .spec = spec, .app_filter = filter, .command = command, .sfd = -1,
			  /* learn mode, or the report: a listener to answer */
			  .learning = spec->mode == SC_MODE_LEARN || (filter && filter->mode == SC_MODE_LEARN) };
	struct scerr e;
	if (prepare(&p, &e) < 0) {
		err_print(&e);
		return EXIT_SCINIT_FAILURE;
	}
	pid_t app = one_thread_fork();
	if (app < 0) {
		err_warn("fork: %s", strerror(errno));
		return EXIT_SCINIT_FAILURE;
	}
	if (app == 0)
		_exit(run_app(&p));
	/* The supervisor ends here rather than back in main: libc's exit would
	 * run stdio's flush and the destructors from the pages
	 * resident_shed_startup dropped, faulting them back in after the app
	 * has ended, with nothing to do (stderr is unbuffered, and files are
	 * written with write(2)). */
	arch_syscall(SYS_exit_group, supervise_app(&p, app, io), 0, 0, 0);
	return EXIT_SCINIT_FAILURE; /* not reached */
}

/* A pod's infra container holds the namespaces and is stopped with SIGTERM
 * (SIGINT by hand); anything it is sent otherwise has nobody to go to. */
RESIDENT_CODE static int pause_loop(const struct plan *p, struct supervision *s)
{
	long last_error = 0;
	for (;;) {
		struct signalfd_siginfo si;
		long n = arch_syscall(SYS_read, p->sfd, (long)&si, sizeof(si), 0);
		if (n != (long)sizeof(si)) {
			if (n < 0 && n != -EINTR && n != last_error)
				err_warn("reading signals: %s", strerror((int)-n));
			last_error = n < 0 ? n : 0;
			continue;
		}
		if (si.ssi_signo == SIGCHLD)
			reap(s);
		else if (si.ssi_signo == SIGTERM || si.ssi_signo == SIGINT)
			return 0;
	}
}

int supervise_pause(const struct init_options *io)
{
	struct plan p = { .sfd = -1 };
	struct scerr e = { "" };
	if (prepare(&p, &e) < 0) {
		err_print(&e);
		return EXIT_SCINIT_FAILURE;
	}
	close(p.go[0]);
	if (chdir("/") < 0)
		err_warn("cannot change to /: %s", strerror(errno));
	if (confine_apply(&p.own_filter, -1, &e) < 0) {
		err_print(&e);
		return EXIT_SCINIT_FAILURE;
	}
	close(p.go[1]);
	resident_shed_startup();
	/* No app: pid 0 matches no child, so every reaped child is an orphan. */
	struct supervision s = { .app = 0, .warn_on_reap = io->warn_on_reap, .verbose = io->verbosity >= 2,
				 .wait_flags = WNOHANG };
	return pause_loop(&p, &s);
}
