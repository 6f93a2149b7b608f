#include "precompiled.h"

#include <errno.h>
#include <linux/seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "caps.h"
#include "embed.h"
#include "filter.h"
#include "profile_load.h"
#include "supervisor_confine.h"

/* shim/embedded.S: empty in the first-stage build that generates it. */
extern const struct sock_filter embedded_bpf_enforce[], embedded_bpf_enforce_end[];

static bool enforce_program(struct sock_fprog *out)
{
	size_t n = (size_t)(embedded_bpf_enforce_end - embedded_bpf_enforce);
	if (n == 0 || n > BPF_MAXINSNS || embedded_bpf_enforce[0].code == EMBED_BPF_DISABLED) /* embed: stale */
		return false;
	*out = (struct sock_fprog){ (unsigned short)n, (struct sock_filter *)embedded_bpf_enforce };
	return true;
}

/* Audit mode turns every action but ALLOW into LOG, the bad-arch action
 * included (filter.c), and decides nothing else differently: its program is
 * enforce mode's with those returns changed, and the binary carries one
 * program instead of two. In bss, so only audit mode touches its pages. */
static bool audit_program(struct sock_fprog *out)
{
	static struct sock_filter audit[BPF_MAXINSNS];
	struct sock_fprog enforce;
	if (!enforce_program(&enforce))
		return false;
	for (unsigned i = 0; i < enforce.len; i++) {
		struct sock_filter f = enforce.filter[i];
		if (BPF_CLASS(f.code) == BPF_RET && f.code != (BPF_RET | BPF_K))
			return false; /* a return the mapping cannot see: libseccomp writes none */
		if (f.code == (BPF_RET | BPF_K) && (f.k & SECCOMP_RET_ACTION_FULL) != SECCOMP_RET_ALLOW)
			f.k = SECCOMP_RET_LOG;
		audit[i] = f;
	}
	*out = (struct sock_fprog){ enforce.len, audit };
	return true;
}

bool precompiled_program(enum sc_mode mode, struct sock_fprog *out)
{
	if (mode == SC_MODE_ENFORCE)
		return enforce_program(out);
	return mode == SC_MODE_AUDIT && audit_program(out);
}

bool precompiled_available(void)
{
	struct sock_fprog prog;
	return enforce_program(&prog);
}

/* libseccomp asks the kernel about every action beyond the classic ones
 * before it builds a filter with it; so does this, for each distinct action
 * the program can return. */
int precompiled_check(const struct sock_fprog *prog, struct scerr *e)
{
	uint32_t asked[8];
	unsigned nasked = 0;
	for (unsigned i = 0; i < prog->len; i++) {
		const struct sock_filter *f = &prog->filter[i];
		if (f->code != (BPF_RET | BPF_K))
			continue;
		uint32_t action = f->k & SECCOMP_RET_ACTION_FULL;
		bool known = false;
		for (unsigned k = 0; k < nasked && !known; k++)
			known = asked[k] == action;
		if (known)
			continue;
		if (syscall(SYS_seccomp, SECCOMP_GET_ACTION_AVAIL, 0, &action) < 0)
			return err_set(e, "cannot install the seccomp filter: this kernel lacks action %#x (%s; Linux 4.14 or "
					  "later is needed)", action, strerror(errno));
		if (nasked < sizeof(asked) / sizeof(asked[0]))
			asked[nasked++] = action;
	}
	return 0;
}

int precompiled_load(const struct sock_fprog *prog, bool nnp, bool log, struct scerr *e)
{
	if (nnp && prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		return err_set(e, "cannot set no_new_privs: %s", strerror(errno));
	if (syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, log ? SECCOMP_FILTER_FLAG_LOG : 0, prog) < 0)
		return err_set(e, "cannot install the seccomp filter: %s", strerror(errno));
	return 0;
}

