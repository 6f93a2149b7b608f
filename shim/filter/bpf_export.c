#include "filter/bpf_export.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

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
