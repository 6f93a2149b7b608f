/* scinit verify [-p FILE]: installs the profile's filter (enforce mode,
 * whatever SCINIT_MODE or the profile's mode say, for the capabilities the
 * app would hold) in a child per dangerous syscall, calls the syscall there
 * with harmless arguments and prints `syscall expected got`; then reports
 * the scinit binary and profile file if the app's uid could write them
 * (check_files). Exit 1 if any call is allowed or any file is a finding, 125
 * if the profile is invalid or the check cannot run.
 *
 * [setup] counts only for those capabilities: the probes run as verify's
 * caller, and [setup] is not resolved, since verify runs in CI as often as
 * in the image. A user given by name without 'capabilities' is taken for a
 * non-root one (the output says so), as setup_final_caps does.
 *
 * Telling "denied" from "allowed but failed" is the hard part: an allowed
 * reboot fails with EPERM without CAP_SYS_BOOT, an allowed nfsservctl with
 * ENOSYS, exactly like a filter's denial. So the filter under test is built
 * from a copy of the profile in which every errno value is replaced, one to
 * one, by a marker (4094, 4093, ...) that no kernel path returns. Equal
 * actions stay equal, so the filter decides exactly as the real one; a
 * marker in the result means the filter denied, anything else is the
 * kernel's own answer to an allowed call.
 *
 * The child reports through a shared anonymous page, not a pipe: it makes no
 * syscall after the filter is in place but the probe and exit_group (which
 * every scinit filter allows), so a profile that denies write or kills
 * munmap is verified all the same. For the same reason the child installs
 * the exported BPF program with filter_install, which makes no call after
 * the install: libseccomp's load frees memory after installing the filter,
 * which a strict profile may kill. The program is libseccomp's own (the
 * filter_build result, exported), the one filter_load would install.
 *
 * Arguments: each call fails on a bad pointer, fd, pid or flag before it
 * can change anything, even for root with every capability and no filter
 * (tests/probe.c has the reasoning per call); and the child is thrown away.
 * Only the native ABI is probed; syscalls that exist only for a compat ABI
 * (x86's on x86_64) are listed as not probed.
 *
 * Namespaces are probed too, through the calls an app creates them with:
 * unshare is in @dangerous, clone (one row per namespace flag, the flags an
 * attacker would pass, so a rule on arg0 decides as it would for them) and
 * clone3 (whose flags are in memory, so allowing it at all is allowing every
 * namespace) are not. A user namespace needs no capability, so this is the
 * way out that a profile weaker than Docker's leaves open with default
 * capabilities. clone has no argument that fails before the namespace
 * exists: an allowed one creates it, in a process that exits at once, in
 * the throwaway child. */
#include "cmd/verify.h"
#include "cmd/commands.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/filter.h>
#include <sched.h>
#include <linux/stat.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common/arch.h"
#include "common/one_thread.h"
#include "filter/bpf_export.h"
#include "filter/filter.h"
#include "filter/install.h"
#include "profile/groups.h"
#include "profile/profile_load.h"
#include "setup/caps.h"
#include "setup/ids.h"

#define BAD 1                /* page 0 is never mapped: EFAULT */
#define NOFD (-1)            /* never an open fd: EBADF */
#define NOPID 0x3fffffff     /* above PID_MAX_LIMIT: ESRCH */
#define MARKER_TOP 4094      /* markers count down from the largest errno libseccomp takes */
#define MAX_MARKERS 64

