#include "profile/families.h"

#include <string.h>

/* Each family is one kernel operation behind several entry points: a newer
 * call with flags that add no power, a 64-bit or time64 variant, a path and
 * an fd form, the *at form. Never a call that can do more than the others
 * (clone3, whose flags a filter cannot read; prlimit64, which reaches other
 * processes; openat2, whose fallback is ENOSYS). Names an arch lacks are
 * skipped where the profile is written. */
const char learn_families[] =
	"~stat: stat lstat fstat newfstatat fstatat64 statx stat64 lstat64 fstat64 oldstat oldlstat oldfstat\n"
	"~access: access faccessat faccessat2\n"
	"~open: open openat creat\n"
	"~pipe: pipe pipe2\n"
	"~dup: dup dup2 dup3\n"
	"~poll: poll ppoll ppoll_time64\n"
	"~select: select _newselect pselect6 pselect6_time64\n"
	"~epoll_wait: epoll_wait epoll_pwait epoll_pwait2\n"
	"~epoll_create: epoll_create epoll_create1\n"
	"~wait4: wait4 waitid waitpid\n"
	"~chmod: chmod fchmod fchmodat fchmodat2\n"
	"~chown: chown fchown lchown fchownat chown32 fchown32 lchown32\n"
	"~accept: accept accept4\n"
	"~eventfd: eventfd eventfd2\n"
	"~signalfd: signalfd signalfd4\n"
	"~inotify_init: inotify_init inotify_init1\n"
	"~getdents: getdents getdents64\n"
	"~rename: rename renameat renameat2\n"
	"~mkdir: mkdir mkdirat\n"
	"~unlink: unlink unlinkat rmdir\n"
	"~link: link linkat\n"
	"~symlink: symlink symlinkat\n"
	"~readlink: readlink readlinkat\n"
	"~utimes: utime utimes utimensat futimesat utimensat_time64\n"
	"~close: close close_range\n"
	"~lseek: lseek _llseek\n"
	"~pread: pread64 preadv preadv2\n"
	"~pwrite: pwrite64 pwritev pwritev2\n"
	"~send: send sendto\n"
	"~recv: recv recvfrom\n"
	"~sendmsg: sendmsg sendmmsg\n"
	"~recvmsg: recvmsg recvmmsg recvmmsg_time64\n"
	"~sendfile: sendfile sendfile64\n"
	"~fcntl: fcntl fcntl64\n"
	"~truncate: truncate truncate64\n"
	"~ftruncate: ftruncate ftruncate64\n"
	"~statfs: statfs statfs64 fstatfs fstatfs64\n"
	"~fadvise: fadvise64 fadvise64_64\n"
	"~nanosleep: nanosleep clock_nanosleep clock_nanosleep_time64\n"
	"~clock_gettime: clock_gettime clock_gettime64 gettimeofday time\n"
	"~futex: futex futex_time64\n"
	"~getrlimit: getrlimit ugetrlimit\n"
	"~sigaction: rt_sigaction sigaction\n"
	"~sigprocmask: rt_sigprocmask sigprocmask\n"
	"~sigsuspend: rt_sigsuspend sigsuspend\n"
	"~sigpending: rt_sigpending sigpending\n"
	"~mmap: mmap mmap2\n";

/* glibc falls back from clone3 (to clone), faccessat2, fchmodat2 (to
 * O_PATH and /proc), statx (to fstatat), close_range (closefrom: to
 * /proc/self/fd), preadv2/pwritev2 without flags, mlock2 without flags,
 * and the time64 calls on 32-bit ABIs; musl from accept4, pipe2, dup3 and
 * the time64 calls. Apps (CPython, libuv, systemd, Go, coreutils, liburing
 * users) probe openat2, epoll_pwait2, pidfd_*, copy_file_range, getrandom,
 * rseq, landlock, io_uring and membarrier and take another path on ENOSYS,
 * not on EPERM. */
const char learn_enosys_fallback[] =
	"clone3 faccessat2 fchmodat2 openat2 statx epoll_pwait2 close_range pidfd_open pidfd_send_signal "
	"pidfd_getfd copy_file_range getrandom rseq preadv2 pwritev2 mlock2 renameat2 accept4 pipe2 dup3 "
	"landlock_create_ruleset io_uring_setup membarrier memfd_create futex_waitv process_madvise "
	"clock_gettime64 clock_nanosleep_time64 futex_time64 ppoll_time64 pselect6_time64 recvmmsg_time64 "
	"utimensat_time64 semtimedop_time64 rt_sigtimedwait_time64 timerfd_settime64 timer_settime64 "
	"io_pgetevents_time64 mq_timedsend_time64 mq_timedreceive_time64 clock_getres_time64";

/* runc 1.1's init (Docker 20.10 here), found with a logging filter: it
 * installs the filter before it switches user and capabilities, then looks
 * the command up, checks /proc/self/fd is procfs and closes its fds; Go's
 * runtime may add the rest at any moment. Docker's default allows them all. */
const char learn_runtime_calls[] =
	"capget capset chdir close epoll_ctl epoll_pwait execve faccessat2 fcntl fstat fstatfs futex getcwd "
	"getdents64 getpid getppid gettid madvise mmap munmap nanosleep newfstatat openat prctl read "
	"rt_sigaction rt_sigprocmask rt_sigreturn sched_yield setgid setgroups setuid sigaltstack tgkill write "
	"exit exit_group";

bool name_in_list(const char *list, unsigned len, const char *word)
{
	size_t n = strlen(word);
	for (const char *p = list, *end = list + len; p < end;) {
		size_t w = strcspn(p, " \n");
		if (w == n && memcmp(p, word, n) == 0)
			return true;
		p += w + 1;
	}
	return false;
}

const char *family_of(const char *name, unsigned *len)
{
	for (const char *line = learn_families; *line;) {
		const char *members = strchr(line, ':') + 2, *end = strchr(line, '\n');
		*len = (unsigned)(end - members);
		if (name_in_list(members, *len, name))
			return members;
		line = end + 1;
	}
	return NULL;
}
