#include "supervisor_confine.h"

#include <errno.h>
#include <linux/capability.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

static int allow(scmp_filter_ctx f, int nr)
{
	return seccomp_rule_add(f, SCMP_ACT_ALLOW, nr, 0);
}

static int allow_fd(scmp_filter_ctx f, int nr, int fd)
{
	struct scmp_arg_cmp is_fd = { .arg = 0, .op = SCMP_CMP_EQ, .datum_a = (scmp_datum_t)fd, .datum_b = 0 };
	return seccomp_rule_add_array(f, SCMP_ACT_ALLOW, nr, 1, &is_fd);
}

/* Exactly what the loop in supervisor.c does once the app runs, and the exit
 * path of musl's exit(). munmap and madvise are for free(): libseccomp frees
 * its BPF program after loading it, and musl's malloc hands whole free pages
 * back; both only give memory away. rt_sigreturn is left out on purpose: no
 * handler ever runs (signals arrive through signalfd) and it is the classic
 * gadget for taking over a process. restart_syscall only resumes an
 * interrupted call. Anything else (execve, open, ptrace, process_vm_*,
 * socket, mmap, mprotect) kills the supervisor: as PID 1 that ends the
 * container, the right outcome for a supervisor that has been taken over. */
int confine_prepare(int signal_fd, int go_fd, scmp_filter_ctx *out, struct scerr *e)
{
	/* From here on only CAP_SYS_PTRACE can attach to scinit or open its
	 * /proc/PID/mem, and the supervisor never holds it. */
	if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) < 0)
		return err_set(e, "cannot make scinit non-dumpable: %s", strerror(errno));
	scmp_filter_ctx f = seccomp_init(SCMP_ACT_KILL_PROCESS);
	if (!f)
		return err_set(e, "cannot create the supervisor's seccomp filter (libseccomp)");
	int rc = seccomp_attr_set(f, SCMP_FLTATR_ACT_BADARCH, SCMP_ACT_KILL_PROCESS);
	static const int plain[] = { SCMP_SYS(wait4), SCMP_SYS(waitid), SCMP_SYS(kill), SCMP_SYS(exit),
				     SCMP_SYS(exit_group), SCMP_SYS(restart_syscall), SCMP_SYS(munmap),
				     SCMP_SYS(madvise) };
	for (size_t i = 0; rc == 0 && i < sizeof(plain) / sizeof(plain[0]); i++)
		rc = allow(f, plain[i]);
	if (rc == 0)
		rc = allow_fd(f, SCMP_SYS(read), signal_fd);
	if (rc == 0)
		rc = allow_fd(f, SCMP_SYS(write), STDERR_FILENO);
	if (rc == 0)
		rc = allow_fd(f, SCMP_SYS(close), go_fd);
	if (rc < 0) {
		seccomp_release(f);
		return err_set(e, "cannot build the supervisor's seccomp filter: %s", strerror(-rc));
	}
	*out = f;
	return 0;
}

/* CAP_KILL is all the loop needs: the app may run as another user after
 * setup, and kill(2) to another user's process needs it. Waiting needs no
 * capability. The bounding set only matters at execve, which the filter
 * forbids; it is emptied anyway, when CAP_SETPCAP allows it. */
static int drop_capabilities(struct scerr *e)
{
	for (int cap = 0; cap < 64; cap++) {
		if (prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) < 0)
			break; /* EINVAL: past the last capability; EPERM: no CAP_SETPCAP */
	}
	/* Fails with EINVAL before Linux 4.3, where there is no ambient set. */
	prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0);

	struct __user_cap_header_struct hdr = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct data[2];
	if (syscall(SYS_capget, &hdr, data) < 0)
		return err_set(e, "cannot read the supervisor's capabilities: %s", strerror(errno));
	uint32_t kill = data[0].permitted & (UINT32_C(1) << CAP_KILL);
	memset(data, 0, sizeof(data));
	data[0].permitted = data[0].effective = kill;
	if (syscall(SYS_capset, &hdr, data) < 0)
		return err_set(e, "cannot drop the supervisor's capabilities: %s", strerror(errno));
	return 0;
}

int confine_apply(scmp_filter_ctx filter, struct scerr *e)
{
	int rc = drop_capabilities(e);
	if (rc == 0) {
		/* libseccomp sets no_new_privs first (its default), which loading a
		 * filter without CAP_SYS_ADMIN requires. */
		rc = seccomp_load(filter);
		if (rc < 0)
			rc = err_set(e, "cannot install the supervisor's seccomp filter: %s", strerror(-rc));
	}
	seccomp_release(filter);
	return rc;
}
