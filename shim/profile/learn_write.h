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

/* Docker's namespace flags of clone: CLONE_NEWNS, NEWCGROUP, NEWUTS, NEWIPC,
 * NEWUSER, NEWPID and NEWNET. */
#define SC_CLONE_NAMESPACES UINT64_C(0x7e020000)

#define LEARN_WATCH 16 /* syscalls whose arguments are recorded */
#define LEARN_VALUES 8 /* distinct argument values kept per syscall */

/* A syscall learned as conditional allows, one per distinct value of its
 * recorded arguments, as Docker's default checks them: clone (namespace
 * flags), personality, socket (the family), and every syscall the starting
 * profile allows on a condition. */
struct learn_watch {
	int nr;                        /* libseccomp's native (or pseudo) number */
	int arch_nr[SC_ARCH_FAMILY_N]; /* its number on each ABI of arch_family; -1: none */
	uint8_t args;                  /* bit N: argument N is recorded */
	uint8_t nvalues;
	bool overflow;                 /* more than LEARN_VALUES values: allowed whole */
	uint64_t mask;                 /* the bits kept of each argument (clone: the namespace flags) */
	uint64_t value[LEARN_VALUES][SC_MAX_CONDS];
};

/* Calls seen, per architecture (SCMP_ARCH_* tokens; 0: unused) and slot of
 * the syscall number (as arch_of_call gives it; arch_nr_slot). */
struct learn_table {
	uint32_t arch[LEARN_ARCHES];
	uint64_t count[LEARN_ARCHES][LEARN_NRS];
	uint64_t other; /* calls that fit nowhere in the table */
	struct learn_watch watch[LEARN_WATCH];
	unsigned nwatch;
	unsigned outer_filters; /* seccomp filters already on scinit when it started */
	unsigned merged;        /* learned files whose counts were added in */
};

/* Adds the argument values of one call to the watched syscall it is, if
 * any (nr as arch_of_call gives it). */
void learn_watch_call(struct learn_table *t, uint32_t arch, int nr, const uint64_t *args);

/* Adds the counts of a learned INI file (its "; ARCH: name N, ..." lines)
 * to t; the number of syscalls read, or -1 (FILE:LINE) if a count line is
 * malformed. */
int learn_read_counts(struct learn_table *t, const char *text, size_t len, const char *source, struct scerr *e);

enum learn_format { LEARN_INI, LEARN_JSON, LEARN_SPO };

/* The first line of every learned INI file: how a learned file is known. */
#define LEARN_MARK "; learned by scinit"

/* The learned profile as text (malloc'd): INI with the counts as comments
 * and setup_text (the starting [setup], or NULL) at the end, Docker JSON, or
 * a Security Profiles Operator SeccompProfile named name. For every syscall
 * seen an allow is added (conditional for a watched one) with the rest of
 * its family, the starting profile's rules that the calls contradict are
 * dropped (never an ENOSYS one), and the ENOSYS fallbacks not allowed get
 * ENOSYS. *nseen: the syscalls seen. docs/workflow.md "Learn mode" has the rules. */
int learn_render(const struct sc_profile *start, const char *setup_text, const struct learn_table *t,
		 enum learn_format format, const char *name, size_t *nseen, char **text, size_t *len,
		 struct scerr *e);

#endif
