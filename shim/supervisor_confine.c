#include "supervisor_confine.h"

#include <errno.h>
#include <linux/capability.h>
#include <linux/seccomp.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "bpf_export.h"
#include "precompiled.h"

/* shim/embedded.S: libseccomp's program for the marks below, made by the
 * first-stage build (`scinit bpf --build supervisor`); empty there. */
extern const struct sock_filter supervisor_bpf[], supervisor_bpf_end[];

/* Stand-ins for the two descriptors only known at run time. A descriptor is
 * an int, so libseccomp compares the high half of the argument with 0 and
 * the low half with the number: the same program for any descriptor, but
 * for these constants in two jeq instructions. */
#define SIGNAL_FD_MARK 0x7c5e0001
#define GO_FD_MARK 0x7c5e0002

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
static int build(int signal_fd, int go_fd, scmp_filter_ctx *out, struct scerr *e)
{
	scmp_filter_ctx f = seccomp_init(SCMP_ACT_KILL_PROCESS);
	if (!f)
		return err_set(e, "cannot create the supervisor's seccomp filter (libseccomp)");
	int rc = seccomp_attr_set(f, SCMP_FLTATR_ACT_BADARCH, SCMP_ACT_KILL_PROCESS);
	/* A binary tree: on attach the kernel walks the program once for each
	 * syscall number (its action cache), about 7 µs less than a chain. */
	if (rc == 0)
		rc = seccomp_attr_set(f, SCMP_FLTATR_CTL_OPTIMIZE, 2);
	if (rc == 0) /* the kernel's errno rather than libseccomp's -ECANCELED */
		rc = seccomp_attr_set(f, SCMP_FLTATR_API_SYSRAWRC, 1);
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

/* Each mark must be found exactly once, or the program is not the one this
 * file describes and libseccomp builds the filter instead. */
static bool fill_in(struct own_filter *f, int signal_fd, int go_fd)
{
	size_t n = (size_t)(supervisor_bpf_end - supervisor_bpf);
	if (n == 0 || n > OWN_FILTER_MAX)
		return false;
	memcpy(f->insns, supervisor_bpf, n * sizeof(*f->insns));
	int signal_marks = 0, go_marks = 0;
	for (size_t i = 0; i < n; i++) {
		struct sock_filter *in = &f->insns[i];
		if (in->code != (BPF_JMP | BPF_JEQ | BPF_K))
			continue;
		if (in->k == SIGNAL_FD_MARK)
			in->k = (uint32_t)signal_fd, signal_marks++;
		else if (in->k == GO_FD_MARK)
			in->k = (uint32_t)go_fd, go_marks++;
	}
	f->prog = (struct sock_fprog){ (unsigned short)n, f->insns };
	return signal_marks == 1 && go_marks == 1;
}

int confine_prepare(int signal_fd, int go_fd, bool extensible, struct own_filter *out, struct scerr *e)
{
	/* From here on only CAP_SYS_PTRACE can attach to scinit or open its
	 * /proc/PID/mem, and the supervisor never holds it. */
	if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) < 0)
		return err_set(e, "cannot make scinit non-dumpable: %s", strerror(errno));
	out->ctx = NULL;
	if (!extensible && fill_in(out, signal_fd, go_fd))
		return precompiled_check(&out->prog, e);
	return build(signal_fd, go_fd, &out->ctx, e);
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

/* no_new_privs first, as libseccomp does by default: loading a filter
 * without CAP_SYS_ADMIN requires it. */
static int load(struct own_filter *f, struct scerr *e)
{
	if (!f->ctx) {
		if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0 ||
		    syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &f->prog) < 0)
			return err_set(e, "cannot install the supervisor's seccomp filter: %s", strerror(errno));
		return 0;
	}
	int rc = seccomp_load(f->ctx);
	return rc < 0 ? err_set(e, "cannot install the supervisor's seccomp filter: %s", strerror(-rc)) : 0;
}

int confine_apply(struct own_filter *f, struct scerr *e)
{
	int rc = drop_capabilities(e);
	if (rc == 0)
		rc = load(f, e);
	seccomp_release(f->ctx);
	f->ctx = NULL;
	return rc;
}

int confine_program(bool build_time, bool precompiled, struct sock_fprog *out, bool *static_out, struct scerr *e)
{
	static struct own_filter f;
	*static_out = precompiled;
	if (precompiled) {
		if (!fill_in(&f, 3, 4))
			return err_set(e, "this scinit carries no precompiled supervisor program");
		*out = f.prog;
		return 0;
	}
	scmp_filter_ctx ctx;
	if ((build_time ? build(SIGNAL_FD_MARK, GO_FD_MARK, &ctx, e) : build(3, 4, &ctx, e)) < 0)
		return -1;
	int rc = bpf_export(ctx, out, e);
	seccomp_release(ctx);
	return rc;
}
