/* scinit starts no thread. musl's fork, setresuid, setresgid and setgroups
 * keep every thread of a process consistent (fork takes libc's locks around
 * the call; the set*id calls run on each thread through __synccall), which
 * brings 4 kB of lock, semaphore and timed-wait code into the binary. For a
 * process of one thread, the plain calls below do the same. */
#ifndef SCINIT_ONE_THREAD_H
#define SCINIT_ONE_THREAD_H

#include <stddef.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <unistd.h>

/* fork without the atfork handlers (scinit registers none) and locks. */
static inline pid_t one_thread_fork(void)
{
	return _Fork();
}

/* -1 with errno, as the wrappers. */
static inline int one_thread_setresuid(uid_t r, uid_t e, uid_t s)
{
	return (int)syscall(SYS_setresuid, (long)r, (long)e, (long)s);
}

static inline int one_thread_setresgid(gid_t r, gid_t e, gid_t s)
{
	return (int)syscall(SYS_setresgid, (long)r, (long)e, (long)s);
}

static inline int one_thread_setgroups(size_t n, const gid_t *groups)
{
	return (int)syscall(SYS_setgroups, (long)n, groups);
}

#endif
