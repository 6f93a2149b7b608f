#include "filter/precompiled.h"

#include <errno.h>
#include <linux/seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "profile/embedded.h"
#include "filter/filter.h"

/* shim/embedded.S: empty in the first-stage build that generates it. */
extern const struct sock_filter embedded_bpf_enforce[], embedded_bpf_enforce_end[];

static bool enforce_program(struct sock_fprog *out)
{
	size_t n = (size_t)(embedded_bpf_enforce_end - embedded_bpf_enforce);
	if (n == 0 || n > BPF_MAXINSNS || embedded_bpf_enforce[0].code == EMBED_BPF_DISABLED) /* embed: stale */
		return false;
	*out = (struct sock_fprog){ (unsigned short)n, (struct sock_filter *)embedded_bpf_enforce };
	return true;
}

/* Audit mode turns every action but ALLOW into LOG, the bad-arch action
 * included (filter.c), and decides nothing else differently: its program is
 * enforce mode's with those returns changed, and the binary carries one
 * program instead of two. In bss, so only audit mode touches its pages. */
static bool audit_program(struct sock_fprog *out)
{
	static struct sock_filter audit[BPF_MAXINSNS];
	struct sock_fprog enforce;
	if (!enforce_program(&enforce))
		return false;
	for (unsigned i = 0; i < enforce.len; i++) {
		struct sock_filter f = enforce.filter[i];
		if (BPF_CLASS(f.code) == BPF_RET && f.code != (BPF_RET | BPF_K))
			return false; /* a return the mapping cannot see: libseccomp writes none */
		if (f.code == (BPF_RET | BPF_K) && (f.k & SECCOMP_RET_ACTION_FULL) != SECCOMP_RET_ALLOW)
			f.k = SECCOMP_RET_LOG;
		audit[i] = f;
	}
	*out = (struct sock_fprog){ enforce.len, audit };
	return true;
}

bool precompiled_program(enum sc_mode mode, struct sock_fprog *out)
{
	if (mode == SC_MODE_ENFORCE)
		return enforce_program(out);
	return mode == SC_MODE_AUDIT && audit_program(out);
}

bool precompiled_available(void)
{
	struct sock_fprog prog;
	return enforce_program(&prog);
}

/* libseccomp asks the kernel about every action beyond the classic ones
 * before it builds a filter with it; so does this, for each distinct action
 * the program can return. */
int precompiled_check(const struct sock_fprog *prog, struct scerr *e)
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

int precompiled_load(const struct sock_fprog *prog, bool nnp, bool log, struct scerr *e)
{
	if (nnp && prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		return err_set(e, "cannot set no_new_privs: %s", strerror(errno));
	if (syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, log ? SECCOMP_FILTER_FLAG_LOG : 0, prog) < 0)
		return err_set(e, "cannot install the seccomp filter: %s", strerror(errno));
	return 0;
}
