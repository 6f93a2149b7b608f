/* The value parsers every profile format shares (shim/profile/profile.c,
 * shim/common/values.c). */
#include <errno.h>
#include <seccomp.h>

#include "common/arch.h"
#include "common/values.h"
#include "profile/profile.h"
#include "unit.h"

struct row {
	const char *in;
	const char *err; /* NULL: accepted, with the value want */
	unsigned long long want;
};

#define ACT(kind, err) ((unsigned long long)(kind) << 16 | (err))

static const struct row actions[] = {
	{ "allow", NULL, ACT(SC_ACT_ALLOW, 0) },
	{ "errno", NULL, ACT(SC_ACT_ERRNO, EPERM) },
	{ "errno:ENOSYS", NULL, ACT(SC_ACT_ERRNO, ENOSYS) },
	{ "errno:1", NULL, ACT(SC_ACT_ERRNO, 1) },
	{ "errno:4094", NULL, ACT(SC_ACT_ERRNO, 4094) },
	{ "errno:4095", "unknown errno '4095' (a name such as EPERM, or 1..4094)", 0 }, /* libseccomp refuses it */
	{ "errno:0x26", NULL, ACT(SC_ACT_ERRNO, 38) },
	{ "kill", NULL, ACT(SC_ACT_KILL_THREAD, 0) },
	{ "kill_thread", NULL, ACT(SC_ACT_KILL_THREAD, 0) },
	{ "kill_process", NULL, ACT(SC_ACT_KILL_PROCESS, 0) },
	{ "trap", NULL, ACT(SC_ACT_TRAP, 0) },
	{ "log", NULL, ACT(SC_ACT_LOG, 0) },
	{ "errno:", "unknown errno '' (a name such as EPERM, or 1..4094)", 0 },
	{ "errno:0", "unknown errno '0' (a name such as EPERM, or 1..4094)", 0 },
	{ "errno:4096", "unknown errno '4096' (a name such as EPERM, or 1..4094)", 0 },
	{ "errno:65536", "unknown errno '65536' (a name such as EPERM, or 1..4094)", 0 },
	{ "errno:65537", "unknown errno '65537' (a name such as EPERM, or 1..4094)", 0 },
	{ "errno:18446744073709551616", "unknown errno '18446744073709551616' (a name such as EPERM, or 1..4094)", 0 },
	{ "errno:-1", "unknown errno '-1' (a name such as EPERM, or 1..4094)", 0 },
	{ "errno:+1", "unknown errno '+1' (a name such as EPERM, or 1..4094)", 0 },
	{ "errno:010", "unknown errno '010' (a name such as EPERM, or 1..4094)", 0 }, /* octal or decimal? neither */
	{ "errno:1x", "unknown errno '1x' (a name such as EPERM, or 1..4094)", 0 },
	{ "errno:eperm", "unknown errno 'eperm' (a name such as EPERM, or 1..4094)", 0 },
	{ "errnoEPERM", "unknown action 'errnoEPERM' (allow, errno[:NAME|NUMBER], kill, kill_process, trap, log)", 0 },
	{ "Allow", "unknown action 'Allow' (allow, errno[:NAME|NUMBER], kill, kill_process, trap, log)", 0 },
	{ "", "unknown action '' (allow, errno[:NAME|NUMBER], kill, kill_process, trap, log)", 0 },
	{ "allow ", "unknown action 'allow ' (allow, errno[:NAME|NUMBER], kill, kill_process, trap, log)", 0 },
};

static const struct row modes[] = {
	{ "enforce", NULL, SC_MODE_ENFORCE },
	{ "audit", NULL, SC_MODE_AUDIT },
	{ "Enforce", "unknown mode 'Enforce' (enforce, audit, learn)", 0 },
	{ "", "unknown mode '' (enforce, audit, learn)", 0 },
	{ "audit ", "unknown mode 'audit ' (enforce, audit, learn)", 0 },
};

static const struct row bools[] = {
	{ "yes", NULL, 1 },
	{ "no", NULL, 0 },
	{ "true", "'log_denials' must be yes or no, not 'true'", 0 },
	{ "1", "'log_denials' must be yes or no, not '1'", 0 },
	{ "", "'log_denials' must be yes or no, not ''", 0 },
	{ "Yes", "'log_denials' must be yes or no, not 'Yes'", 0 },
};

