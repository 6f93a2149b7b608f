#ifndef SCINIT_PROFILE_INI_H
#define SCINIT_PROFILE_INI_H

#include "profile/profile.h"

/* Debian's inih is built with a 200-byte line buffer and silently drops the
 * rest of a longer line; scinit refuses such lines instead. */
#define SC_INI_MAX_LINE 198

/* Parses INI text (len bytes, NUL-terminated, already checked for NUL bytes
 * and UTF-8) into p, which profile_init() prepared. Errors carry file:line. */
int profile_read_ini(struct sc_profile *p, const char *text, size_t len, struct scerr *e);

#endif
