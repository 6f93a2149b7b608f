/*
 * probe: call system calls with harmless arguments and report what happened.
 *
 * The test harness runs it under scinit's seccomp filter and, as a baseline,
 * without any filter: a syscall the filter denies must give a result that
 * differs from the baseline.  So every table row below is chosen so that an
 * ALLOWED call fails early and harmlessly with a characteristic error
 * (mostly EFAULT, EBADF or EINVAL, never EPERM, ENOSYS only where the kernel
 * has no such call), even for root with every capability and no filter.
 * Without privilege, rows whose capability check precedes every argument
 * check give EPERM even unfiltered: setgroups(32), syslog (with
 * dmesg_restrict), sethostname, setdomainname, pivot_root, fsopen, fsmount,
 * fspick, move_mount, landlock_restrict_self (without no_new_privs), reboot,
 * swapoff, acct.  Compare with a baseline taken under the same credentials.
 *
 * Usage:  probe [-v] [-a native|x86|x32] SYSCALL[:ARGS]...
 *         probe -l [-a ABI]
 *
 *   -a ABI  native: the `syscall` instruction with the x86_64 number.
 *           x86:    `int $0x80` from this 64-bit process with the i386 number,
 *                   so the kernel and seccomp see an i386 call (AUDIT_ARCH_I386).
 *                   Arguments are truncated to 32 bits.  libseccomp 2.5 has
 *                   the i386 socket and SysV IPC calls only behind socketcall
 *                   and ipc, so probe those two by name for that ABI.
 *           x32:    the `syscall` instruction with the x32 number, which always
 *                   carries __X32_SYSCALL_BIT (0x40000000).  Kernels built
 *                   without CONFIG_X86_X32_ABI answer every such call ENOSYS.
 *   -l      list the table rows that libseccomp resolves for ABI as
 *           "NAME NR", plus " nosys" for calls that current kernels no longer
 *           (or never) implement, so they give ENOSYS when allowed.
 *   -v      append " nr=NR ret=RAW" to each line.
 *
 * Every SYSCALL is checked before any is called: a name that libseccomp does
 * not know for the ABI, that is not in the table, or a malformed override
 * exits 2 without calling anything.  Then, in order, one line per SYSCALL:
 *
 *   SYSCALL RESULT
 *
 * SYSCALL is the argument exactly as given (overrides included), RESULT is
 * "ok" if the call returned >= 0, else the errno name (EPERM, ENOSYS, ...) or
 * "E<number>" for one missing from the name table.  Each line goes out with
 * its own write(2), so if the filter kills the probe (SIGSYS) the lines
 * before it survive and the harness reads the signal from the exit status.
 * Exit status 0 once all lines are written.
 *
 * Overrides: NAME:ARG0,ARG1,... replaces the table's first args.  Each ARG is
 * a decimal or 0x-hex number, optionally negative (a leading 0 is NOT octal),
 * or "uid"/"gid" for the probe's real uid/gid, or empty to keep the table
 * value (reboot:,,0x4321fedc).  At most 6.  Examples: personality:8,
 * socket:40,1,0, clone:0x10000000, setuid:uid.  Overrides are taken as given,
 * with three guards so that flag probes of dangerous calls stay harmless:
 *   - clone always gets CLONE_SIGHAND set and CLONE_VM cleared, which
 *     copy_process() rejects with EINVAL before creating anything; so an
 *     allowed clone:FLAGS is EINVAL and a denied one EPERM (or whatever the
 *     filter returns).  Filters must therefore not key on those two bits.
 *   - unshare always gets bit 0 (part of CSIGNAL), which unshare() rejects
 *     with EINVAL before looking at any namespace flag.
 *   - "pinned" args (fds, paths, pointers and signal numbers of calls that
 *     could do damage, marked PIN below; clone3's struct pointer too) may
 *     only be overridden with their table value; anything else exits 2.
 * fork, vfork, clone and clone3 run with a guard in the asm: should one ever
 * return 0, that child calls exit at once (or hits ud2) and never returns to
 * C code; the parent reaps it.  A successful call that returns a new file
 * descriptor (socket:1,1,0, ...) has it closed right away.
 *
 * The probe itself needs, besides the probed calls: execve, arch_prctl and
 * set_tid_address (musl's static start-up), write, exit_group; close after a
 * call that returned an fd, getuid/getgid for "uid"/"gid", wait4 after a fork.
 *
 * Table conventions: BAD is address 1, in page 0, which is never mapped
 * (vm.mmap_min_addr), so the kernel's first access gives EFAULT; NOFD (-1)
 * is never an open fd (and, truncated to 32 bits, stays -1 for i386);
 * NOPID is above PID_MAX_LIMIT (2^22), so no task has it.  Rows apply to every
 * ABI that has the name; where the i386 call has another layout, the
 * comment says why the same values are still harmless.
 *
 * Build (static, musl, libseccomp built against musl):
 *   musl-gcc -static -Os -Wall -Wextra -idirafter /usr/include \
 *     -idirafter /usr/include/x86_64-linux-gnu -I$LSC/include \
 *     tests/probe.c $LSC/lib/libseccomp.a -o build/probe
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <sched.h>
#include <seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#if !defined(__x86_64__) && !defined(__aarch64__) && !defined(__arm__)
#error "probe drives the x86_64 (with i386 and x32), aarch64 and arm syscall ABIs"
#endif

#define X32_BIT 0x40000000L

/* exit's number, for the guard after a fork-like call. */
#if defined(__x86_64__)
#define NR_EXIT 60
#elif defined(__aarch64__)
#define NR_EXIT 93
#else
#define NR_EXIT 1
#endif

#define BAD   1L
#define NOFD  (-1L)
#define NOPID 0x3fffffffL
/* Resolved at run time; no real argument value is this close to LONG_MIN. */
#define TOK_UID LONG_MIN
#define TOK_GID (LONG_MIN + 1)

#define F_FD    0x01 /* success returns a new fd: close it */
#define F_INT   0x02 /* native result is an int zero-extended into rax */
#define F_FORK  0x04 /* could create a process: arm the child guard */
#define F_NOSYS 0x08 /* removed from (or never in) current kernels */
#define F_CLONE 0x10 /* arg0: force CLONE_SIGHAND without CLONE_VM */
#define F_UNSH  0x20 /* arg0: force bit 0, which unshare() rejects */
#define F_NOSYS64 0x40 /* like F_NOSYS, but for the native and x32 ABIs only */

#define PIN(i) (1u << (i))
#define PIN_ALL 0x3fu

#define NS_ALL (CLONE_NEWNS | CLONE_NEWCGROUP | CLONE_NEWUTS | CLONE_NEWIPC | \
		CLONE_NEWUSER | CLONE_NEWPID | CLONE_NEWNET | CLONE_NEWTIME)

struct row {
	const char *name;
	unsigned char flags;
	unsigned char pin;
	long arg[6];
};

