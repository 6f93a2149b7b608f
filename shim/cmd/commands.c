#include "cmd/commands.h"

#include <string.h>

#include "cmd/bpf.h"
#include "cmd/convert.h"
#include "cmd/decode.h"
#include "cmd/embed.h"
#include "cmd/groups.h"
#include "cmd/lint.h"
#include "cmd/merge.h"
#include "cmd/verify.h"

/* One row per subcommand; each lives in a file of its own concern. */
static const struct {
	const char *name;
	int (*run)(int argc, char **argv);
} commands[] = {
	{ "bpf", command_bpf },
	{ "convert", command_convert },
	{ "decode", command_decode },
	{ "embed", command_embed },
	{ "groups", command_groups },
	{ "lint", command_lint },
	{ "merge", command_merge },
	{ "verify", command_verify },
	{ NULL, NULL },
};

bool command_exists(const char *name)
{
	for (size_t i = 0; commands[i].name; i++) {
		if (strcmp(commands[i].name, name) == 0)
			return true;
	}
	return false;
}

int command_run(int argc, char **argv)
{
	for (size_t i = 0; commands[i].name; i++) {
		if (strcmp(commands[i].name, argv[0]) == 0)
			return commands[i].run(argc, argv);
	}
	return 2;
}
