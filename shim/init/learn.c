#include "init/learn.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/seccomp.h>
#include <poll.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/fsuid.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "common/arch.h"
#include "common/input.h"
#include "common/values.h"
#include "filter/bpf_answer.h"
#include "filter/bpf_export.h"
#include "filter/install.h"
#include "init/resident.h"
#include "profile/embedded.h"
#include "profile/learn_write.h"
#include "profile/profile_load.h"

/* The hand-over is sendmsg(sock[1], &handover.msg, HANDOVER_FLAGS): the only
 * call the child makes between installing its filter and execve, and the
 * only one the filter lets through unasked, since no supervisor could answer
 * it yet. After execve neither the address nor the descriptor means
 * anything, so an app making that very call is not a concern. */
#define HANDOVER_FLAGS (MSG_NOSIGNAL | MSG_DONTWAIT)

static struct {
	struct msghdr msg;
	struct iovec iov;
	char byte;
	union {
		struct cmsghdr h;
		char buf[CMSG_SPACE(sizeof(int))];
	} cmsg;
} handover;

static struct scmp_arg_cmp eq(unsigned arg, scmp_datum_t value)
{
	return (struct scmp_arg_cmp){ arg, SCMP_CMP_EQ, value, 0 };
}

static struct {
	enum learn_format format;
	int out_fd; /* -1: stderr; else the number each new output is moved to */
	int dir;    /* the output's directory */
	const char *path, *base;
	unsigned writes;
	uid_t uid; /* the app's, which the output is written as */
	gid_t gid;
	int sock[2];
	int listener;
	char *setup_text;
	char spo_name[64];
} L = { .out_fd = -1, .dir = -1, .sock = { -1, -1 }, .listener = -1 };

/* The output is written to a new file beside it and renamed into place, so
 * that a reader never sees half of it; never through a symlink, never one
 * that exists (a stale one from a crash is skipped, not reused). */
#define OUT_FLAGS (O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY | O_NONBLOCK)

/* Apart from L: zero-initialised, so it costs neither file size nor memory
 * until learn mode touches it (in L's .data it was 44 kB of both). */
static struct learn_table seen;
static struct sc_profile start; /* the starting profile; the rules are a copy */

/* The app's ids, which the output is created and renamed as: scinit is
 * root before [setup] switches the app's user, and writes nowhere the app
 * could not. */
static void as_app(bool on)
{
	if (L.path && (L.uid != getuid() || L.gid != getgid())) {
		setfsgid(on ? L.gid : getgid());
		setfsuid(on ? L.uid : getuid());
	}
}

static int temp_name(char *buf, size_t len)
{
	return snprintf(buf, len, ".%s.scinit-learn.%u", L.base, L.writes++) < (int)len ? 0 : -1;
}

static bool in_start(const struct sc_rule *r)
{
	for (size_t i = 0; i < start.nrules; i++) {
		const struct sc_rule *s = &start.rules[i];
		bool same = s->nr == r->nr && s->ncond == r->ncond && action_equal(&s->action, &r->action);
		for (unsigned c = 0; same && c < r->ncond; c++)
			same = rule_has_cond(s, &r->cond[c]);
		if (same)
			return true;
	}
	return false;
}

/* An existing learned INI file at the output is merged into: its counts
 * are added to what this run sees, and its conditional allows (argument
 * values seen before) join the starting rules. */
