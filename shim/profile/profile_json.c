#include "profile/profile_json.h"

#define JSMN_STATIC
#define JSMN_STRICT
#define JSMN_PARENT_LINKS
#include <jsmn.h>

#include <errno.h>
#include <seccomp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>

#include "common/arch.h"
#include "common/constants.h"
#include "profile/groups.h"

#define MAX_TOKENS 200000 /* Docker's default.json has about 2,500 */
#define MAX_DEPTH 16      /* the format nests 5 deep */
#define MAX_TERMS 32      /* capability combinations one rule may split into */

const char *const json_actions[] = {
	[SC_ACT_ALLOW] = "SCMP_ACT_ALLOW", [SC_ACT_ERRNO] = "SCMP_ACT_ERRNO",
	[SC_ACT_KILL_THREAD] = "SCMP_ACT_KILL_THREAD", [SC_ACT_KILL_PROCESS] = "SCMP_ACT_KILL_PROCESS",
	[SC_ACT_TRAP] = "SCMP_ACT_TRAP", [SC_ACT_LOG] = "SCMP_ACT_LOG", [SC_ACT_LOG + 1] = NULL,
};

const char *const json_ops[] = {
	[SC_OP_EQ] = "SCMP_CMP_EQ", [SC_OP_NE] = "SCMP_CMP_NE", [SC_OP_LT] = "SCMP_CMP_LT",
	[SC_OP_LE] = "SCMP_CMP_LE", [SC_OP_GT] = "SCMP_CMP_GT", [SC_OP_GE] = "SCMP_CMP_GE",
	[SC_OP_MASKED_EQ] = "SCMP_CMP_MASKED_EQ", [SC_OP_MASKED_EQ + 1] = NULL,
};

/* includes/excludes "arches": Docker's names (Go's GOARCH as moby maps it,
 * and libseccomp-golang's, which Podman uses), each =libseccomp's name where
 * that differs. The host's name is the first one for its arch (amd64). */
static const char docker_arches[] = "x86 amd64=x86_64 x32 arm arm64=aarch64 mips mipsle=mipsel mipsel mips64 "
				    "mips64n32 mipsel64 mips3l64n32=mipsel64n32 mipsel64n32 ppc ppc64 ppc64le "
				    "s390 s390x parisc parisc64 riscv64 ";

struct jr {
	const char *src, *js;
	size_t len;
	jsmntok_t *t;
	int n;
	struct scerr *e;
	const struct json_host *host;
	struct json_notes *notes;
	struct sc_profile *p;
	struct sc_profile raw; /* rules in file order, before overlaps are settled */
	bool native_listed;    /* runc's ENOSYS rule covers the listed arches only */
	bool collect;          /* archMap: this entry is the host's */
	int lpos;              /* line_at's cache: entries are read in order */
	unsigned lline;
	unsigned base_line; /* SPO's baseProfileName: where the base's rules come from */
	bool spo;           /* reading a SeccompProfile's spec */
	int *named;         /* every syscall the rules name, applying or not: the base adds none of them */
	size_t nnamed, named_cap;
};

struct entry {
	struct sc_rule rule; /* action, conditions, capabilities; nr per name */
	bool split;          /* one argument compared twice: runc ORs the conditions */
	bool applies;        /* arches and minKernel let it apply on this host */
	bool inert;          /* it has the default action: runc adds nothing */
};

static unsigned line_at(struct jr *r, int pos)
{
	if (pos < r->lpos)
		r->lpos = 0, r->lline = 1;
	for (; r->lpos < pos; r->lpos++)
		r->lline += r->js[r->lpos] == '\n';
	return r->lline;
}

static unsigned col_at(const struct jr *r, int pos)
{
	unsigned col = 1;
	for (int i = pos - 1; i >= 0 && r->js[i] != '\n'; i--)
		col += ((unsigned char)r->js[i] & 0xc0) != 0x80;
	return col;
}

__attribute__((format(printf, 3, 4))) static int fail_at(struct jr *r, int pos, const char *fmt, ...)
{
	char msg[sizeof(r->e->msg)];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	unsigned col = col_at(r, pos);
	snprintf(r->e->msg, sizeof(r->e->msg), "%s:%u:%u: %s", r->src, line_at(r, pos), col, msg);
	return -1;
}

/* Where a value's text starts and ends, quotes included. */
static int tok_start(const struct jr *r, int i)
{
	return r->t[i].start - (r->t[i].type == JSMN_STRING);
}

static int tok_end(const struct jr *r, int i)
{
	return r->t[i].end + (r->t[i].type == JSMN_STRING);
}

/* A line of p->warnings at the value tok, if it still fits. */
static void warn_at(struct jr *r, int tok, const char *what)
{
	struct sc_profile *p = r->p;
	size_t used = strlen(p->warnings);
	int pos = tok_start(r, tok);
	unsigned col = col_at(r, pos);
	int n = snprintf(p->warnings + used, sizeof(p->warnings) - used, "%s:%u:%u: %s\n", r->src, line_at(r, pos),
			 col, what);
	if (n < 0 || (size_t)n >= sizeof(p->warnings) - used)
		p->warnings[used] = '\0';
	p->nwarnings++;
}

#define fail(r, i, ...) fail_at(r, tok_start(r, i), __VA_ARGS__)

static int tok_len(const struct jr *r, int i)
{
	return r->t[i].end - r->t[i].start;
}

static const char *tok_text(const struct jr *r, int i)
{
	return r->js + r->t[i].start;
}