static int write_all(const void *buf, size_t len)
{
	for (const char *p = buf; len;) {
		ssize_t n = write(STDOUT_FILENO, p, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		p += n, len -= (size_t)n;
	}
	return 0;
}

/* The build precompiles only a filter that every run would build the same:
 * JSON depends on the kernel (minKernel), capability conditions on the run. */
static bool fixed_filter(const struct sc_profile *p)
{
	if (profile_embedded_is_json())
		return false;
	for (size_t i = 0; i < p->nrules; i++) {
		if (p->rules[i].caps_all || p->rules[i].caps_none)
			return false;
	}
	return true;
}

/* libseccomp's program for the embedded profile. For the build ([setup]
 * left out: only the image can resolve it, and it cannot change the program
 * once capability conditions are ruled out) nothing is written for a filter
 * that depends on the run. Otherwise the whole profile is read, for the
 * capabilities scinit holds, as a run without precompiled programs would. */
static int export_built(enum sc_mode mode, bool build, struct scerr *e)
{
	struct sc_profile p;
	struct sc_capsets caps = { 0 };
	scmp_filter_ctx ctx;
	if (profile_load_embedded(&p, build ? SC_SECTIONS_FILTER : SC_SECTIONS_ALL, e) < 0)
		return -1;
	if (build && !fixed_filter(&p)) {
		profile_free(&p);
		return 0;
	}
	if (!build && caps_get(&caps) < 0) {
		profile_free(&p);
		return err_set(e, "cannot read capabilities: %s", strerror(errno));
	}
	int rc = filter_build(&p, mode, setup_final_caps(&p.setup, caps.effective), &ctx, e);
	profile_free(&p);
	if (rc < 0)
		return -1;
	rc = seccomp_export_bpf(ctx, STDOUT_FILENO);
	seccomp_release(ctx);
	return rc < 0 ? err_set(e, "cannot write the program: %s", strerror(-rc)) : 0;
}

static int supervisor_program(bool build, bool precompiled, struct scerr *e)
{
	struct sock_fprog prog;
	bool is_static;
	if (confine_program(build, precompiled, &prog, &is_static, e) < 0)
		return -1;
	int rc = write_all(prog.filter, prog.len * sizeof(*prog.filter));
	if (!is_static)
		free(prog.filter);
	return rc < 0 ? err_set(e, "cannot write the program: %s", strerror(errno)) : 0;
}

int command_bpf(int argc, char **argv)
{
	const char *opt = argc == 3 ? argv[1] : "";
	bool build = strcmp(opt, "--build") == 0, precompiled = strcmp(opt, "--precompiled") == 0;
	enum sc_mode mode = SC_MODE_LEARN;
	struct scerr e;
	bool supervisor = argc >= 2 && strcmp(argv[argc - 1], "supervisor") == 0;
	if ((argc != 2 && argc != 3) || (argc == 3 && !build && !precompiled) ||
	    (!supervisor && (parse_mode(argv[argc - 1], &mode, &e) < 0 || mode == SC_MODE_LEARN))) {
		fputs("usage: scinit bpf [--build | --precompiled] enforce|audit|supervisor\n"
		      "The embedded profile's BPF program, raw: as libseccomp builds it now (default), as the build\n"
		      "precompiles it (--build; nothing if the filter depends on the run), or as built in.\n"
		      "supervisor: scinit's own filter, for signal fd 3 and go fd 4 (--build: for the marks).\n",
		      stderr);
		return EXIT_SCINIT_FAILURE;
	}
	int rc = 0;
	if (supervisor) {
		rc = supervisor_program(build, precompiled, &e);
	} else if (precompiled) {
		struct sock_fprog prog;
		if (precompiled_program(mode, &prog) &&
		    write_all(prog.filter, prog.len * sizeof(*prog.filter)) < 0)
			rc = err_set(&e, "cannot write the program: %s", strerror(errno));
	} else {
		rc = export_built(mode, build, &e);
	}
	if (rc < 0) {
		err_print(&e);
		return EXIT_SCINIT_FAILURE;
	}
	return 0;
}