static const struct row table[] = {
	/* Change nothing; "ok" when allowed (restart_syscall: EINTR). */
	{ "getpid", 0, 0, { 0 } },
	{ "gettid", 0, 0, { 0 } },
	{ "getppid", 0, 0, { 0 } },
	{ "getuid", 0, 0, { 0 } },
	{ "geteuid", 0, 0, { 0 } },
	{ "getgid", 0, 0, { 0 } },
	{ "getegid", 0, 0, { 0 } },
	{ "getuid32", 0, 0, { 0 } },
	{ "geteuid32", 0, 0, { 0 } },
	{ "getgid32", 0, 0, { 0 } },
	{ "getegid32", 0, 0, { 0 } },
	{ "getpgrp", 0, 0, { 0 } },
	{ "getpgid", 0, 0, { 0 } },
	{ "getsid", 0, 0, { 0 } },
	{ "sched_yield", 0, 0, { 0 } },
	{ "brk", 0, 0, { 0 } },              /* brk(0) only reports the break */
	{ "personality", 0, 0, { 0xffffffffL } }, /* 0xffffffff: query only */
	{ "umask", 0, 0, { 022 } },          /* only this process's umask */
	{ "alarm", 0, 0, { 0 } },            /* cancels no alarm */
	{ "nice", 0, 0, { 0 } },             /* i386: an increment of 0 */
	{ "munlockall", 0, 0, { 0 } },       /* nothing is locked */
	{ "set_tid_address", 0, 0, { 0 } },  /* only drops the exit-time tid clear */
	{ "restart_syscall", 0, 0, { 0 } },  /* nothing to restart: EINTR */
	{ "sgetmask", 0, 0, { 0 } },         /* i386, read only */

	/* Identity.  Setting what we already have, or -1 ("unchanged"). */
	{ "setuid", 0, 0, { TOK_UID } },
	{ "setgid", 0, 0, { TOK_GID } },
	{ "setuid32", 0, 0, { TOK_UID } },
	{ "setgid32", 0, 0, { TOK_GID } },
	{ "setreuid", 0, 0, { -1, -1 } },
	{ "setregid", 0, 0, { -1, -1 } },
	{ "setreuid32", 0, 0, { -1, -1 } },
	{ "setregid32", 0, 0, { -1, -1 } },
	{ "setresuid", 0, 0, { -1, -1, -1 } },
	{ "setresgid", 0, 0, { -1, -1, -1 } },
	{ "setresuid32", 0, 0, { -1, -1, -1 } },
	{ "setresgid32", 0, 0, { -1, -1, -1 } },
	/* An invalid id changes nothing and returns the current one: ok. */
	{ "setfsuid", 0, 0, { -1 } },
	{ "setfsgid", 0, 0, { -1 } },
	{ "setfsuid32", 0, 0, { -1 } },
	{ "setfsgid32", 0, 0, { -1 } },
	{ "setgroups", 0, 0, { -1, BAD } },  /* size > NGROUPS_MAX: EINVAL */
	{ "setgroups32", 0, 0, { -1, BAD } },
	{ "getgroups", 0, 0, { -1, BAD } },  /* negative size: EINVAL */
	{ "getgroups32", 0, 0, { -1, BAD } },
	{ "getresuid", 0, 0, { BAD, BAD, BAD } },
	{ "getresgid", 0, 0, { BAD, BAD, BAD } },
	{ "getresuid32", 0, 0, { BAD, BAD, BAD } },
	{ "getresgid32", 0, 0, { BAD, BAD, BAD } },
	{ "capget", 0, 0, { BAD, BAD } },
	{ "capset", 0, 0, { BAD, BAD } },    /* header copy fails first */
	{ "setpgid", 0, 0, { 0, -1 } },      /* negative pgid: EINVAL */

	/* Files and fds: a bad path faults before lookup, fd -1 is EBADF. */
	{ "read", 0, 0, { NOFD, BAD, 1 } },
	{ "write", 0, 0, { NOFD, BAD, 1 } },
	{ "close", 0, 0, { NOFD } },
	{ "open", F_FD, 0, { BAD, 0, 0 } },
	{ "openat", F_FD, 0, { NOFD, BAD, 0, 0 } },
	{ "openat2", F_FD, 0, { NOFD, BAD, BAD, 24 } },
	{ "creat", F_FD, 0, { BAD, 0 } },
	{ "readv", 0, 0, { NOFD, BAD, 1 } },
	{ "writev", 0, 0, { NOFD, BAD, 1 } },
	{ "pread64", 0, 0, { NOFD, BAD, 1, 0 } },
	{ "pwrite64", 0, 0, { NOFD, BAD, 1, 0 } },
	{ "preadv", 0, 0, { NOFD, BAD, 1, 0, 0 } },
	{ "pwritev", 0, 0, { NOFD, BAD, 1, 0, 0 } },
	{ "preadv2", 0, 0, { NOFD, BAD, 1, 0, 0, 0 } },
	{ "pwritev2", 0, 0, { NOFD, BAD, 1, 0, 0, 0 } },
	{ "lseek", 0, 0, { NOFD, 0, 0 } },
	{ "_llseek", 0, 0, { NOFD, 0, 0, BAD, 0 } },
	{ "dup", F_FD, 0, { NOFD } },
	/* oldfd == newfd == -1: EBADF without touching any descriptor. */
	{ "dup2", F_FD, 0, { NOFD, NOFD } },
	{ "dup3", F_FD, 0, { NOFD, NOFD, 0 } }, /* oldfd == newfd: EINVAL */
	/* Not F_FD: other commands return flags, which are no fd to close. */
	{ "fcntl", 0, 0, { NOFD, 1 } },      /* F_GETFD */
	{ "fcntl64", 0, 0, { NOFD, 1 } },
	{ "ioctl", 0, 0, { NOFD, 0, 0 } },
	{ "flock", 0, 0, { NOFD, 0 } },
	{ "fsync", 0, 0, { NOFD } },
	{ "fdatasync", 0, 0, { NOFD } },
	{ "syncfs", 0, 0, { NOFD } },
	{ "sync_file_range", 0, 0, { NOFD, 0, 0, 0 } },
	{ "truncate", 0, 0, { BAD, 0 } },
	{ "truncate64", 0, 0, { BAD, 0, 0 } },
	{ "ftruncate", 0, 0, { NOFD, 0 } },
	{ "ftruncate64", 0, 0, { NOFD, 0, 0 } },
	{ "fallocate", 0, 0, { NOFD, 0, 0, 0 } },
	{ "fadvise64", 0, 0, { NOFD, 0, 0, 0 } },
	{ "fadvise64_64", 0, 0, { NOFD, 0, 0, 0, 0, 0 } },
	{ "readahead", 0, 0, { NOFD, 0, 0 } },
	{ "sendfile", 0, 0, { NOFD, NOFD, 0, 1 } },
	{ "sendfile64", 0, 0, { NOFD, NOFD, 0, 1 } },
	/* A length of 0 would return 0 before the fds are looked at. */
	{ "splice", 0, 0, { NOFD, 0, NOFD, 0, 1, 0 } },
	{ "tee", 0, 0, { NOFD, NOFD, 1, 0 } },
	{ "vmsplice", 0, 0, { NOFD, BAD, 1, 0 } },
	{ "copy_file_range", 0, 0, { NOFD, 0, NOFD, 0, 1, 0 } },
	{ "getdents", 0, 0, { NOFD, BAD, 1 } },
	{ "getdents64", 0, 0, { NOFD, BAD, 1 } },
	{ "readdir", 0, 0, { NOFD, BAD, 1 } },
	{ "stat", 0, 0, { BAD, BAD } },
	{ "lstat", 0, 0, { BAD, BAD } },
	{ "fstat", 0, 0, { NOFD, BAD } },
	{ "stat64", 0, 0, { BAD, BAD } },
	{ "lstat64", 0, 0, { BAD, BAD } },
	{ "fstat64", 0, 0, { NOFD, BAD } },
	{ "oldstat", 0, 0, { BAD, BAD } },
	{ "oldlstat", 0, 0, { BAD, BAD } },
	{ "oldfstat", 0, 0, { NOFD, BAD } },
	{ "newfstatat", 0, 0, { NOFD, BAD, BAD, 0 } },
	{ "fstatat64", 0, 0, { NOFD, BAD, BAD, 0 } },
	{ "statx", 0, 0, { NOFD, BAD, 0, 0, BAD } },
	{ "statfs", 0, 0, { BAD, BAD } },
	{ "fstatfs", 0, 0, { NOFD, BAD } },
	{ "statfs64", 0, 0, { BAD, 0, BAD } },  /* size 0: EINVAL */
	{ "fstatfs64", 0, 0, { NOFD, 0, BAD } },
	{ "access", 0, 0, { BAD, 0 } },
	{ "faccessat", 0, 0, { NOFD, BAD, 0 } },
	{ "faccessat2", 0, 0, { NOFD, BAD, 0, 0 } },
	{ "readlink", 0, 0, { BAD, BAD, 1 } },
	{ "readlinkat", 0, 0, { NOFD, BAD, BAD, 1 } },
	{ "chdir", 0, 0, { BAD } },
	{ "fchdir", 0, 0, { NOFD } },
	{ "getcwd", 0, 0, { BAD, 4096 } },
	{ "mkdir", 0, 0, { BAD, 0 } },
	{ "mkdirat", 0, 0, { NOFD, BAD, 0 } },
	{ "rmdir", 0, 0, { BAD } },
	{ "unlink", 0, 0, { BAD } },
	{ "unlinkat", 0, 0, { NOFD, BAD, 0 } },
	{ "rename", 0, 0, { BAD, BAD } },
	{ "renameat", 0, 0, { NOFD, BAD, NOFD, BAD } },
	{ "renameat2", 0, 0, { NOFD, BAD, NOFD, BAD, 0 } },
	{ "link", 0, 0, { BAD, BAD } },
	{ "linkat", 0, 0, { NOFD, BAD, NOFD, BAD, 0 } },
	{ "symlink", 0, 0, { BAD, BAD } },
	{ "symlinkat", 0, 0, { BAD, NOFD, BAD } },
	{ "mknod", 0, 0, { BAD, 0, 0 } },
	{ "mknodat", 0, 0, { NOFD, BAD, 0, 0 } },
	{ "chmod", 0, 0, { BAD, 0 } },
	{ "fchmod", 0, 0, { NOFD, 0 } },
	{ "fchmodat", 0, 0, { NOFD, BAD, 0 } },
	{ "fchmodat2", 0, 0, { NOFD, BAD, 0, 0 } },
	{ "chown", 0, 0, { BAD, -1, -1 } },
	{ "lchown", 0, 0, { BAD, -1, -1 } },
	{ "fchown", 0, 0, { NOFD, -1, -1 } },
	{ "chown32", 0, 0, { BAD, -1, -1 } },
	{ "lchown32", 0, 0, { BAD, -1, -1 } },
	{ "fchown32", 0, 0, { NOFD, -1, -1 } },
	{ "fchownat", 0, 0, { NOFD, BAD, -1, -1, 0 } },
	{ "utime", 0, 0, { BAD, BAD } },
	{ "utimes", 0, 0, { BAD, BAD } },
	{ "futimesat", 0, 0, { NOFD, BAD, BAD } },
	{ "utimensat", 0, 0, { NOFD, BAD, BAD, 0 } },
	{ "utimensat_time64", 0, 0, { NOFD, BAD, BAD, 0 } },
	{ "setxattr", 0, 0, { BAD, BAD, BAD, 0, 0 } },
	{ "lsetxattr", 0, 0, { BAD, BAD, BAD, 0, 0 } },
	{ "fsetxattr", 0, 0, { NOFD, BAD, BAD, 0, 0 } },
	{ "getxattr", 0, 0, { BAD, BAD, BAD, 0 } },
	{ "lgetxattr", 0, 0, { BAD, BAD, BAD, 0 } },
	{ "fgetxattr", 0, 0, { NOFD, BAD, BAD, 0 } },
	{ "listxattr", 0, 0, { BAD, BAD, 0 } },
	{ "llistxattr", 0, 0, { BAD, BAD, 0 } },
	{ "flistxattr", 0, 0, { NOFD, BAD, 0 } },
	{ "removexattr", 0, 0, { BAD, BAD } },
	{ "lremovexattr", 0, 0, { BAD, BAD } },
	{ "fremovexattr", 0, 0, { NOFD, BAD } },
	{ "setxattrat", 0, 0, { NOFD, BAD, 0, BAD, BAD, 32 } },
	{ "getxattrat", 0, 0, { NOFD, BAD, 0, BAD, BAD, 32 } },
	{ "listxattrat", 0, 0, { NOFD, BAD, 0, BAD, 0 } },
	{ "removexattrat", 0, 0, { NOFD, BAD, 0, BAD } },
	{ "file_getattr", 0, 0, { NOFD, BAD, BAD, 0, 0 } },
	{ "file_setattr", 0, 0, { NOFD, BAD, BAD, 0, 0 } },
	{ "close_range", 0, 0, { 1, 0, 0 } }, /* first > last: EINVAL */
	{ "cachestat", 0, 0, { NOFD, BAD, BAD, 0 } },
	{ "name_to_handle_at", 0, 0, { NOFD, BAD, BAD, BAD, 0 } },
	{ "open_by_handle_at", F_FD, PIN(0) | PIN(1), { NOFD, BAD, 0 } },

	/* Fd-creating calls: invalid flags are rejected before anything is made. */
	{ "pipe", F_FD, 0, { BAD } }, /* the pair is freed when the copy-out fails */
	{ "pipe2", F_FD, 0, { BAD, 1 } },
	{ "eventfd", F_FD, 0, { 0 } },        /* no flags to get wrong: ok, closed */
	{ "eventfd2", F_FD, 0, { 0, 2 } },
	{ "inotify_init", F_FD, 0, { 0 } },   /* likewise ok, closed */
	{ "inotify_init1", F_FD, 0, { 1 } },
	{ "inotify_add_watch", 0, 0, { NOFD, BAD, 0 } },
	{ "inotify_rm_watch", 0, 0, { NOFD, 0 } },
	/* FAN_REPORT_FID lets an unprivileged caller past the EPERM check too;
	 * bit 31 is then rejected. */
	{ "fanotify_init", F_FD, 0, { 0x80000200L, 0 } },
	{ "fanotify_mark", 0, 0, { NOFD, 0, 0, NOFD, BAD } },
	{ "epoll_create", F_FD, 0, { 0 } },   /* size must be > 0 */
	{ "epoll_create1", F_FD, 0, { 1 } },
	{ "epoll_ctl", 0, 0, { NOFD, 1, NOFD, BAD } },
	{ "epoll_wait", 0, 0, { NOFD, BAD, 1, 0 } },
	{ "epoll_pwait", 0, 0, { NOFD, BAD, 1, 0, 0, 8 } },
	{ "epoll_pwait2", 0, 0, { NOFD, BAD, 1, 0, 0, 8 } },
	{ "signalfd", F_FD, 0, { NOFD, BAD, 8 } },
	{ "signalfd4", F_FD, 0, { NOFD, BAD, 8, 0 } },
	{ "timerfd_create", F_FD, 0, { -1, 0 } }, /* no such clock */
	{ "timerfd_settime", 0, 0, { NOFD, 0, BAD, 0 } },
	{ "timerfd_gettime", 0, 0, { NOFD, BAD } },
	{ "timerfd_settime64", 0, 0, { NOFD, 0, BAD, 0 } },
	{ "timerfd_gettime64", 0, 0, { NOFD, BAD } },
	{ "memfd_create", F_FD, 0, { BAD, 0 } },
	{ "memfd_secret", F_FD, 0, { 1 } },   /* flag 1 is not O_CLOEXEC */
	{ "userfaultfd", F_FD, 0, { 3 } },    /* UFFD_USER_MODE_ONLY|2: EINVAL, no
					       * privilege check on user-mode-only */
	{ "pidfd_open", F_FD, 0, { 0, 0 } },  /* pid 0: EINVAL */
	{ "pidfd_getfd", F_FD, 0, { NOFD, NOFD, 0 } },
	{ "pidfd_send_signal", 0, 0, { NOFD, 0, 0, 0 } },

	/* Polling and waiting: the bad argument is rejected before any sleep. */
	{ "poll", 0, 0, { BAD, 1, 0 } },
	{ "ppoll", 0, 0, { BAD, 1, 0, 0, 8 } },
	{ "ppoll_time64", 0, 0, { BAD, 1, 0, 0, 8 } },
	/* i386 "select" reads a struct from arg0 (0xffffffff): EFAULT there. */
	{ "select", 0, 0, { -1, 0, 0, 0, 0 } },
	{ "_newselect", 0, 0, { -1, 0, 0, 0, 0 } },
	{ "pselect6", 0, 0, { -1, 0, 0, 0, 0, 0 } },
	{ "pselect6_time64", 0, 0, { -1, 0, 0, 0, 0, 0 } },
	{ "nanosleep", 0, 0, { BAD, 0 } },
	{ "clock_nanosleep", 0, 0, { 0, 0, BAD, 0 } },
	{ "clock_nanosleep_time64", 0, 0, { 0, 0, BAD, 0 } },
	{ "futex", 0, 0, { BAD, 0, 0, 0, 0, 0 } },  /* misaligned: EINVAL */
	{ "futex_time64", 0, 0, { BAD, 0, 0, 0, 0, 0 } },
	{ "futex_waitv", 0, 0, { 0, 0, 0, 0, 0 } }, /* 0 futexes: EINVAL */
	{ "futex_wake", 0, 0, { BAD, 0, 0, 0 } },   /* size U8: EINVAL */
	{ "futex_wait", 0, 0, { BAD, 0, 0, 0, 0, 0 } },
	{ "futex_requeue", 0, 0, { BAD, 1, 0, 0 } },
	{ "wait4", 0, 0, { NOPID, 0, 0x1000, 0 } },  /* unknown option bit */
	{ "waitpid", 0, 0, { NOPID, 0, 0x1000 } },
	{ "waitid", 0, 0, { 99, 0, BAD, 4, 0 } },    /* unknown idtype */

	/* Memory of this process only. */
	/* i386 "mmap" reads its args from a struct at arg0 = NULL: EFAULT. */
	{ "mmap", 0, 0, { 0, 0, 0, 0x22, NOFD, 0 } },  /* length 0: EINVAL */
	{ "mmap2", 0, 0, { 0, 0, 0, 0x22, NOFD, 0 } },
	{ "munmap", 0, 0, { BAD, 1 } },       /* misaligned: EINVAL */
	{ "mprotect", 0, 0, { BAD, 1, 0 } },
	{ "pkey_mprotect", 0, 0, { BAD, 1, 0, -1 } },
	{ "mremap", 0, 0, { BAD, 1, 1, 0, 0 } },
	{ "madvise", 0, 0, { BAD, 1, 0 } },
	{ "msync", 0, 0, { BAD, 1, 0 } },
	{ "mincore", 0, 0, { BAD, 1, BAD } },
	{ "mlock", 0, 0, { 0, 1 } },          /* page 0 is unmapped: ENOMEM */
	{ "munlock", 0, 0, { 0, 1 } },
	{ "mlock2", 0, 0, { 0, 1, 2 } },      /* unknown flag: EINVAL */
	{ "mlockall", 0, 0, { 0 } },          /* no flags: EINVAL */
	{ "remap_file_pages", 0, 0, { 0, 0, 0, 0, 0 } },
	{ "mseal", 0, 0, { BAD, 0, 0 } },
	{ "pkey_alloc", 0, 0, { 1, 0 } },     /* flags must be 0 */
	{ "pkey_free", 0, 0, { -1 } },
	{ "map_shadow_stack", 0, 0, { 0, 0, 0x80000000L } },
	{ "process_madvise", 0, 0, { NOFD, BAD, 1, 0, 1 } },
	{ "process_mrelease", 0, 0, { NOFD, 0 } },
	{ "mbind", 0, 0, { 0, 0, 0x1000, 0, 0, 0 } }, /* no such mode */
	{ "set_mempolicy", 0, 0, { 0x1000, 0, 0 } },
	{ "get_mempolicy", 0, 0, { BAD, 0, 0, 0, 0 } },
	{ "set_mempolicy_home_node", 0, 0, { 0, 0, 0, 1 } },
	/* The node masks are read before the pid is looked up. */
	{ "migrate_pages", 0, 0, { NOPID, 64, BAD, BAD } },
	{ "move_pages", 0, 0, { NOPID, 0, 0, 0, 0, 1 } }, /* MPOL_MF_STRICT */
	{ "modify_ldt", F_INT, 0, { 2, BAD, 8 } }, /* read default LDT into BAD */
	/* Real only for i386: the x86_64 table entries are not implemented. */
	{ "set_thread_area", F_NOSYS64, 0, { BAD } },
	{ "get_thread_area", F_NOSYS64, 0, { BAD } },
	{ "arch_prctl", 0, 0, { 0, 0 } },     /* no such code */

	/* Signals and other processes: signal 0 and NOPID, so nothing is sent. */
	{ "kill", 0, PIN(1), { NOPID, 0 } },
	{ "tkill", 0, PIN(1), { NOPID, 0 } },
	{ "tgkill", 0, PIN(2), { NOPID, NOPID, 0 } },
	{ "rt_sigqueueinfo", 0, PIN(1) | PIN(2), { NOPID, 0, BAD } },
	{ "rt_tgsigqueueinfo", 0, PIN(2) | PIN(3), { NOPID, NOPID, 0, BAD } },
	{ "rt_sigaction", 0, 0, { 0, 0, 0, 8 } }, /* signal 0: EINVAL */
	{ "sigaction", 0, 0, { 0, 0, 0 } },
	{ "signal", 0, 0, { 0, 0 } },
	{ "rt_sigprocmask", 0, 0, { 0, BAD, 0, 8 } },
	{ "sigprocmask", 0, 0, { 0, BAD, 0 } },
	{ "rt_sigpending", 0, 0, { BAD, 8 } },
	{ "sigpending", 0, 0, { BAD } },
	{ "rt_sigsuspend", 0, 0, { BAD, 8 } }, /* mask copy fails: never sleeps */
	{ "rt_sigtimedwait", 0, 0, { BAD, 0, 0, 8 } },
	{ "rt_sigtimedwait_time64", 0, 0, { BAD, 0, 0, 8 } },
	{ "sigaltstack", 0, 0, { BAD, 0 } },
	{ "ptrace", 0, PIN(1), { 2, NOPID, 0, 0 } }, /* PEEKDATA: ESRCH */
	{ "process_vm_readv", 0, 0, { NOPID, BAD, 1, BAD, 1, 1 } }, /* flags */
	{ "process_vm_writev", 0, 0, { NOPID, BAD, 1, BAD, 1, 1 } },
	{ "kcmp", 0, 0, { NOPID, NOPID, 0, 0, 0 } },
	{ "prctl", 0, 0, { 0, 0, 0, 0, 0 } }, /* option 0 does not exist */
	{ "seccomp", 0, 0, { -1, 0, 0 } },    /* no such operation */
	{ "set_robust_list", 0, 0, { 0, 0 } },  /* wrong size: EINVAL */
	{ "get_robust_list", 0, 0, { 0, BAD, BAD } },
	{ "rseq", 0, 0, { 0, 0, 2, 0 } },     /* unknown flag */
	{ "membarrier", 0, 0, { 0, 1, 0 } },  /* flags with QUERY: EINVAL */
	{ "getpriority", 0, 0, { 99, 0 } },
	{ "setpriority", 0, 0, { 99, 0, 0 } },
	{ "ioprio_get", 0, 0, { 0, 0 } },
	{ "ioprio_set", 0, 0, { 0, 0, 0 } },
	{ "sched_setscheduler", 0, 0, { -1, 0, 0 } },
	{ "sched_setparam", 0, 0, { -1, 0 } },
	{ "sched_getparam", 0, 0, { -1, 0 } },
	{ "sched_getscheduler", 0, 0, { -1 } },
	{ "sched_get_priority_max", 0, 0, { -1 } },
	{ "sched_get_priority_min", 0, 0, { -1 } },
	{ "sched_rr_get_interval", 0, 0, { -1, BAD } },
	{ "sched_rr_get_interval_time64", 0, 0, { -1, BAD } },
	{ "sched_setaffinity", 0, 0, { NOPID, 8, BAD } }, /* mask read first */
	{ "sched_getaffinity", 0, 0, { 0, 1, BAD } },     /* size 1: EINVAL */
	{ "sched_setattr", 0, 0, { 0, BAD, 0 } },
	{ "sched_getattr", 0, 0, { 0, BAD, 0, 0 } },      /* size 0: EINVAL */
	{ "getrlimit", 0, 0, { 99, BAD } },
	{ "ugetrlimit", 0, 0, { 99, BAD } },
	{ "setrlimit", 0, 0, { 99, BAD } },
	{ "prlimit64", 0, 0, { 0, 99, 0, BAD } }, /* get-only, no such limit */
	{ "getrusage", 0, 0, { 99, BAD } },
	{ "times", 0, 0, { BAD } },
	{ "getcpu", 0, 0, { BAD, BAD, 0 } },
	{ "getrandom", 0, 0, { BAD, 16, 1 } }, /* GRND_NONBLOCK: never waits */
	{ "uname", 0, 0, { BAD } },
	{ "olduname", 0, 0, { BAD } },
	{ "oldolduname", 0, 0, { BAD } },
	{ "sysinfo", 0, 0, { BAD } },
	{ "syslog", 0, 0, { 3, 0, 0 } },       /* READ_ALL into NULL: EINVAL */
	{ "sethostname", 0, 0, { BAD, -1 } },  /* negative length */
	{ "setdomainname", 0, 0, { BAD, -1 } },
	{ "ustat", 0, 0, { 0, BAD } },
	{ "sysfs", 0, 0, { 99, 0, 0 } },

	/* Process creation: must fail (see the guards in the top comment). */
	{ "fork", F_FORK, 0, { 0 } },
	{ "vfork", F_FORK, 0, { 0 } },
	/* CLONE_NEWTIME is unshare-only: in clone's word it is exit-signal bits. */
	{ "clone", F_FORK | F_CLONE, 0,
	  { (NS_ALL & ~CLONE_NEWTIME) | SIGCHLD, 0, 0, 0, 0 } },
	/* size 0 < CLONE_ARGS_SIZE_VER0: EINVAL.  Seccomp cannot read clone3's
	 * struct, so filters often answer ENOSYS to make libcs use clone. */
	{ "clone3", F_FORK, PIN(0), { BAD, 0 } },
	{ "execve", 0, 0, { BAD, BAD, BAD } },
	{ "execveat", 0, 0, { NOFD, BAD, BAD, BAD, 0 } },

	/* Namespaces and mounts.  Pinned fds/paths keep every mount-API call
	 * pointing at nothing, whatever flags an override asks for. */
	{ "unshare", F_UNSH, 0, { NS_ALL } },
	{ "setns", 0, PIN(0), { NOFD, 0 } },
	{ "mount", 0, PIN(1), { BAD, BAD, BAD, 0, BAD } },
	{ "umount2", 0, PIN(0), { BAD, 0 } },
	{ "umount", 0, PIN(0), { BAD } },
	{ "pivot_root", 0, PIN(0) | PIN(1), { BAD, BAD } },
	{ "chroot", 0, PIN(0), { BAD } },
	{ "fsopen", F_FD, PIN(0), { BAD, 2 } },  /* flags but CLOEXEC: EINVAL */
	{ "fsmount", F_FD, PIN(0), { NOFD, 0, 0 } },
	{ "fsconfig", 0, PIN(0), { NOFD, 0, BAD, BAD, 0 } }, /* fd < 0: EINVAL */
	{ "fspick", F_FD, PIN(0) | PIN(1), { NOFD, BAD, 0x80000000L } },
	{ "move_mount", 0, PIN(0) | PIN(1) | PIN(2) | PIN(3),
	  { NOFD, BAD, NOFD, BAD, 0x80000000L } },
	{ "open_tree", F_FD, PIN(0) | PIN(1), { NOFD, BAD, 0x40000000L } },
	{ "open_tree_attr", F_FD, PIN(0) | PIN(1) | PIN(3),
	  { NOFD, BAD, 0x40000000L, BAD, 0 } },
	{ "mount_setattr", 0, PIN(0) | PIN(1) | PIN(3), { NOFD, BAD, 0, BAD, 0 } },
	{ "statmount", 0, 0, { BAD, BAD, 0, 0 } },
	{ "listmount", 0, 0, { BAD, BAD, 0, 0 } },
	{ "quotactl", 0, PIN(1), { 0xff, BAD, 0, BAD } }, /* quota type 255 */
	{ "quotactl_fd", 0, PIN(0), { NOFD, 0xff, 0, BAD } },

	/* Keys, BPF, perf, io_uring, AIO, landlock, LSM attributes. */
	{ "keyctl", 0, 0, { -1, 0, 0, 0, 0 } }, /* no such op: EOPNOTSUPP */
	{ "add_key", 0, 0, { BAD, BAD, BAD, 0, 0 } },
	{ "request_key", 0, 0, { BAD, BAD, BAD, 0 } },
	/* PROG_LOAD, but the attr copy faults before any command runs. */
	{ "bpf", F_FD, PIN(1), { 5, BAD, 8 } },
	{ "perf_event_open", F_FD, 0, { BAD, 0, -1, -1, 0 } },
	{ "io_uring_setup", F_FD, 0, { 1, BAD } },
	{ "io_uring_enter", 0, 0, { NOFD, 0, 0, 0, 0, 0 } },
	/* fd -1 is the "blind" register path since 6.13 (EINVAL for opcode 0). */
	{ "io_uring_register", 0, 0, { NOFD, 0, 0, 0 } },
	{ "io_setup", 0, 0, { 1, BAD } },
	{ "io_destroy", 0, 0, { 0 } },
	{ "io_submit", 0, 0, { 0, 1, BAD } },
	{ "io_cancel", 0, 0, { 0, BAD, BAD } },
	{ "io_getevents", 0, 0, { 0, 0, 1, BAD, 0 } },
	{ "io_pgetevents", 0, 0, { 0, 0, 1, BAD, 0, 0 } },
	{ "io_pgetevents_time64", 0, 0, { 0, 0, 1, BAD, 0, 0 } },
	{ "landlock_create_ruleset", F_FD, 0, { 0, 0, 0x100 } },
	{ "landlock_add_rule", 0, 0, { NOFD, 1, BAD, 0 } },
	{ "landlock_restrict_self", 0, 0, { NOFD, 0 } },
	{ "lsm_get_self_attr", 0, 0, { 0, BAD, BAD, 0x80 } },
	{ "lsm_set_self_attr", 0, 0, { 0, BAD, 0, 1 } },
	{ "lsm_list_modules", 0, 0, { BAD, BAD, 1 } },

	/* POSIX and SysV IPC.  The get calls use a key nobody uses and cannot
	 * create (flags pinned), so nothing global is left behind. */
	{ "mq_open", F_FD, 0, { BAD, 0, 0, 0 } },
	{ "mq_unlink", 0, 0, { BAD } },
	{ "mq_timedsend", 0, 0, { NOFD, BAD, 0, 0, 0 } },
	{ "mq_timedreceive", 0, 0, { NOFD, BAD, 0, 0, 0 } },
	{ "mq_timedsend_time64", 0, 0, { NOFD, BAD, 0, 0, 0 } },
	{ "mq_timedreceive_time64", 0, 0, { NOFD, BAD, 0, 0, 0 } },
	{ "mq_notify", 0, 0, { NOFD, 0 } },
	{ "mq_getsetattr", 0, 0, { NOFD, 0, 0 } },
	{ "msgget", 0, PIN(1), { 0x7a7a7a7aL, 0 } },  /* ENOENT */
	{ "semget", 0, PIN(1), { 0x7a7a7a7aL, -1, 0 } }, /* nsems < 0 */
	{ "shmget", 0, PIN(2), { 0x7a7a7a7aL, 0, 0 } },  /* ENOENT */
	{ "msgctl", 0, 0, { -1, 2, BAD } },   /* IPC_STAT on id -1: EINVAL */
	{ "semctl", 0, 0, { -1, 0, 2, BAD } },
	{ "shmctl", 0, 0, { -1, 2, BAD } },
	{ "msgsnd", 0, 0, { -1, BAD, 0, 0 } },
	{ "msgrcv", 0, 0, { -1, BAD, 0, 0, 04000 } },
	{ "semop", 0, 0, { -1, BAD, 1 } },
	{ "semtimedop", 0, 0, { -1, BAD, 1, 0 } },
	{ "semtimedop_time64", 0, 0, { -1, BAD, 1, 0 } },
	{ "shmat", 0, 0, { -1, 0, 0 } },
	{ "shmdt", 0, 0, { BAD } },           /* misaligned: EINVAL */
	/* i386 multiplexer: SEMOP on id -1. */
	{ "ipc", 0, 0, { 1, -1, 1, 0, BAD, 0 } },

	/* Sockets.  Type -1 has bits socket() rejects before the family, so
	 * socket:FAMILY stays harmless; socket:F,T,P may create one (closed). */
	{ "socket", F_FD, 0, { 1, -1, 0 } },
	{ "socketpair", 0, 0, { 1, -1, 0, BAD } },
	{ "bind", 0, 0, { NOFD, BAD, 16 } },
	{ "connect", 0, 0, { NOFD, BAD, 16 } },
	{ "listen", 0, 0, { NOFD, 0 } },
	{ "accept", F_FD, 0, { NOFD, 0, 0 } },
	{ "accept4", F_FD, 0, { NOFD, 0, 0, 0 } },
	{ "getsockname", 0, 0, { NOFD, BAD, BAD } },
	{ "getpeername", 0, 0, { NOFD, BAD, BAD } },
	{ "sendto", 0, 0, { NOFD, BAD, 1, 0, 0, 0 } },
	{ "recvfrom", 0, 0, { NOFD, BAD, 1, 0, 0, 0 } },
	{ "sendmsg", 0, 0, { NOFD, BAD, 0 } },
	{ "recvmsg", 0, 0, { NOFD, BAD, 0 } },
	{ "sendmmsg", 0, 0, { NOFD, BAD, 1, 0 } },
	{ "recvmmsg", 0, 0, { NOFD, BAD, 1, 0, 0 } },
	{ "recvmmsg_time64", 0, 0, { NOFD, BAD, 1, 0, 0 } },
	{ "shutdown", 0, 0, { NOFD, 0 } },
	{ "setsockopt", 0, 0, { NOFD, 0, 0, BAD, 0 } },
	{ "getsockopt", 0, 0, { NOFD, 0, 0, BAD, BAD } },
	/* i386 multiplexer: SYS_SOCKET with its args at BAD. */
	{ "socketcall", 0, 0, { 1, BAD } },

	/* Clocks.  The new time is read from BAD, so no clock ever changes;
	 * the pointers are pinned.  Clock 0 is CLOCK_REALTIME: a negative
	 * (CPU) clock would answer EPERM to a set. */
	{ "settimeofday", 0, PIN(0) | PIN(1), { BAD, BAD } },
	{ "stime", 0, PIN(0), { BAD } },
	{ "clock_settime", 0, PIN(1), { 0, BAD } },
	{ "clock_settime64", 0, PIN(1), { 0, BAD } },
	{ "clock_adjtime", 0, PIN(1), { 0, BAD } },
	{ "clock_adjtime64", 0, PIN(1), { 0, BAD } },
	{ "adjtimex", 0, PIN(0), { BAD } },
	{ "gettimeofday", 0, 0, { BAD, 0 } },
	{ "time", 0, 0, { BAD } },
	{ "clock_gettime", 0, 0, { 0, BAD } },
	{ "clock_gettime64", 0, 0, { 0, BAD } },
	{ "clock_getres", 0, 0, { 0, BAD } },
	{ "clock_getres_time64", 0, 0, { 0, BAD } },
	{ "timer_create", 0, 0, { 0, BAD, BAD } },
	{ "timer_settime", 0, 0, { 0x7fffffffL, 0, BAD, 0 } },
	{ "timer_settime64", 0, 0, { 0x7fffffffL, 0, BAD, 0 } },
	{ "timer_gettime", 0, 0, { 0x7fffffffL, BAD } },
	{ "timer_gettime64", 0, 0, { 0x7fffffffL, BAD } },
	{ "timer_getoverrun", 0, 0, { 0x7fffffffL } },
	{ "timer_delete", 0, 0, { 0x7fffffffL } },
	{ "getitimer", 0, 0, { 99, BAD } },
	{ "setitimer", 0, 0, { 0, BAD, 0 } },

	/* System-wide calls.  Each fails on an argument check that comes before
	 * anything is changed; the arguments that could make them act are
	 * pinned.  Where the kernel is built without the feature they answer
	 * ENOSYS (no modules, no kexec, no iopl/ioperm on many kernels). */
	{ "reboot", 0, PIN(0) | PIN(1), { 0, 0, 0, 0 } },   /* bad magic */
	{ "swapon", 0, PIN(0), { BAD, 0x40000000L } },      /* bad flags */
	{ "swapoff", 0, PIN(0), { BAD } },
	{ "acct", 0, PIN(0), { BAD } },  /* acct(NULL) would stop accounting */
	/* Flag 0x80 is no KEXEC_* flag; 1000 segments is over the limit. */
	{ "kexec_load", 0, PIN_ALL, { 0, 1000, BAD, 0x80 } },
	{ "kexec_file_load", 0, PIN_ALL, { NOFD, NOFD, 0, BAD, 0x80 } },
	{ "init_module", 0, PIN_ALL, { BAD, 0, BAD } },      /* empty image */
	{ "finit_module", 0, PIN_ALL, { NOFD, BAD, 0x80000000L } },
	{ "delete_module", 0, PIN_ALL, { BAD, 0 } },
	{ "iopl", 0, PIN_ALL, { 4 } },                       /* level > 3 */
	{ "ioperm", 0, PIN_ALL, { 0, 0, 0 } },               /* empty range */
	{ "uselib", 0, PIN_ALL, { BAD } },

	/* Gone from current kernels (or never there): ENOSYS when allowed. */
	{ "nfsservctl", F_NOSYS, 0, { 0, BAD, BAD } },
	{ "_sysctl", F_NOSYS, 0, { BAD } },
	{ "lookup_dcookie", F_NOSYS, 0, { 0, BAD, 0 } },
	{ "create_module", F_NOSYS, 0, { BAD, 0 } },
	{ "get_kernel_syms", F_NOSYS, 0, { BAD } },
	{ "query_module", F_NOSYS, 0, { BAD, 0, BAD, 0, BAD } },
	{ "vserver", F_NOSYS, 0, { 0 } },
	{ "afs_syscall", F_NOSYS, 0, { 0 } },
	{ "tuxcall", F_NOSYS, 0, { 0 } },
	{ "security", F_NOSYS, 0, { 0 } },
	{ "getpmsg", F_NOSYS, 0, { 0 } },
	{ "putpmsg", F_NOSYS, 0, { 0 } },
	{ "break", F_NOSYS, 0, { 0 } },
	{ "stty", F_NOSYS, 0, { 0 } },
	{ "gtty", F_NOSYS, 0, { 0 } },
	{ "ftime", F_NOSYS, 0, { 0 } },
	{ "prof", F_NOSYS, 0, { 0 } },
	{ "lock", F_NOSYS, 0, { 0 } },
	{ "mpx", F_NOSYS, 0, { 0 } },
	{ "ulimit", F_NOSYS, 0, { 0 } },
	{ "profil", F_NOSYS, 0, { 0 } },
	{ "idle", F_NOSYS, 0, { 0 } },
	/* i386 only, and not provided to 32-bit tasks of a 64-bit kernel. */
	{ "vm86old", F_NOSYS, PIN_ALL, { BAD } },
	{ "vm86", F_NOSYS, PIN_ALL, { 1, BAD } },  /* VM86_ENTER from BAD */

	/* Deliberately absent, no harmless arguments exist: exit, exit_group,
	 * rt_sigreturn, sigreturn, uretprobe (SIGILL outside a uretprobe),
	 * pause and i386 sigsuspend (sleep for ever), vhangup, sync (flushes
	 * every filesystem), setsid (its result depends on the caller). */
};

