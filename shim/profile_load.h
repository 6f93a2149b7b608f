#ifndef SCINIT_PROFILE_LOAD_H
#define SCINIT_PROFILE_LOAD_H

#include "profile.h"

/* Reads the profile at path, or the embedded one when path is NULL (without
 * its rules when their filter is precompiled: filter_prepare knows). */
int profile_load(const char *path, struct sc_profile *p, struct scerr *e);

/* The embedded profile, read in full or in part (profile.h: only INI
 * honours sections). */
int profile_load_embedded(struct sc_profile *p, enum sc_sections sections, struct scerr *e);
bool profile_embedded_is_json(void);

#endif
