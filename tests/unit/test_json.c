/* The JSON reader on hostile text in memory (shim/profile_json.c over jsmn):
 * wrong types, every truncation of a real document, nesting, and the bounds
 * on values and rules. tests/t_json.sh has the field-by-field errors. */
#include <seccomp.h>
#include <stdlib.h>

#include "profile/profile_json.h"
#include "unit.h"

static const struct json_host host = { SCMP_ARCH_X86_64, { 6, 1 } };

struct row {
	const char *name;
	const char *text;
	const char *err; /* NULL: accepted */
};

#define R "{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"syscalls\": [{\"names\": [\"getpid\"], \"action\": \"SCMP_ACT_ERRNO\""

static const struct row rows[] = {
	{ "smallest", "{\"defaultAction\": \"SCMP_ACT_ALLOW\"}", NULL },
	{ "one rule", R "}]}", NULL },
	{ "defaultAction a number", "{\"defaultAction\": 1}", "t.json:1:19: expected a string" },
	{ "defaultAction null", "{\"defaultAction\": null}", "t.json:1:1: defaultAction is missing" },
	{ "defaultAction a list", "{\"defaultAction\": [\"SCMP_ACT_ALLOW\"]}", "t.json:1:19: expected a string" },
	{ "top level a list", "[]", "t.json:1:1: expected a JSON object" },
	{ "top level a string", "\"x\"", "t.json:1:1: expected a JSON object" },
	{ "syscalls an object", "{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"syscalls\": {}}",
	  "t.json:1:49: expected a list of syscall rules" },
	{ "a rule a string", "{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"syscalls\": [\"getpid\"]}",
	  "t.json:1:50: expected an object" },
	{ "architectures a string", "{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"architectures\": \"SCMP_ARCH_X86_64\"}",
	  "t.json:1:54: expected a list of strings" },
	{ "architectures of numbers", "{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"architectures\": [64]}",
	  "t.json:1:55: expected a string" },
	{ "flags an object", "{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"flags\": {}}", "t.json:1:46: expected a list of strings" },
	{ "args an object", R ", \"args\": {}}]}", "t.json:1:108: expected a list of args" },
	{ "an arg a list", R ", \"args\": [[]]}]}", "t.json:1:109: expected an object" },
	{ "op a number", R ", \"args\": [{\"index\": 0, \"value\": 1, \"op\": 1}]}]}", "t.json:1:140: expected a string" },
	{ "value a string", R ", \"args\": [{\"index\": 0, \"value\": \"1\", \"op\": \"SCMP_CMP_EQ\"}]}]}",
	  "t.json:1:131: expected a whole number from 0 to 18446744073709551615" },
	{ "value true", R ", \"args\": [{\"index\": 0, \"value\": true, \"op\": \"SCMP_CMP_EQ\"}]}]}",
	  "t.json:1:131: expected a whole number from 0 to 18446744073709551615" },
	{ "value with a fraction", R ", \"args\": [{\"index\": 0, \"value\": 1.5, \"op\": \"SCMP_CMP_EQ\"}]}]}",
	  "t.json:1:131: expected a whole number from 0 to 18446744073709551615" },
	{ "value with an exponent", R ", \"args\": [{\"index\": 0, \"value\": 1e3, \"op\": \"SCMP_CMP_EQ\"}]}]}",
	  "t.json:1:131: expected a whole number from 0 to 18446744073709551615" },
	{ "value with a leading zero", R ", \"args\": [{\"index\": 0, \"value\": 010, \"op\": \"SCMP_CMP_EQ\"}]}]}",
	  "t.json:1:131: expected a whole number from 0 to 18446744073709551615" },
	{ "value 2^64-1", R ", \"args\": [{\"index\": 0, \"value\": 18446744073709551615, \"op\": \"SCMP_CMP_EQ\"}]}]}", NULL },
	{ "value 2^64", R ", \"args\": [{\"index\": 0, \"value\": 18446744073709551616, \"op\": \"SCMP_CMP_EQ\"}]}]}",
	  "t.json:1:131: expected a whole number from 0 to 18446744073709551615" },
	{ "index 9", R ", \"args\": [{\"index\": 9, \"value\": 1, \"op\": \"SCMP_CMP_EQ\"}]}]}",
	  "t.json:1:119: expected a whole number from 0 to 5" },
	{ "index -0", R ", \"args\": [{\"index\": -0, \"value\": 1, \"op\": \"SCMP_CMP_EQ\"}]}]}",
	  "t.json:1:119: expected a whole number from 0 to 5" },
	{ "unknown op", R ", \"args\": [{\"index\": 0, \"value\": 1, \"op\": \"SCMP_CMP_MATCHES\"}]}]}",
	  "t.json:1:140: unknown op \"SCMP_CMP_MATCHES\" (SCMP_CMP_EQ, SCMP_CMP_NE, SCMP_CMP_LT, SCMP_CMP_LE, SCMP_CMP_GT, "
	  "SCMP_CMP_GE, SCMP_CMP_MASKED_EQ)" },
	{ "op in lower case", R ", \"args\": [{\"index\": 0, \"value\": 1, \"op\": \"scmp_cmp_eq\"}]}]}",
	  "t.json:1:140: unknown op \"scmp_cmp_eq\" (SCMP_CMP_EQ, SCMP_CMP_NE, SCMP_CMP_LT, SCMP_CMP_LE, SCMP_CMP_GT, "
	  "SCMP_CMP_GE, SCMP_CMP_MASKED_EQ)" },
	{ "errnoRet 65536", R ", \"errnoRet\": 65536}]}", "t.json:1:112: expected a whole number from 0 to 4094" },
	{ "errnoRet 4095", R ", \"errnoRet\": 4095}]}", "t.json:1:112: expected a whole number from 0 to 4094" },
	{ "errnoRet a string", R ", \"errnoRet\": \"1\"}]}", "t.json:1:112: expected a whole number from 0 to 4094" },
	{ "includes a list", R ", \"includes\": []}]}", "t.json:1:112: expected an object" },
	{ "caps a string", R ", \"includes\": {\"caps\": \"CAP_SYS_ADMIN\"}}]}", "t.json:1:121: expected a list of strings" },
	{ "comment a number", R ", \"comment\": 1}]}", "t.json:1:111: expected a string" },
	{ "names of lists", "{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"syscalls\": [{\"names\": [[]], \"action\": \"SCMP_ACT_ERRNO\"}]}",
	  "t.json:1:61: expected a string" },
	{ "a 64-character name", "{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"syscalls\": [{\"names\": "
	  "[\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\"], \"action\": \"SCMP_ACT_LOG\"}]}",
	  "t.json:1:61: \"aaaaaaaaaaaaaaaaaaaaaaaa...\" is too long" },
	{ "raw line break in a string", "{\"defaultAction\": \"SCMP_ACT_AL\nLOW\"}",
	  "t.json:1:31: control character in a string (JSON wants it escaped, as \\n or \\t)" },
	{ "raw tab in a key", "{\"default\tAction\": \"SCMP_ACT_ALLOW\"}",
	  "t.json:1:10: control character in a string (JSON wants it escaped, as \\n or \\t)" },
	{ "escaped line break", "{\"defaultAction\": \"SCMP_ACT_AL\\nLOW\"}",
	  "t.json:1:19: unknown action \"SCMP_ACT_AL\\nLOW\" (SCMP_ACT_ALLOW, SCMP_ACT_ERRNO, "
	  "SCMP_ACT_KILL_THREAD, SCMP_ACT_KILL_PROCESS, SCMP_ACT_TRAP, SCMP_ACT_LOG)" },
	{ "bad escape", "{\"defaultAction\": \"\\x41\"}", "t.json:1:19: not valid JSON here" },
	{ "empty", "", "t.json:1:1: expected a JSON object" },
	{ "only blanks", " \n ", "t.json:1:1: expected a JSON object" },
	/* Security Profiles Operator objects: the spec is the profile. */
	{ "SPO object", "{\"apiVersion\": \"security-profiles-operator.x-k8s.io/v1\", \"kind\": \"SeccompProfile\", "
	  "\"metadata\": {\"name\": \"x\"}, \"spec\": {\"defaultAction\": \"SCMP_ACT_ALLOW\", \"state\": \"Enabled\"}, "
	  "\"status\": {}}", NULL },
	{ "SPO object, base", "{\"kind\": \"SeccompProfile\", \"apiVersion\": \"security-profiles-operator.x-k8s.io/v1beta1\", "
	  "\"spec\": {\"defaultAction\": \"SCMP_ACT_ERRNO\", \"baseProfileName\": \"runc-v1.4.2\"}}", NULL },
	{ "SPO object, other base", "{\"kind\": \"SeccompProfile\", \"apiVersion\": \"security-profiles-operator.x-k8s.io/v1beta1\", "
	  "\"spec\": {\"defaultAction\": \"SCMP_ACT_ERRNO\", \"baseProfileName\": \"x\"}}",
	  "t.json:1:152: baseProfileName \"x\": scinit knows runc-v..., crun-v... and RuntimeDefault (as @docker-default); "
	  "merge other bases into the spec" },
	{ "SPO object without spec", "{\"kind\": \"SeccompProfile\", \"apiVersion\": \"security-profiles-operator.x-k8s.io/v1\"}",
	  "t.json:1:1: spec is missing" },
	{ "SPO object, kind a number", "{\"kind\": 1, \"apiVersion\": \"security-profiles-operator.x-k8s.io/v1\", \"spec\": {}}",
	  "t.json:1:10: expected one SeccompProfile object (apiVersion security-profiles-operator.x-k8s.io/..., kind "
	  "SeccompProfile: kubectl get seccompprofile NAME -o json)" },
	{ "SPO object, apiVersion only a group", "{\"kind\": \"SeccompProfile\", \"apiVersion\": "
	  "\"security-profiles-operator.x-k8s.io/\", \"spec\": {}}",
	  "t.json:1:42: expected one SeccompProfile object (apiVersion security-profiles-operator.x-k8s.io/..., kind "
	  "SeccompProfile: kubectl get seccompprofile NAME -o json)" },
	{ "arg without value", R ", \"args\": [{\"index\": 0, \"op\": \"SCMP_CMP_EQ\"}]}]}", NULL },
};

