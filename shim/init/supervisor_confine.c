#include "init/supervisor_confine.h"

#include <errno.h>
#include <linux/capability.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "common/one_thread.h"
#include "filter/bpf_export.h"
#include "filter/install.h"
#include "filter/precompiled.h"
#include "filter/supervisor_filter.h"
#include "profile/embedded.h"

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
		if (in->k == SUPERVISOR_SIGNAL_FD_MARK)
			in->k = (uint32_t)signal_fd, signal_marks++;
		else if (in->k == SUPERVISOR_GO_FD_MARK)
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
		return filter_install_check(&out->prog, e);
	return supervisor_filter_build(signal_fd, go_fd, &out->ctx, e);
}

/* CAP_KILL, when scinit holds it, is all the loop needs beyond the uid
 * take_app_uid gave it: it also reaches the app's descendants that changed
 * to yet another user. Waiting needs no
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

/* no_new_privs always, as libseccomp does by default: the supervisor may
 * lack CAP_SYS_ADMIN, and it never execs. libseccomp's filter is exported
 * first, so that it goes in as the precompiled one does; freeing the copy
 * afterwards only gives memory back, which the filter allows. */
static int load(struct own_filter *f, struct scerr *e)
{
	struct sock_fprog built = { 0, NULL };
	if (f->ctx && bpf_export(f->ctx, &built, e) < 0)
		return err_wrap(e, "cannot install the supervisor's seccomp filter");
	int rc = filter_install(f->ctx ? &built : &f->prog, SC_INSTALL_NNP, NULL, "the supervisor's seccomp filter", e);
	free(built.filter);
	return rc;
}

/* kill(2) to the app, once [setup] made it another user, needs CAP_KILL,
 * which a container started with --cap-drop ALL does not give. So the
 * supervisor takes the app's uid as its effective uid only: kill(2) lets a
 * sender whose effective uid is the target's real uid through, while the
 * app, checked against the supervisor's real and saved uid (still scinit's),
 * cannot signal it, nor change its limits. The kernel resets the dumpable
 * flag from fs.suid_dumpable on the change, which may be 1: it is cleared
 * again. The filter has no setuid call, so there is no way back to root.
 * A failed switch (no CAP_SETUID, an unmapped uid) is not reported here:
 * the app's own switch fails the same way and says why. */
static int take_app_uid(long app_uid, struct scerr *e)
{
	if (app_uid < 0 || (uid_t)app_uid == geteuid() || one_thread_setresuid((uid_t)-1, (uid_t)app_uid, (uid_t)-1) < 0)
		return 0;
	if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) < 0)
		return err_set(e, "cannot make scinit non-dumpable: %s", strerror(errno));
	return 0;
}

int confine_apply(struct own_filter *f, long app_uid, struct scerr *e)
{
	int rc = take_app_uid(app_uid, e);
	if (rc == 0)
		rc = drop_capabilities(e);
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
	if ((build_time ? supervisor_filter_build(SUPERVISOR_SIGNAL_FD_MARK, SUPERVISOR_GO_FD_MARK, &ctx, e)
				 : supervisor_filter_build(3, 4, &ctx, e)) < 0)
		return -1;
	int rc = bpf_export(ctx, out, e);
	seccomp_release(ctx);
	return rc;
}
