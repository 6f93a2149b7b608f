#include "profile/profile_ini.h"

#include <ini.h>
#include <seccomp.h>
#include <string.h>

#include "common/values.h"
#include "profile/groups.h"
#include "profile/rule_text.h"

struct ini_reader {
	struct sc_profile *p;
	const char *text;
	size_t len, pos;
	unsigned line; /* the line inih is handling now */
	struct scerr *e;
	bool failed;
	bool blanking, never_blank; /* blank_skipped_lines */
	bool seen_default, seen_arch, seen_mode, seen_deny_action, seen_log_denials, seen_lock_mode;
	struct sc_action deny_action;
};

static const char *const sections[] = { "profile", "allow", "deny", "rules", "setup" };

static int fail(struct ini_reader *r, const char *fmt, const char *arg)
{
	if (!r->failed)
		err_at(r->e, r->p->source, r->line, fmt, arg);
	r->failed = true;
	return 0; /* tells inih to stop caring; ini_parse_stream still returns */
}

static int fail_with(struct ini_reader *r)
{
	if (!r->failed)
		err_at(r->e, r->p->source, r->line, "%s", r->e->msg);
	r->failed = true;
	return 0;
}

/* inih never reports an empty section, so headers are checked as they pass. */
static bool known_section_header(const char *line, size_t n)
{
	while (n && (*line == ' ' || *line == '\t'))
		line++, n--;
	if (!n || *line != '[')
		return true;
	const char *close = memchr(line, ']', n);
	if (!close)
		return false;
	size_t len = (size_t)(close - line - 1);
	for (size_t i = 0; i < sizeof(sections) / sizeof(sections[0]); i++) {
		if (strlen(sections[i]) == len && memcmp(line + 1, sections[i], len) == 0)
			return true;
	}
	return false;
}

/* inih ignores whatever follows "]", so "[deny] syscalls = ptrace" would
 * deny nothing; only a comment may follow. */
static bool header_ends_cleanly(const char *line, size_t n)
{
	while (n && (*line == ' ' || *line == '\t'))
		line++, n--;
	const char *close = n && *line == '[' ? memchr(line, ']', n) : NULL;
	for (const char *c = close ? close + 1 : line + n; c < line + n; c++) {
		if (*c == ';' || *c == '#')
			return true;
		if (*c != ' ' && *c != '\t')
			return false;
	}
	return true;
}

static bool skipped(enum sc_sections which, const char *section);

/* Reading settings only (the embedded profile, whose filter the build has
 * precompiled after reading every section of it), the lines of the sections
 * handle() would skip reach inih blank: inih's scanning of them was most of
 * the reading at start-up, and blank lines keep the line numbers. Only a
 * header at the start of a line switches sections here; an indented '['
 * line, which inih may take for a continued value, ends the blanking for
 * the rest of the text rather than guess. */
static bool blank_skipped_lines(struct ini_reader *r, const char *line, size_t n)
{
	if (r->p->sections != SC_SECTIONS_SETTINGS || r->never_blank)
		return false;
	if (n && line[0] == '[') {
		char name[8] = "";
		const char *close = memchr(line, ']', n);
		size_t len = close ? (size_t)(close - line - 1) : sizeof(name);
		if (len < sizeof(name))
			memcpy(name, line + 1, len), name[len] = '\0';
		r->blanking = skipped(r->p->sections, name);
		return false;
	}
	size_t lead = 0;
	while (lead < n && (line[lead] == ' ' || line[lead] == '\t'))
		lead++;
	if (lead < n && line[lead] == '[')
		r->never_blank = true, r->blanking = false;
	return r->blanking;
}

static char *read_line(char *buf, int num, void *stream)
{
	struct ini_reader *r = stream;
	if (r->failed || r->pos >= r->len)
		return NULL;
	const char *start = r->text + r->pos;
	const char *nl = memchr(start, '\n', r->len - r->pos);
	size_t n = nl ? (size_t)(nl - start) + 1 : r->len - r->pos;
	r->line++;
	size_t content = n - (nl ? 1 : 0);
	if (content && start[content - 1] == '\r')
		content--;
	/* inih gets the line without its '\r' (it strips trailing blanks
	 * anyway), so a CRLF line may be as long as any other. */
	size_t copy = content + (nl ? 1 : 0);
	if (content > SC_INI_MAX_LINE || copy >= (size_t)num) {
		err_at(r->e, r->p->source, r->line, "line is longer than %d characters; continue it on an indented line",
		       SC_INI_MAX_LINE);
		r->failed = true;
		return NULL;
	}
	if (!known_section_header(start, content)) {
		err_at(r->e, r->p->source, r->line, "unknown section %.*s (profile, allow, deny, rules, setup)",
		       (int)(content > 40 ? 40 : content), start);
		r->failed = true;
		return NULL;
	}
	if (!header_ends_cleanly(start, content)) {
		err_at(r->e, r->p->source, r->line, "text after a [section] header; put each key = value on a line of its own");
		r->failed = true;
		return NULL;
	}
	if (blank_skipped_lines(r, start, content))
		content = 0, copy = nl ? 1 : 0;
	memcpy(buf, start, content);
	if (nl)
		buf[content] = '\n';
	buf[copy] = '\0';
	r->pos += n;
	return buf;
}