static const struct {
	const char *name;
	int32_t arg[6]; /* sign-extended: -1 stays -1 */
} probes[] = {
	{ "ptrace", { 2, NOPID } },                            /* PEEKDATA of no task */
	{ "mount", { BAD, BAD, BAD, 0, BAD } },
	{ "umount2", { BAD } },
	{ "kexec_load", { 0, 1000, BAD, 0x80 } },              /* too many segments, bad flag */
	{ "kexec_file_load", { NOFD, NOFD, 0, BAD, 0x80 } },
	{ "init_module", { BAD, 0, BAD } },                    /* empty image */
	{ "finit_module", { NOFD, BAD, (int32_t)0x80000000 } },
	{ "delete_module", { BAD } },
	{ "settimeofday", { BAD, BAD } },                      /* the new time is read from BAD */
	{ "adjtimex", { BAD } },
	{ "clock_adjtime", { 0, BAD } },
	{ "clock_settime", { 0, BAD } },
	{ "nfsservctl", { 0, BAD, BAD } },
	{ "pivot_root", { BAD, BAD } },
	{ "chroot", { BAD } },
	{ "unshare", { 0x7e020081 } },                         /* every namespace, plus bit 0: EINVAL */
	{ "setns", { NOFD } },
	{ "keyctl", { -1 } },                                  /* no such operation */
	{ "add_key", { BAD, BAD, BAD } },
	{ "request_key", { BAD, BAD, BAD } },
	{ "bpf", { 5, BAD, 8 } },                              /* PROG_LOAD: the attr copy faults */
	{ "perf_event_open", { BAD, 0, -1, -1 } },
	{ "userfaultfd", { 3 } },                              /* unknown flag bit */
	{ "io_uring_setup", { 1, BAD } },
	{ "io_uring_enter", { NOFD } },
	{ "io_uring_register", { NOFD } },
	{ "open_by_handle_at", { NOFD, BAD } },
	{ "fsopen", { BAD, 2 } },                              /* flags other than CLOEXEC */
	{ "fsconfig", { NOFD, 0, BAD, BAD } },
	{ "fsmount", { NOFD } },
	{ "fspick", { NOFD, BAD, (int32_t)0x80000000 } },
	{ "move_mount", { NOFD, BAD, NOFD, BAD, (int32_t)0x80000000 } },
	{ "open_tree", { NOFD, BAD, 0x40000000 } },
	{ "mount_setattr", { NOFD, BAD, 0, BAD } },            /* size 0 */
	{ "swapon", { BAD, 0x40000000 } },
	{ "swapoff", { BAD } },
	{ "reboot", { 0 } },                                   /* bad magic */
	{ "acct", { BAD } },                                   /* acct(NULL) would stop accounting */
	{ "iopl", { 4 } },                                     /* level > 3 */
	{ "ioperm", { 0 } },                                   /* empty range */
	{ "process_vm_readv", { NOPID, BAD, 1, BAD, 1, 1 } },  /* flags must be 0 */
	{ "process_vm_writev", { NOPID, BAD, 1, BAD, 1, 1 } },
	{ "kcmp", { NOPID, NOPID } },
	{ "lookup_dcookie", { 0, BAD } },
	{ "quotactl", { 0xff, BAD, 0, BAD } },                 /* quota type 255 */
	{ "quotactl_fd", { NOFD, 0xff, 0, BAD } },
	{ "syslog", { 3 } },                                   /* READ_ALL into NULL */
	{ "uselib", { BAD } },
	{ "personality", { 0x0040000 } },                      /* ADDR_NO_RANDOMIZE: the child's own */
};

static const struct {
	const char *row;
	int32_t flags;
} clone_namespaces[] = {
	{ "clone(NEWUSER)", CLONE_NEWUSER }, { "clone(NEWNS)", CLONE_NEWNS },
	{ "clone(NEWPID)", CLONE_NEWPID },   { "clone(NEWNET)", CLONE_NEWNET },
	{ "clone(NEWUTS)", CLONE_NEWUTS },   { "clone(NEWIPC)", CLONE_NEWIPC },
	{ "clone(NEWCGROUP)", CLONE_NEWCGROUP },
};

/* What the child leaves for the parent. */
struct report {
	volatile int stage; /* 1: installing the filter, 2: calling, 3: returned */
	volatile long ret;  /* >= 0, or -errno */
};

struct tally {
	unsigned denied, allowed, failed;
};

/* Whose writes the files are checked against: the app's uid and gid. */
struct writer {
	uid_t uid;
	gid_t gid;
	const char *whose; /* for the output */
};

struct verify {
	struct sock_fprog prog;
	uint16_t errnos[MAX_MARKERS]; /* original errno of marker MARKER_TOP - i */
	unsigned nerrno;
	struct report *rep;
	struct tally dangerous, namespaces, *tally; /* tally: the one counting now */
	unsigned findings;
	struct sc_setup setup; /* the profile's, for check_files */
	char skipped[256];
};

static uint16_t marker(struct verify *v, uint16_t errno_value)
{
	for (unsigned i = 0; i < v->nerrno; i++) {
		if (v->errnos[i] == errno_value)
			return (uint16_t)(MARKER_TOP - i);
	}
	v->errnos[v->nerrno] = errno_value;
	return (uint16_t)(MARKER_TOP - v->nerrno++);
}

