/* The supervisor's own confinement. It stays outside the app's filter (it
 * has to outlive whatever the app does), so it must not be a way out of it:
 * docs/security.md has the threat model. */
#ifndef SCINIT_SUPERVISOR_CONFINE_H
#define SCINIT_SUPERVISOR_CONFINE_H

#include <linux/filter.h>
#include <seccomp.h>
#include <stdbool.h>

#include "common/error.h"

/* Room for the precompiled program: libseccomp makes 33 instructions of it. */
#define OWN_FILTER_MAX 64

/* The supervisor's filter: the program the build precompiled, with this
 * run's descriptors written in (prog); or libseccomp's (ctx) in learn mode,
 * which adds rules of its own, and in the first-stage build. */
struct own_filter {
	scmp_filter_ctx ctx;
	struct sock_fprog prog;
	struct sock_filter insns[OWN_FILTER_MAX];
};

/* Before fork: makes scinit non-dumpable (the child inherits that until its
 * execve) and prepares the supervisor's filter, which lets the loop read
 * signal_fd, write to stderr, close go_fd, wait, kill and exit, and kills the
 * process on anything else. Everything that allocates or can fail on
 * input happens here. */
int confine_prepare(int signal_fd, int go_fd, bool extensible, struct own_filter *out, struct scerr *e);

/* After fork, in the supervisor: takes app_uid (-1: the app keeps scinit's
 * uid) as its effective uid, drops every capability but CAP_KILL, then
 * loads the filter (and releases libseccomp's). */
int confine_apply(struct own_filter *f, long app_uid, struct scerr *e);

/* For `scinit bpf [--build | --precompiled] supervisor`: the program for
 * signal fd 3 and go fd 4 as libseccomp builds it now, or as built in; with
 * build, libseccomp's program for the marks that the built-in one carries
 * in place of the descriptors. out->filter is static when static_out says
 * so, malloc'd otherwise. */
int confine_program(bool build, bool precompiled, struct sock_fprog *out, bool *static_out, struct scerr *e);

#endif
