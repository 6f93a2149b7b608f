/* `scinit groups [NAME]`: the groups a profile may name, or one's members. */
#include "cmd/groups.h"
#include "cmd/commands.h"

#include <seccomp.h>
#include <stdio.h>

#include "common/error.h"
#include "profile/groups.h"

static int print_member(const char *syscall, void *ctx)
{
	(void)ctx;
	if (seccomp_syscall_resolve_name(syscall) == __NR_SCMP_ERROR)
		printf("%s\t# unknown to this libseccomp: skipped\n", syscall);
	else
		puts(syscall);
	return 0;
}

static int count_member(const char *syscall, void *ctx)
{
	(void)syscall;
	++*(unsigned *)ctx;
	return 0;
}

int command_groups(int argc, char **argv)
{
	struct scerr e;
	if (argc > 2 || (argc == 2 && argv[1][0] == '-'))
		return command_usage("groups");
	if (argc == 2) {
		const char *name = argv[1][0] == '@' ? argv[1] + 1 : argv[1];
		if (group_expand(name, print_member, NULL, &e) < 0) {
			err_print(&e);
			return EXIT_SCINIT_FAILURE;
		}
		/* On stderr: stdout stays one member a line, for scripts. */
		if (group_note(name))
			fprintf(stderr, "scinit: %s\n", group_note(name));
		return 0;
	}
	const char *name;
	for (size_t i = 0; (name = group_name(i)); i++) {
		unsigned n = 0;
		group_expand(name, count_member, &n, &e);
		printf("@%-16s %u\n", name, n);
	}
	return 0;
}
