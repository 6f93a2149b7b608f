/* The app's side: the last steps before it runs. */
#ifndef SCINIT_APP_H
#define SCINIT_APP_H

#include "filter.h"

#include "setup.h"

/* Applies the setup and installs the filter. Returns 0, or 125 having
 * printed why. */
int app_confine(const struct sc_setup *setup, const struct sc_filter *filter);

/* Execs command. Returns only on failure, with the exit status to use (126
 * not executable, 127 not found), having printed why. */
int app_run(char **command);

/* app_confine, then app_run. */
int app_exec(const struct sc_setup *setup, const struct sc_filter *filter, char **command);

#endif
