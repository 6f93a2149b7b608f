/* The rule text of [rules]: ACTION [if COND [and COND]...] (shim/rule_text.c). */
#include <sched.h>
#include <stdlib.h>
#include <sys/socket.h>

#include "profile/rule_text.h"
#include "unit.h"

struct row {
	const char *in;
	const char *err; /* NULL: accepted, and the conditions print as want */
	const char *want;
};

/* The parsed rule in one line: "ACTION kind/errno; argN OP VALUE [MASK]...; caps ALL NONE". */
static void describe(const struct sc_rule *r, char *buf, size_t len)
{
	static const char *const ops[] = { "==", "!=", "<", "<=", ">", ">=", "&==", "in", "not in" };
	int n = snprintf(buf, len, "%d/%u;", (int)r->action.kind, r->action.errno_value);
	for (unsigned i = 0; i < r->ncond && n < (int)len; i++) {
		const struct sc_cond *c = &r->cond[i];
		n += snprintf(buf + n, len - (size_t)n, " arg%u %s %#llx", c->arg, ops[c->op], (unsigned long long)c->value);
		if (cond_uses_mask(c->op) && n < (int)len)
			n += snprintf(buf + n, len - (size_t)n, " mask %#llx", (unsigned long long)c->mask);
	}
	if (n < (int)len)
		snprintf(buf + n, len - (size_t)n, "; caps %#llx %#llx", (unsigned long long)r->caps_all,
			 (unsigned long long)r->caps_none);
}

static const struct row rows[] = {
	{ "allow", NULL, "0/0;; caps 0 0" },
	{ "errno:EPERM", NULL, "1/1;; caps 0 0" },
	{ "  allow  ", NULL, "0/0;; caps 0 0" },
	{ "allow if arg0 == 1", NULL, "0/0; arg0 == 0x1; caps 0 0" },
	{ "allow if arg5 >= 0xffffffffffffffff", NULL, "0/0; arg5 >= 0xffffffffffffffff; caps 0 0" },
	{ "allow if arg0 == 18446744073709551615", NULL, "0/0; arg0 == 0xffffffffffffffff; caps 0 0" },
	{ "allow if arg0 == CLONE_NEWNS|CLONE_NEWUTS", NULL, "0/0; arg0 == 0x4020000; caps 0 0" },
	{ "allow if arg0 & 0xff == 1", NULL, "0/0; arg0 &== 0x1 mask 0xff; caps 0 0" },
	{ "allow if arg0 != AF_UNIX and arg1 < 3", NULL, "0/0; arg0 != 0x1 arg1 < 0x3; caps 0 0" },
	{ "allow if cap:sys_admin and !cap:CAP_NET_RAW", NULL, "0/0;; caps 0x200000 0x2000" },
	{ "allow if arg0 == 0 and arg1 == 0 and arg2 == 0 and arg3 == 0 and arg4 == 0 and arg5 == 0", NULL,
	  "0/0; arg0 == 0 arg1 == 0 arg2 == 0 arg3 == 0 arg4 == 0 arg5 == 0; caps 0 0" },
	{ "", "empty rule: expected an action", NULL },
	{ " \t ", "empty rule: expected an action", NULL },
	{ "deny", "unknown action 'deny' (allow, errno[:NAME|NUMBER], kill, kill_process, trap, log)", NULL },
	{ "allow if", "expected 'if CONDITION' after the action", NULL },
	{ "allow arg0 == 1", "expected 'if CONDITION' after the action", NULL },
	{ "allow if arg6 == 0", "expected arg0..arg5, got 'arg6'", NULL },
	{ "allow if arg9 == 0", "expected arg0..arg5, got 'arg9'", NULL },
	{ "allow if arg00 == 0", "expected arg0..arg5, got 'arg00'", NULL },
	{ "allow if arg-1 == 0", "expected arg0..arg5, got 'arg-1'", NULL },
	{ "allow if arg0", "expected 'argN OP VALUE' with OP one of == != < <= > >= (spaces around OP), or 'argN in A..B', "
	  "'argN not in A..B'", NULL },
	{ "allow if arg0 ==", "expected 'argN OP VALUE' with OP one of == != < <= > >= (spaces around OP), or 'argN in A..B', "
	  "'argN not in A..B'", NULL },
	{ "allow if arg0 = 1", "expected 'argN OP VALUE' with OP one of == != < <= > >= (spaces around OP), or 'argN in A..B', "
	  "'argN not in A..B'", NULL },
	{ "allow if arg0 == 18446744073709551616", "bad number '18446744073709551616'", NULL },
	{ "allow if arg0 == 99999999999999999999999", "bad number '99999999999999999999999'", NULL },
	{ "allow if arg0 == 0x10000000000000000", "bad number '0x10000000000000000'", NULL },
	{ "allow if arg0 == 0x", "bad number '0x'", NULL },
	{ "allow if arg0 == 010", "bad number '010': write decimal or 0x hex (a leading 0 would be octal)", NULL },
	{ "allow if arg0 == -1", NULL, "0/0; arg0 == 0xffffffffffffffff; caps 0 0" },
	{ "allow if arg0 == -0", "unknown constant '-0'", NULL },
	{ "allow if arg0 == -9223372036854775809", "bad number '-9223372036854775809'", NULL },
	{ "allow if arg1 in 41..45", NULL, "0/0; arg1 in 0x29 mask 0x2d; caps 0 0" },
	{ "allow if arg1 not in 0..AF_INET", NULL, "0/0; arg1 not in 0 mask 0x2; caps 0 0" },
	{ "allow if arg1 in 45..41", "empty range '45..41': its start is above its end", NULL },
	{ "allow if arg1 in 41", "expected a range 'A..B' after 'in', got '41'", NULL },
	{ "allow if arg0 == 1|", "bad value '1|'", NULL },
	{ "allow if arg0 == |1", "bad value '|1'", NULL },
	{ "allow if arg0 == 1||2", "bad value '1||2'", NULL },
	{ "allow if arg0 == |", "bad value '|'", NULL },
	{ "allow if arg0 == AF_UNIX|AF_FOO", "unknown constant 'AF_FOO'", NULL },
	{ "allow if arg0 & 1 != 0", "masked comparison must be 'argN & MASK == VALUE'", NULL },
	{ "allow if arg0 == 1 and", "expected 'and CONDITION' after a condition, got 'and'", NULL },
	{ "allow if arg0 == 1 or arg1 == 2", "expected 'and CONDITION' after a condition, got 'or'", NULL },
	{ "allow if arg0 == 1 and arg0 == 2",
	  "arg0 is compared twice; libseccomp takes one comparison per argument in a rule (for a range write "
	  "'arg0 in A..B')", NULL },
	{ "allow if cap:", "unknown capability in 'cap:'", NULL },
	{ "allow if !cap:", "unknown capability in '!cap:'", NULL },
	{ "allow if cap:sys_wizard", "unknown capability in 'cap:sys_wizard'", NULL },
	{ "allow if cap:kill and !cap:kill", "a capability is both required and excluded", NULL },
	{ "allow if arg0 == 0 and arg1 == 0 and arg2 == 0 and arg3 == 0 and arg4 == 0 and arg5 == 0 and arg0 == 1",
	  "more than 6 argument conditions", NULL },
};