/* The token after the value at i and everything inside it. */
static int skip(const struct jr *r, int i)
{
	int end = r->t[i].end;
	do
		i++;
	while (i < r->n && r->t[i].start < end);
	return i;
}

static bool blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* jsmn does not look between values: a missing or doubled comma or colon
 * passes it. Between from and to there must be white space around exactly one
 * sep (or none when sep is 0). */
static int gap(struct jr *r, int from, int to, char sep)
{
	while (from < to && blank(r->js[from]))
		from++;
	if (sep) {
		if (from == to || r->js[from] != sep)
			return fail_at(r, from, "expected '%c'", sep);
		for (from++; from < to && blank(r->js[from]);)
			from++;
	}
	if (from < to)
		return fail_at(r, from, "unexpected '%c'", r->js[from]);
	return 0;
}

/* Checks the punctuation inside the value at i; returns the token after it. */
static int check_value(struct jr *r, int i, int depth)
{
	const jsmntok_t *t = &r->t[i];
	if (t->type != JSMN_OBJECT && t->type != JSMN_ARRAY)
		return i + 1;
	if (depth == MAX_DEPTH)
		return fail(r, i, "nested more than %d deep", MAX_DEPTH);
	int pos = t->start + 1, j = i + 1;
	for (int k = 0; k < t->size; k++) {
		if (gap(r, pos, tok_start(r, j), k ? ',' : 0) < 0)
			return -1;
		if (t->type == JSMN_OBJECT) {
			/* jsmn hangs a value without ':' or ',' on the key before. */
			if (r->t[j].type != JSMN_STRING)
				return fail(r, j, "expected \"name\": value");
			if (r->t[j].size == 0)
				return fail_at(r, tok_end(r, j), "expected ':'");
			if (gap(r, tok_end(r, j), tok_start(r, j + 1), ':') < 0)
				return -1;
			if (r->t[j].size > 1)
				return fail_at(r, r->t[j + 1].type == JSMN_STRING ? tok_end(r, j + 1) : r->t[j + 1].end,
					       "expected ','");
			j++;
		}
		pos = tok_end(r, j);
		if ((j = check_value(r, j, depth + 1)) < 0)
			return -1;
	}
	return gap(r, pos, t->end - 1, 0) < 0 ? -1 : j;
}

/* jsmn finds the container a '}' or ']' closes by walking up from the last
 * token, so closing N nested containers costs N * N steps (100,000 levels:
 * 20 s). The nesting is bounded in one pass first, with check_value's
 * message at the same place. */
static int check_depth(struct jr *r)
{
	int depth = 0;
	bool in_string = false;
	for (int i = 0; i < (int)r->len; i++) {
		char c = r->js[i];
		if (in_string) {
			if (c == '\\')
				i++;
			else if (c == '"')
				in_string = false;
		} else if (c == '"') {
			in_string = true;
		} else if (c == '{' || c == '[') {
			if (depth == MAX_DEPTH)
				return fail_at(r, i, "nested more than %d deep", MAX_DEPTH);
			depth++;
		} else if ((c == '}' || c == ']') && depth > 0) {
			depth--;
		}
	}
	return 0;
}

static int tokenize(struct jr *r)
{
	jsmn_parser jp;
	jsmn_init(&jp);
	if (check_depth(r) < 0)
		return -1;
	int n = jsmn_parse(&jp, r->js, r->len, NULL, 0);
	if (n > MAX_TOKENS)
		return fail_at(r, 0, "more than %d JSON values", MAX_TOKENS);
	if (n > 0) {
		if (!(r->t = malloc((size_t)n * sizeof(*r->t))))
			return err_set(r->e, "%s: out of memory", r->src);
		jsmn_init(&jp);
		n = jsmn_parse(&jp, r->js, r->len, r->t, (unsigned)n);
	}
	if (n == JSMN_ERROR_PART && jp.pos < r->len && r->js[jp.pos] == '"')
		return fail_at(r, (int)jp.pos, "unterminated string");
	if (n == JSMN_ERROR_PART) {
		int end = (int)r->len;
		while (end > 0 && blank(r->js[end - 1]))
			end--;
		return fail_at(r, end, "unexpected end: the JSON is cut short");
	}
	if (n < 0)
		return fail_at(r, (int)jp.pos, "not valid JSON here");
	if (n == 0 || r->t[0].type != JSMN_OBJECT)
		return fail_at(r, 0, "expected a JSON object");
	r->n = n;
	if (gap(r, 0, r->t[0].start, 0) < 0 || check_value(r, 0, 0) < 0 || gap(r, r->t[0].end, (int)r->len, 0) < 0)
		return -1;
	/* jsmn lets a raw tab or line break through inside a string; JSON does
	 * not, and echoed in a message it would split the message's line. */
	for (int i = 0; i < n; i++) {
		for (int k = r->t[i].start; r->t[i].type == JSMN_STRING && k < r->t[i].end; k++) {
			if ((unsigned char)r->js[k] < 0x20)
				return fail_at(r, k, "control character in a string (JSON wants it escaped, as \\n or \\t)");
		}
	}
	return 0;
}

static bool tok_is(const struct jr *r, int i, const char *s)
{
	return (size_t)tok_len(r, i) == strlen(s) && memcmp(tok_text(r, i), s, strlen(s)) == 0;
}

