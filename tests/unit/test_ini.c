/* The INI reader on text in memory (shim/profile_ini.c over inih): what it
 * refuses, with file and line, and the bounds it holds. */
#include <stdlib.h>

#include "common/arch.h"
#include "profile/profile_ini.h"
#include "unit.h"

struct row {
	const char *name;
	const char *text;
	const char *err; /* NULL: accepted with nrules rules */
	size_t nrules;
};

static const struct row rows[] = {
	{ "empty", "", NULL, 0 },
	{ "minimal", "[profile]\ndefault = allow\n", NULL, 0 },
	{ "two syscalls", "[allow]\nsyscalls = read write\n", NULL, 2 },
	{ "commas", "[allow]\nsyscalls = read,write, close\n", NULL, 3 },
	{ "continuation", "[allow]\nsyscalls = read\n  write ; a comment\n", NULL, 2 },
	{ "inline comment", "[allow]\nsyscalls = read ; write\n", NULL, 1 },
	{ "CRLF", "[allow]\r\nsyscalls = read\r\n", NULL, 1 },
	{ "no final newline", "[allow]\nsyscalls = read", NULL, 1 },
	{ "comment after a header", "[allow] ; the allowed\nsyscalls = read\n", NULL, 1 },
	{ "indented header", "  [allow]\nsyscalls = read\n", NULL, 1 },
	{ "byte order mark", "\xef\xbb\xbf[allow]\nsyscalls = read\n", NULL, 1 },
	{ "rule", "[rules]\nsocket = allow if arg0 == AF_UNIX\n", NULL, 1 },
	{ "unknown section", "[allow]\n[filter]\n", "t.ini:2: unknown section [filter] (profile, allow, deny, rules, setup)", 0 },
	{ "unclosed header", "[allow\n", "t.ini:1: unknown section [allow (profile, allow, deny, rules, setup)", 0 },
	{ "empty header", "[]\n", "t.ini:1: unknown section [] (profile, allow, deny, rules, setup)", 0 },
	{ "header with blanks inside", "[ allow ]\n", "t.ini:1: unknown section [ allow ] (profile, allow, deny, rules, setup)", 0 },
	{ "key after a header on its line", "[profile]\ndefault = allow\n[deny] syscalls = ptrace\n",
	  "t.ini:3: text after a [section] header; put each key = value on a line of its own", 0 },
	{ "junk after a header", "[allow]x\n", "t.ini:1: text after a [section] header; put each key = value on a line of its own", 0 },
	{ "outside any section", "syscalls = read\n", "t.ini:1: 'syscalls' is outside any section", 0 },
	{ "no '='", "[allow]\nsyscalls read\n", "t.ini:2: syntax error: expected [section] or key = value", 0 },
	{ "unknown key", "[allow]\nsyscall = read\n", "t.ini:2: unknown key 'syscall' in [allow] (syscalls)", 0 },
	{ "unknown syscall", "[allow]\nsyscalls = read wirte\n", "t.ini:2: unknown syscall 'wirte'", 0 },
	{ "unknown syscall on a continuation", "[allow]\nsyscalls = read\n  wirte\n", "t.ini:3: unknown syscall 'wirte'", 0 },
	{ "unknown group", "[allow]\nsyscalls = @nope\n", "t.ini:2: unknown group '@nope' (scinit groups lists them)", 0 },
	{ "default twice", "[profile]\ndefault = allow\ndefault = allow\n", "t.ini:3: 'default' is given twice", 0 },
	{ "arch empty", "[profile]\narch =\n", "t.ini:2: 'arch' names no architecture", 0 },
	{ "errno 65536", "[profile]\ndefault = errno:65536\n",
	  "t.ini:2: unknown errno '65536' (a name such as EPERM, or 1..4094)", 0 },
	{ "arg index 9", "[rules]\nsocket = allow if arg9 == 1\n", "t.ini:2: expected arg0..arg5, got 'arg9'", 0 },
	{ "value 2^64", "[rules]\nsocket = allow if arg0 == 18446744073709551616\n",
	  "t.ini:2: bad number '18446744073709551616'", 0 },
	{ "deny action allow", "[deny]\naction = allow\n", "t.ini:2: [deny] action must deny, not 'allow'", 0 },
	{ "mode twice", "[profile]\nmode = audit\nmode = audit\n", "t.ini:3: 'mode' is given twice", 0 },
};

