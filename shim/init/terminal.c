#include "init/terminal.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "common/error.h"

bool terminal_is_ours(void)
{
	pid_t fg = tcgetpgrp(STDIN_FILENO);
	return fg > 0 && fg == getpgrp();
}

static void warn(const char *what)
{
	struct scerr e;
	err_set(&e, "warning: %s: %s", what, strerror(errno));
	err_print(&e);
}

void terminal_isolate(bool take_foreground)
{
	if (setpgid(0, 0) < 0)
		warn("cannot give the app a process group of its own");
	/* The new group is in the background until this succeeds; SIGTTOU is
	 * still ignored here (the supervisor set that before fork), otherwise
	 * the call would stop the app. */
	else if (take_foreground && tcsetpgrp(STDIN_FILENO, getpgrp()) < 0)
		warn("cannot give the terminal to the app");
}
