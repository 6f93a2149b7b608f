#include "init/app.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "common/error.h"
#include "filter/filter.h"
#include "init/learn.h"

/* The order is a contract (docs/security.md): setup (limits, groups, gid,
 * uid, capabilities, no_new_privs, umask, workdir, environment: see
 * setup_apply.c), then the filter, then execve, so the filter never has to
 * allow what setup needs. */
int app_confine(const struct sc_setup *setup, const struct sc_filter *filter, struct scerr *e)
{
	if (setup_apply(setup, e) < 0 ||
	    (filter->mode == SC_MODE_LEARN ? learn_load(filter, e) : filter_load(filter, e)) < 0)
		return -1;
	return 0;
}

int app_run(char **command)
{
	execvp(command[0], command);
	int saved = errno;
	/* The profile now applies to scinit too, so this message may itself be
	 * refused; the exit status still tells. */
	struct scerr e;
	err_set(&e, "cannot run '%s': %s%s", command[0], strerror(saved),
		saved == EPERM ? " (does the profile allow execve?)" : "");
	err_print(&e);
	return saved == ENOENT || saved == ENOTDIR ? EXIT_NOT_FOUND : EXIT_NOT_EXECUTABLE;
}

int app_exec(const struct sc_setup *setup, const struct sc_filter *filter, char **command)
{
	struct scerr e;
	if (app_confine(setup, filter, &e) < 0) {
		err_print(&e);
		return EXIT_SCINIT_FAILURE;
	}
	return app_run(command);
}