static int merge_existing(struct scerr *e)
{
	int fd = openat(L.dir, L.base, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
	if (fd < 0 && errno == ENOENT)
		return 0;
	if (fd < 0 && errno == ELOOP)
		return err_set(e, "SCINIT_LEARN_OUT: '%s' is a symbolic link: scinit never writes through one (remove it)",
			       L.path);
	struct stat st;
	if (fd < 0 || fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		int err = errno;
		if (fd >= 0)
			close(fd);
		return fd < 0 ? err_set(e, "SCINIT_LEARN_OUT: cannot read '%s': %s", L.path, strerror(err))
			      : err_set(e, "SCINIT_LEARN_OUT: '%s' is not a regular file (leave SCINIT_LEARN_OUT unset for "
					   "stderr)", L.path);
	}
	char *text = malloc((size_t)st.st_size + 1);
	ssize_t n = text ? read(fd, text, (size_t)st.st_size) : -1;
	close(fd);
	if (n >= 0)
		text[n] = '\0';
	int rc = 0;
	if (n == st.st_size && strncmp(text, LEARN_MARK, strlen(LEARN_MARK)) == 0) {
		struct sc_profile old;
		profile_init(&old, L.path);
		old.sections = SC_SECTIONS_FILTER;
		rc = learn_read_counts(&seen, text, (size_t)n, L.path, e) < 0 || profile_parse(&old, text, (size_t)n, e) < 0
			     ? -1
			     : 0;
		for (size_t i = 0; rc == 0 && i < old.nrules; i++) {
			const struct sc_rule *r = &old.rules[i];
			if (r->action.kind == SC_ACT_ALLOW && r->ncond && !in_start(r))
				rc = profile_add_rule(&start, r, e);
		}
		profile_free(&old);
		seen.merged++;
	}
	free(text);
	return rc;
}

/* Opened here, before anything runs, so that a path the app could never be
 * learned into fails now (125), not after a long run: a file is created
 * beside it and removed again. */
static int open_output(const struct sc_setup *setup, const struct learn_output *out, struct scerr *e)
{
	const char *path = out->path, *format = out->format, *name = out->path_from;
	static const char *const formats[] = { "ini", "json", "spo" };
	for (L.format = 0; format && L.format < 3 && strcmp(format, formats[L.format]) != 0;)
		L.format++;
	if (L.format == 3)
		return err_set(e, "%s: expected ini, json or spo, got '%s'", out->format_from, format);
	if (!path)
		return 0;
	L.path = path;
	const char *slash = strrchr(path, '/');
	L.base = slash ? slash + 1 : path;
	snprintf(L.spo_name, sizeof(L.spo_name), "%.*s", (int)strcspn(L.base, "."), L.base);
	char *dir = slash ? strndup(path, (size_t)(slash - path + (slash == path))) : strdup(".");
	L.uid = setup->uid_set ? setup->uid : getuid();
	L.gid = setup->gid_set ? setup->gid : setup->uid_set ? setup->user_gid : getgid();
	as_app(true);
	L.dir = dir ? open(dir, O_PATH | O_DIRECTORY | O_CLOEXEC) : -1;
	int err = errno, rc = 0;
	char tmp[PATH_MAX];
	if (L.dir < 0)
		rc = err_set(e, "%s: cannot open the directory of '%s': %s", name, path, strerror(err));
	else if (!*L.base || temp_name(tmp, sizeof(tmp)) < 0)
		rc = err_set(e, "%s: '%s' is not a file name", name, path);
	else if (merge_existing(e) < 0)
		rc = -1;
	else {
		int fd = openat(L.dir, tmp, OUT_FLAGS, 0644);
		if (fd < 0)
			rc = err_set(e, "%s: cannot create a file beside '%s' as uid %u: %s", name, path,
				     (unsigned)L.uid, strerror(errno));
		else {
			close(fd);
			unlinkat(L.dir, tmp, 0);
		}
	}
	as_app(false);
	free(dir);
	/* A number of its own for the output, which each write moves its new
	 * file to: the supervisor's filter names it. */
	if (rc == 0 && (L.out_fd = open("/dev/null", O_RDONLY | O_CLOEXEC)) < 0)
		rc = err_set(e, "cannot open /dev/null: %s", strerror(errno));
	return rc;
}

/* A filter already on scinit (Docker's default, a runtime's) answers some
 * calls before scinit's own filter can send them here. */
static void detect_outer_filter(void)
{
	char status[4096];
	int fd = open("/proc/self/status", O_RDONLY | O_CLOEXEC);
	ssize_t n = fd < 0 ? -1 : read(fd, status, sizeof(status) - 1);
	if (fd >= 0)
		close(fd);
	status[n > 0 ? n : 0] = '\0';
	const char *line = strstr(status, "\nSeccomp_filters:");
	seen.outer_filters = line ? (unsigned)strtoul(line + 17, NULL, 10) : 0;
	if (seen.outer_filters)
		err_warn("learn mode: %u seccomp filter(s) already on this process (the runtime's): calls they answer "
			 "are not seen, and the learned profile says so", seen.outer_filters);
}

/* The starting profile's [setup] section, as written, so that the learned
 * profile runs the app the same way. INI only: JSON has no [setup]. */
static int keep_setup(const char *path, struct scerr *e)
{
	char *owned = NULL;
	const char *text;
	size_t len;
	if (path ? input_read_file(path, &owned, &len, e) < 0 : embedded_text(&text, &len, e) < 0)
		return -1;
	if (owned)
		text = owned;
	const char *start = NULL, *end = text + len;
	for (const char *line = text; line < end && !L.setup_text;) {
		const char *next = memchr(line, '\n', (size_t)(end - line));
		next = next ? next + 1 : end;
		const char *s = line + strspn(line, " \t");
		if (*s == '[' && start)
			end = line;
		else if (strncmp(s, "[setup]", 7) == 0)
			start = line;
		line = next;
	}
	if (start && !(L.setup_text = strndup(start, (size_t)(end - start))))
		err_set(e, "out of memory");
	free(owned);
	return start && !L.setup_text ? -1 : 0;
}

static int copy_start(const struct sc_profile *p, struct scerr *e)
{
	start = *p;
	start.rules = malloc((p->nrules + 1) * sizeof(*p->rules));
	if (!start.rules)
		return err_set(e, "out of memory");
	memcpy(start.rules, p->rules, p->nrules * sizeof(*p->rules));
	start.rules_cap = p->nrules;
	return 0;
}

/* The hand-over rule (learn_program) can overrule the default action, but
 * libseccomp keeps a rule for the same syscall with another action first. */
static bool handover_blocked(const struct sc_profile *p)
{
	enum sc_action_kind d = p->default_action.kind;
	for (size_t i = 0; i < p->nrules && (d == SC_ACT_ALLOW || d == SC_ACT_LOG); i++) {
		enum sc_action_kind k = p->rules[i].action.kind;
		if (p->rules[i].nr == SCMP_SYS(sendmsg) && k != SC_ACT_ALLOW && k != SC_ACT_LOG)
			return true;
	}
	return false;
}

static bool lets_run_some(const struct sc_profile *p, int nr)
{
	for (size_t i = 0; i < p->nrules; i++) {
		if (p->rules[i].nr == nr && action_lets_run(&p->rules[i].action))
			return true;
	}
	return false;
}

/* clone3's flags are behind a pointer, which no filter can read: unless the
 * starting profile allows it, the app gets ENOSYS while learning (and from
 * the learned profile), so libc falls back to clone, whose flags a rule can
 * check. */
static int clone3_enosys(struct sc_profile *p, struct scerr *e)
{
	int nr = SCMP_SYS(clone3);
	if (action_lets_run(&p->default_action) || lets_run_some(p, nr))
		return 0;
	size_t kept = 0;
	for (size_t i = 0; i < p->nrules; i++) {
		if (p->rules[i].nr != nr)
			p->rules[kept++] = p->rules[i];
	}
	p->nrules = kept;
	struct sc_rule rule = { .nr = nr, .action = { SC_ACT_ERRNO, ENOSYS } };
	return profile_add_rule(p, &rule, e);
}

static void watch(const char *name, uint8_t args, uint64_t mask)
{
	int nr = seccomp_syscall_resolve_name(name);
	for (unsigned i = 0; i < seen.nwatch; i++) {
		if (seen.watch[i].nr == nr) {
			seen.watch[i].args |= seen.watch[i].mask == UINT64_MAX ? args : 0;
			return;
		}
	}
	if (seen.nwatch == LEARN_WATCH)
		return; /* the rest are learned whole */
	struct learn_watch *w = &seen.watch[seen.nwatch++];
	*w = (struct learn_watch){ .nr = nr, .args = args, .mask = mask };
	for (int a = 0; a < SC_ARCH_FAMILY_N; a++) {
		int n = seccomp_syscall_resolve_name_arch(arch_family[a], name);
		w->arch_nr[a] = n < 0 ? -1 : n & ~(arch_family[a] == SCMP_ARCH_X32 ? SC_ARCH_X32_SYSCALL_BIT : 0);
	}
}

/* Docker's default checks the arguments of clone, personality and socket;
 * the starting profile may check others: their values are recorded. */
static void watch_conditioned(const struct sc_profile *p)
{
	watch("clone", 1, SC_CLONE_NAMESPACES);
	watch("personality", 1, UINT64_MAX);
	watch("socket", 1, UINT64_MAX);
	for (size_t i = 0; i < p->nrules; i++) {
		const struct sc_rule *r = &p->rules[i];
		uint8_t args = 0;
		for (unsigned c = 0; c < r->ncond; c++)
			args |= (uint8_t)(1u << r->cond[c].arg);
		char *name = args && action_lets_run(&r->action) ? seccomp_syscall_resolve_num_arch(SC_ARCH_NATIVE, r->nr)
								: NULL;
		if (name)
			watch(name, args, UINT64_MAX);
		free(name);
	}
}

/* SECCOMP_USER_NOTIF_FLAG_CONTINUE came with Linux 5.5 and API level 6 means
 * 5.7: without it every answer would have to be an emulation, so refuse
 * rather than block the app. */
int learn_prepare(struct sc_profile *p, const char *path, bool exec, const struct learn_output *out,
		  struct scerr *e)
{
	if (exec)
		return err_set(e, "learn mode needs scinit to stay as the supervisor: it cannot be combined with --exec");
	if (!path) {
		profile_free(p);
		if (profile_load_embedded(p, SC_SECTIONS_ALL, e) < 0)
			return -1;
	}
	unsigned api = seccomp_api_get();
	if (api < 6)
		return err_set(e, "learn mode needs seccomp user notification with SECCOMP_USER_NOTIF_FLAG_CONTINUE "
				  "(Linux 5.7 or later; libseccomp API level %u)", api);
	if (handover_blocked(p))
		return err_set(e, "%s: learn mode cannot start from a profile that allows by default and denies sendmsg "
				  "(scinit's own hand-over to the supervisor uses it): allow sendmsg, or start from an "
				  "empty profile", p->source);
	detect_outer_filter();
	watch_conditioned(p);
	if (clone3_enosys(p, e) < 0 || copy_start(p, e) < 0 || open_output(&p->setup, out, e) < 0 || keep_setup(path, e) < 0)
		return -1;
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, L.sock) < 0)
		return err_set(e, "cannot create a socket pair: %s", strerror(errno));
	return 0;
}