/* The profile with every errno replaced by its marker. */
static int marked_copy(struct verify *v, const struct sc_profile *p, struct sc_profile *m, struct scerr *e)
{
	*m = *p;
	m->rules = malloc((p->nrules + 1) * sizeof(*m->rules));
	if (!m->rules)
		return err_set(e, "out of memory");
	memcpy(m->rules, p->rules, p->nrules * sizeof(*m->rules));
	for (size_t i = 0; i <= m->nrules; i++) {
		struct sc_action *a = i < m->nrules ? &m->rules[i].action : &m->default_action;
		if (a->kind != SC_ACT_ERRNO)
			continue;
		if (v->nerrno == MAX_MARKERS)
			return err_set(e, "%s: more than %d different errno values", p->source, MAX_MARKERS);
		a->errno_value = marker(v, a->errno_value);
	}
	return 0;
}

/* In the child: no syscall between the filter and the probe. */
static __attribute__((noreturn)) void child(const struct verify *v, int nr, const int32_t *a)
{
	v->rep->stage = 1;
	alarm(10); /* none of these calls blocks; should one ever, it must not hang verify */
	struct scerr unused; /* the parent reads a failure from the stage */
	if (filter_install(&v->prog, SC_INSTALL_NNP, NULL, "the seccomp filter", &unused) < 0)
		_exit(1);
	v->rep->stage = 2;
	long r = syscall(nr, (long)a[0], (long)a[1], (long)a[2], (long)a[3], (long)a[4], (long)a[5]);
	if (r == 0 && nr == SYS_clone)
		_exit(0); /* the new process: the report is its parent's */
	v->rep->ret = r < 0 ? -errno : r;
	v->rep->stage = 3;
	_exit(0);
}

static const char *errno_text(int value, char *buf, size_t len)
{
	const char *s = action_name(&(struct sc_action){ SC_ACT_ERRNO, (uint16_t)value }, buf, len);
	return s + 6; /* "errno:" */
}

/* One probe: forks, waits, prints the row and counts it. */
static int probe(struct verify *v, const char *name, int nr, const int32_t *args)
{
	char got[64], buf[32];
	int st;
	v->rep->stage = 0;
	pid_t pid = one_thread_fork();
	if (pid == 0)
		child(v, nr, args);
	while (pid > 0 && waitpid(pid, &st, 0) < 0 && errno == EINTR)
		;
	int stage = v->rep->stage;
	long ret = v->rep->ret;
	if (pid < 0 || stage < 2) {
		snprintf(got, sizeof(got), "cannot verify: %s", pid < 0 ? "fork failed" : "the filter did not load");
		v->tally->failed++;
	} else if (stage == 2 && WIFSIGNALED(st) && WTERMSIG(st) == SIGSYS) {
		snprintf(got, sizeof(got), "killed");
		v->tally->denied++;
	} else if (stage == 2) {
		snprintf(got, sizeof(got), "cannot verify: the child died (status 0x%x)", st);
		v->tally->failed++;
	} else if (ret < 0 && -ret > MARKER_TOP - (long)v->nerrno && -ret <= MARKER_TOP) {
		snprintf(got, sizeof(got), "%s", errno_text(v->errnos[MARKER_TOP + ret], buf, sizeof(buf)));
		v->tally->denied++;
	} else {
		snprintf(got, sizeof(got), "allowed (%s)", ret < 0 ? errno_text((int)-ret, buf, sizeof(buf)) : "ok");
		v->tally->allowed++;
	}
	printf("%-20s %-9s %s\n", name, "denied", got);
	return 0;
}

static int probe_member(const char *name, void *ctx)
{
	struct verify *v = ctx;
	int nr = seccomp_syscall_resolve_name_arch(SCMP_ARCH_NATIVE, name);
	if (nr < 0) {
		size_t len = strlen(v->skipped);
		snprintf(v->skipped + len, sizeof(v->skipped) - len, " %s", name);
		return 0;
	}
	for (size_t i = 0; i < sizeof(probes) / sizeof(probes[0]); i++) {
		if (strcmp(probes[i].name, name) == 0)
			return probe(v, name, nr, probes[i].arg);
	}
	/* @dangerous grew without a probe here: fail closed. */
	printf("%-20s %-9s %s\n", name, "denied", "cannot verify: no harmless arguments known");
	v->tally->failed++;
	return 0;
}

