#include "setup/caps.h"

#include <linux/capability.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#define BIT(c) (UINT64_C(1) << (c))

int caps_get(struct sc_capsets *out)
{
	struct __user_cap_header_struct hdr = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct d[2];
	if (syscall(SYS_capget, &hdr, d) < 0)
		return -1;
	out->effective = (uint64_t)d[1].effective << 32 | d[0].effective;
	out->permitted = (uint64_t)d[1].permitted << 32 | d[0].permitted;
	out->inheritable = (uint64_t)d[1].inheritable << 32 | d[0].inheritable;
	return 0;
}

uint64_t caps_effective(void)
{
	struct sc_capsets c;
	return caps_get(&c) == 0 ? c.effective : 0;
}

int caps_set(const struct sc_capsets *in)
{
	struct __user_cap_header_struct hdr = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct d[2] = {
		{ (uint32_t)in->effective, (uint32_t)in->permitted, (uint32_t)in->inheritable },
		{ (uint32_t)(in->effective >> 32), (uint32_t)(in->permitted >> 32), (uint32_t)(in->inheritable >> 32) },
	};
	return (int)syscall(SYS_capset, &hdr, d);
}

/* PR_CAPBSET_READ fails with EINVAL past the kernel's last capability, which
 * also holds in containers where /proc/sys may be hidden. */
uint64_t caps_known(void)
{
	uint64_t known = 0;
	for (int c = 0; c < 64 && prctl(PR_CAPBSET_READ, c) >= 0; c++)
		known |= BIT(c);
	return known;
}

uint64_t caps_bounding(void)
{
	uint64_t set = 0;
	for (int c = 0; c < 64; c++) {
		int r = prctl(PR_CAPBSET_READ, c);
		if (r < 0)
			break;
		if (r)
			set |= BIT(c);
	}
	return set;
}

uint64_t caps_ambient(void)
{
	uint64_t set = 0;
	for (int c = 0; c < 64; c++) {
		int r = prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_IS_SET, c, 0, 0);
		if (r < 0)
			break;
		if (r)
			set |= BIT(c);
	}
	return set;
}

int caps_bounding_keep(uint64_t keep, int *cap)
{
	uint64_t drop = caps_bounding() & ~keep;
	for (int c = 0; c < 64; c++) {
		if ((drop & BIT(c)) && prctl(PR_CAPBSET_DROP, c, 0, 0, 0) < 0) {
			*cap = c;
			return -1;
		}
	}
	return 0;
}

int caps_ambient_keep(uint64_t keep, int *cap)
{
	*cap = -1;
	if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) < 0)
		return -1;
	for (int c = 0; c < 64; c++) {
		if ((keep & BIT(c)) && prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, c, 0, 0) < 0) {
			*cap = c;
			return -1;
		}
	}
	return 0;
}
