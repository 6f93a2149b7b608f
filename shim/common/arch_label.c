#include "common/arch_label.h"

#include <seccomp.h>
#include <stdio.h>

/* A table of scinit's own rather than libseccomp's lookup: scinit's
 * libseccomp knows the x86 family only (its 20-x86-syscall-table.patch), but
 * logs and tables from other machines name the others too. */
const char *arch_label(uint32_t token, char *buf, size_t len)
{
	static const struct {
		uint32_t token;
		const char *name;
	} arches[] = {
		{ SCMP_ARCH_X86_64, "x86_64" },	  { SCMP_ARCH_X86, "x86" },
		{ SCMP_ARCH_X32, "x32" },	  { SCMP_ARCH_AARCH64, "aarch64" },
		{ SCMP_ARCH_ARM, "arm" },	  { SCMP_ARCH_RISCV64, "riscv64" },
		{ SCMP_ARCH_PPC64LE, "ppc64le" }, { SCMP_ARCH_PPC64, "ppc64" },
		{ SCMP_ARCH_PPC, "ppc" },	  { SCMP_ARCH_S390X, "s390x" },
		{ SCMP_ARCH_S390, "s390" },	  { SCMP_ARCH_MIPS, "mips" },
		{ SCMP_ARCH_MIPSEL, "mipsel" },	  { SCMP_ARCH_MIPS64, "mips64" },
		{ SCMP_ARCH_MIPSEL64, "mipsel64" }, { SCMP_ARCH_MIPS64N32, "mips64n32" },
		{ SCMP_ARCH_MIPSEL64N32, "mipsel64n32" }, { SCMP_ARCH_PARISC, "parisc" },
		{ SCMP_ARCH_PARISC64, "parisc64" },
	};
	for (size_t i = 0; i < sizeof(arches) / sizeof(arches[0]); i++) {
		if (arches[i].token == token)
			return arches[i].name;
	}
	snprintf(buf, len, "arch 0x%08x", token);
	return buf;
}
