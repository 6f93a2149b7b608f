#include "common/arch.h"

#include <linux/audit.h>
#include <stdio.h>
#include <string.h>

#if defined(SC_TARGET_X86_64)
const uint32_t arch_family[SC_ARCH_FAMILY_N] = { SCMP_ARCH_X86_64, SCMP_ARCH_X86, SCMP_ARCH_X32 };
const char *const arch_family_names[SC_ARCH_FAMILY_N] = { "x86_64", "x86", "x32" };
#elif defined(SC_TARGET_AARCH64)
const uint32_t arch_family[SC_ARCH_FAMILY_N] = { SCMP_ARCH_AARCH64, SCMP_ARCH_ARM };
const char *const arch_family_names[SC_ARCH_FAMILY_N] = { "aarch64", "arm" };
#endif

const uint32_t arch_supported[SC_ARCH_SUPPORTED_N] = { SCMP_ARCH_X86_64, SCMP_ARCH_X86, SCMP_ARCH_X32,
							 SCMP_ARCH_AARCH64, SCMP_ARCH_ARM };

/* libseccomp rewrites the pseudo numbers of the socket calls (-100 to -120)
 * and of the IPC calls (-200 to -224) into socketcall and ipc rules where
 * the arch multiplexes them; of scinit's arches only x86 does. */
bool arch_has_syscall(uint32_t token, const char *name)
{
	int nr = seccomp_syscall_resolve_name_arch(token, name);
	bool multiplexed = (nr <= -100 && nr >= -120) || (nr <= -200 && nr >= -224);
	return nr >= 0 || (token == SCMP_ARCH_X86 && multiplexed);
}

int arch_family_index(uint32_t token)
{
	for (int i = 0; i < SC_ARCH_FAMILY_N; i++) {
		if (arch_family[i] == token)
			return i;
	}
	return -1;
}

/* libseccomp knows every arch, so it says whether a name is one; the family
 * decides the rest. The byte order is the token's __AUDIT_ARCH_LE bit. */
enum arch_kind arch_lookup(const char *name, uint32_t *token)
{
	*token = seccomp_arch_resolve_name(name);
	if (!*token)
		return ARCH_UNKNOWN;
	if (arch_family_index(*token) >= 0)
		return ARCH_IN_FAMILY;
	return (*token & __AUDIT_ARCH_LE) == (SC_ARCH_NATIVE & __AUDIT_ARCH_LE) ? ARCH_FOREIGN
										 : ARCH_FOREIGN_BYTE_ORDER;
}

/* A table rather than a search through arch_lookup: libseccomp has no
 * lookup from token to name. */
const char *arch_name(uint32_t token, char *buf, size_t len)
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

/* libseccomp numbers x32's syscalls with the bit set. */
char *arch_syscall_name(uint32_t token, int nr)
{
	return seccomp_syscall_resolve_num_arch(token, token == SCMP_ARCH_X32 ? nr | SC_ARCH_X32_SYSCALL_BIT : nr);
}
