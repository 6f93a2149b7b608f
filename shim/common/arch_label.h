/* Printable names of libseccomp arch tokens (which are the kernel's
 * AUDIT_ARCH_* values), for the tools that report about arches. */
#ifndef SCINIT_ARCH_LABEL_H
#define SCINIT_ARCH_LABEL_H

#include <stddef.h>
#include <stdint.h>

/* "x86_64", "x86", "aarch64", ... (every arch libseccomp 2.5.4 names, though
 * scinit's filters take the x86 family only); "arch 0x%08x" in buf for other
 * tokens. */
const char *arch_label(uint32_t token, char *buf, size_t len);

#endif