static int get_str(struct jr *r, int i, char *buf, size_t cap)
{
	if (r->t[i].type != JSMN_STRING)
		return fail(r, i, "expected a string");
	size_t n = (size_t)tok_len(r, i);
	if (n >= cap)
		return fail(r, i, "\"%.24s...\" is too long", tok_text(r, i));
	memcpy(buf, tok_text(r, i), n);
	buf[n] = '\0';
	return 0;
}

/* A whole JSON number 0..max (no sign, fraction or exponent). */
static int get_uint(struct jr *r, int i, uint64_t max, uint64_t *out)
{
	const char *s = tok_text(r, i);
	int n = tok_len(r, i);
	uint64_t v = 0;
	bool ok = r->t[i].type == JSMN_PRIMITIVE && n > 0 && (s[0] != '0' || n == 1);
	for (int k = 0; ok && k < n; k++) {
		unsigned d = (unsigned)(s[k] - '0');
		ok = d <= 9 && v <= (UINT64_MAX - d) / 10;
		v = v * 10 + d;
	}
	if (!ok || v > max)
		return fail(r, i, "expected a whole number from 0 to %llu", (unsigned long long)max);
	*out = v;
	return 0;
}

/* The index of s in the NULL-terminated table t, or -1. */
static int find(const char *const *t, const char *s)
{
	for (int k = 0; t[k]; k++) {
		if (strcmp(t[k], s) == 0)
			return k;
	}
	return -1;
}

/* "a, b, c" from a NULL-terminated table, for messages. */
static const char *join(const char *const *t, char *buf, size_t cap)
{
	buf[0] = '\0';
	for (int k = 0; t[k]; k++)
		snprintf(buf + strlen(buf), cap - strlen(buf), "%s%s", k ? ", " : "", t[k]);
	return buf;
}

/* val[k] = the value of keys[k], or -1 when absent or null (null is absent,
 * as Go reads it). Unknown and repeated names are errors. */
static int fields(struct jr *r, int obj, const char *const keys[], int *val)
{
	if (r->t[obj].type != JSMN_OBJECT)
		return fail(r, obj, "expected an object");
	int nkeys = 0;
	while (keys[nkeys])
		val[nkeys++] = -1;
	uint32_t seen = 0;
	for (int c = 0, i = obj + 1; c < r->t[obj].size; c++, i = skip(r, i + 1)) {
		int k = 0;
		char known[200];
		while (k < nkeys && !tok_is(r, i, keys[k]))
			k++;
		if (k == nkeys)
			return fail(r, i, "unknown field \"%.*s\" (%s)", tok_len(r, i) > 40 ? 40 : tok_len(r, i),
				    tok_text(r, i), join(keys, known, sizeof(known)));
		if (seen & 1u << k)
			return fail(r, i, "\"%s\" is given twice", keys[k]);
		seen |= 1u << k;
		if (!(r->t[i + 1].type == JSMN_PRIMITIVE && tok_is(r, i + 1, "null")))
			val[k] = i + 1;
	}
	return 0;
}

typedef int (*str_fn)(struct jr *r, int tok, const char *s, void *ctx);

static int strings(struct jr *r, int arr, str_fn fn, void *ctx)
{
	if (r->t[arr].type != JSMN_ARRAY)
		return fail(r, arr, "expected a list of strings");
	for (int c = 0, i = arr + 1; c < r->t[arr].size; c++, i = skip(r, i)) {
		char s[64];
		if (get_str(r, i, s, sizeof(s)) < 0 || fn(r, i, s, ctx) < 0)
			return -1;
	}
	return 0;
}

/* errno_tok: errnoRet (a number); name_tok: Podman's errno (a name or a
 * number as a string), which wins over errnoRet as in Podman. */
static int get_action(struct jr *r, int act, int errno_tok, int name_tok, struct sc_action *a)
{
	char s[32];
	if (get_str(r, act, s, sizeof(s)) < 0)
		return -1;
	if (strcmp(s, "SCMP_ACT_TRACE") == 0)
		return fail(r, act, "SCMP_ACT_TRACE needs a tracer, which scinit does not have (without one the "
				    "kernel fails the call with ENOSYS: SCMP_ACT_ERRNO with errnoRet 38 says that)");
	if (strcmp(s, "SCMP_ACT_NOTIFY") == 0)
		return fail(r, act, "SCMP_ACT_NOTIFY needs a seccomp agent, which scinit does not have");
	/* SCMP_ACT_KILL: libseccomp's old name for KILL_THREAD */
	int k = strcmp(s, "SCMP_ACT_KILL") == 0 ? SC_ACT_KILL_THREAD : find(json_actions, s);
	char known[200];
	if (k < 0)
		return fail(r, act, "unknown action \"%s\" (%s)", s, join(json_actions, known, sizeof(known)));
	*a = (struct sc_action){ (enum sc_action_kind)k, EPERM };
	int tok = name_tok >= 0 ? name_tok : errno_tok;
	if (tok < 0)
		return 0;
	if (a->kind != SC_ACT_ERRNO)
		return fail(r, tok, "an errno goes with SCMP_ACT_ERRNO only");
	if (name_tok >= 0) {
		if (get_str(r, name_tok, s, sizeof(s)) < 0)
			return -1;
		return parse_errno(s, &a->errno_value, r->e) < 0 ? fail(r, name_tok, "%s", r->e->msg) : 0;
	}
	uint64_t v;
	/* The operator's releases before 0.8 typed errnoRet as a string ("1"),
	 * and learn mode's spo format writes it so: read as the number. */
	bool quoted = r->spo && r->t[errno_tok].type == JSMN_STRING;
	if (quoted)
		r->t[errno_tok].type = JSMN_PRIMITIVE;
	int rc = get_uint(r, errno_tok, 4094, &v); /* libseccomp's range */
	if (quoted)
		r->t[errno_tok].type = JSMN_STRING;
	if (rc < 0)
		return -1;
	if (v == 0)
		return fail(r, errno_tok, "errnoRet 0 makes the call return success without running it; scinit "
					  "does not offer that");
	a->errno_value = (uint16_t)v;
	return 0;
}