/* Texts too long for a table row. */
static void bounds(void)
{
	char *text = malloc(4096);
	struct sc_rule r;
	struct scerr e;

	/* 64 words fit (here a dangling "and" is the error), 65 do not. */
	strcpy(text, "allow if cap:kill");
	for (int words = 3; words < 63; words += 2)
		strcat(text, " and cap:kill");
	r = (struct sc_rule){ 0 };
	unit_accepted("63 words", rule_text_parse(text, &r, &e), &e);
	strcat(text, " and");
	r = (struct sc_rule){ 0 };
	unit_refused("64 words", rule_text_parse(text, &r, &e), &e, "expected 'and CONDITION' after a condition, got 'and'");
	strcat(text, " cap:kill");
	r = (struct sc_rule){ 0 };
	unit_refused("65 words", rule_text_parse(text, &r, &e), &e, "rule has too many words");

	/* A value of 255 characters fits its buffer; 256 do not. */
	strcpy(text, "allow if arg0 == ");
	size_t at = strlen(text);
	memset(text + at, '1', 255);
	text[at + 255] = '\0';
	memcpy(text + at, "0x", 2);
	r = (struct sc_rule){ 0 };
	char want[300];
	snprintf(want, sizeof(want), "bad number '%s'", text + at);
	r = (struct sc_rule){ 0 };
	unit_refused("255-character value is read (and too big)", rule_text_parse(text, &r, &e), &e, want);
	strcat(text, "1");
	r = (struct sc_rule){ 0 };
	unit_refused("256-character value", rule_text_parse(text, &r, &e), &e, "value too long");

	memset(text, ' ', 1023);
	memcpy(text, "allow", 5);
	text[1023] = '\0';
	r = (struct sc_rule){ 0 };
	unit_accepted("1023-character rule", rule_text_parse(text, &r, &e), &e);
	strcat(text, " ");
	r = (struct sc_rule){ 0 };
	unit_refused("1024-character rule", rule_text_parse(text, &r, &e), &e, "rule too long");
	free(text);
}

int main(void)
{
	for (size_t i = 0; i < UNIT_N(rows); i++) {
		char name[200], got[300];
		struct sc_rule r = { 0 };
		struct scerr e = { "" };
		int rc = rule_text_parse(rows[i].in, &r, &e);
		snprintf(name, sizeof(name), "rule_text_parse '%s'", rows[i].in);
		if (rows[i].err) {
			unit_refused(name, rc, &e, rows[i].err);
			continue;
		}
		describe(&r, got, sizeof(got));
		unit_result(rc == 0 && strcmp(got, rows[i].want) == 0, name, rows[i].want, rc == 0 ? got : e.msg);
	}
	bounds();
	return unit_done();
}