/* The program is exported here, before fork, so that the child's only call
 * between installing it and the hand-over is the hand-over: any other would
 * be notified to a supervisor that has no listener yet, and wait forever. */
static void learn_handover_init(void)
{
	handover.iov = (struct iovec){ &handover.byte, 1 };
	handover.msg = (struct msghdr){ .msg_iov = &handover.iov, .msg_iovlen = 1, .msg_control = handover.cmsg.buf,
					.msg_controllen = sizeof(handover.cmsg.buf) };
	handover.cmsg.h = (struct cmsghdr){ .cmsg_len = CMSG_LEN(sizeof(int)), .cmsg_level = SOL_SOCKET,
					    .cmsg_type = SCM_RIGHTS };
}

int learn_program(struct sc_filter *f, struct scerr *e)
{
	learn_handover_init();
	const struct scmp_arg_cmp mine[] = { eq(0, (scmp_datum_t)L.sock[1]), eq(1, (uintptr_t)&handover.msg),
					     eq(2, HANDOVER_FLAGS) };
	/* libseccomp takes no rule with the default action, but with a default
	 * that allows, a [deny] of sendmsg still has to be overruled: a logged
	 * allow does it. */
	uint32_t def = SCMP_ACT_KILL_PROCESS;
	seccomp_attr_get(f->ctx, SCMP_FLTATR_ACT_DEFAULT, &def);
	int rc = seccomp_rule_add_array(f->ctx, def == SCMP_ACT_ALLOW ? SCMP_ACT_LOG : SCMP_ACT_ALLOW,
					SCMP_SYS(sendmsg), 3, mine);
	if (rc < 0)
		return err_set(e, "cannot add the hand-over rule: %s", strerror(-rc));
	if (bpf_export(f->ctx, &f->prog, e) < 0)
		return -1;
	f->prog_owned = true;
	return 0;
}

