#include "filter/precompiled.h"

#include <linux/seccomp.h>
#include <string.h>

#include "filter/bpf_export.h"
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

/* Derived as for every profile (bpf_audit_returns), so the binary carries
 * one program instead of two. In bss, so only audit mode touches its pages. */
static bool audit_program(struct sock_fprog *out)
{
	static struct sock_filter audit[BPF_MAXINSNS];
	struct sock_fprog enforce;
	if (!enforce_program(&enforce))
		return false;
	memcpy(audit, enforce.filter, enforce.len * sizeof(*audit));
	if (!bpf_audit_returns(audit, enforce.len))
		return false;
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
