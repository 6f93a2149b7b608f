#ifndef SCINIT_PROFILE_LOAD_H
#define SCINIT_PROFILE_LOAD_H

#include "profile.h"

/* Reads the profile at path, or the embedded one when path is NULL. */
int profile_load(const char *path, struct sc_profile *p, struct scerr *e);

#endif