int learn_load(const struct sc_filter *f, struct scerr *e)
{
	unsigned flags = SC_INSTALL_LISTENER | (f->nnp ? SC_INSTALL_NNP : 0) | (f->log ? SC_INSTALL_LOG : 0);
	int fd;
	if (filter_install(&f->prog, flags, &fd, "the learn-mode filter", e) < 0)
		return -1;
	memcpy(CMSG_DATA(&handover.cmsg.h), &fd, sizeof(fd));
	/* musl's sendmsg copies the header, so the address would not match */
	if (syscall(SYS_sendmsg, L.sock[1], &handover.msg, HANDOVER_FLAGS) != 1)
		_exit(EXIT_SCINIT_FAILURE);
	return 0;
}

static int allow_if(scmp_filter_ctx f, int nr, unsigned n, const struct scmp_arg_cmp *cmp)
{
	return seccomp_rule_add_array(f, SCMP_ACT_ALLOW, nr, n, cmp);
}

/* ppoll waits on the signalfd and the listener together, so a thread of the
 * app waiting for an answer never waits on a supervisor waiting for a
 * signal. Each output is created in the output's directory (its fd, fixed
 * flags), moved to a fixed fd number, written with pwrite and renamed into
 * place. Writing it allocates (libseccomp's names, stdio), so
 * anonymous read-write memory is allowed too; nothing can become
 * executable (mprotect only to read-write). */
