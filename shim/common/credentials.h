/* Changing the process's user and group ids. */
#ifndef SCINIT_CREDENTIALS_H
#define SCINIT_CREDENTIALS_H

#include <stddef.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <unistd.h>

/* The system calls themselves: musl's setresuid, setresgid and setgroups
 * apply the change to every thread of the process (__synccall, with its
 * semaphores and timed waits, 2 kB of the binary). scinit starts no thread,
 * so the call alone does the same. -1 with errno, as the wrappers. */
static inline int credentials_setresuid(uid_t r, uid_t e, uid_t s)
{
	return (int)syscall(SYS_setresuid, (long)r, (long)e, (long)s);
}

static inline int credentials_setresgid(gid_t r, gid_t e, gid_t s)
{
	return (int)syscall(SYS_setresgid, (long)r, (long)e, (long)s);
}

static inline int credentials_setgroups(size_t n, const gid_t *groups)
{
	return (int)syscall(SYS_setgroups, (long)n, groups);
}

#endif
