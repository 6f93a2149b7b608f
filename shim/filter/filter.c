#include "filter/filter.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/arch.h"
#include "filter/arg32.h"
#include "filter/bpf_export.h"
#include "filter/install.h"
#include "filter/precompiled.h"

static uint32_t scmp_action(const struct sc_action *a)
{
	switch (a->kind) {
	case SC_ACT_ALLOW: return SCMP_ACT_ALLOW;
	case SC_ACT_ERRNO: return SCMP_ACT_ERRNO(a->errno_value);
	case SC_ACT_KILL_THREAD: return SCMP_ACT_KILL_THREAD;
	case SC_ACT_KILL_PROCESS: return SCMP_ACT_KILL_PROCESS;
	case SC_ACT_TRAP: return SCMP_ACT_TRAP;
	case SC_ACT_LOG: return SCMP_ACT_LOG;
	}
	return SCMP_ACT_KILL_PROCESS;
}

/* Audit mode keeps every allow and turns everything enforce mode would stop
 * into a logged allow. Learn mode sends it to the supervisor instead
 * (shim/learn.h); a logged allow is an allow there too. */
static uint32_t mode_action(const struct sc_action *a, enum sc_mode mode)
{
	if (mode == SC_MODE_AUDIT && a->kind != SC_ACT_ALLOW)
		return SCMP_ACT_LOG;
	if (mode == SC_MODE_LEARN && a->kind != SC_ACT_ALLOW && a->kind != SC_ACT_LOG)
		return SCMP_ACT_NOTIFY;
	return scmp_action(a);
}

static bool same_conds(const struct sc_rule *a, const struct sc_rule *b)
{
	if (a->ncond != b->ncond)
		return false;
	for (unsigned i = 0; i < a->ncond; i++) {
		if (!rule_has_cond(b, &a->cond[i]))
			return false;
	}
	return true;
}

static const char *syscall_label(int nr)
{
	char *name = seccomp_syscall_resolve_num_arch(SCMP_ARCH_NATIVE, nr);
	static char buf[64];
	snprintf(buf, sizeof(buf), "%s", name ? name : "?");
	free(name);
	return buf;
}

/* libseccomp keeps whichever of two overlapping rules came first and drops
 * the other without a word, so overlaps are settled here, explicitly:
 * [deny] wins; otherwise an unconditional rule may not meet a rule with a
 * different action. Returns the number of rules of the group to use, with the
 * winner first when a deny rule decides. */
static int settle(const struct sc_profile *p, const struct sc_rule **g, size_t n, struct scerr *e)
{
	/* Every deny rule: a conditional one (JSON's, or a range) may have
	 * become several exact rules (arg32.h). */
	size_t ndeny = 0;
	for (size_t i = 0; i < n; i++) {
		if (g[i]->from_deny)
			g[ndeny++] = g[i];
	}
	if (ndeny)
		return (int)ndeny;
	for (size_t i = 0; i < n; i++) {
		for (size_t j = 0; j < n; j++) {
			if (j == i || action_equal(&g[i]->action, &g[j]->action))
				continue;
			char a[32], b[32];
			if (g[i]->ncond && same_conds(g[i], g[j]) && i < j)
				return err_at(e, p->source, g[j]->line,
					      "'%s' is %s here but %s with the same conditions at line %u",
					      syscall_label(g[j]->nr), action_name(&g[j]->action, a, sizeof(a)),
					      action_name(&g[i]->action, b, sizeof(b)), g[i]->line);
			if (g[i]->ncond)
				continue;
			return err_at(e, p->source, g[j]->line,
				      "'%s' is %s here but %s unconditionally at line %u; one rule can never apply",
				      syscall_label(g[j]->nr), action_name(&g[j]->action, a, sizeof(a)),
				      action_name(&g[i]->action, b, sizeof(b)), g[i]->line);
		}
	}
	/* Past the checks above an unconditional rule shares its action with
	 * every other rule of the group and covers them. Passing it alone spares
	 * libseccomp merging them, which leaks on x86's socketcall rules. */
	for (size_t i = 0; i < n; i++) {
		if (!g[i]->ncond) {
			g[0] = g[i];
			return 1;
		}
	}
	return (int)n;
}