static int get_args(struct jr *r, int arr, struct entry *en)
{
	static const char *const keys[] = { "index", "value", "valueTwo", "op", NULL };
	if (r->t[arr].type != JSMN_ARRAY)
		return fail(r, arr, "expected a list of args");
	if (r->t[arr].size > SC_MAX_CONDS)
		return fail(r, arr, "more than %d args", SC_MAX_CONDS);
	unsigned used = 0;
	for (int c = 0, i = arr + 1; c < r->t[arr].size; c++, i = skip(r, i)) {
		int v[4];
		uint64_t index, value, two = 0;
		char op[32];
		if (fields(r, i, keys, v) < 0)
			return -1;
		/* Without value, Docker reads 0; SPO's writer leaves 0 out. */
		if (v[0] < 0 || v[3] < 0)
			return fail(r, i, "an arg needs index and op");
		value = 0;
		if (get_uint(r, v[0], 5, &index) < 0 || (v[1] >= 0 && get_uint(r, v[1], UINT64_MAX, &value) < 0) ||
		    (v[2] >= 0 && get_uint(r, v[2], UINT64_MAX, &two) < 0) || get_str(r, v[3], op, sizeof(op)) < 0)
			return -1;
		struct sc_cond *cond = &en->rule.cond[en->rule.ncond++];
		int k = find(json_ops, op);
		char known[200];
		if (k < 0)
			return fail(r, v[3], "unknown op \"%s\" (%s)", op, join(json_ops, known, sizeof(known)));
		*cond = (struct sc_cond){ .arg = (uint8_t)index, .op = (enum sc_op)k, .value = value };
		if (k == SC_OP_MASKED_EQ) /* (arg & value) == valueTwo */
			cond->mask = value, cond->value = two;
		else if (two)
			return fail(r, v[2], "valueTwo is used by SCMP_CMP_MASKED_EQ only");
		en->split |= (used >> index) & 1;
		used |= 1u << index;
	}
	return 0;
}

static int add_cap(struct jr *r, int tok, const char *s, void *ctx)
{
	/* Docker compares names as they are with "CAP_SYS_ADMIN" and the like;
	 * any other spelling would never match there. */
	int cap = strncmp(s, "CAP_", 4) == 0 ? capability_number(s) : -1;
	for (const char *c = s; cap >= 0 && *c; c++)
		cap = *c >= 'a' && *c <= 'z' ? -1 : cap;
	if (cap < 0)
		return fail(r, tok, "unknown capability \"%s\" (written like CAP_SYS_ADMIN)", s);
	*(uint64_t *)ctx |= 1ULL << cap;
	return 0;
}

static int match_arch(struct jr *r, int tok, const char *s, void *ctx)
{
	bool host_seen = false;
	for (const char *w = docker_arches; *w; w += strcspn(w, " ") + 1) {
		int name = (int)strcspn(w, " ="), len = (int)strcspn(w, " ");
		char scmp[16];
		snprintf(scmp, sizeof(scmp), "%.*s", len == name ? len : len - name - 1, w + (len == name ? 0 : name + 1));
		bool host = !host_seen && seccomp_arch_resolve_name(scmp) == r->host->native;
		host_seen |= host;
		if ((int)strlen(s) == name && memcmp(s, w, (size_t)name) == 0) {
			*(bool *)ctx |= host;
			return 0;
		}
	}
	return fail(r, tok, "unknown architecture \"%s\" (Docker's names: amd64, x86, arm64, s390x, ...)", s);
}

/* minKernel: "MAJOR.MINOR", compared as Docker does with the running
 * kernel's first two numbers. */
static int kernel_at_least(struct jr *r, int tok, bool *yes)
{
	char s[16];
	unsigned v[2] = { 0, 0 }, k = 0;
	if (get_str(r, tok, s, sizeof(s)) < 0)
		return -1;
	r->notes->used_kernel = true;
	const unsigned *h = r->host->kernel;
	*yes = true;
	if (!s[0]) /* Docker reads "" as 0.0: every kernel */
		return 0;
	bool ok = s[0] != '.';
	for (const char *c = s; ok && *c; c++) {
		if (*c == '.' && k == 0 && c[1])
			k = 1;
		else if ((ok = *c >= '0' && *c <= '9'))
			v[k] = v[k] * 10 + (unsigned)(*c - '0'), ok = v[k] <= 255;
	}
	if (!ok || k != 1 || (v[0] | v[1]) == 0)
		return fail(r, tok, "minKernel must look like \"4.8\" (major.minor)");
	*yes = h[0] > v[0] || (h[0] == v[0] && h[1] >= v[1]);
	return 0;
}

/* includes: the rule applies if the app holds all caps, the host's arch is
 * listed and the kernel is new enough. excludes: it does not apply if the app
 * holds any of caps, the host's arch is listed or the kernel is new enough. */
