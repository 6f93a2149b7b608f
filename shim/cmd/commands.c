#include "cmd/commands.h"

#include <stdio.h>
#include <string.h>

#include "cmd/bpf.h"
#include "cmd/convert.h"
#include "cmd/decode.h"
#include "cmd/embed.h"
#include "cmd/groups.h"
#include "cmd/lint.h"
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
	  "The embedded profile's BPF program, raw: as libseccomp builds it now (default), as the build\n"
	  "precompiles it (--build; nothing if the filter depends on the run), or as built in.\n"
	  "supervisor: scinit's own filter, for signal fd 3 and go fd 4 (--build: for the marks).\n" },
	{ "convert", command_convert,
	  "usage: scinit convert [--json | --bpf] FILE\n"
	  "Prints the profile FILE (INI or Docker/OCI JSON) as scinit INI, with --json as Docker JSON,\n"
	  "with --bpf as the seccomp program it gives this process.\n" },
	{ "decode", command_decode,
	  "usage: scinit decode [FILE]\n"
	  "Prints the syscalls of the seccomp records in kernel log text (dmesg, journalctl -k,\n"
	  "audit.log; FILE or stdin) as a profile [allow] fragment.\n" },
	{ "embed", command_embed,
	  "usage: scinit embed PROFILE -o OUT\n"
	  "Writes to OUT a copy of this scinit with PROFILE (INI or Docker JSON) as its embedded profile,\n"
	  "as `make PROFILE=` would build it. An invalid profile writes nothing.\n" },
	{ "groups", command_groups,
	  "usage: scinit groups [NAME]\n" },
	{ "lint", command_lint,
	  "usage: scinit lint FILE...\n"
	  "       scinit lint --against OLD NEW\n"
	  "Reports risky and useless parts of profiles (INI or Docker JSON), one FILE:LINE: message a line;\n"
	  "with --against, what NEW allows that OLD did not. A finding the profile accepts with\n"
	  "`; lint: allow NAME: REASON` is shown as accepted and does not count.\n"
	  "Exit 0 clean, 1 findings, 125 invalid.\n" },
	{ "verify", command_verify,
	  "usage: scinit verify [--profile FILE]\n"
	  "Calls every @dangerous syscall with harmless arguments under the profile's filter (FILE, else\n"
	  "SCINIT_PROFILE, else the embedded one; enforce mode) and prints what happened.\n"
	  "Exit 0 if all are denied, 1 if any is allowed, 125 if the check cannot run.\n" },
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