#define E(x) [x] = #x
static const char *const errno_names[] = {
	E(EPERM), E(ENOENT), E(ESRCH), E(EINTR), E(EIO), E(ENXIO), E(E2BIG),
	E(ENOEXEC), E(EBADF), E(ECHILD), E(EAGAIN), E(ENOMEM), E(EACCES),
	E(EFAULT), E(ENOTBLK), E(EBUSY), E(EEXIST), E(EXDEV), E(ENODEV),
	E(ENOTDIR), E(EISDIR), E(EINVAL), E(ENFILE), E(EMFILE), E(ENOTTY),
	E(ETXTBSY), E(EFBIG), E(ENOSPC), E(ESPIPE), E(EROFS), E(EMLINK),
	E(EPIPE), E(EDOM), E(ERANGE), E(EDEADLK), E(ENAMETOOLONG), E(ENOLCK),
	E(ENOSYS), E(ENOTEMPTY), E(ELOOP), E(ENOMSG), E(EIDRM), E(ECHRNG),
	E(EL2NSYNC), E(EL3HLT), E(EL3RST), E(ELNRNG), E(EUNATCH), E(ENOCSI),
	E(EL2HLT), E(EBADE), E(EBADR), E(EXFULL), E(ENOANO), E(EBADRQC),
	E(EBADSLT), E(EBFONT), E(ENOSTR), E(ENODATA), E(ETIME), E(ENOSR),
	E(ENONET), E(ENOPKG), E(EREMOTE), E(ENOLINK), E(EADV), E(ESRMNT),
	E(ECOMM), E(EPROTO), E(EMULTIHOP), E(EDOTDOT), E(EBADMSG),
	E(EOVERFLOW), E(ENOTUNIQ), E(EBADFD), E(EREMCHG), E(ELIBACC),
	E(ELIBBAD), E(ELIBSCN), E(ELIBMAX), E(ELIBEXEC), E(EILSEQ), E(ERESTART),
	E(ESTRPIPE), E(EUSERS), E(ENOTSOCK), E(EDESTADDRREQ), E(EMSGSIZE),
	E(EPROTOTYPE), E(ENOPROTOOPT), E(EPROTONOSUPPORT), E(ESOCKTNOSUPPORT),
	E(EOPNOTSUPP), E(EPFNOSUPPORT), E(EAFNOSUPPORT), E(EADDRINUSE),
	E(EADDRNOTAVAIL), E(ENETDOWN), E(ENETUNREACH), E(ENETRESET),
	E(ECONNABORTED), E(ECONNRESET), E(ENOBUFS), E(EISCONN), E(ENOTCONN),
	E(ESHUTDOWN), E(ETOOMANYREFS), E(ETIMEDOUT), E(ECONNREFUSED),
	E(EHOSTDOWN), E(EHOSTUNREACH), E(EALREADY), E(EINPROGRESS), E(ESTALE),
	E(EUCLEAN), E(ENOTNAM), E(ENAVAIL), E(EISNAM), E(EREMOTEIO), E(EDQUOT),
	E(ENOMEDIUM), E(EMEDIUMTYPE), E(ECANCELED), E(ENOKEY), E(EKEYEXPIRED),
	E(EKEYREVOKED), E(EKEYREJECTED), E(EOWNERDEAD), E(ENOTRECOVERABLE),
	E(ERFKILL), E(EHWPOISON),
};
#undef E