static int read_json(const char *text, size_t len, struct scerr *e)
{
	struct sc_profile p;
	profile_init(&p, "t.json");
	int rc = profile_read_json(&p, text, len, &host, NULL, e);
	profile_free(&p);
	return rc;
}

static void read_case(const char *name, const char *text, const char *err)
{
	struct scerr e = { "" };
	int rc = read_json(text, strlen(text), &e);
	if (err)
		unit_refused(name, rc, &e, err);
	else
		unit_accepted(name, rc, &e);
}

/* Every cut of a real document is refused with one line at a position;
 * only the whole is accepted. Each cut is a heap copy of its own, so ASan
 * sees any read past the end. */
static void truncations(void)
{
	static const char doc[] =
		"{\n\t\"defaultAction\": \"SCMP_ACT_ERRNO\",\n\t\"defaultErrnoRet\": 1,\n"
		"\t\"archMap\": [{\"architecture\": \"SCMP_ARCH_X86_64\", \"subArchitectures\": [\"SCMP_ARCH_X86\", "
		"\"SCMP_ARCH_X32\"]}],\n\t\"syscalls\": [\n"
		"\t\t{\"names\": [\"read\", \"write\", \"execve\", \"exit_group\"], \"action\": \"SCMP_ACT_ALLOW\"},\n"
		"\t\t{\"names\": [\"personality\"], \"action\": \"SCMP_ACT_ALLOW\", \"args\": [{\"index\": 0, "
		"\"value\": 8, \"valueTwo\": 0, \"op\": \"SCMP_CMP_EQ\"}]},\n"
		"\t\t{\"names\": [\"clone\"], \"action\": \"SCMP_ACT_ALLOW\", \"args\": [{\"index\": 0, "
		"\"value\": 2114060288, \"valueTwo\": 0, \"op\": \"SCMP_CMP_MASKED_EQ\"}], "
		"\"excludes\": {\"caps\": [\"CAP_SYS_ADMIN\"], \"arches\": [\"s390x\"]}},\n"
		"\t\t{\"names\": [\"mount\"], \"action\": \"SCMP_ACT_ALLOW\", \"includes\": {\"caps\": [\"CAP_SYS_ADMIN\"], "
		"\"minKernel\": \"4.8\"}, \"comment\": \"gr\\u00f6\\u00dfer\"}\n\t]\n}\n";
	size_t len = sizeof(doc) - 1, bad = 0, whole = 0;
	char first[600] = "";
	for (size_t cut = 0; cut <= len; cut++) {
		char *text = malloc(cut + 1);
		memcpy(text, doc, cut);
		text[cut] = '\0';
		struct scerr e = { "" };
		int rc = read_json(text, cut, &e);
		free(text);
		bool complete = cut >= len - 1; /* the final newline is optional */
		bool ok = complete ? rc == 0
				   : rc == -1 && strncmp(e.msg, "t.json:", 7) == 0 && !strchr(e.msg, '\n');
		if (!ok && !bad++)
			snprintf(first, sizeof(first), "cut at %zu: %s", cut, rc == 0 ? "accepted" : e.msg);
		whole += complete && rc == 0;
	}
	unit_result(bad == 0, "every truncation refused with a position, the whole accepted", "none wrong", first);
	unit_equal("the whole document accepted with and without its newline", 2, whole);
}

