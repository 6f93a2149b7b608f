/* Argument comparisons as the kernel reads the arguments. seccomp hands a
 * filter all 64 bits of each register, and libseccomp compares all 64, but
 * the kernel reads many arguments as 32-bit values (arg32_table.c, generated
 * from its SYSCALL_DEFINEs by shim/tools/arg32_gen.py). Comparing all 64
 * bits there lets a caller with high bits set past a deny-by-comparison rule,
 * and refuses a caller whose high half holds garbage the kernel ignores. So
 * every condition on such an argument is rewritten to look at the low 32
 * bits only, by masked equality; ordered comparisons and ranges become
 * several masked-equality rules (prefix decomposition), which is exact.
 * Ranges (argN in A..B) are decomposed the same way on every argument. */
#ifndef SCINIT_ARG32_H
#define SCINIT_ARG32_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "profile/profile.h"

/* The syscalls of the target's native ABI that read an argument as 32-bit,
 * by name in one string (each name ends in NUL, sorted), and for each, bit
 * N set: argument N is read as 32-bit. A string and a byte per name, not a
 * pointer and padding per name: the table is in every binary. */
extern const char arg32_names[];
extern const uint8_t arg32_masks[];
extern const size_t arg32_count;

/* Bit N set: the target's native syscall nr reads argument N as 32-bit. */
unsigned arg32_args(int nr);

/* The masked-equality alternatives one condition compiles to (at most 126,
 * the prefixes of a 64-bit range). */
#define ARG_ALTS_MAX 128
struct cond_alts {
	bool always; /* no alternative needed: the condition always holds */
	bool rewritten; /* differs from the condition as written */
	unsigned n; /* 0 and !always: never holds */
	struct sc_cond alt[ARG_ALTS_MAX];
};
/* -1 with a message (no position) for a constant a 32-bit argument cannot hold. */
int lower_cond(const struct sc_cond *c, bool is32, struct cond_alts *out, struct scerr *e);

/* Rules expanding one rule are limited, so a profile cannot ask for a
 * filter past the kernel's 4096 instructions by one line. */
#define LOWER_MAX_RULES 1024

/* out: a copy of in whose rules compare what the kernel reads (LOWER_ALL),
 * or whose ranges only are decomposed (LOWER_RANGES: for Docker JSON, which
 * has no range); rules that can never apply are left out. rewritten (may be
 * NULL): one flag per rule of in. Errors carry in's file and line. Free
 * out->rules. */
enum lower_what { LOWER_ALL, LOWER_RANGES };
int lower_profile(const struct sc_profile *in, struct sc_profile *out, enum lower_what what, bool *rewritten,
		  struct scerr *e);

#endif