enum abi { ABI_NATIVE, ABI_X86, ABI_X32 };

/*
 * Raw calls, so that the probe and not libc decides what is passed and the
 * kernel's -errno comes back untouched.  `guard` is 0, or the exit syscall
 * number for this ABI: then a zero return (we are a child of fork-like
 * call) goes straight to exit, and to ud2 should exit be denied, without
 * touching memory, which a vfork child shares with its parent.
 */
#if defined(__x86_64__)
static long call_syscall(long nr, const long a[6], long guard)
{
	register long r10 __asm__("r10") = a[3];
	register long r8 __asm__("r8") = a[4];
	register long r9 __asm__("r9") = a[5];
	long ret = nr;

	__asm__ volatile("syscall\n\t"
			 "test %[g], %[g]\n\t"
			 "jz 1f\n\t"
			 "test %%rax, %%rax\n\t"
			 "jnz 1f\n\t"
			 "mov %[g], %%rax\n\t"
			 "xor %%edi, %%edi\n\t"
			 "syscall\n\t"
			 "ud2\n"
			 "1:"
			 : "+a"(ret)
			 : "D"(a[0]), "S"(a[1]), "d"(a[2]), "r"(r10), "r"(r8),
			   "r"(r9), [g] "r"(guard)
			 : "rcx", "r11", "memory", "cc");
	return ret;
}

