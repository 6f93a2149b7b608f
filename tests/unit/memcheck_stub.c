/* Linked into $(BUILD)/host/scinit-memcheck only, with
 * -Wl,--wrap=seccomp_load and --wrap=precompiled_load, for valgrind's memcheck of the supervisor loop
 * (tests/t_sanitizers.sh). valgrind 3.19 does not know seccomp(2), so
 * libseccomp would find no seccomp at all; and a loaded filter would apply
 * to valgrind's own syscalls too, which the supervisor's filter kills. So the
 * API level is set as on a current kernel, and every filter is built and
 * turned into BPF in full, but not loaded. The filters themselves are
 * tested on the real binary (tests/t_live.sh, tests/t_init.sh). */
#include <errno.h>
#include <fcntl.h>
#include <seccomp.h>
#include <unistd.h>

#include "filter/precompiled.h"

int __wrap_seccomp_load(const scmp_filter_ctx ctx);

int __wrap_seccomp_load(const scmp_filter_ctx ctx)
{
	int fd = open("/dev/null", O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	int rc = seccomp_export_bpf(ctx, fd);
	close(fd);
	return rc;
}

/* The app's filter, exported from libseccomp before fork (shim/filter.c). */
int __wrap_precompiled_load(const struct sock_fprog *prog, bool nnp, bool log, struct scerr *e)
{
	(void)nnp, (void)log, (void)e;
	return prog->len > 0 ? 0 : -1;
}

__attribute__((constructor)) static void api_level(void)
{
	seccomp_api_set(6);
}