/* `count` copies of item between head and tail. */
static char *repeat(const char *head, const char *item, const char *sep, size_t count, const char *tail)
{
	size_t hl = strlen(head), il = strlen(item), sl = strlen(sep), tl = strlen(tail);
	char *text = malloc(hl + count * (il + sl) + tl + 1), *at = text;
	memcpy(at, head, hl), at += hl;
	for (size_t i = 0; i < count; i++) {
		if (i)
			memcpy(at, sep, sl), at += sl;
		memcpy(at, item, il), at += il;
	}
	memcpy(at, tail, tl), at += tl;
	*at = '\0';
	return text;
}

static void bounds(void)
{
	char *t;
	/* 100,000 levels: jsmn does not recurse, and scinit stops at 16. */
	t = repeat("{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"syscalls\": ", "[", "", 100000, "");
	char *deep = repeat(t, "]", "", 100000, "}");
	free(t);
	read_case("100,000 levels of nesting", deep, "t.json:1:64: nested more than 16 deep");
	free(deep);

	t = repeat("{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"comment\": [", "1", ",", 200001, "]}");
	read_case("200,003 JSON values", t, "t.json:1:1: more than 200000 JSON values");
	free(t);

	t = repeat("{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"syscalls\": [{\"action\": \"SCMP_ACT_ERRNO\", \"names\": [",
		   "\"getpid\"", ",", 20000, "]}]}");
	read_case("20,000 repeated names", t, "t.json:1:73817: more than 8192 rules");
	free(t);

	/* 8,000 conditional rules fit; runc's ENOSYS rules for the syscalls
	 * after read would then pass the bound. */
	t = repeat("{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"architectures\": [\"SCMP_ARCH_X86_64\"], \"syscalls\": [",
		   "{\"names\": [\"read\"], \"action\": \"SCMP_ACT_ALLOW\", \"args\": [{\"index\": 1, \"value\": 1, "
		   "\"op\": \"SCMP_CMP_GE\"}]}", ",", 8000, "]}");
	read_case("ENOSYS rules past the rule bound", t, "t.json: more than 8192 rules");
	free(t);
}

int main(void)
{
	for (size_t i = 0; i < UNIT_N(rows); i++) {
		char name[160];
		snprintf(name, sizeof(name), "profile_read_json: %s", rows[i].name);
		read_case(name, rows[i].text, rows[i].err);
	}
	truncations();
	bounds();
	return unit_done();
}