/*
 * int $0x80 takes its sixth argument in ebp, which cannot be named as an
 * asm operand, so it is saved around the call.  The push goes below the
 * 128-byte red zone the compiler may be using.  The kernel preserves r8-r11
 * across int $0x80 only since 4.17, hence the clobbers.
 */
static long call_int80(long nr, const long a[6], long guard)
{
	unsigned int ret = (unsigned int)nr;

	__asm__ volatile("sub $128, %%rsp\n\t"
			 "push %%rbp\n\t"
			 "mov %k[a5], %%ebp\n\t"
			 "int $0x80\n\t"
			 "pop %%rbp\n\t"
			 "add $128, %%rsp\n\t"
			 "test %[g], %[g]\n\t"
			 "jz 1f\n\t"
			 "test %%eax, %%eax\n\t"
			 "jnz 1f\n\t"
			 "mov %k[g], %%eax\n\t"
			 "xor %%ebx, %%ebx\n\t"
			 "int $0x80\n\t"
			 "ud2\n"
			 "1:"
			 : "+a"(ret)
			 : "b"((unsigned int)a[0]), "c"((unsigned int)a[1]),
			   "d"((unsigned int)a[2]), "S"((unsigned int)a[3]),
			   "D"((unsigned int)a[4]), [a5] "r"((unsigned int)a[5]),
			   [g] "r"(guard)
			 : "r8", "r9", "r10", "r11", "memory", "cc");
	return (int)ret;
}
#else
/* aarch64 (svc with the number in x8) and arm EABI (svc with it in r7): a
 * 32-bit arm process is how a 64-bit arm kernel sees compat calls, so the
 * compat ABI is this file built for arm (build/arm64/probe32). */
