/* Linked into $(BUILD)/host/scinit-memcheck only, with
 * -Wl,--wrap=filter_install, for valgrind's memcheck of the supervisor loop
 * (tests/t_sanitizers.sh). valgrind 3.19 does not know seccomp(2), so
 * libseccomp would find no seccomp at all; and an installed filter would
 * apply to valgrind's own syscalls too, which the supervisor's filter kills.
 * So the API level is set as on a current kernel, and every filter is built
 * and exported in full, but not installed. The filters themselves are tested
 * on the real binary (tests/t_live.sh, tests/t_init.sh). */
#include <seccomp.h>
#include <stdint.h>

#include "filter/install.h"

int __wrap_filter_install(const struct sock_fprog *prog, unsigned flags, int *listener, const char *what,
			  struct scerr *e);

/* Reads every instruction, as the kernel would: memcheck then reports a
 * program that was freed or never fully written. */
int __wrap_filter_install(const struct sock_fprog *prog, unsigned flags, int *listener, const char *what,
			  struct scerr *e)
{
	(void)listener;
	if (flags & SC_INSTALL_LISTENER)
		return err_set(e, "cannot install %s: this memcheck build has no seccomp listener", what);
	uint32_t sum = 0;
	for (unsigned i = 0; prog->filter && i < prog->len; i++)
		sum += prog->filter[i].code + prog->filter[i].jt + prog->filter[i].jf + prog->filter[i].k;
	return prog->len > 0 && sum != 0 ? 0 : err_set(e, "cannot install %s: no program", what);
}

__attribute__((constructor)) static void api_level(void)
{
	seccomp_api_set(6);
}
