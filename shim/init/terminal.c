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

void terminal_isolate(bool take_foreground)
{
	if (setpgid(0, 0) < 0)
		err_warn("cannot give the app a process group of its own: %s", strerror(errno));
	/* The new group is in the background until this succeeds; SIGTTOU is
	 * still ignored here (the supervisor set that before fork), otherwise
	 * the call would stop the app. */
	else if (take_foreground && tcsetpgrp(STDIN_FILENO, getpgrp()) < 0)
		err_warn("cannot give the terminal to the app: %s", strerror(errno));
}
