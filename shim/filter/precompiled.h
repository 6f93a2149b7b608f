/* The embedded profile's filter, compiled to BPF at build time for enforce
 * mode by libseccomp (a first-stage scinit runs `scinit bpf --build enforce`),
 * shrunk by shim/tools/bpf_ranges.c without changing any answer, and loaded
 * at run time without libseccomp (audit mode's program is derived from it):
 * building a ~450-rule filter for three arches costs tens of milliseconds,
 * attaching a ready one a fraction of one. Only a filter that cannot depend on the run is precompiled: an INI
 * profile without capability conditions. [profile] and [setup] are still
 * read at run time (the image's /etc/passwd resolves [setup]). */
#ifndef SCINIT_PRECOMPILED_H
#define SCINIT_PRECOMPILED_H

#include <linux/filter.h>
#include <stdbool.h>

#include "common/error.h"
#include "profile/profile.h"

/* Whether this binary carries a precompiled program (enforce and audit mode). */
bool precompiled_available(void);

/* The program for mode; false if there is none (learn mode, a binary built
 * without them). */
bool precompiled_program(enum sc_mode mode, struct sock_fprog *out);

#endif
