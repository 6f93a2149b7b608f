#include "init/learn.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/seccomp.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "common/arch.h"
#include "common/input.h"
#include "common/values.h"
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
	bool json;
	int out_fd; /* -1: stderr */
	int sock[2];
	int listener;
	char *setup_text;
} L = { .out_fd = -1, .sock = { -1, -1 }, .listener = -1 };

/* Apart from L: zero-initialised, so it costs neither file size nor memory
 * until learn mode touches it (in L's .data it was 44 kB of both). */
static struct learn_table seen;
static struct sc_profile start; /* the starting profile; the rules are a copy */

/* Opened here, before anything runs, so that a path the app could never be
 * learned into fails now (125), not after a long run. Not truncated: an
 * earlier profile survives a run that fails to start. */
static int open_output(struct scerr *e)
{
	const char *path, *format;
	if (env_value("SCINIT_LEARN_OUT", &path, e) < 0 || env_value("SCINIT_LEARN_FORMAT", &format, e) < 0)
		return -1;
	if (format && strcmp(format, "ini") != 0 && strcmp(format, "json") != 0)
		return err_set(e, "SCINIT_LEARN_FORMAT: expected ini or json, got '%s'", format);
	L.json = format && strcmp(format, "json") == 0;
	if (!path)
		return 0;
	/* O_NONBLOCK: a FIFO with no reader fails (ENXIO) instead of hanging the
	 * container's start; anything but a regular file is refused below. */
	L.out_fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC | O_NOCTTY | O_NONBLOCK, 0644);
	if (L.out_fd < 0)
		return err_set(e, "SCINIT_LEARN_OUT: cannot open '%s' for writing: %s", path, strerror(errno));
	struct stat st;
	if (fstat(L.out_fd, &st) < 0 || !S_ISREG(st.st_mode))
		return err_set(e, "SCINIT_LEARN_OUT: '%s' is not a regular file (leave SCINIT_LEARN_OUT unset for stderr)",
			       path);
	return 0;
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

/* SECCOMP_USER_NOTIF_FLAG_CONTINUE came with Linux 5.5 and API level 6 means
 * 5.7: without it every answer would have to be an emulation, so refuse
 * rather than block the app. */
int learn_prepare(struct sc_profile *p, const char *path, bool exec, struct scerr *e)
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
	if (open_output(e) < 0 || copy_start(p, e) < 0 || keep_setup(path, e) < 0)
		return -1;
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, L.sock) < 0)
		return err_set(e, "cannot create a socket pair: %s", strerror(errno));
	return 0;
}

/* The program is exported here, before fork, so that the child's only call
 * between installing it and the hand-over is the hand-over: any other would
 * be notified to a supervisor that has no listener yet, and wait forever. */
int learn_program(struct sc_filter *f, struct scerr *e)
{
	handover.iov = (struct iovec){ &handover.byte, 1 };
	handover.msg = (struct msghdr){ .msg_iov = &handover.iov, .msg_iovlen = 1, .msg_control = handover.cmsg.buf,
					.msg_controllen = sizeof(handover.cmsg.buf) };
	handover.cmsg.h = (struct cmsghdr){ .cmsg_len = CMSG_LEN(sizeof(int)), .cmsg_level = SOL_SOCKET,
					    .cmsg_type = SCM_RIGHTS };
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
 * signal. The output is written with pwrite and ftruncate on its own fd,
 * never opened again. Writing it allocates (libseccomp's names, stdio), so
 * anonymous read-write memory is allowed too; nothing can become
 * executable (mprotect only to read-write). */
int learn_confine(scmp_filter_ctx own, struct scerr *e)
{
	const scmp_datum_t rw = PROT_READ | PROT_WRITE, anon = MAP_PRIVATE | MAP_ANONYMOUS;
	const struct scmp_arg_cmp out_fd = eq(0, (scmp_datum_t)L.out_fd),
				  mmap_rw[] = { eq(2, rw), eq(3, anon) },
				  mmap_none[] = { eq(2, PROT_NONE), eq(3, anon) },
				  prot_rw = eq(2, rw), may_move = eq(3, MREMAP_MAYMOVE);
	int rc = allow_if(own, SCMP_SYS(ppoll), 0, NULL);
	if (rc == 0 && L.out_fd >= 0)
		rc = allow_if(own, SCMP_SYS(pwrite64), 1, &out_fd);
	if (rc == 0 && L.out_fd >= 0)
		rc = allow_if(own, SCMP_SYS(ftruncate), 1, &out_fd);
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
static void record(uint32_t arch, int nr)
{
	struct learn_table *t = &seen;
	arch = arch_of_call(arch, &nr);
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
	record(req.data.arch, req.data.nr);
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

static int write_out(const char *text, size_t len)
{
	for (size_t done = 0; done < len;) {
		ssize_t n = L.out_fd < 0 ? write(STDERR_FILENO, text + done, len - done)
					 : pwrite(L.out_fd, text + done, len - done, (off_t)done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		done += (size_t)n;
	}
	return L.out_fd < 0 ? 0 : ftruncate(L.out_fd, (off_t)len);
}

int learn_write(struct scerr *e)
{
	char *text;
	size_t len;
	if (learn_render(&start, L.setup_text, &seen, L.json, &text, &len, e) < 0)
		return -1;
	int rc = write_out(text, len);
	free(text);
	if (rc < 0)
		return err_set(e, "cannot write the learned profile: %s", strerror(errno));
	return 0;
}