int learn_confine(scmp_filter_ctx own, struct scerr *e)
{
	const scmp_datum_t rw = PROT_READ | PROT_WRITE, anon = MAP_PRIVATE | MAP_ANONYMOUS;
	const struct scmp_arg_cmp out_fd = eq(0, (scmp_datum_t)L.out_fd),
				  mmap_rw[] = { eq(2, rw), eq(3, anon) },
				  mmap_none[] = { eq(2, PROT_NONE), eq(3, anon) },
				  prot_rw = eq(2, rw), may_move = eq(3, MREMAP_MAYMOVE);
	const struct scmp_arg_cmp create[] = { eq(0, (scmp_datum_t)L.dir), eq(2, OUT_FLAGS) },
				  moved = eq(1, (scmp_datum_t)L.out_fd),
				  rename[] = { eq(0, (scmp_datum_t)L.dir), eq(2, (scmp_datum_t)L.dir), eq(4, 0) },
				  unlink[] = { eq(0, (scmp_datum_t)L.dir), eq(2, 0) };
	int rc = allow_if(own, SCMP_SYS(ppoll), 0, NULL);
	if (rc == 0 && L.out_fd >= 0)
		rc = allow_if(own, SCMP_SYS(pwrite64), 1, &out_fd);
	if (rc == 0 && L.out_fd >= 0)
		rc = allow_if(own, SCMP_SYS(openat), 2, create);
	if (rc == 0 && L.out_fd >= 0)
		rc = allow_if(own, SCMP_SYS(dup3), 1, &moved);
	if (rc == 0 && L.out_fd >= 0)
		rc = allow_if(own, SCMP_SYS(close), 0, NULL);
	if (rc == 0 && L.out_fd >= 0)
		rc = allow_if(own, SCMP_SYS(renameat2), 3, rename);
	if (rc == 0 && L.out_fd >= 0)
		rc = allow_if(own, SCMP_SYS(unlinkat), 2, unlink);
	if (rc == 0)
		rc = allow_if(own, SCMP_SYS(brk), 0, NULL);
	if (rc == 0)
		rc = allow_if(own, SCMP_SYS(mmap), 2, mmap_rw);
	if (rc == 0)
		rc = allow_if(own, SCMP_SYS(mmap), 2, mmap_none);
	if (rc == 0)
		rc = allow_if(own, SCMP_SYS(mprotect), 1, &prot_rw);
	if (rc == 0)
		rc = allow_if(own, SCMP_SYS(mremap), 1, &may_move);
	if (rc < 0)
		return err_set(e, "cannot build the supervisor's learn-mode rules: %s", strerror(-rc));
	return 0;
}

/* The request numbers are passed as unsigned long, as the filter compares
 * them (musl's ioctl takes an int, which would be sign-extended). */
static const unsigned long notif_recv = SECCOMP_IOCTL_NOTIF_RECV, notif_send = SECCOMP_IOCTL_NOTIF_SEND;

int learn_receive(scmp_filter_ctx own, struct scerr *e)
{
	union {
		struct cmsghdr h;
		char buf[CMSG_SPACE(sizeof(int))];
	} cmsg;
	char byte;
	struct iovec iov = { &byte, 1 };
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = cmsg.buf,
			      .msg_controllen = sizeof(cmsg.buf) };
	close(L.sock[1]); /* so that the child's exit reads as EOF */
	as_app(true); /* for good: the supervisor is about to drop CAP_SETUID */
	ssize_t n;
	do
		n = recvmsg(L.sock[0], &msg, MSG_CMSG_CLOEXEC);
	while (n < 0 && errno == EINTR);
	close(L.sock[0]);
	struct cmsghdr *c = n == 1 ? CMSG_FIRSTHDR(&msg) : NULL;
	if (!c || c->cmsg_type != SCM_RIGHTS || c->cmsg_len != CMSG_LEN(sizeof(int)))
		return n == 0 ? -1 : err_set(e, "the app's filter listener did not arrive");
	memcpy(&L.listener, CMSG_DATA(c), sizeof(int));
	/* Linux 6.6+: wake the supervisor on the caller's CPU, and the caller on
	 * the supervisor's, as a pipe handoff would; several times faster when
	 * the two would otherwise meet across CPUs. Older kernels: EINVAL, and
	 * the ordinary wake-ups. */
	syscall(SYS_ioctl, L.listener, (unsigned long)_IOW('!', 4, uint64_t), 1UL /* FD_SYNC_WAKE_UP */);
	const struct scmp_arg_cmp recv[] = { eq(0, (scmp_datum_t)L.listener),
					     eq(1, notif_recv) },
				  send[] = { eq(0, (scmp_datum_t)L.listener),
					     eq(1, notif_send) };
	int rc = allow_if(own, SCMP_SYS(ioctl), 2, recv);
	if (rc == 0)
		rc = allow_if(own, SCMP_SYS(ioctl), 2, send);
	if (rc < 0)
		return err_set(e, "cannot build the supervisor's learn-mode rules: %s", strerror(-rc));
	return 0;
}