static int get_filter(struct jr *r, int obj, bool include, struct entry *en)
{
	static const char *const keys[] = { "caps", "arches", "minKernel", NULL };
	int v[3];
	bool arch = false, kernel = false;
	if (fields(r, obj, keys, v) < 0 ||
	    (v[0] >= 0 && strings(r, v[0], add_cap, include ? &en->rule.caps_all : &en->rule.caps_none) < 0) ||
	    (v[1] >= 0 && strings(r, v[1], match_arch, &arch) < 0) || (v[2] >= 0 && kernel_at_least(r, v[2], &kernel) < 0))
		return -1;
	if (include)
		en->applies &= (v[1] < 0 || arch) && (v[2] < 0 || kernel);
	else
		en->applies &= !(v[1] >= 0 && arch) && !(v[2] >= 0 && kernel);
	return 0;
}

/* Whether a syscall still runs under this action. */
/* unknown: " name name ... " */
static void note_unknown(struct json_notes *n, const char *name)
{
	size_t len = strlen(n->unknown);
	char word[70];
	snprintf(word, sizeof(word), " %s ", name);
	if (strstr(n->unknown, word))
		return;
	n->nunknown++;
	if (len + strlen(word) < sizeof(n->unknown))
		snprintf(n->unknown + len - !!len, sizeof(n->unknown) - len + !!len, "%s", word);
}

static int add_name(struct jr *r, int tok, const char *name, void *ctx)
{
	struct entry *en = ctx;
	int nr = seccomp_syscall_resolve_name(name);
	if (nr == __NR_SCMP_ERROR) {
		/* Docker and runc load such a profile too; a typo would go unseen. */
		char what[160];
		snprintf(what, sizeof(what),
			 "\"%.60s\" is a syscall no architecture knows: a typo? Left out, as Docker does",
			 name);
		warn_at(r, tok, what);
	}
	if (nr != __NR_SCMP_ERROR) {
		if (r->nnamed == r->named_cap) {
			size_t cap = r->named_cap ? r->named_cap * 2 : 256;
			int *grown = realloc(r->named, cap * sizeof(*grown));
			if (!grown)
				return err_set(r->e, "%s: out of memory", r->src);
			r->named = grown, r->named_cap = cap;
		}
		r->named[r->nnamed++] = nr;
	}
	if (!en->applies)
		return 0;
	if (nr == __NR_SCMP_ERROR) {
		/* runc skips names libseccomp does not know. That only makes a
		 * call fall to the default action: a hole if that lets it run. */
		if (!en->inert && action_lets_run(&r->p->default_action) && !action_lets_run(&en->rule.action))
			return fail(r, tok, "\"%s\" is unknown to libseccomp, so this rule cannot stop it, "
					    "and the default action lets it run", name);
		note_unknown(r->notes, name);
		return 0;
	}
	if (nr > r->notes->newest)
		r->notes->newest = nr;
	if (en->inert)
		return 0;
	struct sc_rule one = en->rule;
	one.nr = nr;
	for (unsigned k = 0; en->split && k < en->rule.ncond; k++) {
		one.ncond = 1;
		one.cond[0] = en->rule.cond[k];
		if (profile_add_rule(&r->raw, &one, r->e) < 0)
			return fail(r, tok, "%s", r->e->msg);
	}
	if (!en->split && profile_add_rule(&r->raw, &one, r->e) < 0)
		return fail(r, tok, "%s", r->e->msg);
	return 0;
}

static int syscall_entry(struct jr *r, int obj)
{
	static const char *const keys[] = { "name",    "names",    "action",   "errnoRet", "errno",
					    "args",    "comment",  "includes", "excludes", NULL };
	int v[9];
	struct entry en = { .applies = true };
	if (fields(r, obj, keys, v) < 0)
		return -1;
	if (v[0] >= 0 && v[1] >= 0)
		return fail(r, v[1], "use either name or names, not both");
	if (v[2] < 0)
		return fail(r, obj, "action is missing");
	if (get_action(r, v[2], v[3], v[4], &en.rule.action) < 0 || (v[5] >= 0 && get_args(r, v[5], &en) < 0) ||
	    (v[6] >= 0 && r->t[v[6]].type != JSMN_STRING && fail(r, v[6], "expected a string") < 0) ||
	    (v[7] >= 0 && get_filter(r, v[7], true, &en) < 0) || (v[8] >= 0 && get_filter(r, v[8], false, &en) < 0))
		return -1;
	/* runc adds no rule with the default action (libseccomp would refuse it). */
	en.inert = action_equal(&en.rule.action, &r->p->default_action);
	en.rule.line = line_at(r, r->t[obj].start);
	char name[64];
	if (v[0] >= 0)
		return get_str(r, v[0], name, sizeof(name)) < 0 ? -1 : add_name(r, v[0], name, &en);
	return v[1] >= 0 ? strings(r, v[1], add_name, &en) : 0;
}

/* "SCMP_ARCH_X86_64" -> what libseccomp's "x86_64" is to scinit, and its
 * token. */
static enum arch_kind arch_parse(const char *s, uint32_t *token)
{
	char low[40];
	size_t n = strlen(s);
	*token = 0;
	if (strncmp(s, "SCMP_ARCH_", 10) != 0 || n - 10 >= sizeof(low))
		return ARCH_UNKNOWN;
	for (size_t k = 10; k <= n; k++)
		low[k - 10] = (char)(s[k] >= 'A' && s[k] <= 'Z' ? s[k] + 32 : s[k]);
	return arch_lookup(low, token);
}

static int any_string(struct jr *r, int tok, const char *s, void *ctx)
{
	(void)r, (void)tok, (void)s, (void)ctx;
	return 0;
}