/* A rule for one syscall name, or for every member of an @group. Group
 * members this libseccomp does not know are skipped: groups name syscalls of
 * other arches and newer kernels. */
struct rule_template {
	struct ini_reader *r;
	struct sc_rule rule;
};

static int add_group_member(const char *name, void *ctx)
{
	struct rule_template *t = ctx;
	int nr = seccomp_syscall_resolve_name(name);
	if (nr == __NR_SCMP_ERROR)
		return 0;
	t->rule.nr = nr;
	return profile_add_rule(t->r->p, &t->rule, t->r->e);
}

static int add_named(struct ini_reader *r, const char *name, const struct sc_rule *rule)
{
	struct rule_template t = { r, *rule };
	if (name[0] == '@')
		return group_expand(name + 1, add_group_member, &t, r->e);
	if (parse_syscall(name, &t.rule.nr, r->e) < 0)
		return -1;
	return profile_add_rule(r->p, &t.rule, r->e);
}

static bool separates_names(char c)
{
	return c == ' ' || c == '\t' || c == ',';
}

/* Syscall lists: names or @groups separated by spaces or commas. Split by
 * hand: strtok_r's strspn and strcspn build a table of the separators at
 * every call, a fifth of the time of reading a 300-syscall profile. */
static int add_syscall_list(struct ini_reader *r, const char *value, bool deny)
{
	char buf[SC_INI_MAX_LINE + 1];
	size_t len = strnlen(value, sizeof(buf) - 1);
	memcpy(buf, value, len);
	buf[len] = '\0';
	struct sc_rule rule = { .action = { SC_ACT_ALLOW, 0 }, .from_deny = deny, .line = r->line };
	for (char *name = buf, *end; *name; name = end) {
		if (separates_names(*name)) {
			end = name + 1;
			continue;
		}
		if (name[0] == ';')
			break; /* inih leaves inline comments on continuation lines */
		for (end = name; *end && !separates_names(*end);)
			end++;
		if (*end)
			*end++ = '\0';
		if (add_named(r, name, &rule) < 0)
			return fail_with(r);
	}
	return 1;
}

static int once(struct ini_reader *r, bool *seen, const char *key)
{
	if (*seen)
		return fail(r, "'%s' is given twice", key);
	*seen = true;
	return 1;
}

static int profile_key(struct ini_reader *r, const char *key, const char *value)
{
	struct sc_profile *p = r->p;
	if (strcmp(key, "default") == 0) {
		if (!once(r, &r->seen_default, key) || parse_action(value, &p->default_action, r->e) < 0)
			return r->failed ? 0 : fail_with(r);
		return 1;
	}
	if (strcmp(key, "mode") == 0) {
		if (!once(r, &r->seen_mode, key) || parse_mode(value, &p->mode, r->e) < 0)
			return r->failed ? 0 : fail_with(r);
		p->mode_set = true;
		return 1;
	}
	if (strcmp(key, "arch") == 0) {
		if (!once(r, &r->seen_arch, key))
			return 0;
		char buf[SC_INI_MAX_LINE + 1];
		strncpy(buf, value, sizeof(buf) - 1);
		buf[sizeof(buf) - 1] = '\0';
		char *save = NULL;
		for (char *a = strtok_r(buf, " \t,", &save); a; a = strtok_r(NULL, " \t,", &save)) {
			if (parse_arch(a, p->arch, &p->narch, r->e) < 0)
				return fail_with(r);
		}
		if (!p->narch)
			return fail(r, "'arch' names no architecture%s", "");
		return 1;
	}
	if (strcmp(key, "log_denials") == 0 || strcmp(key, "lock_mode") == 0) {
		bool log = strcmp(key, "log_denials") == 0;
		if (!once(r, log ? &r->seen_log_denials : &r->seen_lock_mode, key) ||
		    parse_bool(key, value, log ? &p->log_denials : &p->lock_mode, r->e) < 0)
			return r->failed ? 0 : fail_with(r);
		return 1;
	}
	return fail(r, "unknown key '%s' in [profile] (default, arch, mode, log_denials, lock_mode)", key);
}