static const struct row arches[] = {
	{ "x86_64", NULL, SCMP_ARCH_X86_64 },
	{ "x86", NULL, SCMP_ARCH_X86 },
	{ "x32", NULL, SCMP_ARCH_X32 },
	{ "native", NULL, 0 /* filled in main */ },
	/* the family's other ABIs, two tokens in one number */
	{ "compat", NULL, SCMP_ARCH_X86 | (unsigned long long)SCMP_ARCH_X32 << 32 },
	{ "aarch64", "'aarch64' is not an architecture this scinit runs on (x86_64 family: x86_64, x86, x32)", 0 },
	{ "s390x", "'s390x' is not an architecture this scinit runs on (x86_64 family: x86_64, x86, x32)", 0 },
	{ "vax", "unknown architecture 'vax'", 0 },
	{ "", "unknown architecture ''", 0 },
	{ "X86_64", "unknown architecture 'X86_64'", 0 },
};

static const struct row syscalls[] = {
	{ "read", NULL, 0 },
	{ "clone3", NULL, 435 },
	{ "execve", NULL, 59 },
	{ "Read", "unknown syscall 'Read'", 0 },
	{ "", "unknown syscall ''", 0 },
	{ "read ", "unknown syscall 'read '", 0 },
	{ "@default", "unknown syscall '@default'", 0 },
};

static void run(const char *what, const struct row *rows, size_t n,
		int (*parse)(const char *text, unsigned long long *out, struct scerr *e))
{
	for (size_t i = 0; i < n; i++) {
		char name[160];
		struct scerr e = { "" };
		unsigned long long got = 0;
		int rc = parse(rows[i].in, &got, &e);
		snprintf(name, sizeof(name), "%s '%s'", what, rows[i].in);
		if (rows[i].err) {
			unit_refused(name, rc, &e, rows[i].err);
			continue;
		}
		unit_accepted(name, rc, &e);
		if (rc == 0)
			unit_equal(name, rows[i].want, got);
	}
}

static int action(const char *text, unsigned long long *out, struct scerr *e)
{
	struct sc_action a = { 0 };
	int rc = parse_action(text, &a, e);
	*out = ACT(a.kind, a.errno_value);
	return rc;
}

static int mode(const char *text, unsigned long long *out, struct scerr *e)
{
	enum sc_mode m = SC_MODE_ENFORCE;
	int rc = parse_mode(text, &m, e);
	*out = m;
	return rc;
}

static int boolean(const char *text, unsigned long long *out, struct scerr *e)
{
	bool b = false;
	int rc = parse_bool("log_denials", text, &b, e);
	*out = b;
	return rc;
}

static int arch(const char *text, unsigned long long *out, struct scerr *e)
{
	uint32_t a[SC_MAX_ARCHES] = { 0 };
	unsigned n = 0;
	int rc = parse_arch(text, a, &n, e);
	*out = strcmp(text, "native") == 0 && n == 1 && a[0] == SC_ARCH_NATIVE ? 0
	       : n == 2						? a[0] | (unsigned long long)a[1] << 32
									: a[0];
	return rc;
}

static int syscall_nr(const char *text, unsigned long long *out, struct scerr *e)
{
	int nr = -1;
	int rc = parse_syscall(text, &nr, e);
	*out = (unsigned long long)nr;
	return rc;
}

int main(void)
{
	run("parse_action", actions, UNIT_N(actions), action);
	run("parse_mode", modes, UNIT_N(modes), mode);
	run("parse_bool", bools, UNIT_N(bools), boolean);
	run("parse_arch", arches, UNIT_N(arches), arch);
	uint32_t list[SC_MAX_ARCHES];
	unsigned n = 0;
	struct scerr e = { "" };
	const char *words[] = { "native", "compat", "x86", "native" };
	for (size_t i = 0; i < UNIT_N(words); i++)
		unit_accepted("parse_arch: native compat x86 native", parse_arch(words[i], list, &n, &e), &e);
	unit_equal("parse_arch: native compat x86 native lists each arch once", SC_ARCH_FAMILY_N, n);
	run("parse_syscall", syscalls, UNIT_N(syscalls), syscall_nr);
	return unit_done();
}
