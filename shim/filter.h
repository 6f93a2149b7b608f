/* Turns a profile into a loaded seccomp filter. Building and loading are
 * separate so that everything that can fail on input fails before fork. */
#ifndef SCINIT_FILTER_H
#define SCINIT_FILTER_H

#include <seccomp.h>
#include <stdint.h>

#include "profile.h"

/* caps: the capabilities the app will hold after setup; rules with
 * capability conditions are kept or dropped against it. */
int filter_build(const struct sc_profile *p, enum sc_mode mode, uint64_t caps, scmp_filter_ctx *out,
		 struct scerr *e);

/* The last step before execve. Sets no_new_privs (libseccomp's CTL_NNP). */
int filter_load(scmp_filter_ctx ctx, struct scerr *e);

#endif