static long call_syscall(long nr, const long a[6], long guard)
{
#if defined(__aarch64__)
	register long x8 __asm__("x8") = nr;
	register long x0 __asm__("x0") = a[0];
	register long x1 __asm__("x1") = a[1];
	register long x2 __asm__("x2") = a[2];
	register long x3 __asm__("x3") = a[3];
	register long x4 __asm__("x4") = a[4];
	register long x5 __asm__("x5") = a[5];
	__asm__ volatile("svc #0\n\t"
			 "cbz %[g], 1f\n\t"
			 "cbnz x0, 1f\n\t"
			 "mov x8, %[g]\n\t"
			 "mov x0, #0\n\t"
			 "svc #0\n\t"
			 "brk #0\n"
			 "1:"
			 : "+r"(x0), "+r"(x8)
			 : "r"(x1), "r"(x2), "r"(x3), "r"(x4), "r"(x5), [g] "r"(guard)
			 : "memory", "cc");
	return x0;
#else
	register long r7 __asm__("r7") = nr;
	register long r0 __asm__("r0") = a[0];
	register long r1 __asm__("r1") = a[1];
	register long r2 __asm__("r2") = a[2];
	register long r3 __asm__("r3") = a[3];
	register long r4 __asm__("r4") = a[4];
	register long r5 __asm__("r5") = a[5];
	__asm__ volatile("svc #0\n\t"
			 "cmp %[g], #0\n\t"
			 "beq 1f\n\t"
			 "cmp r0, #0\n\t"
			 "bne 1f\n\t"
			 "mov r7, %[g]\n\t"
			 "mov r0, #0\n\t"
			 "svc #0\n\t"
			 "udf #0\n"
			 "1:"
			 : "+r"(r0), "+r"(r7)
			 : "r"(r1), "r"(r2), "r"(r3), "r"(r4), "r"(r5), [g] "r"(guard)
			 : "memory", "cc");
	return r0;
#endif
}

