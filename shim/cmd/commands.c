#include "cmd/commands.h"

#include <stdio.h>
#include <string.h>

#include "cmd/bpf.h"
#include "cmd/convert.h"
#include "cmd/decode.h"
#include "cmd/embed.h"
#include "cmd/groups.h"
#include "cmd/lint.h"
#include "cmd/merge.h"
#include "cmd/verify.h"
#include "common/error.h"

/* One row per subcommand; each lives in a file of its own concern. The
 * usage text lives here so that --help and usage errors read the same text
 * for every subcommand. */
static const struct {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *usage;
} commands[] = {
	{ "bpf", command_bpf,
	  "usage: scinit bpf [--build | --precompiled] enforce|audit|supervisor\n"
	  "A build and test tool: the embedded profile's BPF program (now, as the build precompiles it, or\n"
	  "as built in), or scinit's own.\n" },
	{ "convert", command_convert,
	  "usage: scinit convert [--json | --bpf] FILE\n"
	  "Prints the profile FILE as scinit INI, as Docker JSON, or as its seccomp program.\n" },
	{ "decode", command_decode,
	  "usage: scinit decode [--comm NAME] [--exe PATH] [--pid N] [FILE]\n"
	  "Prints the seccomp records of kernel log text (FILE or stdin) as a profile fragment; --comm,\n"
	  "--exe and --pid keep only one app's records (all that are given must match).\n" },
	{ "embed", command_embed,
	  "usage: scinit embed PROFILE -o OUT\n"
	  "Writes to OUT a copy of this scinit with PROFILE embedded.\n" },
	{ "groups", command_groups, "usage: scinit groups [NAME | ~FAMILY | --families | --enosys]\n" },
	{ "lint", command_lint,
	  "usage: scinit lint FILE...\n"
	  "       scinit lint --against OLD NEW\n"
	  "Reports risky and useless rules, or what NEW allows that OLD did not; `; lint: allow NAME:\n"
	  "REASON` accepts a finding. Exit 0 clean, 1 findings, 125 invalid.\n" },
	{ "merge", command_merge, "usage: scinit merge FILE... -o OUT (OUT ending in .json: Docker JSON; -: stdout)\n" },
	{ "verify", command_verify,
	  "usage: scinit verify [--profile FILE]\n"
	  "Calls every @dangerous syscall, and clone with each namespace flag and clone3, under the\n"
	  "profile's filter, then checks whether the app's uid could write this scinit or the profile.\n"
	  "Exit 0 if all are denied and no file is a finding, 1 if not.\n" },
	{ NULL, NULL, NULL },
};

static int find(const char *name)
{
	int i = 0;
	while (commands[i].name && strcmp(commands[i].name, name) != 0)
		i++;
	return i;
}

bool command_exists(const char *name)
{
	return commands[find(name)].name != NULL;
}

int command_usage(const char *name)
{
	int i = find(name);
	if (commands[i].usage)
		fputs(commands[i].usage, stderr);
	return EXIT_SCINIT_FAILURE;
}

int command_run(int argc, char **argv)
{
	int i = find(argv[0]);
	if (!commands[i].name)
		return command_usage(argv[0]);
	if (argc == 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0))
		return fputs(commands[i].usage, stdout) < 0 || fflush(stdout) != 0 ? EXIT_SCINIT_FAILURE : 0;
	return commands[i].run(argc, argv);
}
