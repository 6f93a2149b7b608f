#include "arch_label.h"

#include <seccomp.h>
#include <stdio.h>

const char *arch_label(uint32_t token, char *buf, size_t len)
{
	static const char *const names[] = { "x86_64", "x86", "x32", "aarch64", "arm", "riscv64", "ppc64le",
					     "ppc64", "ppc", "s390x", "s390", "mips", "mipsel", "mips64",
					     "mipsel64", "mips64n32", "mipsel64n32", "parisc", "parisc64" };
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (seccomp_arch_resolve_name(names[i]) == token)
			return names[i];
	}
	snprintf(buf, len, "arch 0x%08x", token);
	return buf;
}
