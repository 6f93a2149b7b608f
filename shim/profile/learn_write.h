/* The profile learn mode writes: the starting profile plus every syscall
 * seen, usable as it is in enforce mode. */
#ifndef SCINIT_LEARN_WRITE_H
#define SCINIT_LEARN_WRITE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/arch.h"
#include "profile/profile.h"

#define LEARN_ARCHES (SC_ARCH_FAMILY_N + 1) /* the family's, and one to spare */
#define LEARN_NRS SC_ARCH_NR_SLOTS

/* Calls seen, per architecture (SCMP_ARCH_* tokens; 0: unused) and slot of
 * the syscall number (as arch_of_call gives it; arch_nr_slot). */
struct learn_table {
	uint32_t arch[LEARN_ARCHES];
	uint64_t count[LEARN_ARCHES][LEARN_NRS];
	uint64_t other; /* calls that fit nowhere in the table */
};

/* The learned profile as text (malloc'd), INI with the counts as comments
 * and setup_text (the starting [setup], or NULL) at the end, or Docker JSON.
 * For every syscall seen the starting profile's rules with other actions
 * are dropped and an unconditional allow is added; the starting profile's
 * other rules stay as they were. */
int learn_render(const struct sc_profile *start, const char *setup_text, const struct learn_table *t, bool json,
		 char **text, size_t *len, struct scerr *e);

#endif
