#include "profile/rule_text.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "common/constants.h"

#define MAX_TOKENS 64

static const struct {
	const char *text;
	enum sc_op op;
} ops[] = {
	{ "==", SC_OP_EQ }, { "!=", SC_OP_NE }, { "<", SC_OP_LT },
	{ "<=", SC_OP_LE }, { ">", SC_OP_GT },  { ">=", SC_OP_GE },
};

static int parse_op(const char *text, enum sc_op *op)
{
	for (size_t i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
		if (strcmp(text, ops[i].text) == 0) {
			*op = ops[i].op;
			return 0;
		}
	}
	return -1;
}

/* One term: a number (decimal or 0x hex, up to 64 bits) or a symbolic name. */
static int parse_term(const char *term, uint64_t *out, struct scerr *e)
{
	/* -N is two's complement on 64 bits, as a C caller passing an int gets
	 * it sign-extended: -1 is 0xffffffffffffffff, and on an argument the
	 * kernel reads as 32-bit, 0xffffffff (shim/filter/arg32.h). */
	if (term[0] == '-' && term[1] >= '1' && term[1] <= '9') {
		char *end;
		errno = 0;
		unsigned long long v = strtoull(term + 1, &end, 10);
		if (errno || *end || v > (1ULL << 63))
			return err_set(e, "bad number '%s'", term);
		*out = -(uint64_t)v;
		return 0;
	}
	if (*term >= '0' && *term <= '9') {
		char *end;
		/* strtoull would read it as octal; the format says decimal or hex. */
		if (term[0] == '0' && term[1] >= '0' && term[1] <= '9')
			return err_set(e, "bad number '%s': write decimal or 0x hex (a leading 0 would be octal)", term);
		errno = 0;
		unsigned long long v = strtoull(term, &end, 0);
		if (errno || *end)
			return err_set(e, "bad number '%s'", term);
		*out = v;
		return 0;
	}
	if (constant_value(term, out))
		return 0;
	return err_set(e, "unknown constant '%s'", term);
}

/* Terms joined by '|' with no spaces: CLONE_NEWNS|CLONE_NEWUTS. */
static int parse_value(const char *text, uint64_t *out, struct scerr *e)
{
	char buf[256];
	if (strlen(text) >= sizeof(buf))
		return err_set(e, "value too long");
	strcpy(buf, text);
	*out = 0;
	char *save = NULL;
	for (char *t = strtok_r(buf, "|", &save); t; t = strtok_r(NULL, "|", &save)) {
		uint64_t v;
		if (parse_term(t, &v, e) < 0)
			return -1;
		*out |= v;
	}
	if (text[0] == '|' || text[0] == '\0' || text[strlen(text) - 1] == '|' || strstr(text, "||"))
		return err_set(e, "bad value '%s'", text);
	return 0;
}

static int parse_arg(const char *text, uint8_t *arg, struct scerr *e)
{
	if (strncmp(text, "arg", 3) != 0 || text[3] < '0' || text[3] > '5' || text[4] != '\0')
		return err_set(e, "expected arg0..arg5, got '%s'", text);
	*arg = (uint8_t)(text[3] - '0');
	return 0;
}

static int parse_cap_cond(const char *text, struct sc_rule *r, struct scerr *e)
{
	bool negate = text[0] == '!';
	int cap = capability_number(text + (negate ? 5 : 4));
	if (cap < 0)
		return err_set(e, "unknown capability in '%s'", text);
	if (negate)
		r->caps_none |= 1ULL << cap;
	else
		r->caps_all |= 1ULL << cap;
	return 0;
}

