#include "init/terminal.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "common/error.h"

bool terminal_is_ours(void)
{
	pid_t fg = tcgetpgrp(STDIN_FILENO);
	/* 0 is a group outside scinit's PID namespace. Both 0: scinit is PID 1
	 * of a namespace entered without a session of its own (unshare -pf from
	 * a shell), and cannot tell whether its group is the foreground. It
	 * takes the terminal, as tini does: an app moved to a new group without
	 * it would stop at its first read. */
	return fg >= 0 && fg == getpgrp();
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
