/* PID 1: runs the app in a child and stays behind to reap and forward. */
#ifndef SCINIT_SUPERVISOR_H
#define SCINIT_SUPERVISOR_H

#include <seccomp.h>

#include "setup.h"

/* Forks; the child installs the filter and execs command. Returns the exit
 * status scinit should end with: the app's, or 128+N if signal N killed it. */
int supervise(const struct sc_setup *setup, scmp_filter_ctx filter, char **command);

#endif