/* A fixed table: no allocation and no search per call. */
static void record(uint32_t arch, int nr, const uint64_t *args)
{
	struct learn_table *t = &seen;
	arch = arch_of_call(arch, &nr);
	learn_watch_call(t, arch, nr, args);
	for (int s = 0; s < LEARN_ARCHES; s++) {
		if (!t->arch[s])
			t->arch[s] = arch;
		if (t->arch[s] != arch)
			continue;
		int slot = arch_nr_slot(arch, nr);
		if (slot >= 0)
			t->count[s][slot]++;
		else
			t->other++;
		return;
	}
	t->other++;
}

/* The report's state: enforce's program, and each (call, answer) seen.
 * Zero-initialised, like seen: in .data it would cost its size in the file. */
#define NOTES 1024 /* a power of two */
static struct {
	bool on;
	enum sc_mode mode; /* enforce or audit */
	struct sock_fprog enforce;
	struct note {
		uint32_t arch, ret;
		int nr;
		unsigned count;
	} note[NOTES];
	unsigned more; /* calls of (call, answer) pairs past the table */
} R;

static void describe(const struct note *n, char *buf, size_t len)
{
	char arch[24], act[32];
	int nr = n->nr;
	uint32_t token = arch_of_call(n->arch, &nr);
	char *name = arch_syscall_name(token, nr);
	uint32_t kind = n->ret & SECCOMP_RET_ACTION_FULL;
	struct sc_action a = { kind == SECCOMP_RET_ERRNO ? SC_ACT_ERRNO
			       : kind == SECCOMP_RET_TRAP ? SC_ACT_TRAP
			       : kind == SECCOMP_RET_LOG ? SC_ACT_LOG : SC_ACT_KILL_PROCESS,
			       (uint16_t)(n->ret & SECCOMP_RET_DATA) };
	snprintf(buf, len, "%s (%s): %s", name ? name : "?", arch_name(token, arch, sizeof(arch)),
		 action_name(&a, act, sizeof(act)));
	free(name);
}

static void note(uint32_t arch, int nr, uint32_t ret)
{
	uint32_t h = (arch * 2654435761u) ^ (uint32_t)nr * 40503u ^ ret;
	for (unsigned i = 0; i < NOTES / 2; i++) {
		struct note *n = &R.note[(h + i) & (NOTES - 1)];
		if (n->count && (n->arch != arch || n->nr != nr || n->ret != ret))
			continue;
		if (!n->count++) {
			char what[160];
			*n = (struct note){ arch, ret, nr, 1 };
			describe(n, what, sizeof(what));
			err_note("%s %s", R.mode == SC_MODE_ENFORCE ? "denied" : "audit: enforce mode would deny", what);
		}
		return;
	}
	R.more++;
}

static void report_answer(const struct seccomp_notif *req, struct seccomp_notif_resp *resp)
{
	uint32_t ret = bpf_run(&R.enforce, &req->data);
	note(req->data.arch, req->data.nr, ret);
	*resp = (struct seccomp_notif_resp){ .id = req->id, .flags = SECCOMP_USER_NOTIF_FLAG_CONTINUE };
	if (R.mode == SC_MODE_ENFORCE && (ret & SECCOMP_RET_ACTION_FULL) == SECCOMP_RET_ERRNO)
		*resp = (struct seccomp_notif_resp){ .id = req->id, .error = -(int)(ret & SECCOMP_RET_DATA) };
}

