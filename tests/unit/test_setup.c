/* [setup] parsing (shim/setup/setup.c) is pure: names, groups and workdir
 * are recorded as the text gives them, whatever this machine's /etc/passwd,
 * /etc/group and file system hold, so the names here exist nowhere; only
 * syntax and ranges are refused. setup_resolve, which looks them up, is
 * tested through a start (tests/t_setup.sh). */
#include <linux/capability.h>
#include <stdlib.h>

#include "setup/setup.h"
#include "unit.h"

#define NOWHERE "scinit-unit-nosuch"

struct row {
	const char *name;
	const char *keys[5]; /* "key", "value" pairs, at lines 1 and 2; NULL ends them */
	const char *err;     /* NULL: accepted */
};

static const struct row rows[] = {
	{ "user by a name this machine lacks", { "user", NOWHERE }, NULL },
	{ "group by a name this machine lacks", { "group", NOWHERE }, NULL },
	{ "groups by names this machine lacks", { "groups", NOWHERE " 100, " NOWHERE "2" }, NULL },
	{ "empty groups", { "groups", "" }, NULL },
	{ "workdir that does not exist here", { "workdir", "/nonexistent/" NOWHERE }, NULL },
	{ "env_user without user", { "env_user", "yes" }, NULL },
	{ "no_new_privs = no alone: scinit's capabilities decide, at start", { "no_new_privs", "no" }, NULL },
	{ "no_new_privs = no, user by name: the image decides, at start", { "no_new_privs", "no", "user", NOWHERE }, NULL },
	{ "no_new_privs = no, root by number", { "no_new_privs", "no", "user", "0" }, NULL },
	{ "no_new_privs = no, sys_admin kept", { "capabilities", "sys_admin", "no_new_privs", "no" }, NULL },
	{ "empty user", { "user", "" }, "'user' needs a uid or a name" },
	{ "empty group", { "group", "" }, "'group' needs a gid or a name" },
	{ "uid -1", { "user", "4294967295" }, "uid 4294967295 is out of range (0 to 4294967294)" },
	{ "gid out of range in groups", { "groups", "1 99999999999" }, "gid 99999999999 is out of range (0 to 4294967294)" },
	{ "user name with ':'", { "user", "app:x" }, "user name 'app:x' cannot hold ':', ',' or blanks" },
	{ "group name with a blank", { "group", "app x" }, "group name 'app x' cannot hold ':', ',' or blanks" },
	{ "group name in groups with ':'", { "groups", "audio a:b" }, "group name 'a:b' cannot hold ':', ',' or blanks" },
	{ "user name too long",
	  { "user", "a123456789012345678901234567890123456789012345678901234567890123" },
	  "user name 'a123456789012345678901234567890123456789012345678901234567890123' is longer than 63 characters" },
	{ "relative workdir", { "workdir", "srv" }, "workdir 'srv' is not an absolute path" },
	{ "no_new_privs = no, numeric non-root user",
	  { "no_new_privs", "no", "user", "1000" },
	  "no_new_privs = no needs the app to keep sys_admin (the kernel installs a filter without no_new_privs only "
	  "for a process with CAP_SYS_ADMIN): a non-root 'user' has no capabilities unless 'capabilities' lists them" },
	{ "env_user not yes or no", { "env_user", "1" }, "'env_user' must be yes or no, not '1'" },
	{ "no_new_privs not yes or no", { "no_new_privs", "off" }, "'no_new_privs' must be yes or no, not 'off'" },
	{ "key given twice", { "user", "0", "user", "0" }, "'user' is given twice" },
};

/* Parses keys (pairs, NULL at the end) at lines 1, 2, ...; the first
 * error ends it. */
static int parse(struct sc_setup *s, const char *const *keys, struct scerr *e)
{
	memset(s, 0, sizeof(*s));
	for (unsigned i = 0; keys[i]; i += 2) {
		if (setup_parse_key(s, keys[i], keys[i + 1], i / 2 + 1, e) < 0)
			return -1;
	}
	return 0;
}

