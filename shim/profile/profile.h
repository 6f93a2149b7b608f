/* The profile model: what every reader (INI, JSON, embedded) produces and the
 * filter builder consumes. Pure data; no side effects live here. */
#ifndef SCINIT_PROFILE_H
#define SCINIT_PROFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/error.h"
#include "setup/setup.h"

enum sc_mode { SC_MODE_ENFORCE, SC_MODE_AUDIT, SC_MODE_LEARN };

enum sc_action_kind {
	SC_ACT_ALLOW,
	SC_ACT_ERRNO,
	SC_ACT_KILL_THREAD,
	SC_ACT_KILL_PROCESS,
	SC_ACT_TRAP,
	SC_ACT_LOG,
};

struct sc_action {
	enum sc_action_kind kind;
	uint16_t errno_value; /* SC_ACT_ERRNO only: 1..4094 (libseccomp's range) */
};

enum sc_op { SC_OP_EQ, SC_OP_NE, SC_OP_LT, SC_OP_LE, SC_OP_GT, SC_OP_GE, SC_OP_MASKED_EQ, SC_OP_IN, SC_OP_NOT_IN };

/* Argument comparison; for SC_OP_MASKED_EQ: (arg & mask) == value; for
 * SC_OP_IN and SC_OP_NOT_IN: whether value <= arg <= mask (a range, which
 * the filter decomposes: shim/filter/arg32.h). */
struct sc_cond {
	uint8_t arg; /* 0..5 */
	enum sc_op op;
	uint64_t value;
	uint64_t mask;
};

#define SC_MAX_CONDS 6

struct sc_rule {
	int nr; /* libseccomp's native (or pseudo) syscall number */
	struct sc_action action;
	uint8_t ncond;
	struct sc_cond cond[SC_MAX_CONDS];
	/* The rule applies only if the app holds every capability in caps_all
	 * and none in caps_none once setup is done (Docker's includes/excludes). */
	uint64_t caps_all, caps_none;
	bool from_deny; /* [deny] rules win over every other rule for the syscall */
	unsigned line;
};

#define SC_MAX_ARCHES 8

/* Which sections the INI reader takes in. The embedded profile's filter is
 * precompiled (shim/precompiled.h): the build reads it without [setup],
 * which only the image can resolve, and a run reads only [profile] and
 * [setup]. */
enum sc_sections { SC_SECTIONS_ALL, SC_SECTIONS_FILTER, SC_SECTIONS_SETTINGS };

struct sc_profile {
	const char *source; /* file name, or "<embedded>" */
	struct sc_action default_action;
	uint32_t arch[SC_MAX_ARCHES]; /* SCMP_ARCH_* tokens */
	unsigned narch;
	enum sc_mode mode;
	bool mode_set;
	bool log_denials; /* the kernel logs every non-allow action (SECCOMP_FILTER_FLAG_LOG) */
	bool lock_mode;   /* SCINIT_MODE cannot change mode */
	struct sc_rule *rules;
	size_t nrules, rules_cap;
	struct sc_setup setup;
	enum sc_sections sections;
	/* What loads but may not mean what was written (a JSON syscall name no
	 * arch knows): lines for the caller to show, and how many there were. */
	char warnings[640];
	unsigned nwarnings;
};

void profile_init(struct sc_profile *p, const char *source);
void profile_free(struct sc_profile *p);
int profile_add_rule(struct sc_profile *p, const struct sc_rule *r, struct scerr *e);

/* Parsers for the values every profile format shares. They return -1 and a
 * message without position; callers add file and line. */
int parse_action(const char *text, struct sc_action *out, struct scerr *e);
int parse_errno(const char *text, uint16_t *out, struct scerr *e);
int parse_mode(const char *text, enum sc_mode *out, struct scerr *e);
/* Adds the arches text names ("native", "compat": the family's other ABIs,
 * or one arch) to arch[0..*n), each once. */
int parse_arch(const char *text, uint32_t *arch, unsigned *n, struct scerr *e);
int parse_syscall(const char *name, int *nr, struct scerr *e);

bool action_equal(const struct sc_action *a, const struct sc_action *b);
/* The call runs: allow, or a logged allow. */
bool action_lets_run(const struct sc_action *a);
/* No argument and no capability condition: the rule always applies. */
bool rule_is_plain(const struct sc_rule *r);
/* The rule applies to an app that holds caps once setup is done. */
bool rule_applies(const struct sc_rule *r, uint64_t caps);
/* Sorts rule pointers by syscall number, keeping profile order within a
 * syscall (stable); -1 when out of memory. */
int rules_sort_by_syscall(const struct sc_rule **v, size_t n);
/* Whether r has condition c (same argument, operator, value and mask). */
bool rule_has_cond(const struct sc_rule *r, const struct sc_cond *c);
/* The condition's second number (a mask or a range's end) matters. */
bool cond_uses_mask(enum sc_op op);

const char *mode_name(enum sc_mode m);
const char *action_name(const struct sc_action *a, char *buf, size_t len);

#endif
