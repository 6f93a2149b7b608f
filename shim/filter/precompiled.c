#include "filter/precompiled.h"

#include <linux/seccomp.h>
#include <string.h>

#include "filter/filter.h"
#include "profile/embedded.h"

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