static void probe_namespaces(struct verify *v)
{
	v->tally = &v->namespaces;
	for (size_t i = 0; i < sizeof(clone_namespaces) / sizeof(clone_namespaces[0]); i++)
		probe(v, clone_namespaces[i].row, SYS_clone, (int32_t[6]){ clone_namespaces[i].flags | SIGCHLD });
	probe(v, "clone3", SYS_clone3, (int32_t[6]){ BAD, 88 }); /* allowed: EFAULT */
}

/* Loads the profile and builds the marked filter's program. */
static int prepare(struct verify *v, const char *path, struct scerr *e)
{
	struct sc_profile p, m;
	scmp_filter_ctx real, marked;
	/* The embedded profile in full: profile_load skips rules that are
	 * precompiled, and the marked filter is built from them. */
	if ((path ? profile_load(path, &p, e) : profile_load_embedded(&p, SC_SECTIONS_ALL, e)) < 0)
		return -1;
	err_warn_lines(p.warnings, p.nwarnings);
	uint64_t caps = setup_final_caps(&p.setup, caps_effective());
	int rc = filter_build(&p, SC_MODE_ENFORCE, caps, &real, e);
	if (rc == 0) {
		seccomp_release(real);
		rc = marked_copy(v, &p, &m, e);
		if (rc == 0 && (rc = filter_build(&m, SC_MODE_ENFORCE, caps, &marked, e)) == 0) {
			rc = bpf_export(marked, &v->prog, e) < 0 ? err_wrap(e, "cannot verify") : 0;
			seccomp_release(marked);
		}
		free(m.rules);
	}
	if (rc == 0 && setup_user_unresolved(&p.setup) && !p.setup.caps_set)
		printf("note: %s:%u: verify does not look up user '%s' (only a start does, in the image); capability "
		       "conditions are decided as for a non-root user, who keeps none\n",
		       p.source, p.setup.line[SC_SETUP_USER], p.setup.user_name);
	if (rc == 0 && p.mode == SC_MODE_AUDIT)
		printf("note: %s sets mode = audit, which blocks nothing; verify checks enforce mode\n", p.source);
	v->setup = p.setup;
	profile_free(&p);
	return rc;
}

static void summary(const struct tally *t, const char *what)
{
	if (t->failed)
		printf("%u of %u %s could not be verified\n", t->failed, t->denied + t->allowed + t->failed, what);
	else if (t->allowed)
		printf("%u of %u %s are allowed\n", t->allowed, t->denied + t->allowed, what);
	else
		printf("all %u %s are denied\n", t->denied, what);
}

/* --- files the app could rewrite ----------------------------------------------
 * scinit reads its binary and its profile file again at every start: an app
 * that can write either (or replace it through a directory above it) can
 * choose its own filter for the next run. Checked by mode bits for the app's
 * uid and primary gid (root: anything not on a read-only mount); a directory
 * that is a mount point cannot be renamed away, so the walk up stops there. */

static int look(const char *path, struct statx *sx)
{
	return (int)syscall(SYS_statx, AT_FDCWD, path, AT_SYMLINK_NOFOLLOW,
			    STATX_MODE | STATX_UID | STATX_GID | STATX_MNT_ID, sx);
}

static bool same_mount(const struct statx *a, const struct statx *b)
{
	if ((a->stx_mask & b->stx_mask & STATX_MNT_ID))
		return a->stx_mnt_id == b->stx_mnt_id;
	return a->stx_dev_major == b->stx_dev_major && a->stx_dev_minor == b->stx_dev_minor;
}

/* A read-only mount answers EROFS once the permission check passes, which
 * it does for verify as root, as it runs in an image. */
static bool writable_by(const struct writer *w, const char *path, const struct statx *sx)
{
	if (access(path, W_OK) < 0 && errno == EROFS)
		return false;
	if (w->uid == 0)
		return true;
	if (sx->stx_uid == w->uid)
		return sx->stx_mode & S_IWUSR;
	if (sx->stx_gid == w->gid)
		return sx->stx_mode & S_IWGRP;
	return sx->stx_mode & S_IWOTH;
}


