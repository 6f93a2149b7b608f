/* SHA-256, for -v's start line: which profile ran, exactly. The kernel's
 * (AF_ALG) is not there in every VM or container. */
#ifndef SCINIT_SHA256_H
#define SCINIT_SHA256_H

#include <stddef.h>

void sha256(const void *data, size_t len, unsigned char digest[32]);

#endif
