#include "init/resident.h"

#include <elf.h>
#include <link.h>
#include <stdint.h>
#include <sys/auxv.h>
#include <sys/mman.h>
#include <sys/syscall.h>

/* The pages belong to the page cache, so this frees nothing on the machine,
 * but the supervisor's VmRSS no longer counts the embedded profile, parser
 * tables and libseccomp's syscall tables (about 100 kB of read-only data).
 * Code the loop runs faults back in, 64 kB at a time (the kernel's fault-
 * around): RESIDENT_CODE (resident.h) keeps all of it in one such window.
 * Writable segments keep their contents: dropping them would lose data. */
RESIDENT_CODE void resident_shed_startup(void)
{
	const ElfW(Phdr) *ph = (const ElfW(Phdr) *)getauxval(AT_PHDR);
	size_t n = getauxval(AT_PHNUM);
	uintptr_t page = getauxval(AT_PAGESZ), bias = 0; /* not sysconf: 1 kB of musl for one value */
	if (!ph || !page)
		return;
	for (size_t i = 0; i < n; i++) {
		if (ph[i].p_type == PT_PHDR) /* static-pie: loaded at an offset */
			bias = (uintptr_t)ph - ph[i].p_vaddr;
	}
	for (size_t i = 0; i < n; i++) {
		if (ph[i].p_type != PT_LOAD || ph[i].p_flags & PF_W)
			continue;
		uintptr_t start = (bias + ph[i].p_vaddr) & ~(page - 1);
		uintptr_t end = (bias + ph[i].p_vaddr + ph[i].p_memsz + page - 1) & ~(page - 1);
		arch_syscall(SYS_madvise, (long)start, (long)(end - start), MADV_DONTNEED, 0); /* returns here */
	}
}