static void report_counts(void)
{
	unsigned kinds = 0, calls = R.more;
	for (unsigned i = 0; i < NOTES; i++)
		kinds += R.note[i].count > 0, calls += R.note[i].count;
	err_note("report: %s: %u calls, %u different", R.mode == SC_MODE_ENFORCE ? "denied" : "enforce mode would deny", calls,
	    kinds);
	for (unsigned i = 0; i < NOTES; i++) {
		if (R.note[i].count) {
			char what[160];
			describe(&R.note[i], what, sizeof(what));
			err_note("report: %u x %s", R.note[i].count, what);
		}
	}
	if (R.more)
		err_note("report: %u more calls, of kinds past the report's table", R.more);
}

/* A return enforce's program gives that the listener's program asks the
 * supervisor about instead. */
static bool reported(uint32_t ret, enum sc_mode mode)
{
	uint32_t kind = ret & SECCOMP_RET_ACTION_FULL;
	return mode == SC_MODE_ENFORCE ? kind == SECCOMP_RET_ERRNO : kind != SECCOMP_RET_ALLOW && kind != SECCOMP_RET_LOG;
}

/* The hand-over (learn_load's sendmsg, exactly) is allowed ahead of the
 * program, which cannot have a rule for it yet: libseccomp is not involved,
 * so that the embedded profile's precompiled program serves as it is. Jumps
 * are relative, so the program after the head is unchanged. Both targets
 * are little-endian: an argument's low half comes first. */
#define LD_W(off) BPF_STMT(BPF_LD | BPF_W | BPF_ABS, (off))
#define SKIP_UNLESS(k, n) BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (k), 0, (n))
#define ARG_LO(i) (offsetof(struct seccomp_data, args) + 8 * (i))
int report_program(struct sc_filter *f, enum sc_mode mode, struct scerr *e)
{
	if (seccomp_api_get() < 6)
		return err_set(e, "--report needs seccomp user notification with SECCOMP_USER_NOTIF_FLAG_CONTINUE "
				  "(Linux 5.7 or later)");
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, L.sock) < 0)
		return err_set(e, "cannot create a socket pair: %s", strerror(errno));
	learn_handover_init();
	uint64_t msg = (uintptr_t)&handover.msg;
	const struct sock_filter head[] = {
		LD_W(offsetof(struct seccomp_data, arch)), SKIP_UNLESS(SC_ARCH_NATIVE, 13),
		LD_W(offsetof(struct seccomp_data, nr)), SKIP_UNLESS(SCMP_SYS(sendmsg), 11),
		LD_W(ARG_LO(0)), SKIP_UNLESS((uint32_t)L.sock[1], 9),
		LD_W(ARG_LO(0) + 4), SKIP_UNLESS(0, 7),
		LD_W(ARG_LO(1)), SKIP_UNLESS((uint32_t)msg, 5),
		LD_W(ARG_LO(1) + 4), SKIP_UNLESS((uint32_t)(msg >> 32), 3),
		LD_W(ARG_LO(2)), SKIP_UNLESS(HANDOVER_FLAGS, 1),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	size_t n = sizeof(head) / sizeof(head[0]) + f->prog.len;
	struct sock_filter *prog = malloc(n * sizeof(*prog));
	if (!prog || n > BPF_MAXINSNS) {
		free(prog);
		return err_set(e, "cannot build the report's program: %s", prog ? "too long" : "out of memory");
	}
	memcpy(prog, head, sizeof(head));
	struct sock_filter *body = prog + sizeof(head) / sizeof(head[0]);
	memcpy(body, f->prog.filter, f->prog.len * sizeof(*prog));
	for (unsigned i = 0; i < f->prog.len; i++) {
		if (body[i].code == (BPF_RET | BPF_K) && reported(body[i].k, mode))
			body[i].k = SECCOMP_RET_USER_NOTIF;
	}
	/* enforce's program stays with the supervisor, which answers by it */
	R.on = true;
	R.mode = mode;
	R.enforce = f->prog;
	if (!f->prog_owned && !(R.enforce.filter = malloc(f->prog.len * sizeof(*prog)))) {
		free(prog);
		return err_set(e, "out of memory");
	}
	if (!f->prog_owned)
		memcpy(R.enforce.filter, f->prog.filter, f->prog.len * sizeof(*prog));
	f->prog = (struct sock_fprog){ (unsigned short)n, prog };
	f->prog_owned = true;
	f->mode = SC_MODE_LEARN; /* installed with a listener, handed over */
	return 0;
}

