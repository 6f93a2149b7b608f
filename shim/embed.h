/* `scinit embed PROFILE -o OUT`: a copy of this scinit with PROFILE as its
 * embedded profile, and the run-time side that reads it back. */
#ifndef SCINIT_EMBED_H
#define SCINIT_EMBED_H

#include <stddef.h>

#include "error.h"

/* scinit embed marks a precompiled program (shim/precompiled.h) that no
 * longer matches the embedded profile by giving its first instruction this
 * code, which is no BPF opcode: precompiled_program() then ignores it, and a
 * kernel would refuse it, so a stale program can never be installed. */
#define EMBED_BPF_DISABLED 0xffff

/* The embedded profile's text (NUL-terminated) and length: the text in
 * shim/embedded.S's slot, or, when scinit embed found it too large for the
 * slot, the copy it appended to the executable, mapped from /proc/self/exe
 * for the rest of the process's life. */
int embedded_text(const char **text, size_t *len, struct scerr *e);

int command_embed(int argc, char **argv);

#endif
