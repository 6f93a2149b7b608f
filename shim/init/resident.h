/* What the supervisor keeps resident while it waits. */
#ifndef SCINIT_RESIDENT_H
#define SCINIT_RESIDENT_H

/* Drops, from this process only, the resident pages of scinit's read-only
 * segments: the profile and the code that compiled it are not needed again.
 * What the loop uses faults back in from the page cache. */
void resident_shed_startup(void);

/* What the loop runs after that. The kernel maps file pages back in 64 kB
 * windows (its fault-around, whatever madvise says: measured on 6.18), so the
 * loop's code shares one section, which ld's default script places with all
 * of .text.hot.* at the start of the text: one window instead of every
 * window the loop's functions are spread over. */
#define RESIDENT_CODE __attribute__((section(".text.hot.scinit_resident")))

/* The loop's system calls are made in place, with arch_syscall: musl's
 * wrappers lie at the far end of the text. */
#include "common/arch.h"

#endif
