/* Value syntax that more than one place shares (profile keys, SCINIT_*
 * variables), so that a value reads and fails the same way wherever it is. */
#ifndef SCINIT_VALUES_H
#define SCINIT_VALUES_H

#include <stdbool.h>

#include "common/error.h"

/* "yes" or "no", nothing else; the message names key. */
int parse_bool(const char *key, const char *value, bool *out, struct scerr *e);

/* An SCINIT_* variable: NULL when unset; set but empty is an error (a
 * variable meant to choose something must choose). */
int env_value(const char *name, const char **out, struct scerr *e);

#endif