/* Arches of another family: runc adds those of this machine's byte order to
 * the filter, where no call on this machine can reach them, so leaving them
 * out changes no answer (Docker's own profiles list them for that reason);
 * libseccomp fails on those of the other byte order, so runc does, and so
 * does scinit. */
static int add_arch(struct jr *r, int tok, const char *s, void *ctx)
{
	(void)ctx;
	struct sc_profile *p = r->p;
	uint32_t arch;
	switch (arch_parse(s, &arch)) {
	case ARCH_IN_FAMILY: break;
	case ARCH_FOREIGN: return 0;
	case ARCH_FOREIGN_BYTE_ORDER:
		return fail(r, tok, "%s cannot share a filter with this machine's architecture (byte order)", s);
	case ARCH_UNKNOWN: return fail(r, tok, "unknown architecture \"%s\" (" SC_ARCH_FAMILY_JSON_TEXT ")", s);
	}
	if (!r->collect)
		return 0;
	for (unsigned k = 0; k < p->narch; k++) {
		if (p->arch[k] == arch)
			return 0;
	}
	if (p->narch == SC_MAX_ARCHES)
		return fail(r, tok, "more than %d architectures", SC_MAX_ARCHES);
	p->arch[p->narch++] = arch;
	return 0;
}

/* Docker uses the entry of the host's arch (the first) with its
 * subArchitectures and ignores the others, which may name arches this
 * libseccomp does not know. */
static int arch_map(struct jr *r, int arr)
{
	static const char *const keys[] = { "architecture", "subArchitectures", NULL };
	if (r->t[arr].type != JSMN_ARRAY)
		return fail(r, arr, "expected a list");
	for (int c = 0, i = arr + 1; c < r->t[arr].size; c++, i = skip(r, i)) {
		int v[2];
		char s[40];
		if (fields(r, i, keys, v) < 0)
			return -1;
		if (v[0] < 0)
			return fail(r, i, "architecture is missing");
		if (get_str(r, v[0], s, sizeof(s)) < 0)
			return -1;
		uint32_t arch;
		arch_parse(s, &arch);
		r->collect = r->p->narch == 0 && arch == r->host->native;
		if ((r->collect && add_arch(r, v[0], s, NULL) < 0) ||
		    (v[1] >= 0 && strings(r, v[1], r->collect ? add_arch : any_string, NULL) < 0))
			return -1;
	}
	return 0;
}

static int add_flag(struct jr *r, int tok, const char *s, void *ctx)
{
	(void)ctx;
	if (strcmp(s, "SECCOMP_FILTER_FLAG_LOG") == 0)
		r->p->log_denials = true;
	/* TSYNC: the app is one thread when its filter is installed. SPEC_ALLOW
	 * would turn off a Spectre mitigation; scinit keeps it on. */
	else if (strcmp(s, "SECCOMP_FILTER_FLAG_TSYNC") != 0 && strcmp(s, "SECCOMP_FILTER_FLAG_SPEC_ALLOW") != 0)
		return fail(r, tok, "unsupported flag \"%s\" (SECCOMP_FILTER_FLAG_LOG, _TSYNC, _SPEC_ALLOW; "
				    "scinit has no seccomp agent for the notify flags)", s);
	return 0;
}

/* The runtime defaults an SPO base profile may name. scinit cannot fetch
 * another object, and its filter starts after the runtime's last steps, so
 * any runtime's base stands for what a container may do under the runtime's
 * default: Docker's default profile, whatever the arguments (@docker-default).
 * The spec's own rules win over the base's. */
static bool base_is_runtime(const char *s)
{
	return strncmp(s, "runc-v", 6) == 0 || strncmp(s, "crun-v", 6) == 0 || strcmp(s, "RuntimeDefault") == 0 ||
	       strcmp(s, "runtime/default") == 0;
}

static int add_base_member(const char *name, void *ctx)
{
	struct jr *r = ctx;
	int nr = seccomp_syscall_resolve_name(name);
	if (nr == __NR_SCMP_ERROR)
		return 0;
	for (size_t i = 0; i < r->nnamed; i++) {
		if (r->named[i] == nr)
			return 0;
	}
	if (nr > r->notes->newest)
		r->notes->newest = nr;
	struct sc_rule rule = { .nr = nr, .action = { SC_ACT_ALLOW, 0 }, .line = r->base_line };
	if (action_equal(&rule.action, &r->p->default_action))
		return 0;
	return profile_add_rule(&r->raw, &rule, r->e) < 0 ? err_at(r->e, r->src, r->base_line, "%s", r->e->msg) : 0;
}

static int base_profile(struct jr *r, int tok)
{
	char s[64];
	if (get_str(r, tok, s, sizeof(s)) < 0)
		return -1;
	if (!s[0])
		return 0;
	if (!base_is_runtime(s))
		return fail(r, tok, "baseProfileName \"%s\": scinit knows runc-v..., crun-v... and RuntimeDefault "
				    "(as @docker-default); merge other bases into the spec",
			    s);
	r->base_line = line_at(r, r->t[tok].start);
	return group_expand("docker-default", add_base_member, r, r->e) < 0 ? -1 : 0;
}

/* SPO's spec carries the Docker fields SPO keeps plus its own: keys[1], [2]
 * and [4] of a spec are SPO's where Docker's top level has defaultErrnoRet,
 * defaultErrno and archMap, which SPO does not have. disabled and state say
 * whether the operator installs the profile; given to scinit, it is still
 * the profile asked for. */
