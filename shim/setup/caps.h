/* Capability sets through the raw syscalls (no libcap: one less static
 * library). Bit N of a mask is capability N. */
#ifndef SCINIT_CAPS_H
#define SCINIT_CAPS_H

#include <stdint.h>

struct sc_capsets {
	uint64_t effective, permitted, inheritable;
};

int caps_get(struct sc_capsets *out);
/* The effective set, or 0 when it cannot be read (tools that only print). */
uint64_t caps_effective(void);
int caps_set(const struct sc_capsets *in);

/* The capabilities this kernel knows (CAP_LAST_CAP of the running kernel). */
uint64_t caps_known(void);

uint64_t caps_bounding(void);
uint64_t caps_ambient(void);

/* Drops from the bounding set every capability not in keep; needs
 * CAP_SETPCAP in the effective set. Returns -1 with errno and *cap set to
 * the one that failed. */
int caps_bounding_keep(uint64_t keep, int *cap);

/* Makes the ambient set exactly keep; each must be permitted and
 * inheritable. Returns -1 with errno and *cap as above. */
int caps_ambient_keep(uint64_t keep, int *cap);

#endif