/* A profile of `lines` copies of line after header, with room to spare. */
static char *repeat(const char *header, const char *line, size_t lines)
{
	size_t hl = strlen(header), ll = strlen(line);
	char *text = malloc(hl + ll * lines + 1);
	memcpy(text, header, hl);
	for (size_t i = 0; i < lines; i++)
		memcpy(text + hl + i * ll, line, ll);
	text[hl + ll * lines] = '\0';
	return text;
}

static void read_case(const char *name, const char *text, const char *err, size_t nrules)
{
	struct sc_profile p;
	struct scerr e = { "" };
	profile_init(&p, "t.ini");
	int rc = profile_read_ini(&p, text, strlen(text), &e);
	if (err) {
		unit_refused(name, rc, &e, err);
	} else {
		unit_accepted(name, rc, &e);
		if (rc == 0)
			unit_equal(name, nrules, p.nrules);
	}
	profile_free(&p);
}

/* "[allow]\nsyscalls = " and a line of n characters in all. */
static char *long_line(size_t n, const char *end)
{
	static const char prefix[] = "syscalls = read";
	char *text = malloc(n + 32);
	strcpy(text, "[allow]\n");
	char *line = text + strlen(text);
	memset(line, ' ', n);
	memcpy(line, prefix, sizeof(prefix) - 1);
	strcpy(line + n, end);
	return text;
}

/* An arch named again is listed once, so that the text cannot exceed
 * SC_MAX_ARCHES: nine names, and native compat, are the family. */
static void arches_once(void)
{
	static const char text[] = "[profile]\narch = x86 x86 x86 x86 x86 x86 x86 x86 x86 native compat\n";
	struct sc_profile p;
	struct scerr e = { "" };
	profile_init(&p, "t.ini");
	int rc = profile_read_ini(&p, text, strlen(text), &e);
	unit_accepted("profile_read_ini: an arch named nine times", rc, &e);
	unit_equal("profile_read_ini: ... is listed once, with native and compat the whole family", SC_ARCH_FAMILY_N,
		   rc == 0 ? p.narch : 0);
	profile_free(&p);
}

static void bounds(void)
{
	char *t;
	const char *too_long = "t.ini:2: line is longer than 198 characters; continue it on an indented line";
	read_case("198-character line", t = long_line(198, "\n"), NULL, 1), free(t);
	read_case("198-character line, CRLF", t = long_line(198, "\r\n"), NULL, 1), free(t);
	read_case("198-character last line", t = long_line(198, ""), NULL, 1), free(t);
	read_case("199-character line", t = long_line(199, "\n"), too_long, 0), free(t);
	read_case("199-character last line", t = long_line(199, ""), too_long, 0), free(t);
	read_case("20,000-character line", t = long_line(20000, "\n"), too_long, 0), free(t);

	read_case("8192 rules", t = repeat("[allow]\n", "syscalls = read\n", 8192), NULL, 8192), free(t);
	read_case("20,000 repeated keys", t = repeat("[allow]\n", "syscalls = read\n", 20000),
		  "t.ini:8194: more than 8192 rules", 0), free(t);
	read_case("20,000 repeated defaults", t = repeat("[profile]\n", "default = allow\n", 20000),
		  "t.ini:3: 'default' is given twice", 0), free(t);
	read_case("20,000 headers", t = repeat("", "[allow]\n", 20000), NULL, 0), free(t);
	read_case("groups past the rule bound", t = repeat("[allow]\n", "syscalls = @default @file-system @process\n", 100),
		  "t.ini:48: more than 8192 rules", 0), free(t);
}

int main(void)
{
	for (size_t i = 0; i < UNIT_N(rows); i++) {
		char name[160];
		snprintf(name, sizeof(name), "profile_read_ini: %s", rows[i].name);
		read_case(name, rows[i].text, rows[i].err, rows[i].nrules);
	}
	bounds();
	arches_once();
	return unit_done();
}
