/* The one place where seccomp programs enter the kernel: the app's filter
 * in every mode, the supervisor's own, verify's probes. Callers hand over a
 * ready BPF program (precompiled, or exported from libseccomp), so that
 * however it was made it is installed the same way, and a review of what
 * scinit asks of the kernel reads one file. tests/t_install_site.sh keeps it
 * the only one. */
#ifndef SCINIT_INSTALL_H
#define SCINIT_INSTALL_H

#include <linux/filter.h>

#include "common/error.h"

enum {
	/* no_new_privs first: without CAP_SYS_ADMIN the kernel takes no filter
	 * otherwise ([setup] no_new_privs = no leaves it out). */
	SC_INSTALL_NNP = 1 << 0,
	/* SECCOMP_FILTER_FLAG_LOG: the kernel logs every action but allow. */
	SC_INSTALL_LOG = 1 << 1,
	/* SECCOMP_FILTER_FLAG_NEW_LISTENER: *listener gets the descriptor on
	 * which the filter's SCMP_ACT_NOTIFY calls arrive. */
	SC_INSTALL_LISTENER = 1 << 2,
};

/* Installs prog on the calling thread; what ("the seccomp filter") names it
 * in messages. Once the program is in, no other system call follows before
 * the return: it may deny or wait on any of them (learn mode's hand-over,
 * verify's probe). listener may be NULL without SC_INSTALL_LISTENER. */
int filter_install(const struct sock_fprog *prog, unsigned flags, int *listener, const char *what,
		   struct scerr *e);

/* Refuses, as libseccomp would before building a filter, a kernel that
 * lacks an action prog returns (KILL_PROCESS and LOG need Linux 4.14): for
 * programs that libseccomp did not build for this run. */
int filter_install_check(const struct sock_fprog *prog, struct scerr *e);

#endif
