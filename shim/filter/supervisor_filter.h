/* The rules of the supervisor's own filter (shim/init/supervisor_confine.h
 * says why it has one), kept apart from installing it so that the build's
 * generator (shim/tools/bpfgen.c) can precompile them. */
#ifndef SCINIT_SUPERVISOR_FILTER_H
#define SCINIT_SUPERVISOR_FILTER_H

#include <seccomp.h>

#include "common/error.h"

/* Stand-ins for the two descriptors only known at run time. A descriptor is
 * an int, so libseccomp compares the high half of the argument with 0 and
 * the low half with the number: the same program for any descriptor, but
 * for these constants in two jeq instructions. */
#define SUPERVISOR_SIGNAL_FD_MARK 0x7c5e0001
#define SUPERVISOR_GO_FD_MARK 0x7c5e0002

/* The filter for the supervisor's loop, reading signal_fd and closing go_fd:
 * libseccomp's, for the caller to export or load and release. */
int supervisor_filter_build(int signal_fd, int go_fd, scmp_filter_ctx *out, struct scerr *e);

#endif