/* Consumes one condition starting at tok[*i]. */
static int parse_cond(char **tok, int ntok, int *i, struct sc_rule *r, struct scerr *e)
{
	const char *first = tok[*i];
	if (strncmp(first, "cap:", 4) == 0 || strncmp(first, "!cap:", 5) == 0) {
		(*i)++;
		return parse_cap_cond(first, r, e);
	}
	if (r->ncond == SC_MAX_CONDS)
		return err_set(e, "more than %d argument conditions", SC_MAX_CONDS);
	struct sc_cond c = { 0 };
	if (parse_arg(first, &c.arg, e) < 0)
		return -1;
	int left = ntok - *i;
	bool negated = left >= 4 && strcmp(tok[*i + 1], "not") == 0 && strcmp(tok[*i + 2], "in") == 0;
	if (negated || (left >= 3 && strcmp(tok[*i + 1], "in") == 0)) {
		/* argN in A..B: one condition, since rules combine with OR and two
		 * comparisons on one argument cannot be written in one rule. */
		const char *range = tok[*i + (negated ? 3 : 2)];
		const char *dots = strstr(range, "..");
		char lo[256];
		if (!dots || (size_t)(dots - range) >= sizeof(lo))
			return err_set(e, "expected a range 'A..B' after 'in', got '%s'", range);
		memcpy(lo, range, (size_t)(dots - range));
		lo[dots - range] = '\0';
		if (parse_value(lo, &c.value, e) < 0 || parse_value(dots + 2, &c.mask, e) < 0)
			return -1;
		if (c.value > c.mask)
			return err_set(e, "empty range '%s': its start is above its end", range);
		c.op = negated ? SC_OP_NOT_IN : SC_OP_IN;
		*i += negated ? 4 : 3;
	} else if (left >= 5 && strcmp(tok[*i + 1], "&") == 0) {
		if (strcmp(tok[*i + 3], "==") != 0)
			return err_set(e, "masked comparison must be 'argN & MASK == VALUE'");
		if (parse_value(tok[*i + 2], &c.mask, e) < 0 || parse_value(tok[*i + 4], &c.value, e) < 0)
			return -1;
		c.op = SC_OP_MASKED_EQ;
		*i += 5;
	} else {
		if (left < 3 || parse_op(tok[*i + 1], &c.op) < 0)
			return err_set(e, "expected 'argN OP VALUE' with OP one of == != < <= > >= (spaces around OP), or "
					  "'argN in A..B', 'argN not in A..B'");
		if (parse_value(tok[*i + 2], &c.value, e) < 0)
			return -1;
		*i += 3;
	}
	for (unsigned i = 0; i < r->ncond; i++) {
		if (r->cond[i].arg == c.arg)
			return err_set(e, "arg%u is compared twice; libseccomp takes one comparison per argument in a rule "
					  "(for a range write 'arg%u in A..B')", c.arg, c.arg);
	}
	r->cond[r->ncond++] = c;
	return 0;
}

int rule_text_parse(const char *text, struct sc_rule *r, struct scerr *e)
{
	char buf[1024];
	char *tok[MAX_TOKENS];
	int ntok = 0;
	if (strlen(text) >= sizeof(buf))
		return err_set(e, "rule too long");
	strcpy(buf, text);
	char *save = NULL;
	for (char *t = strtok_r(buf, " \t", &save); t; t = strtok_r(NULL, " \t", &save)) {
		if (ntok == MAX_TOKENS)
			return err_set(e, "rule has too many words");
		tok[ntok++] = t;
	}
	if (ntok == 0)
		return err_set(e, "empty rule: expected an action");
	if (parse_action(tok[0], &r->action, e) < 0)
		return -1;
	if (ntok == 1)
		return 0;
	if (strcmp(tok[1], "if") != 0 || ntok == 2)
		return err_set(e, "expected 'if CONDITION' after the action");
	int i = 2;
	for (;;) {
		if (parse_cond(tok, ntok, &i, r, e) < 0)
			return -1;
		if (i == ntok)
			break;
		if (strcmp(tok[i], "and") != 0 || i + 1 == ntok)
			return err_set(e, "expected 'and CONDITION' after a condition, got '%s'", tok[i]);
		i++;
	}
	if (r->caps_all & r->caps_none)
		return err_set(e, "a capability is both required and excluded");
	return 0;
}
