/* Everything scinit knows about CPU families, in one place: the arch tokens
 * of the ABIs the target's kernel runs (the kernel's AUDIT_ARCH_* values,
 * which libseccomp uses as its SCMP_ARCH_* tokens), their names, how seccomp
 * reports a call's ABI, and the raw syscall stub.
 *
 * The target is the compiler's unless SC_TARGET_X86_64 or SC_TARGET_AARCH64
 * names it: shim/tools/ is built for the build machine but emits programs
 * for the target, so its tokens must be the target's. */
#ifndef SCINIT_ARCH_H
#define SCINIT_ARCH_H

#include <seccomp.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#if defined(SC_TARGET_X86_64) && defined(SC_TARGET_AARCH64)
#error "SC_TARGET_X86_64 and SC_TARGET_AARCH64 are both defined"
#elif !defined(SC_TARGET_X86_64) && !defined(SC_TARGET_AARCH64)
#if defined(__x86_64__)
#define SC_TARGET_X86_64 1
#elif defined(__aarch64__)
#define SC_TARGET_AARCH64 1
#else
#error "no scinit target: this compiler builds for neither x86_64 nor aarch64 (define SC_TARGET_X86_64)"
#endif
#endif

#if defined(SC_TARGET_X86_64)
/* An x86_64 kernel also runs x86 (int 0x80) and x32 calls, and a filter
 * sees each of the three as an ABI of its own. The native one comes first:
 * decode and learn list arches in this order. */
#define SC_ARCH_NATIVE SCMP_ARCH_X86_64
#define SC_ARCH_FAMILY_N 3
#define SC_ARCH_NATIVE_NAME "x86_64"
/* For messages: the family's names, as INI and as Docker JSON spell them. */
#define SC_ARCH_FAMILY_TEXT "x86_64, x86, x32"
#define SC_ARCH_FAMILY_JSON_TEXT "SCMP_ARCH_X86_64, SCMP_ARCH_X86, SCMP_ARCH_X32"
#elif defined(SC_TARGET_AARCH64)
/* An arm64 kernel built with CONFIG_COMPAT also runs 32-bit arm (EABI)
 * binaries, whose calls a filter sees as the arm ABI. */
#define SC_ARCH_NATIVE SCMP_ARCH_AARCH64
#define SC_ARCH_FAMILY_N 2
#define SC_ARCH_NATIVE_NAME "aarch64"
#define SC_ARCH_FAMILY_TEXT "aarch64, arm"
#define SC_ARCH_FAMILY_JSON_TEXT "SCMP_ARCH_AARCH64, SCMP_ARCH_ARM"
#endif

/* Above every syscall number of the family's ABIs (x32's without their
 * bit), so that tables can be indexed by number; but arm's private calls
 * (breakpoint, cacheflush, usr26, usr32, set_tls, get_tls: its
 * __ARM_NR_BASE + 1..6) lie far above it. */
#define SC_ARCH_NR_LIMIT 1024
#define SC_ARCH_ARM_PRIVATE_BASE 0x0f0000
#define SC_ARCH_ARM_PRIVATE_N 8

/* Tables indexed by "slot": a number below SC_ARCH_NR_LIMIT is its own
 * slot, arm's private calls follow; arch_nr_slot gives -1 for anything
 * else. Only the arm family has them: every musl or glibc arm binary calls
 * set_tls at start-up, so learn mode has to record it. */
#if defined(SC_TARGET_AARCH64)
#define SC_ARCH_NR_SLOTS (SC_ARCH_NR_LIMIT + SC_ARCH_ARM_PRIVATE_N)
#else
#define SC_ARCH_NR_SLOTS SC_ARCH_NR_LIMIT
#endif

static inline int arch_nr_slot(uint32_t token, int nr)
{
	if (nr >= 0 && nr < SC_ARCH_NR_LIMIT)
		return nr;
	if (SC_ARCH_NR_SLOTS > SC_ARCH_NR_LIMIT && token == SCMP_ARCH_ARM && nr >= SC_ARCH_ARM_PRIVATE_BASE &&
	    nr < SC_ARCH_ARM_PRIVATE_BASE + SC_ARCH_ARM_PRIVATE_N)
		return SC_ARCH_NR_LIMIT + (nr - SC_ARCH_ARM_PRIVATE_BASE);
	return -1;
}

