/* The app's side: the last steps before it runs. */
#ifndef SCINIT_APP_H
#define SCINIT_APP_H

#include "common/error.h"
#include "filter/filter.h"
#include "setup/setup.h"

/* Applies the setup and installs the filter. */
int app_confine(const struct sc_setup *setup, const struct sc_filter *filter, struct scerr *e);

/* Execs command. Returns only on failure, with the exit status to use (126
 * not executable, 127 not found), having printed why. */
int app_run(char **command);

/* app_confine, then app_run. Returns only on failure, with the exit status
 * to use (125 for app_confine's), having printed why. */
int app_exec(const struct sc_setup *setup, const struct sc_filter *filter, char **command);

#endif