static int add_rule(scmp_filter_ctx ctx, const struct sc_profile *p, const struct sc_rule *r, uint32_t action,
		    struct scerr *e)
{
	static const enum scmp_compare ops[] = {
		[SC_OP_EQ] = SCMP_CMP_EQ, [SC_OP_NE] = SCMP_CMP_NE, [SC_OP_LT] = SCMP_CMP_LT,
		[SC_OP_LE] = SCMP_CMP_LE, [SC_OP_GT] = SCMP_CMP_GT, [SC_OP_GE] = SCMP_CMP_GE,
		[SC_OP_MASKED_EQ] = SCMP_CMP_MASKED_EQ,
	};
	struct scmp_arg_cmp cmp[SC_MAX_CONDS];
	for (unsigned i = 0; i < r->ncond; i++) {
		const struct sc_cond *c = &r->cond[i];
		cmp[i] = (struct scmp_arg_cmp){ c->arg, ops[c->op], c->op == SC_OP_MASKED_EQ ? c->mask : c->value,
						c->value };
	}
	int rc = seccomp_rule_add_array(ctx, action, r->nr, r->ncond, cmp);
	if (rc == -EEXIST)
		return err_at(e, p->source, r->line, "'%s': this rule repeats the conditions of another with a different action",
			      syscall_label(r->nr));
	if (rc < 0 && rc != -EDOM) /* -EDOM: not on this arch (e.g. an x86-only name); nothing to add */
		return err_at(e, p->source, r->line, "'%s': libseccomp refused the rule: %s", syscall_label(r->nr),
			      strerror(-rc));
	return 0;
}

/* seccomp_init starts from libseccomp's own arch, the build machine's: the
 * target's, except in shim/tools/bpfgen of a cross build. */
int filter_arches(scmp_filter_ctx ctx, const uint32_t *arch, unsigned n)
{
	uint32_t own = seccomp_arch_native();
	bool keep_own = false;
	for (unsigned i = 0; i < n; i++) {
		if (arch[i] == own) {
			keep_own = true;
			continue;
		}
		int rc = seccomp_arch_add(ctx, arch[i]);
		if (rc < 0 && rc != -EEXIST)
			return rc;
	}
	return keep_own ? 0 : seccomp_arch_remove(ctx, own);
}

static int add_arches(scmp_filter_ctx ctx, const struct sc_profile *p, struct scerr *e)
{
	static const uint32_t native = SC_ARCH_NATIVE;
	int rc = p->narch ? filter_arches(ctx, p->arch, p->narch) : filter_arches(ctx, &native, 1);
	if (rc < 0)
		return err_set(e, "%s: cannot set the filter's architectures: %s", p->source, strerror(-rc));
	return 0;
}

/* A process that cannot exit spins forever in libc's _exit loop, so exit and
 * exit_group are always allowed and a profile may not say otherwise. */
static int allow_exit(scmp_filter_ctx ctx, const struct sc_profile *p, uint64_t caps, struct scerr *e)
{
	static const int exits[] = { SCMP_SYS(exit), SCMP_SYS(exit_group) };
	for (size_t i = 0; i < sizeof(exits) / sizeof(exits[0]); i++) {
		for (size_t r = 0; r < p->nrules; r++) {
			const struct sc_rule *rule = &p->rules[r];
			if (rule->nr == exits[i] && rule->action.kind != SC_ACT_ALLOW && rule_applies(rule, caps))
				return err_at(e, p->source, rule->line, "'%s' cannot be denied: a process must be able to exit",
					      syscall_label(rule->nr));
		}
		int rc = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, exits[i], 0);
		if (rc < 0 && rc != -EACCES) /* -EACCES: the default already allows it */
			return err_set(e, "cannot allow exit: %s", strerror(-rc));
	}
	return 0;
}

/* The kernel takes at most 4096 instructions (BPF_MAXINSNS) in a filter.
 * libseccomp shares the code of identical comparisons, so the count that
 * decides its time is that of different ones. Debian's libseccomp 2.5.4
 * takes far longer than they grow (960 of them, six to a rule, for three
 * arches: 6 s; 1,260: 18 s), until, past what could ever be installed, it
 * corrupts its heap (48,000: after 4 minutes). The copy linked here, with
 * shim/patches/libseccomp/, builds 510 in milliseconds (Debian's: 0.6 s);
 * the bound stays for the builds that use Debian's. Real profiles make tens
 * of comparisons (Docker's default: 7). */
