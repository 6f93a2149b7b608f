/* What the supervisor keeps resident while it waits. */
#ifndef SCINIT_RESIDENT_H
#define SCINIT_RESIDENT_H

/* Drops, from this process only, the resident pages of scinit's read-only
 * segments: the profile and the code that compiled it are not needed again.
 * What the loop uses faults back in from the page cache. */
void resident_shed_startup(void);

#endif
