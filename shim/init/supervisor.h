/* PID 1: runs the app in a child and stays behind to reap and forward. */
#ifndef SCINIT_SUPERVISOR_H
#define SCINIT_SUPERVISOR_H

#include "filter/filter.h"
#include "init/init_options.h"
#include "setup/setup.h"

/* Forks; the child installs the app's filter and execs command, once the
 * parent has confined itself (shim/supervisor_confine.h). The filter is
 * filter, prepared before fork, or else the one the child prepares from
 * spec meanwhile. The parent releases filter and frees spec's profile once
 * the app no longer waits for them.
 * Returns the exit status scinit should end with: the app's, 128+N if
 * signal N killed it, 0 if io remaps it; 125 if scinit failed before the
 * app could start. */
int supervise(const struct sc_filter_spec *spec, struct sc_filter *filter, char **command,
	      const struct init_options *io);

/* --pause: no app. Confines itself with the supervisor's filter, reaps
 * whatever is re-parented to it and ends with 0 on SIGTERM or SIGINT, as
 * the pause container of a pod does; every other signal is dropped.
 * Returns 125 if it could not confine itself. */
int supervise_pause(const struct init_options *io);

#endif