static void table(void)
{
	for (size_t i = 0; i < UNIT_N(rows); i++) {
		struct sc_setup *s = malloc(sizeof(*s));
		struct scerr e = { "" };
		int rc = parse(s, rows[i].keys, &e);
		if (rows[i].err)
			unit_refused(rows[i].name, rc, &e, rows[i].err);
		else
			unit_accepted(rows[i].name, rc, &e);
		free(s);
	}
}

static void check_str(const char *name, const char *want, const char *got)
{
	unit_result(strcmp(want, got) == 0, name, want, got);
}

/* What the text says is kept as it says it, with each key's line. */
static void recorded(void)
{
	struct sc_setup *s = malloc(sizeof(*s));
	struct scerr e = { "" };
	const char *keys[] = { "workdir", "/nonexistent/" NOWHERE, "user", NOWHERE, NULL };
	int rc = parse(s, keys, &e);
	unit_accepted("recorded: parsed", rc, &e);
	check_str("recorded: user name", NOWHERE, s->user_name);
	check_str("recorded: workdir", "/nonexistent/" NOWHERE, s->workdir);
	unit_equal("recorded: workdir's line", 1, s->line[SC_SETUP_WORKDIR]);
	unit_equal("recorded: user's line", 2, s->line[SC_SETUP_USER]);
	unit_equal("recorded: not resolved", 0, s->resolved);

	const char *groups[] = { "group", "1234", "groups", NOWHERE " 100", NULL };
	rc = parse(s, groups, &e);
	unit_accepted("recorded: groups parsed", rc, &e);
	unit_equal("recorded: a numeric group needs no lookup", 1234, s->gid);
	check_str("recorded: a numeric group has no name", "", s->group_name);
	check_str("recorded: groups as written", NOWHERE " 100", s->groups_text);
	free(s);
}

/* Capability conditions are decided from parsed data: a user by name is
 * taken for non-root until the image says otherwise. */
static void final_caps(void)
{
	struct sc_setup *s = malloc(sizeof(*s));
	struct scerr e = { "" };
	const uint64_t all = ~0ULL, sys_admin = 1ULL << CAP_SYS_ADMIN;
	const char *named[] = { "user", NOWHERE, NULL }, *root[] = { "user", "0", NULL },
		   *uid[] = { "user", "1000", NULL }, *kept[] = { "user", NOWHERE, "capabilities", "sys_admin", NULL },
		   *none[] = { NULL };
	parse(s, named, &e);
	unit_equal("final caps: user by name, unresolved: none", 0, setup_final_caps(s, all));
	unit_equal("final caps: user by name counts as dropping root", 1, setup_drops_root(s));
	parse(s, root, &e);
	unit_equal("final caps: user 0 keeps scinit's", all, setup_final_caps(s, all));
	parse(s, uid, &e);
	unit_equal("final caps: user 1000: none", 0, setup_final_caps(s, all));
	parse(s, kept, &e);
	unit_equal("final caps: capabilities listed are kept", sys_admin, setup_final_caps(s, all));
	parse(s, none, &e);
	unit_equal("final caps: no [setup]: scinit's", all, setup_final_caps(s, all));
	free(s);
}

/* setup_apply must not take an unresolved name for uid 0. */
static void apply_unresolved(void)
{
	struct sc_setup *s = malloc(sizeof(*s));
	struct scerr e = { "" };
	const char *named[] = { "user", NOWHERE, NULL };
	parse(s, named, &e);
	unit_refused("setup_apply refuses a [setup] that was not resolved", setup_apply(s, &e), &e,
		     "setup failed: [setup] was not resolved against the image");
	free(s);
}

int main(void)
{
	table();
	recorded();
	final_caps();
	apply_unresolved();
	return unit_done();
}
