/* `scinit lint FILE...` and `scinit lint --against OLD NEW`: findings about
 * profiles, one `FILE:LINE: message` per line, for CI. */
#ifndef SCINIT_LINT_H
#define SCINIT_LINT_H

int command_lint(int argc, char **argv);

#endif