#define SC_MAX_COMPARISONS 4096
#define SC_MAX_DIFFERENT_COMPARISONS 512

static int order_of(uint64_t a, uint64_t b)
{
	return (a > b) - (a < b);
}

static int by_comparison(const void *a, const void *b)
{
	const struct sc_cond *x = a, *y = b;
	int d = order_of(x->arg, y->arg);
	d = d ? d : order_of(x->op, y->op);
	d = d ? d : order_of(x->value, y->value);
	return d ? d : order_of(x->mask, y->mask);
}

static int check_size(const struct sc_profile *p, uint64_t caps, struct scerr *e)
{
	size_t n = 0, different = 0;
	for (size_t i = 0; i < p->nrules; i++)
		n += rule_applies(&p->rules[i], caps) ? p->rules[i].ncond : 0;
	if (n > SC_MAX_COMPARISONS)
		return err_set(e, "%s: %zu argument comparisons, more than %d (a seccomp filter holds at most 4096 "
				  "instructions)", p->source, n, SC_MAX_COMPARISONS);
	struct sc_cond *all = malloc((n + 1) * sizeof(*all));
	if (!all)
		return err_set(e, "out of memory");
	n = 0;
	for (size_t i = 0; i < p->nrules; i++) {
		for (unsigned c = 0; rule_applies(&p->rules[i], caps) && c < p->rules[i].ncond; c++) {
			all[n] = p->rules[i].cond[c];
			all[n].mask = all[n].op == SC_OP_MASKED_EQ ? all[n].mask : 0;
			n++;
		}
	}
	qsort(all, n, sizeof(*all), by_comparison);
	for (size_t i = 0; i < n; i++)
		different += i == 0 || by_comparison(&all[i - 1], &all[i]) != 0;
	free(all);
	if (different > SC_MAX_DIFFERENT_COMPARISONS)
		return err_set(e, "%s: %zu different argument comparisons, more than %d (libseccomp's time to build the "
				  "filter grows far faster than they do)", p->source, different, SC_MAX_DIFFERENT_COMPARISONS);
	return 0;
}

/* The filter is installed before execve, so a profile that never allows
 * execve could start nothing; and the message about it would be denied too. */
static int check_execve(const struct sc_profile *p, enum sc_mode mode, uint64_t caps, struct scerr *e)
{
	int execve = SCMP_SYS(execve);
	bool allowed = mode != SC_MODE_ENFORCE || p->default_action.kind == SC_ACT_ALLOW ||
		       p->default_action.kind == SC_ACT_LOG;
	for (size_t i = 0; i < p->nrules; i++) {
		const struct sc_rule *r = &p->rules[i];
		if (r->nr != execve || !rule_applies(r, caps))
			continue;
		if (r->from_deny && mode == SC_MODE_ENFORCE)
			return err_at(e, p->source, r->line, "[deny] names execve, so the app could never start");
		allowed |= action_lets_run(&r->action);
	}
	if (!allowed)
		return err_set(e, "%s: the profile does not allow execve, so the app could never start", p->source);
	return 0;
}

/* scinit's own execve of the app is a call of its own ABI: a filter without
 * that arch kills it (exit 159, and no message could get out). */
static int check_native(const struct sc_profile *p, enum sc_mode mode, struct scerr *e)
{
	if (mode != SC_MODE_ENFORCE || !p->narch)
		return 0;
	for (unsigned i = 0; i < p->narch; i++) {
		if (p->arch[i] == SC_ARCH_NATIVE)
			return 0;
	}
	return err_set(e, "%s: arch leaves out " SC_ARCH_NATIVE_NAME ", whose calls the filter would kill: scinit's own "
			  "execve of the app is one", p->source);
}

static bool ordered(enum sc_op op)
{
	return op == SC_OP_LT || op == SC_OP_LE || op == SC_OP_GT || op == SC_OP_GE;
}

