/* The terminal, for `docker run -it IMAGE sh`: the app gets its own process
 * group and, if scinit had the terminal, the terminal's foreground, so the
 * app's shell has job control and ^C/^Z reach the app, not PID 1. */
#ifndef SCINIT_TERMINAL_H
#define SCINIT_TERMINAL_H

#include <stdbool.h>

/* True if stdin is scinit's controlling terminal and scinit's process group
 * is its foreground, or if the PID namespace hides both groups: only then is
 * the terminal scinit's to hand on. A scinit started in the background must
 * not steal it. */
bool terminal_is_ours(void);

/* In the app's process, before exec: a process group of its own, and the
 * terminal's foreground if handing it on. Failures are warnings: the app runs
 * either way, only job control is missing. */
void terminal_isolate(bool take_foreground);

#endif
