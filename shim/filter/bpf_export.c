#include "filter/bpf_export.h"

#include <errno.h>
#include <linux/seccomp.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "common/io.h"

bool bpf_audit_returns(struct sock_filter *f, unsigned n)
{
	for (unsigned i = 0; i < n; i++) {
		if (BPF_CLASS(f[i].code) == BPF_RET && f[i].code != (BPF_RET | BPF_K))
			return false;
		if (f[i].code == (BPF_RET | BPF_K) && (f[i].k & SECCOMP_RET_ACTION_FULL) != SECCOMP_RET_ALLOW)
			f[i].k = SECCOMP_RET_LOG;
	}
	return true;
}

/* libseccomp 2.6's seccomp_export_bpf_mem: first the size, then the program. */
int bpf_export(scmp_filter_ctx ctx, struct sock_fprog *out, struct scerr *e)
{
	size_t len = 0;
	int rc = seccomp_export_bpf_mem(ctx, NULL, &len);
	if (rc < 0)
		return err_set(e, "cannot export the filter's BPF program: %s", strerror(-rc));
	if (len == 0 || len % sizeof(struct sock_filter) || len / sizeof(struct sock_filter) > USHRT_MAX)
		return err_set(e, "cannot export the filter's BPF program: %zu bytes", len);
	void *buf = malloc(len);
	if (!buf)
		return err_set(e, "out of memory");
	rc = seccomp_export_bpf_mem(ctx, buf, &len);
	if (rc < 0) {
		free(buf);
		return err_set(e, "cannot export the filter's BPF program: %s", strerror(-rc));
	}
	*out = (struct sock_fprog){ (unsigned short)(len / sizeof(struct sock_filter)), buf };
	return 0;
}

int bpf_write(scmp_filter_ctx ctx, int fd, struct scerr *e)
{
	struct sock_fprog prog;
	if (bpf_export(ctx, &prog, e) < 0)
		return -1;
	int rc = write_all(fd, prog.filter, prog.len * sizeof(*prog.filter));
	free(prog.filter);
	return rc < 0 ? err_set(e, "cannot write the program: %s", strerror(errno)) : 0;
}