/* libseccomp 2.6.0 compares 64-bit arguments in two 32-bit halves, and two
 * of its results are wrong; the rules that meet them are refused, with why
 * (the 32-bit arguments never get here with an ordered comparison or a wide
 * constant: arg32.c made them masked equalities on the low half).
 * - Ordered comparisons on one argument whose constants differ in the high
 *   half: merged, they match between the constants (`lseek = allow if arg1
 *   < 5` and `... > 0x100000000` allowed lseek(fd, 40)).
 * - On x86 and x32, which libseccomp compares as 32-bit ABIs, a constant's
 *   high half is cut off (`> 0x100000000` becomes `> 0`). On x32, whose
 *   calls mostly take the native entry, the argument's high half is not
 *   looked at either: `adjtimex = allow if arg0 == 0` let adjtimex(1 << 32)
 *   run. Only masked equality within the low half (what arg32.c makes of
 *   the 32-bit arguments) is exact there.
 * - `argN == X` in one rule and `argN != X and ...` in another: the second
 *   is dropped (mmap(0, 8) ran under `errno:EPERM if arg1 != 7 and arg0 ==
 *   0` next to `errno:EPERM if arg1 == 7`), on x86_64 as on x86.
 */
static int check_wide(const struct sc_profile *p, uint64_t caps, struct scerr *e)
{
	bool narrow_abi = false, x32 = false;
	for (unsigned i = 0; i < p->narch; i++) {
		narrow_abi |= p->arch[i] == SCMP_ARCH_X86 || p->arch[i] == SCMP_ARCH_X32;
		x32 |= p->arch[i] == SCMP_ARCH_X32;
	}
	for (size_t i = 0; i < p->nrules; i++) {
		const struct sc_rule *r = &p->rules[i];
		if (!rule_applies(r, caps))
			continue;
		for (unsigned c = 0; c < r->ncond; c++) {
			const struct sc_cond *x = &r->cond[c];
			if (narrow_abi && x->value > 0xffffffffULL)
				return err_at(e, p->source, r->line, "'%s': arg%u is compared with a constant above 32 bits "
					      "(0x%llx), which libseccomp cuts to its low 32 bits on x86 and x32: leave them out "
					      "of arch, or compare within 32 bits", syscall_label(r->nr), x->arg,
					      (unsigned long long)x->value);
			if (x32 && !(arg32_args(r->nr) >> x->arg & 1) &&
			    !(x->op == SC_OP_MASKED_EQ && x->mask <= 0xffffffffULL))
				return err_at(e, p->source, r->line,
					      "'%s': arg%u is 64-bit, and on x32 libseccomp compares its low half only: leave "
					      "x32 out of arch, or use 'arg%u & MASK == VALUE' within 32 bits",
					      syscall_label(r->nr), x->arg, x->arg);
			for (size_t j = 0; j < i && (x->op == SC_OP_EQ || x->op == SC_OP_NE); j++) {
				const struct sc_rule *o = &p->rules[j];
				for (unsigned d = 0; o->nr == r->nr && rule_applies(o, caps) && d < o->ncond; d++) {
					const struct sc_cond *y = &o->cond[d];
					if (y->arg == x->arg && y->value == x->value &&
					    ((y->op == SC_OP_EQ && x->op == SC_OP_NE) || (y->op == SC_OP_NE && x->op == SC_OP_EQ)))
						return err_at(e, p->source, r->line, "'%s': arg%u is compared with == here and != at "
							      "line %u (or the other way round) with the same value, and libseccomp "
							      "drops one of the two rules: write the != as 'arg%u not in X..X'",
							      syscall_label(r->nr), x->arg, o->line, x->arg);
				}
			}
			if (!ordered(x->op))
				continue;
			for (size_t j = 0; j < i; j++) {
				const struct sc_rule *o = &p->rules[j];
				for (unsigned d = 0; o->nr == r->nr && rule_applies(o, caps) && d < o->ncond; d++) {
					const struct sc_cond *y = &o->cond[d];
					if (y->arg == x->arg && ordered(y->op) && y->value >> 32 != x->value >> 32)
						return err_at(e, p->source, r->line, "'%s': ordered comparisons of arg%u here and at "
							      "line %u differ above 32 bits, which libseccomp merges wrongly (values "
							      "between match): write 'arg%u in A..B' or 'not in'", syscall_label(r->nr),
							      x->arg, o->line, x->arg);
				}
			}
		}
	}
	return 0;
}