bool learn_reporting(void)
{
	return R.on;
}

/* One receive and one answer per call. The caller may be gone by then
 * (killed while waiting): both ioctls then fail with ENOENT, and its call
 * still counts, since it was made. */
static void answer(void)
{
	static struct seccomp_notif req;
	static struct seccomp_notif_resp resp;
	memset(&req, 0, sizeof(req)); /* the kernel refuses a dirty buffer */
	if (syscall(SYS_ioctl, L.listener, notif_recv, &req) < 0)
		return;
	if (R.on) {
		report_answer(&req, &resp);
		syscall(SYS_ioctl, L.listener, notif_send, &resp);
		return;
	}
	record(req.data.arch, req.data.nr, (const uint64_t *)req.data.args);
	resp = (struct seccomp_notif_resp){ .id = req.id, .flags = SECCOMP_USER_NOTIF_FLAG_CONTINUE };
	syscall(SYS_ioctl, L.listener, notif_send, &resp);
}

RESIDENT_CODE void learn_serve(int signal_fd)
{
	static struct pollfd fds[2] = { { .fd = -1 }, { .fd = -1 } };
	if (L.listener < 0)
		return;
	fds[0] = (struct pollfd){ .fd = signal_fd, .events = POLLIN };
	fds[1].events = POLLIN;
	if (fds[1].fd == -1)
		fds[1].fd = L.listener;
	for (;;) {
		if (ppoll(fds, 2, NULL, NULL) < 0) {
			if (errno == EINTR)
				continue;
			return; /* the loop's read then waits for a signal */
		}
		if (fds[1].revents & POLLIN)
			answer();
		else if (fds[1].revents) /* POLLHUP: no process uses the filter any more */
			fds[1].fd = -2;  /* ignored by ppoll, and not set again */
		if (fds[0].revents)
			return;
	}
}

static int write_all_at(int fd, const char *text, size_t len)
{
	for (size_t done = 0; done < len;) {
		ssize_t n = fd == STDERR_FILENO ? write(fd, text + done, len - done)
						: pwrite(fd, text + done, len - done, (off_t)done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		done += (size_t)n;
	}
	return 0;
}

/* A new file beside the output, renamed into place: a reader sees the old
 * profile or the new one, whole. */
static int write_out(const char *text, size_t len, struct scerr *e)
{
	if (L.out_fd < 0)
		return write_all_at(STDERR_FILENO, text, len) < 0 ? err_set(e, "cannot write the learned profile: %s",
									  strerror(errno))
								: 0;
	char tmp[PATH_MAX];
	int fd = -1;
	for (int tries = 0; fd < 0 && tries < 100; tries++) {
		if (temp_name(tmp, sizeof(tmp)) < 0)
			return err_set(e, "SCINIT_LEARN_OUT: '%s' is not a file name", L.path);
		/* musl's openat adds O_LARGEFILE, which the filter does not expect */
		fd = (int)syscall(SYS_openat, L.dir, tmp, OUT_FLAGS, 0644);
		if (fd < 0 && errno != EEXIST)
			break;
	}
	if (fd < 0)
		return err_set(e, "cannot create a file beside '%s': %s", L.path, strerror(errno));
	int rc = syscall(SYS_dup3, fd, L.out_fd, O_CLOEXEC) < 0 ? -1 : 0;
	int err = errno;
	close(fd);
	if (rc == 0 && write_all_at(L.out_fd, text, len) < 0)
		rc = -1, err = errno;
	if (rc == 0 && syscall(SYS_renameat2, L.dir, tmp, L.dir, L.base, 0) < 0)
		rc = -1, err = errno;
	if (rc < 0) {
		unlinkat(L.dir, tmp, 0);
		return err_set(e, "cannot write the learned profile to '%s': %s", L.path, strerror(err));
	}
	return 0;
}

int learn_write(struct scerr *e)
{
	if (R.on) {
		report_counts();
		return 0;
	}
	char *text;
	size_t len, n;
	if (learn_render(&start, L.setup_text, &seen, L.format, L.spo_name, &n, &text, &len, e) < 0)
		return -1;
	int rc = write_out(text, len, e);
	free(text);
	if (rc == 0 && L.path) {
		struct scerr ack;
		err_set(&ack, "learned profile written to %s (%zu syscalls seen)", L.path, n);
		err_print(&ack);
	}
	return rc;
}
