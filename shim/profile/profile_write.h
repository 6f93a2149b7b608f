/* The profile model written back out, as scinit's INI or as Docker JSON.
 * Both write the same rules: those the filter would use (rules with the
 * default action, rules shadowed by a [deny] or by a rule that always
 * applies, rules that can never apply are left out), sorted by syscall name,
 * in profile order within one syscall. */
#ifndef SCINIT_PROFILE_WRITE_H
#define SCINIT_PROFILE_WRITE_H

#include <stdio.h>

#include "profile/profile.h"

int profile_write_ini(const struct sc_profile *p, FILE *f, struct scerr *e);

/* Refuses what Docker JSON cannot say: a filter without the native arch. */
int profile_write_json(const struct sc_profile *p, FILE *f, struct scerr *e);

#endif
