/* Value syntax that more than one section of a profile shares, so that a
 * key reads and fails the same way wherever it is. */
#ifndef SCINIT_VALUES_H
#define SCINIT_VALUES_H

#include <stdbool.h>

#include "common/error.h"

/* "yes" or "no", nothing else; the message names key. */
int parse_bool(const char *key, const char *value, bool *out, struct scerr *e);

#endif