static void check_file(struct verify *v, const char *given, const struct writer *w)
{
	char path[PATH_MAX], dir[PATH_MAX], fd_link[32];
	struct statx here, up;
	/* The path the kernel resolved, symlinks (ConfigMaps) followed. */
	int fd = open(given, O_PATH | O_CLOEXEC);
	snprintf(fd_link, sizeof(fd_link), "/proc/self/fd/%d", fd);
	ssize_t n = fd < 0 ? -1 : readlink(fd_link, path, sizeof(path) - 1);
	if (fd >= 0)
		close(fd);
	if (n <= 0 || path[0] != '/' || look((path[n] = '\0', path), &here) < 0)
		return; /* what verify loaded from it was already read */
	if (writable_by(w, path, &here) && ++v->findings)
		printf("finding: %s: uid %u (%s) can write it\n", path, (unsigned)w->uid, w->whose);
	strcpy(dir, path);
	for (;;) {
		char *slash = strrchr(dir, '/');
		if (!slash || dir[1] == '\0')
			return;
		if (slash == dir)
			slash[1] = '\0';
		else
			*slash = '\0';
		if (look(dir, &up) < 0 || !same_mount(&here, &up))
			return;
		/* Sticky: only an entry's owner (or the directory's) may rename it. */
		bool sticky = up.stx_mode & S_ISVTX;
		if (writable_by(w, dir, &up) && (!sticky || here.stx_uid == w->uid || up.stx_uid == w->uid)) {
			printf("finding: %s: uid %u (%s) can replace %s through it\n", dir, (unsigned)w->uid, w->whose, path);
			v->findings++;
			return;
		}
		here = up;
	}
}

/* [setup] user's uid, looked up here if given by name: the check is for
 * the image verify runs in. Without it, verify's own uid. */
static int app_writer(const struct sc_setup *s, struct writer *w)
{
	*w = (struct writer){ getuid(), getgid(), "verify's own" };
	if (!s->uid_set)
		return 0;
	struct sc_passwd entry;
	struct scerr e;
	int found = 1;
	if (s->user_name[0])
		found = ids_user_by_name(s->user_name, &entry, &e);
	if (found <= 0)
		return -1;
	w->uid = s->user_name[0] ? entry.uid : s->uid;
	w->gid = s->gid_set && !s->group_name[0] ? s->gid : s->user_name[0] ? entry.gid : w->uid;
	w->whose = "[setup] user";
	return 0;
}

static void check_files(struct verify *v, const char *profile_path, const struct sc_setup *s)
{
	struct writer w;
	if (app_writer(s, &w) < 0) {
		printf("note: user '%s' is not in /etc/passwd: files not checked\n", s->user_name);
		return;
	}
	char self[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	if (n > 0) {
		self[n] = '\0';
		check_file(v, self, &w);
	}
	if (profile_path)
		check_file(v, profile_path, &w);
	if (v->findings)
		puts("finding: the app could choose its next filter: mount these read-only (docs/security.md)");
}

int command_verify(int argc, char **argv)
{
	struct scerr e;
	struct verify v = { .prog = { 0, NULL } };
	const char *path = getenv("SCINIT_PROFILE");
	if (argc == 3 && (strcmp(argv[1], "-p") == 0 || strcmp(argv[1], "--profile") == 0))
		path = argv[2];
	else if (argc != 1)
		return command_usage("verify");
	v.rep = mmap(NULL, sizeof(*v.rep), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (path && !*path)
		err_set(&e, "%s", argc == 1 ? "SCINIT_PROFILE is set but empty" : "-p needs a file");
	else if (v.rep == MAP_FAILED)
		err_set(&e, "cannot verify: mmap: %s", strerror(errno));
	if ((path && !*path) || v.rep == MAP_FAILED || prepare(&v, path, &e) < 0) {
		err_print(&e);
		return EXIT_SCINIT_FAILURE;
	}
	printf("%-20s %-9s %s\n", "syscall", "expected", "got");
	v.tally = &v.dangerous;
	group_expand("dangerous", probe_member, &v, &e);
	probe_namespaces(&v);
	if (*v.skipped)
		printf("not probed (not " SC_ARCH_NATIVE_NAME " syscalls):%s\n", v.skipped);
	free(v.prog.filter);
	check_files(&v, path, &v.setup);
	summary(&v.namespaces, "ways to create a namespace through clone and clone3");
	summary(&v.dangerous, "dangerous syscalls");
	if (v.dangerous.failed || v.namespaces.failed) {
		fflush(stdout);
		return EXIT_SCINIT_FAILURE;
	}
	return fflush(stdout) == 0 && !v.dangerous.allowed && !v.namespaces.allowed && !v.findings ? 0 : 1;
}
