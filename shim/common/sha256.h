/* SHA-256 of a file, for -v's start line: which profile ran, exactly. The
 * kernel's (AF_ALG) is not there in every VM or container. */
#ifndef SCINIT_SHA256_H
#define SCINIT_SHA256_H

#include <stdbool.h>

/* The digest of the file at path; false if it cannot be read. */
bool sha256_file(const char *path, unsigned char digest[32]);

#endif
