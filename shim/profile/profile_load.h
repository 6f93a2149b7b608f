/* Where a profile's text comes from: a file or the embedded slot. */
#ifndef SCINIT_PROFILE_LOAD_H
#define SCINIT_PROFILE_LOAD_H

#include "profile/profile.h"

/* INI or JSON text into p (profile_init'd), by its first byte. */
int profile_parse(struct sc_profile *p, const char *text, size_t len, struct scerr *e);

/* The profile at path, or the embedded one when path is NULL, whole. */
int profile_load(const char *path, struct sc_profile *p, struct scerr *e);

/* In part (profile.h: only INI honours sections). */
int profile_load_file(const char *path, enum sc_sections sections, struct sc_profile *p, struct scerr *e);
int profile_load_embedded(struct sc_profile *p, enum sc_sections sections, struct scerr *e);

#endif