static const char *const docker_keys[] = { "defaultAction", "defaultErrnoRet", "defaultErrno",
					   "architectures", "archMap",         "syscalls",
					   "flags",         "listenerPath",    "listenerMetadata", NULL };
static const char *const spo_keys[] = { "defaultAction", "baseProfileName", "disabled",
					"architectures", "state",           "syscalls",
					"flags",         "listenerPath",    "listenerMetadata", NULL };

static int top(struct jr *r, int obj, bool spo)
{
	int v[9];
	struct sc_profile *p = r->p;
	if (fields(r, obj, spo ? spo_keys : docker_keys, v) < 0)
		return -1;
	int base = spo ? v[1] : -1;
	if (spo)
		v[1] = v[2] = v[4] = -1;
	if (v[0] < 0)
		return fail(r, obj, "defaultAction is missing");
	if (get_action(r, v[0], v[1], v[2], &p->default_action) < 0)
		return -1;
	if (v[3] >= 0 && v[4] >= 0)
		return fail(r, v[4], "use either architectures or archMap, not both");
	r->collect = true;
	if ((v[3] >= 0 && strings(r, v[3], add_arch, NULL) < 0) || (v[4] >= 0 && arch_map(r, v[4]) < 0) ||
	    (v[6] >= 0 && strings(r, v[6], add_flag, NULL) < 0))
		return -1;
	for (int k = 7; k <= 8; k++) {
		if (v[k] >= 0 && r->t[v[k]].type != JSMN_STRING)
			return fail(r, v[k], "expected a string");
	}
	if (v[7] >= 0 && tok_len(r, v[7]))
		return fail(r, v[7], "listenerPath: scinit has no seccomp agent (SCMP_ACT_NOTIFY)");
	/* runc's filter always keeps the native arch, listed or not. */
	for (unsigned k = 0; k < p->narch; k++)
		r->native_listed |= p->arch[k] == r->host->native;
	if (p->narch && !r->native_listed) {
		if (p->narch == SC_MAX_ARCHES)
			return fail(r, v[3] >= 0 ? v[3] : v[4], "more than %d architectures", SC_MAX_ARCHES);
		memmove(p->arch + 1, p->arch, p->narch++ * sizeof(p->arch[0]));
		p->arch[0] = r->host->native;
	}
	if (v[5] >= 0 && r->t[v[5]].type != JSMN_ARRAY)
		return fail(r, v[5], "expected a list of syscall rules");
	for (int c = 0, i = v[5] + 1; v[5] >= 0 && c < r->t[v[5]].size; c++, i = skip(r, i)) {
		if (syscall_entry(r, i) < 0)
			return -1;
	}
	return base >= 0 ? base_profile(r, base) : 0;
}

/* A Kubernetes object, as `kubectl get seccompprofile NAME -o json` prints
 * it or the operator stores it: the profile is its spec. */
static int spo_object(struct jr *r)
{
	static const char *const keys[] = { "apiVersion", "kind", "metadata", "spec", "status", NULL };
	static const char group[] = "security-profiles-operator.x-k8s.io/";
	int v[5];
	if (fields(r, 0, keys, v) < 0)
		return -1;
	for (int k = 0; k < 2; k++) {
		if (v[k] < 0 || r->t[v[k]].type != JSMN_STRING ||
		    (k ? !tok_is(r, v[k], "SeccompProfile")
		       : tok_len(r, v[k]) <= (int)strlen(group) || memcmp(tok_text(r, v[k]), group, strlen(group))))
			return fail(r, v[k] < 0 ? 0 : v[k], "expected one SeccompProfile object (apiVersion %s..., kind "
							    "SeccompProfile: kubectl get seccompprofile NAME -o json)",
				    group);
	}
	if (v[3] < 0)
		return fail(r, 0, "spec is missing");
	r->spo = true;
	return top(r, v[3], true);
}

/* Docker's JSON has no apiVersion or kind; a Kubernetes object has both. */
static int read_root(struct jr *r)
{
	for (int c = 0, i = 1; c < r->t[0].size; c++, i = skip(r, i + 1)) {
		if (tok_is(r, i, "apiVersion") || tok_is(r, i, "kind"))
			return spo_object(r);
	}
	return top(r, 0, false);
}

struct term {
	uint64_t all, none;
};

/* Narrows terms (capability conditions ORed together) to where rule u does
 * not apply: u applies iff the app holds all of u->caps_all and none of
 * u->caps_none, so "not u" is: lacks one of caps_all, or holds one of
 * caps_none. Returns the new number of terms, or -1 for too many. */
static int exclude(struct term *t, int n, const struct sc_rule *u)
{
	struct term out[MAX_TERMS];
	int m = 0;
	for (int i = 0; i < n; i++) {
		if ((t[i].all & u->caps_none) || (t[i].none & u->caps_all)) {
			out[m++] = t[i]; /* u never applies together with this term */
			continue;
		}
		for (int c = 0; c < 64; c++) {
			uint64_t bit = 1ULL << c;
			if (!((u->caps_all & ~t[i].all & bit) || (u->caps_none & ~t[i].none & bit)))
				continue;
			if (m == MAX_TERMS)
				return -1;
			out[m++] = u->caps_all & bit ? (struct term){ t[i].all, t[i].none | bit }
						     : (struct term){ t[i].all | bit, t[i].none };
		}
	}
	/* Drop terms that another, wider term covers. */
	int k = 0;
	for (int i = 0; i < m; i++) {
		bool covered = false;
		for (int j = 0; j < m && !covered; j++)
			covered = j != i && (out[j].all & ~out[i].all) == 0 && (out[j].none & ~out[i].none) == 0 &&
				  (j < i || out[j].all != out[i].all || out[j].none != out[i].none);
		if (!covered)
			t[k++] = out[i];
	}
	return k;
}