/* The syscall number of a slot; -1 for a slot the arch does not use. */
static inline int arch_slot_nr(uint32_t token, int slot)
{
	if (slot < SC_ARCH_NR_LIMIT)
		return slot;
	return token == SCMP_ARCH_ARM ? SC_ARCH_ARM_PRIVATE_BASE + (slot - SC_ARCH_NR_LIMIT) : -1;
}

/* The family's tokens and names, SC_ARCH_FAMILY_N of each, native first. */
extern const uint32_t arch_family[];
extern const char *const arch_family_names[];

/* Every arch some scinit build runs on, both families: a syscall name that
 * only the other family has is skipped on this one, not an error, so that
 * one profile serves both. */
#define SC_ARCH_SUPPORTED_N 5
extern const uint32_t arch_supported[SC_ARCH_SUPPORTED_N];

/* Whether a filter for arch token can match syscall name: libseccomp has a
 * number for it there, or reaches it through a multiplexer (x86's recv and
 * send, behind socketcall). */
bool arch_has_syscall(uint32_t token, const char *name);

/* The index of token in arch_family, or -1 for another family's arch. */
int arch_family_index(uint32_t token);

/* What a libseccomp arch name ("x86_64", "aarch64", ...) is to this scinit:
 * one of its family's ABIs; another family's, which no call on this
 * machine can come from; one whose byte order differs from the family's,
 * which libseccomp cannot even put in the same filter; or no arch at all.
 * token is set for all but the last. */
enum arch_kind { ARCH_UNKNOWN, ARCH_IN_FAMILY, ARCH_FOREIGN, ARCH_FOREIGN_BYTE_ORDER };
enum arch_kind arch_lookup(const char *name, uint32_t *token);

/* "x86_64", "aarch64", ...: every arch libseccomp names, since logs and
 * tables from other machines name them too; "arch 0x%08x" in buf for
 * other tokens. */
const char *arch_name(uint32_t token, char *buf, size_t len);

/* The name of syscall nr (as arch_of_call returns it) on arch token,
 * malloc'd, or NULL if libseccomp does not know it. */
char *arch_syscall_name(uint32_t token, int nr);

/* The kernel reports x32 calls as x86_64 ones with this bit in the number
 * (its __X32_SYSCALL_BIT). Whatever scinit's own family: logs from an
 * x86_64 machine carry it. */
#define SC_ARCH_X32_SYSCALL_BIT 0x40000000

/* The ABI of a call as seccomp reports it (seccomp_data.arch and .nr, or an
 * audit record's arch= and syscall=): the arch's token, and in *nr the
 * number within that ABI. */
static inline uint32_t arch_of_call(uint32_t audit_arch, int *nr)
{
	if (audit_arch == SCMP_ARCH_X86_64 && (*nr & SC_ARCH_X32_SYSCALL_BIT)) {
		*nr &= ~SC_ARCH_X32_SYSCALL_BIT;
		return SCMP_ARCH_X32;
	}
	return audit_arch;
}

/* A system call made in place, without libc: the supervisor's loop uses it
 * so that its code stays in one page (shim/init/resident.h). Returns the
 * kernel's result, -errno on failure. Selected by the compiler, not by
 * SC_TARGET_*: the instruction has to be the one this code runs on. */
#if defined(__x86_64__)
static inline long arch_syscall(long nr, long a, long b, long c, long d)
{
	register long r10 __asm__("r10") = d;
	__asm__ volatile("syscall" : "+a"(nr) : "D"(a), "S"(b), "d"(c), "r"(r10) : "rcx", "r11", "memory");
	return nr;
}
#elif defined(__aarch64__)
static inline long arch_syscall(long nr, long a, long b, long c, long d)
{
	register long x8 __asm__("x8") = nr;
	register long x0 __asm__("x0") = a;
	register long x1 __asm__("x1") = b;
	register long x2 __asm__("x2") = c;
	register long x3 __asm__("x3") = d;
	__asm__ volatile("svc #0" : "+r"(x0) : "r"(x8), "r"(x1), "r"(x2), "r"(x3) : "memory");
	return x0;
}
#endif

#endif