static bool skipped(enum sc_sections which, const char *section)
{
	if (which == SC_SECTIONS_FILTER)
		return strcmp(section, "setup") == 0;
	return which == SC_SECTIONS_SETTINGS &&
	       (strcmp(section, "allow") == 0 || strcmp(section, "deny") == 0 || strcmp(section, "rules") == 0);
}

static int handle(void *user, const char *section, const char *key, const char *value)
{
	struct ini_reader *r = user;
	if (r->failed)
		return 0;
	if (skipped(r->p->sections, section))
		return 1;
	if (strcmp(section, "profile") == 0)
		return profile_key(r, key, value);
	if (strcmp(section, "allow") == 0) {
		if (strcmp(key, "syscalls") != 0)
			return fail(r, "unknown key '%s' in [allow] (syscalls)", key);
		return add_syscall_list(r, value, false);
	}
	if (strcmp(section, "deny") == 0) {
		if (strcmp(key, "syscalls") == 0)
			return add_syscall_list(r, value, true);
		if (strcmp(key, "action") != 0)
			return fail(r, "unknown key '%s' in [deny] (action, syscalls)", key);
		if (!once(r, &r->seen_deny_action, key) || parse_action(value, &r->deny_action, r->e) < 0)
			return r->failed ? 0 : fail_with(r);
		if (action_lets_run(&r->deny_action))
			return fail(r, "[deny] action must deny, not '%s'", value);
		return 1;
	}
	if (strcmp(section, "rules") == 0) {
		struct sc_rule rule = { .line = r->line };
		if (rule_text_parse(value, &rule, r->e) < 0 || add_named(r, key, &rule) < 0)
			return fail_with(r);
		return 1;
	}
	if (strcmp(section, "setup") == 0)
		return setup_parse_key(&r->p->setup, key, value, r->line, r->e) < 0 ? fail_with(r) : 1;
	if (section[0] == '\0')
		return fail(r, "'%s' is outside any section", key);
	return fail(r, "unknown section [%s]", section);
}

/* The line of a YAML document's first key, or 0: a Kubernetes object
 * (apiVersion:, kind:) or a document marker, after blank and '#' lines. A
 * YAML reader has no place in scinit, so the user is told how to make JSON. */
static unsigned yaml_line(const char *text, size_t len)
{
	unsigned line = 1;
	for (size_t i = 0; i < len; line++) {
		size_t end = i;
		while (end < len && text[end] != '\n')
			end++;
		size_t k = i;
		while (k < end && (text[k] == ' ' || text[k] == '\t' || text[k] == '\r'))
			k++;
		if (k < end && text[k] != '#') {
			static const char *const starts[] = { "---", "apiVersion:", "kind:" };
			for (size_t s = 0; s < sizeof(starts) / sizeof(starts[0]); s++) {
				if (end - k >= strlen(starts[s]) && memcmp(text + k, starts[s], strlen(starts[s])) == 0)
					return line;
			}
			return 0;
		}
		i = end + 1;
	}
	return 0;
}

int profile_read_ini(struct sc_profile *p, const char *text, size_t len, struct scerr *e)
{
	unsigned yaml = yaml_line(text, len);
	if (yaml)
		return err_at(e, p->source, yaml,
			      "YAML: scinit reads the JSON form: kubectl get seccompprofile NAME -o json >NAME.json "
			      "(or: yq -o json FILE)");
	struct ini_reader r = { .p = p, .text = text, .len = len, .e = e,
				.deny_action = { SC_ACT_ERRNO, 1 /* EPERM */ } };
	int bad_line = ini_parse_stream(read_line, &r, handle, &r);
	if (r.failed)
		return -1;
	if (bad_line > 0)
		return err_at(e, p->source, (unsigned)bad_line, "syntax error: expected [section] or key = value");
	if (bad_line < 0)
		return err_set(e, "%s: cannot parse (out of memory)", p->source);
	for (size_t i = 0; i < p->nrules; i++) {
		if (p->rules[i].from_deny)
			p->rules[i].action = r.deny_action;
	}
	return 0;
}
