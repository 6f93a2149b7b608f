/* Subcommands (scinit convert, groups, ...): tools that run instead of an
 * app. They are recognised only as the first argument, so an app is always
 * reachable with `scinit -- APP`. */
#ifndef SCINIT_COMMANDS_H
#define SCINIT_COMMANDS_H

#include <stdbool.h>

bool command_exists(const char *name);

/* The subcommand's usage on stderr; returns the usage error's status, 125. */
int command_usage(const char *name);

/* argv[0] is the subcommand's name; `NAME --help` (or -h) prints its usage
 * on stdout and returns 0. Returns the exit status. */
int command_run(int argc, char **argv);

#endif