static long call_int80(long nr, const long a[6], long guard)
{
	(void)nr, (void)a, (void)guard;
	return -ENOSYS;
}
#endif

static void die_usage(const char *fmt, const char *what)
{
	fprintf(stderr, "probe: ");
	fprintf(stderr, fmt, what);
	fputs("\nusage: probe [-v] [-a native|x86|x32] SYSCALL[:ARG,...]...\n"
	      "       probe -l [-a native|x86|x32]\n", stderr);
	exit(2);
}

static uint32_t arch_token(enum abi abi)
{
	switch (abi) {
	case ABI_X86:
		return SCMP_ARCH_X86;
	case ABI_X32:
		return SCMP_ARCH_X32;
	default:
		return SCMP_ARCH_NATIVE;
	}
}

/* libseccomp gives negative pseudo numbers for calls an ABI lacks. */
static long resolve(enum abi abi, const char *name)
{
	int nr = seccomp_syscall_resolve_name_arch(arch_token(abi), name);

	if (nr < 0)
		return -1;
	return abi == ABI_X32 ? (nr | X32_BIT) : nr;
}

static const struct row *find_row(const char *name, size_t len)
{
	for (size_t i = 0; i < sizeof(table) / sizeof(table[0]); i++)
		if (strlen(table[i].name) == len &&
		    memcmp(table[i].name, name, len) == 0)
			return &table[i];
	return NULL;
}

