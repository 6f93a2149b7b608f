/* seccomp_export_bpf_mem for Debian 12's libseccomp 2.5.4, which lacks it:
 * linked only into build/host/libseccomp_bpf-debian, the old library's side
 * of tests/t_libseccomp_upgrade.sh. Through a memfd, as scinit did before
 * libseccomp 2.6. */
#define _GNU_SOURCE
#include <errno.h>
#include <seccomp.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

int seccomp_export_bpf_mem(const scmp_filter_ctx ctx, void *buf, size_t *len)
{
	int fd = memfd_create("bpf", MFD_CLOEXEC), rc = 0;
	struct stat st;
	if (fd < 0)
		return -errno;
	if (seccomp_export_bpf(ctx, fd) < 0 || fstat(fd, &st) < 0)
		rc = -ECANCELED;
	else if (buf && *len < (size_t)st.st_size)
		rc = -ERANGE;
	else if (buf && pread(fd, buf, (size_t)st.st_size, 0) != st.st_size)
		rc = -EIO;
	if (rc == 0)
		*len = (size_t)st.st_size;
	close(fd);
	return rc;
}