/* The rules of one syscall, g[0..n), in file order, as libseccomp keeps them
 * for runc: the first unconditional rule that applies is all there is (a
 * later one is ignored, an earlier conditional one replaced); without one,
 * every conditional rule counts. Which rules apply depends on capabilities
 * known only at start, so each rule gets the capability conditions under
 * which it survives; the model then never holds a conflict. */
static int settle_group(struct jr *r, const struct sc_rule **g, size_t n)
{
	size_t first = r->p->nrules;
	for (size_t x = 0; x < n; x++) {
		struct term t[MAX_TERMS] = { { g[x]->caps_all, g[x]->caps_none } };
		int nt = !(g[x]->caps_all & g[x]->caps_none);
		for (size_t u = 0; u < n && nt > 0; u++) {
			/* A rule with the same action changes nothing either way. */
			if (g[u]->ncond || u == x || (!g[x]->ncond && u > x) || action_equal(&g[u]->action, &g[x]->action))
				continue;
			if ((nt = exclude(t, nt, g[u])) < 0)
				return err_at(r->e, r->src, g[x]->line, "too many capability combinations for one rule");
		}
		for (int k = 0; k < nt; k++) {
			struct sc_rule one = *g[x];
			one.caps_all = t[k].all, one.caps_none = t[k].none;
			if (profile_add_rule(r->p, &one, r->e) < 0) /* the message names no file yet */
				return err_at(r->e, r->src, g[x]->line, "%s", r->e->msg);
		}
	}
	/* A rule that always applies leaves the others nothing to decide. */
	for (size_t i = first; i < r->p->nrules; i++) {
		const struct sc_rule *a = &r->p->rules[i];
		if (!a->ncond && !a->caps_all && !a->caps_none) {
			r->p->rules[first] = *a;
			r->p->nrules = first + 1;
			break;
		}
	}
	return 0;
}

static int settle(struct jr *r)
{
	size_t n = r->raw.nrules;
	const struct sc_rule **g = malloc((n + 1) * sizeof(*g));
	if (!g)
		return err_set(r->e, "out of memory");
	for (size_t i = 0; i < n; i++)
		g[i] = &r->raw.rules[i];
	int rc = rules_sort_by_syscall(g, n) < 0 ? err_set(r->e, "out of memory") : 0;
	for (size_t start = 0, end; start < n && rc == 0; start = end) {
		for (end = start + 1; end < n && g[end]->nr == g[start]->nr;)
			end++;
		rc = settle_group(r, g + start, end - start);
	}
	free(g);
	return rc;
}

/* runc (1.0+) makes every syscall newer than the newest one the profile
 * names fail with ENOSYS, so that libc falls back as on an older kernel,
 * unless the default action lets calls run. Here: as rules, for the
 * syscalls libseccomp knows, when runc would do it for the native arch. */
static int add_enosys(struct jr *r, int newest)
{
	const struct sc_action *d = &r->p->default_action;
	if (!r->native_listed || newest < 0 || action_lets_run(d) || (d->kind == SC_ACT_ERRNO && d->errno_value == ENOSYS))
		return 0;
	for (int nr = newest + 1; nr < SC_ARCH_NR_LIMIT; nr++) {
		char *name = seccomp_syscall_resolve_num_arch(r->host->native, nr);
		struct sc_rule rule = { .nr = nr, .action = { SC_ACT_ERRNO, ENOSYS } };
		if (!name)
			continue;
		free(name);
		if (profile_add_rule(r->p, &rule, r->e) < 0)
			return err_wrap(r->e, "%s", r->src);
		r->notes->nenosys++;
	}
	return 0;
}

bool profile_text_is_json(const char *text, size_t len)
{
	size_t i = 0;
	while (i < len && blank(text[i]))
		i++;
	return i < len && text[i] == '{';
}

int profile_read_json(struct sc_profile *p, const char *text, size_t len, const struct json_host *host,
		      struct json_notes *notes, struct scerr *e)
{
	struct json_notes scratch;
	struct jr r = { .src = p->source, .js = text, .len = len, .e = e, .host = host, .p = p,
			.notes = notes ? notes : &scratch, .lline = 1 };
	memset(r.notes, 0, sizeof(*r.notes));
	r.notes->newest = -1;
	profile_init(&r.raw, p->source);
	int rc = tokenize(&r) < 0 || read_root(&r) < 0 || settle(&r) < 0 || add_enosys(&r, r.notes->newest) < 0 ? -1 : 0;
	free(r.t);
	free(r.named);
	profile_free(&r.raw);
	return rc;
}

int json_host_detect(struct json_host *h, struct scerr *e)
{
	struct utsname u;
	h->native = SC_ARCH_NATIVE;
	if (uname(&u) < 0)
		return err_set(e, "uname: %s", strerror(errno));
	const char *s = u.release;
	for (int k = 0; k < 2; k++) {
		char *end;
		h->kernel[k] = (unsigned)strtoul(s, &end, 10);
		if (end == s || (k == 0 && *end != '.'))
			return err_set(e, "cannot read the kernel version in '%s'", u.release);
		s = end + 1;
	}
	return 0;
}