static int add_rules(scmp_filter_ctx ctx, const struct sc_profile *p, enum sc_mode mode, uint64_t caps,
		     uint32_t default_action, struct scerr *e)
{
	const struct sc_rule **order = malloc((p->nrules + 1) * sizeof(*order));
	size_t n = 0;
	if (!order)
		return err_set(e, "out of memory");
	for (size_t i = 0; i < p->nrules; i++) {
		if (rule_applies(&p->rules[i], caps))
			order[n++] = &p->rules[i];
	}
	if (rules_sort_by_syscall(order, n) < 0) {
		free(order);
		return err_set(e, "out of memory");
	}
	int rc = 0;
	for (size_t start = 0, end; start < n && rc == 0; start = end) {
		for (end = start + 1; end < n && order[end]->nr == order[start]->nr;)
			end++;
		int use = settle(p, order + start, end - start, e);
		if (use < 0) {
			rc = -1;
			break;
		}
		for (int i = 0; i < use && rc == 0; i++) {
			const struct sc_rule *r = order[start + i];
			/* In learn mode an ENOSYS rule answers as in enforce mode:
			 * libc falls back to an older call, which is learned. */
			bool enosys = r->action.kind == SC_ACT_ERRNO && r->action.errno_value == ENOSYS;
			uint32_t action = mode == SC_MODE_LEARN && enosys ? scmp_action(&r->action)
									 : mode_action(&r->action, mode);
			if (action != default_action)
				rc = add_rule(ctx, p, r, action, e);
		}
	}
	free(order);
	return rc;
}

static int build_lowered(const struct sc_profile *p, enum sc_mode mode, enum sc_mode checks, uint64_t caps,
			 scmp_filter_ctx *out, struct scerr *e);

/* mode decides the actions, checks what the profile must allow: audit's
 * program is built with enforce's actions and audit's checks. */
static int build(const struct sc_profile *written, enum sc_mode mode, enum sc_mode checks, uint64_t caps,
		 scmp_filter_ctx *out, struct scerr *e)
{
	struct sc_profile p;
	if (lower_profile(written, &p, LOWER_ALL, NULL, e) < 0)
		return -1;
	int rc = build_lowered(&p, mode, checks, caps, out, e);
	free(p.rules);
	return rc;
}

int filter_build(const struct sc_profile *p, enum sc_mode mode, uint64_t caps, scmp_filter_ctx *out,
		 struct scerr *e)
{
	return build(p, mode, mode, caps, out, e);
}

/* Audit mode's program is enforce mode's with every stop logged instead
 * (bpf_audit_returns), as for the embedded profile. Built from the rules
 * with audit's own actions, every non-allow rule would equal the default
 * LOG and be left out, and a call an overlapping rule stops in enforce mode
 * could run unlogged. */
int filter_program(const struct sc_profile *p, enum sc_mode mode, uint64_t caps, scmp_filter_ctx *ctx,
		   struct sock_fprog *out, struct scerr *e)
{
	if (mode == SC_MODE_LEARN)
		return err_set(e, "learn mode has no program of its own: it needs libseccomp's listener");
	if (build(p, SC_MODE_ENFORCE, mode, caps, ctx, e) < 0)
		return -1;
	if (bpf_export(*ctx, out, e) < 0) {
		seccomp_release(*ctx);
		*ctx = NULL;
		return -1;
	}
	if (mode == SC_MODE_AUDIT && !bpf_audit_returns(out->filter, out->len)) {
		free(out->filter);
		seccomp_release(*ctx);
		*ctx = NULL;
		return err_set(e, "cannot derive audit mode's program: libseccomp wrote a return that is not a constant");
	}
	return 0;
}

