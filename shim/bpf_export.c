#include "bpf_export.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

/* Through a memfd: libseccomp 2.5 exports to an fd only, and a scratch image
 * has no writable file system to spare. */
int bpf_export(scmp_filter_ctx ctx, struct sock_fprog *out, struct scerr *e)
{
	int fd = memfd_create("scinit-bpf", MFD_CLOEXEC);
	struct stat st;
	if (fd < 0)
		return err_set(e, "memfd_create: %s", strerror(errno));
	int rc = seccomp_export_bpf(ctx, fd) < 0 || fstat(fd, &st) < 0 || st.st_size <= 0 ||
		 st.st_size % sizeof(struct sock_filter) || st.st_size / sizeof(struct sock_filter) > USHRT_MAX;
	void *buf = rc ? NULL : malloc((size_t)st.st_size);
	if (!rc && (!buf || pread(fd, buf, (size_t)st.st_size, 0) != st.st_size))
		rc = 1;
	close(fd);
	if (rc) {
		free(buf);
		return err_set(e, "cannot export the filter's BPF program");
	}
	*out = (struct sock_fprog){ (unsigned short)(st.st_size / sizeof(struct sock_filter)), buf };
	return 0;
}
