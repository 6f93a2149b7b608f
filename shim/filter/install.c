#include "filter/install.h"

#include <errno.h>
#include <linux/seccomp.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

/* seccomp(2) itself rather than libseccomp's seccomp_load: the program is
 * already built, and seccomp_load would free its own copy after installing
 * it, a call the new filter may deny or (learn mode) hold until a
 * supervisor that has no listener yet answers. */
int filter_install(const struct sock_fprog *prog, unsigned flags, int *listener, const char *what,
		   struct scerr *e)
{
	if (!prog->filter || !prog->len)
		return err_set(e, "cannot install %s: no program", what);
	if ((flags & SC_INSTALL_LISTENER) && !listener)
		return err_set(e, "cannot install %s: nowhere to put its listener", what);
	if ((flags & SC_INSTALL_NNP) && prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		return err_set(e, "cannot set no_new_privs: %s", strerror(errno));
	unsigned kernel_flags = (flags & SC_INSTALL_LOG ? SECCOMP_FILTER_FLAG_LOG : 0) |
				(flags & SC_INSTALL_LISTENER ? SECCOMP_FILTER_FLAG_NEW_LISTENER : 0);
	long rc = syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, kernel_flags, prog);
	if (rc < 0)
		return err_set(e, "cannot install %s: %s%s", what, strerror(errno),
			       errno == EBUSY && (flags & SC_INSTALL_LISTENER)
				       ? " (a filter above scinit already has a listener)"
				       : "");
	if (flags & SC_INSTALL_LISTENER)
		*listener = (int)rc;
	return 0;
}

/* libseccomp asks the kernel about every action beyond the classic ones
 * before it builds a filter with it; so does this, for each distinct action
 * the program can return. */
int filter_install_check(const struct sock_fprog *prog, struct scerr *e)
{
	uint32_t asked[8];
	unsigned nasked = 0;
	for (unsigned i = 0; i < prog->len; i++) {
		const struct sock_filter *f = &prog->filter[i];
		if (f->code != (BPF_RET | BPF_K))
			continue;
		uint32_t action = f->k & SECCOMP_RET_ACTION_FULL;
		bool known = false;
		for (unsigned k = 0; k < nasked && !known; k++)
			known = asked[k] == action;
		if (known)
			continue;
		if (syscall(SYS_seccomp, SECCOMP_GET_ACTION_AVAIL, 0, &action) < 0)
			return err_set(e, "cannot install the seccomp filter: this kernel lacks action %#x (%s; Linux 4.14 or "
					  "later is needed)", action, strerror(errno));
		if (nasked < sizeof(asked) / sizeof(asked[0]))
			asked[nasked++] = action;
	}
	return 0;
}
