/* `scinit groups [NAME]`: the groups a profile may name, or one's members;
 * also learn mode's families (~NAME) and ENOSYS fallbacks (--enosys). */
#include "cmd/groups.h"

#include <seccomp.h>
#include <stdio.h>
#include <string.h>

#include "common/error.h"
#include "profile/families.h"
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

/* Each name of a space-separated list, one a line. */
static void print_list(const char *list, unsigned len)
{
	for (const char *p = list, *end = list + len; p < end;) {
		size_t w = strcspn(p, " \n");
		char name[64];
		snprintf(name, sizeof(name), "%.*s", (int)w, p);
		print_member(name, NULL);
		p += w + 1;
	}
}

/* ~NAME: the family whose first member is NAME. */
static int print_family(const char *name)
{
	unsigned len;
	const char *members = family_of(name, &len);
	if (!members || strncmp(members, name, strlen(name)) != 0 || members[strlen(name)] != ' ') {
		fprintf(stderr, "scinit: unknown family '~%s' (scinit groups lists them)\n", name);
		return EXIT_SCINIT_FAILURE;
	}
	print_list(members, len);
	return 0;
}

int command_groups(int argc, char **argv)
{
	struct scerr e;
	if (argc > 2) {
		fputs("usage: scinit groups [NAME | ~FAMILY | --families | --enosys]\n", stderr);
		return EXIT_SCINIT_FAILURE;
	}
	if (argc == 2 && strcmp(argv[1], "--families") == 0) {
		fputs(learn_families, stdout);
		return 0;
	}
	if (argc == 2 && strcmp(argv[1], "--enosys") == 0) {
		print_list(learn_enosys_fallback, (unsigned)strlen(learn_enosys_fallback));
		return 0;
	}
	if (argc == 2 && argv[1][0] == '~')
		return print_family(argv[1] + 1);
	if (argc == 2) {
		const char *name = argv[1][0] == '@' ? argv[1] + 1 : argv[1];
		if (group_expand(name, print_member, NULL, &e) < 0) {
			err_print(&e);
			return EXIT_SCINIT_FAILURE;
		}
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
