#ifndef SCINIT_INPUT_H
#define SCINIT_INPUT_H

#include <stddef.h>

#include "common/error.h"

/* Profiles are small; a bound keeps a wrong path (a log, a device) from
 * costing start-up time or memory. */
#define SC_MAX_INPUT (1024 * 1024)

/* Reads a whole regular file (symlinks followed: Kubernetes ConfigMaps are
 * symlinks) into a NUL-terminated heap buffer; refuses other file types,
 * files over SC_MAX_INPUT, NUL bytes, control characters other than tab and
 * line ends (LF, CRLF), and invalid UTF-8, naming the line. */
int input_read_file(const char *path, char **text, size_t *len, struct scerr *e);

/* The same content checks for text that did not come from a file. */
int input_check_text(const char *name, const char *text, size_t len, struct scerr *e);

#endif