/* Decimal or 0x hex, optionally negative; no octal, nothing trailing. */
static int parse_num(const char *s, size_t len, long *out)
{
	char buf[32], *end;
	int neg = 0, base = 10;
	unsigned long long v;

	if (len == 0 || len >= sizeof(buf))
		return -1;
	memcpy(buf, s, len);
	buf[len] = '\0';
	s = buf;
	if (*s == '-') {
		neg = 1;
		s++;
	}
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s += 2;
	}
	if (!(base == 16 ? isxdigit((unsigned char)*s) : isdigit((unsigned char)*s)))
		return -1;
	errno = 0;
	v = strtoull(s, &end, base);
	if (errno || *end || end == s)
		return -1;
	*out = neg ? -(long)v : (long)v;
	return 0;
}

#define MAX_ARG 256

struct probe {
	const char *arg;
	const struct row *row;
	long nr;
	long a[6];
};

/*
 * The i386 calls without a "32" suffix take 16-bit ids: a larger uid/gid
 * would be truncated into somebody else's, so refuse rather than switch.
 */
static void resolve_tokens(enum abi abi, struct probe *p)
{
	size_t nlen = strlen(p->row->name);
	int id16 = abi == ABI_X86 &&
		   (nlen < 2 || strcmp(p->row->name + nlen - 2, "32") != 0);

	for (int i = 0; i < 6; i++) {
		if (p->a[i] != TOK_UID && p->a[i] != TOK_GID)
			continue;
		p->a[i] = p->a[i] == TOK_UID ? (long)getuid() : (long)getgid();
		if (id16 && p->a[i] > 0xfffe)
			die_usage("%s: id does not fit the 16-bit i386 call", p->arg);
	}
}

static void plan(enum abi abi, const char *arg, struct probe *p)
{
	const char *colon = strchr(arg, ':');
	size_t nlen = colon ? (size_t)(colon - arg) : strlen(arg);

	if (strlen(arg) > MAX_ARG)
		die_usage("%s: argument too long", arg);
	p->arg = arg;
	p->row = find_row(arg, nlen);
	if (!p->row)
		die_usage("%s: not in the probe's table (no safe arguments known)", arg);
	p->nr = resolve(abi, p->row->name);
	if (p->nr < 0)
		die_usage("%s: libseccomp knows no such syscall for this ABI", arg);
	memcpy(p->a, p->row->arg, sizeof(p->a));
	if (!colon) {
		resolve_tokens(abi, p);
		return;
	}

	const char *s = colon + 1;
	for (int i = 0;; i++) {
		size_t len = strcspn(s, ",");
		long v;

		if (i == 6)
			die_usage("%s: more than 6 arguments", arg);
		if (len == 0)
			v = p->row->arg[i];
		else if (len == 3 && memcmp(s, "uid", 3) == 0)
			v = TOK_UID;
		else if (len == 3 && memcmp(s, "gid", 3) == 0)
			v = TOK_GID;
		else if (parse_num(s, len, &v) < 0)
			die_usage("%s: bad number in the arguments", arg);
		if ((p->row->pin & PIN(i)) && v != p->row->arg[i])
			die_usage("%s: that argument is pinned for safety", arg);
		p->a[i] = v;
		if (s[len] == '\0')
			break;
		s += len + 1;
	}
	resolve_tokens(abi, p);
}

static void run(enum abi abi, const struct probe *p, int verbose)
{
	const struct row *r = p->row;
	long a[6], ret, guard = 0;
	char line[MAX_ARG + 80], num[24];
	const char *res = "ok";
	int n;

	memcpy(a, p->a, sizeof(a));
	if (r->flags & F_CLONE)
		a[0] = (a[0] | CLONE_SIGHAND) & ~(long)CLONE_VM;
	if (r->flags & F_UNSH)
		a[0] |= 1;
	if (r->flags & F_FORK)
		guard = abi == ABI_X86 ? 1 : abi == ABI_X32 ? (NR_EXIT | X32_BIT) : NR_EXIT;

	if (abi == ABI_X86) {
		ret = call_int80(p->nr, a, guard);
	} else {
		ret = call_syscall(p->nr, a, guard);
		if (r->flags & F_INT)
			ret = (int)ret;
	}

	if (ret < 0 && ret >= -4095) {
		long e = -ret;
		if ((size_t)e < sizeof(errno_names) / sizeof(errno_names[0]) &&
		    errno_names[e])
			res = errno_names[e];
		else {
			snprintf(num, sizeof(num), "E%ld", e);
			res = num;
		}
	} else {
		if ((r->flags & F_FD) && ret > 2 && ret <= INT_MAX)
			close((int)ret);
		if ((r->flags & F_FORK) && ret > 0 && ret <= INT_MAX)
			waitpid((pid_t)ret, NULL, __WALL);
	}
	if (verbose)
		n = snprintf(line, sizeof(line), "%s %s nr=%ld ret=%ld\n",
			     p->arg, res, p->nr, ret);
	else
		n = snprintf(line, sizeof(line), "%s %s\n", p->arg, res);
	if (n < 0 || (size_t)n >= sizeof(line))
		exit(1); /* cannot happen: plan() bounds the argument's length */
	/* One write per line: whatever the filter does next, this line is out. */
	if (write(1, line, (size_t)n) < 0)
		exit(1);
}

int main(int argc, char **argv)
{
	enum abi abi = ABI_NATIVE;
	int opt, list = 0, verbose = 0;

	while ((opt = getopt(argc, argv, "a:lvh")) != -1) {
		switch (opt) {
		case 'a':
			if (strcmp(optarg, "native") == 0)
				abi = ABI_NATIVE;
#if defined(__x86_64__)
			else if (strcmp(optarg, "x86") == 0)
				abi = ABI_X86;
			else if (strcmp(optarg, "x32") == 0)
				abi = ABI_X32;
#endif
			else
				die_usage("unknown ABI %s", optarg);
			break;
		case 'l':
			list = 1;
			break;
		case 'v':
			verbose = 1;
			break;
		default:
			die_usage("%s", "bad option");
		}
	}

	if (list) {
		if (optind != argc)
			die_usage("%s", "-l takes no syscall names");
		for (size_t i = 0; i < sizeof(table) / sizeof(table[0]); i++) {
			const struct row *r = &table[i];
			long nr = resolve(abi, r->name);
			int nosys = (r->flags & F_NOSYS) ||
				    ((r->flags & F_NOSYS64) && abi != ABI_X86);
			if (nr >= 0)
				printf("%s %ld%s\n", r->name, nr, nosys ? " nosys" : "");
		}
		return fflush(stdout) ? 1 : 0;
	}
	if (optind == argc)
		die_usage("%s", "no syscall given");

	/* Check everything before calling anything; planning again in the
	 * second pass spares a malloc (brk/mmap the filter may not allow). */
	struct probe p;
	for (int i = optind; i < argc; i++)
		plan(abi, argv[i], &p);
	for (int i = optind; i < argc; i++) {
		plan(abi, argv[i], &p);
		run(abi, &p, verbose);
	}
	return 0;
}
