/* The supervisor's own confinement. It stays outside the app's filter (it
 * has to outlive whatever the app does), so it must not be a way out of it:
 * docs/security.md has the threat model. */
#ifndef SCINIT_SUPERVISOR_CONFINE_H
#define SCINIT_SUPERVISOR_CONFINE_H

#include <seccomp.h>

#include "error.h"

/* Before fork: makes scinit non-dumpable (the child inherits that until its
 * execve) and builds the supervisor's filter, which lets the loop read
 * signal_fd, write to stderr, close go_fd, wait, kill and exit, and kills the
 * process on anything else. Everything that allocates or can fail on
 * input happens here. */
int confine_prepare(int signal_fd, int go_fd, scmp_filter_ctx *out, struct scerr *e);

/* After fork, in the supervisor: drops every capability but CAP_KILL, then
 * loads and releases the filter. */
int confine_apply(scmp_filter_ctx filter, struct scerr *e);

#endif