static int build_lowered(const struct sc_profile *p, enum sc_mode mode, enum sc_mode checks, uint64_t caps,
			 scmp_filter_ctx *out, struct scerr *e)
{
	/* libseccomp probes the kernel once. Below API level 3 it found no
	 * KILL_PROCESS and no LOG action (or no seccomp at all), which every
	 * filter here needs: say so, rather than that an attribute failed. */
	unsigned api = seccomp_api_get();
	if (api < 3)
		return err_set(e, "this kernel's seccomp lacks the KILL_PROCESS and LOG actions (libseccomp API level %u; "
				  "Linux 4.14 or later is needed)", api);
	if (check_size(p, caps, e) < 0 || check_native(p, checks, e) < 0 || check_wide(p, caps, e) < 0)
		return -1;
	uint32_t default_action = mode_action(&p->default_action, mode);
	scmp_filter_ctx ctx = seccomp_init(default_action);
	if (!ctx)
		return err_set(e, "cannot create a seccomp filter (libseccomp)");
	/* Calls from an ABI the profile does not cover never reach its rules. */
	uint32_t bad_arch = mode == SC_MODE_AUDIT   ? SCMP_ACT_LOG
			    : mode == SC_MODE_LEARN ? SCMP_ACT_NOTIFY /* recorded under the caller's arch */
						    : SCMP_ACT_KILL_PROCESS;
	if (seccomp_attr_set(ctx, SCMP_FLTATR_ACT_BADARCH, bad_arch) < 0 ||
	    seccomp_attr_set(ctx, SCMP_FLTATR_CTL_OPTIMIZE, 2) < 0 ||
	    /* [setup] no_new_privs = no (only accepted while CAP_SYS_ADMIN is kept) */
	    seccomp_attr_set(ctx, SCMP_FLTATR_CTL_NNP, !p->setup.new_privs_allowed) < 0 ||
	    (p->log_denials && seccomp_attr_set(ctx, SCMP_FLTATR_CTL_LOG, 1) < 0) ||
	    /* the kernel's errno when loading fails, not libseccomp's ECANCELED */
	    seccomp_attr_set(ctx, SCMP_FLTATR_API_SYSRAWRC, 1) < 0) {
		seccomp_release(ctx);
		return err_set(e, "cannot set filter attributes (libseccomp)");
	}
	if (add_arches(ctx, p, e) < 0 || allow_exit(ctx, p, caps, e) < 0 ||
	    add_rules(ctx, p, mode, caps, default_action, e) < 0 || check_execve(p, checks, caps, e) < 0) {
		seccomp_release(ctx);
		return -1;
	}
	*out = ctx;
	return 0;
}

/* The program is exported here rather than left to seccomp_load, so that a
 * built filter is installed as a precompiled one is (filter_install) and
 * can be read before it is (the app's side of init mode looks at it:
 * shim/init/supervisor.c). */
static int build_program(const struct sc_profile *p, enum sc_mode mode, uint64_t caps, struct sc_filter *f,
			 struct scerr *e)
{
	int rc = filter_program(p, mode, caps, &f->ctx, &f->prog, e);
	f->prog_owned = rc == 0;
	return rc;
}

/* The embedded profile was read without its rules when this binary carries
 * its precompiled programs (profile_load), so then only they can serve. */
int filter_prepare(const struct sc_filter_spec *spec, struct sc_filter *out, struct scerr *e)
{
	const struct sc_profile *p = spec->profile;
	*out = (struct sc_filter){ .nnp = !p->setup.new_privs_allowed, .log = p->log_denials, .mode = spec->mode };
	if (!spec->embedded || !precompiled_available()) {
		/* Learn mode adds a rule and needs libseccomp's listener. */
		if (spec->mode == SC_MODE_LEARN)
			return filter_build(p, spec->mode, spec->caps, &out->ctx, e);
		return build_program(p, spec->mode, spec->caps, out, e);
	}
	if (!precompiled_program(spec->mode, &out->prog))
		return err_set(e, "no precompiled filter for %s mode", mode_name(spec->mode));
	return filter_install_check(&out->prog, e);
}

int filter_load(const struct sc_filter *f, struct scerr *e)
{
	unsigned flags = (f->nnp ? SC_INSTALL_NNP : 0) | (f->log ? SC_INSTALL_LOG : 0);
	return filter_install(&f->prog, flags, NULL, "the seccomp filter", e);
}

void filter_release(struct sc_filter *f)
{
	seccomp_release(f->ctx);
	f->ctx = NULL;
	if (f->prog_owned)
		free(f->prog.filter);
	f->prog = (struct sock_fprog){ 0 };
	f->prog_owned = false;
}
