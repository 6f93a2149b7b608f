/* What learn mode adds beyond the calls it saw, as data: families of calls
 * that give the same power (learning one allows the rest), and the calls
 * libc (or the app) replaces by an older one when they fail with ENOSYS. */
#ifndef SCINIT_FAMILIES_H
#define SCINIT_FAMILIES_H

#include <stdbool.h>

/* Families, one a line ("~name: member member ...\n"); the name is the
 * first member's. A call is in at most one family. */
extern const char learn_families[];

/* Names separated by spaces: a learned profile answers them with ENOSYS
 * when it does not allow them, never with its default action. */
extern const char learn_enosys_fallback[];

/* What the container runtime calls between installing the profile's filter
 * and execve: a Docker JSON or SPO profile allows them, named as such. */
extern const char learn_runtime_calls[];
#define LEARN_RUNTIME_COMMENT "runc: its own calls between installing this filter and execve"

/* The members of the family holding name, as "m1 m2 ..." (up to the end of
 * the line: *len characters); NULL if name is in none. */
const char *family_of(const char *name, unsigned *len);

/* Whether word is one of the space-separated names in list[0..len). */
bool name_in_list(const char *list, unsigned len, const char *word);

#endif
