/* scinit decode [FILE]: reads kernel log text and prints the syscalls of its
 * seccomp records as an INI [allow] fragment, grouped by architecture.
 *
 * Recognised records (anything else is skipped, so mixed logs are fine):
 *   dmesg / journalctl -k   audit: type=1326 audit(T:N): ... arch=c000003e syscall=165 ... code=0x7ffc0000
 *   audit.log               type=SECCOMP msg=audit(T:N): ... arch=c000003e syscall=165 ...
 *   journalctl (auditd off) ... audit[PID]: SECCOMP auid=... arch=c000003e syscall=165 ...
 * The kernel reports AUDIT_ARCH_* values, which are libseccomp's arch tokens;
 * x32 calls come as arch=c000003e with the x32 bit in the number
 * (arch_of_call tells them apart).
 *
 * Without auditd the kernel rate-limits these lines and says so in lines of
 * their own; decode warns about them, because a list with holes is worse
 * than none when it becomes an allow list. */
#include "cmd/decode.h"

#include <errno.h>
#include <fcntl.h>
#include <seccomp.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/arch.h"
#include "common/error.h"

/* A seccomp record is about 300 bytes; longer lines are not records. The
 * total bound keeps a wrong input (a device, an endless pipe) finite. */
#define MAX_LINE 4096
#define MAX_INPUT (256ULL << 20)
#define SLOTS 4096 /* distinct (arch, syscall) pairs; a power of two */

struct seen {
	uint32_t arch; /* libseccomp token; 0: free slot */
	int nr;
	unsigned count;
	uint8_t actions; /* bit i: action_names[i] was seen */
	char *name;
};

/* --comm, --exe, --pid: keep one app's records out of a whole host's log. */
struct only {
	const char *comm, *exe;
	unsigned long long pid;
	bool by_pid;
};

struct decoder {
	struct only only;
	struct seen *slot;
	unsigned nseen, records, full;
	unsigned long long suppressed, lost;
	bool limits, truncated;
};

/* SECCOMP_RET_* values (code=) in the order of action_names. */
static const uint32_t action_codes[] = { 0x80000000u, 0x00000000u, 0x00030000u, 0x00050000u,
					  0x7fc00000u, 0x7ff00000u, 0x7ffc0000u };
static const char *const action_names[] = { "kill_process", "kill_thread", "trap", "errno",
					    "notify", "trace", "log" };

/* "KEY=" as a field of its own: at the start or after a space. Values with
 * spaces are hex-encoded by audit, so a field cannot hide inside one. */
static const char *field(const char *line, const char *key)
{
	size_t n = strlen(key);
	for (const char *p = strstr(line, key); p; p = strstr(p + 1, key)) {
		if (p == line || p[-1] == ' ')
			return p + n;
	}
	return NULL;
}

static bool number(const char *s, int base, unsigned long long max, unsigned long long *out)
{
	char *end;
	if (!s || !((*s >= '0' && *s <= '9') || (base == 16 && ((*s | 0x20) >= 'a' && (*s | 0x20) <= 'f'))))
		return false;
	errno = 0;
	unsigned long long v = strtoull(s, &end, base);
	if (errno || v > max || (*end && *end != ' ' && *end != '\n' && *end != '\x1d'))
		return false; /* \x1d: audit.log's separator before its enriched fields */
	*out = v;
	return true;
}

static void count(struct decoder *d, uint32_t arch, int nr, int action)
{
	uint32_t h = (arch * 2654435761u) ^ (uint32_t)nr * 40503u;
	for (unsigned i = 0; i < SLOTS; i++) {
		struct seen *s = &d->slot[(h + i) & (SLOTS - 1)];
		if (s->arch == arch && s->nr == nr) {
			s->count++;
			s->actions |= action >= 0 ? 1u << action : 0;
			return;
		}
		if (!s->arch) {
			if (d->nseen == SLOTS / 2) /* keep probe chains short */
				break;
			*s = (struct seen){ arch, nr, 1, action >= 0 ? 1u << action : 0, NULL };
			d->nseen++;
			return;
		}
	}
	d->full++;
}

static int hex_digit(char c)
{
	return c >= '0' && c <= '9' ? c - '0' : (c | 0x20) >= 'a' && (c | 0x20) <= 'f' ? (c | 0x20) - 'a' + 10 : -1;
}

/* Audit writes a value in quotes, or hex-encoded when it holds a quote, a
 * space or a control character. */
static bool value_is(const char *v, const char *want)
{
	if (!v)
		return false;
	if (*v == '"') {
		size_t n = strlen(want);
		return strncmp(v + 1, want, n) == 0 && v[1 + n] == '"';
	}
	for (; *want; want++, v += 2) {
		int hi = hex_digit(v[0]), lo = hi < 0 ? -1 : hex_digit(v[1]);
		if (lo < 0 || (char)(hi << 4 | lo) != *want)
			return false;
	}
	return hex_digit(*v) < 0;
}

static bool wanted(const struct only *o, const char *line)
{
	unsigned long long pid;
	return (!o->comm || value_is(field(line, "comm="), o->comm)) &&
	       (!o->exe || value_is(field(line, "exe="), o->exe)) &&
	       (!o->by_pid || (number(field(line, "pid="), 10, 1ULL << 32, &pid) && pid == o->pid));
}

static void record(struct decoder *d, const char *line)
{
	unsigned long long arch, nr, code;
	if (!wanted(&d->only, line))
		return;
	if (!number(field(line, "arch="), 16, 0xffffffffu, &arch) || !arch ||
	    !number(field(line, "syscall="), 10, 0x7fffffff, &nr))
		return;
	int action = -1;
	if (number(field(line, "code="), 16, 0xffffffffu, &code)) {
		for (unsigned i = 0; i < sizeof(action_codes) / sizeof(action_codes[0]); i++)
			action = (code & 0xffff0000u) == action_codes[i] ? (int)i : action;
	}
	int call = (int)nr;
	uint32_t abi = arch_of_call((uint32_t)arch, &call);
	d->records++;
	count(d, abi, call, action);
}

static bool is_seccomp_record(const char *line)
{
	const char *s = strstr(line, "SECCOMP ");
	return strstr(line, "type=1326 ") || strstr(line, "type=SECCOMP ") ||
	       (s && (s == line || (s >= line + 2 && s[-2] == ':' && s[-1] == ' ')));
}

/* The kernel's own notes that records went missing: printk rate limiting of
 * kauditd ("kauditd_printk_skb: N callbacks suppressed") and audit's
 * backlog and rate limits ("audit: audit_lost=N ...", "audit: rate limit
 * exceeded", "audit: backlog limit exceeded", "audit: kauditd hold queue
 * overflow", "audit: audit_backlog=N > audit_backlog_limit=N"). */
static void suppression(struct decoder *d, const char *line)
{
	unsigned long long n;
	const char *p = strstr(line, "kauditd_printk_skb: ");
	if (p && strstr(p, " callbacks suppressed") && number(p + 20, 10, 1ULL << 40, &n)) {
		d->suppressed += n;
		return;
	}
	if (!strstr(line, "audit: "))
		return;
	if (number(field(line, "audit_lost="), 10, 1ULL << 40, &n)) {
		d->lost = n > d->lost ? n : d->lost;
		return;
	}
	d->limits |= strstr(line, "rate limit exceeded") || strstr(line, "backlog limit exceeded") ||
		     strstr(line, "hold queue overflow") || strstr(line, "audit_backlog=");
}

static void decode_line(struct decoder *d, const char *line)
{
	if (is_seccomp_record(line))
		record(d, line);
	else
		suppression(d, line);
}

/* Lines longer than MAX_LINE are skipped whole; so is input past MAX_INPUT. */
static int read_input(struct decoder *d, int fd, const char *name, struct scerr *e)
{
	char buf[65536], line[MAX_LINE + 1];
	size_t len = 0;
	bool skipping = false;
	unsigned long long total = 0;
	for (;;) {
		ssize_t n = read(fd, buf, sizeof(buf));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return err_set(e, "%s: cannot read: %s", name, strerror(errno));
		if (n == 0)
			break;
		if ((total += (size_t)n) > MAX_INPUT) {
			d->truncated = true;
			break;
		}
		for (ssize_t i = 0; i < n; i++) {
			char c = buf[i];
			if (c == '\n') {
				line[len] = '\0';
				if (!skipping)
					decode_line(d, line);
				len = 0, skipping = false;
			} else if (len < MAX_LINE) {
				line[len++] = c ? c : ' ';
			} else {
				skipping = true;
			}
		}
	}
	line[len] = '\0';
	if (len && !skipping && !d->truncated)
		decode_line(d, line);
	return 0;
}

/* scinit's family first (x86_64, x86, x32); others by token; by name within
 * an arch. */
static int arch_rank(uint32_t arch)
{
	int i = arch_family_index(arch);
	return i >= 0 ? i : SC_ARCH_FAMILY_N;
}

static int by_arch_name(const void *a, const void *b)
{
	const struct seen *x = a, *y = b;
	if (arch_rank(x->arch) != arch_rank(y->arch))
		return arch_rank(x->arch) - arch_rank(y->arch);
	if (x->arch != y->arch)
		return x->arch < y->arch ? -1 : 1;
	if (!x->name || !y->name)
		return x->name ? -1 : y->name ? 1 : (x->nr > y->nr) - (x->nr < y->nr);
	return strcmp(x->name, y->name);
}

/* A name that an earlier arch already put in [allow] is a comment: the
 * profile's names apply to every arch it lists. */
static void print_entry(const struct seen *s, const char *arch, bool named)
{
	char acts[96] = "";
	for (unsigned i = 0; i < sizeof(action_names) / sizeof(action_names[0]); i++) {
		if (s->actions & 1u << i)
			snprintf(acts + strlen(acts), sizeof(acts) - strlen(acts), "%s%s", *acts ? ", " : ": ",
				 action_names[i]);
	}
	if (s->name)
		printf("%s%-*s ; %u record%s%s%s\n", named ? "; syscalls = " : "syscalls = ", named ? 20 : 22, s->name,
		       s->count, s->count == 1 ? "" : "s", acts, named ? " (named above)" : "");
	else
		printf("; %s syscall %d is unknown to libseccomp (%u record%s%s)\n", arch, s->nr, s->count,
		       s->count == 1 ? "" : "s", acts);
}

/* On stderr, and as a comment in the fragment when there is one. */
static void warn(const char *what, bool comment)
{
	err_warn("%s", what);
	if (comment)
		printf("; WARNING: %s\n", what);
}

static void print_warnings(const struct decoder *d, bool comment)
{
	char msg[300];
	if (d->suppressed || d->lost || d->limits) {
		int n = snprintf(msg, sizeof(msg), "the kernel dropped seccomp records (");
		if (d->suppressed)
			n += snprintf(msg + n, sizeof(msg) - (size_t)n, "%llu suppressed by rate limiting; ", d->suppressed);
		if (d->lost)
			n += snprintf(msg + n, sizeof(msg) - (size_t)n, "audit_lost=%llu; ", d->lost);
		if (d->limits)
			n += snprintf(msg + n, sizeof(msg) - (size_t)n, "audit limits exceeded; ");
		snprintf(msg + n - 2, sizeof(msg) - (size_t)n + 2, "): syscalls may be missing from this list");
		warn(msg, comment);
	}
	if (d->full) {
		snprintf(msg, sizeof(msg), "more than %d distinct syscalls: %u records were not counted", SLOTS / 2,
			 d->full);
		warn(msg, comment);
	}
	if (d->truncated) {
		snprintf(msg, sizeof(msg), "input longer than %llu MiB: the rest was not read", MAX_INPUT >> 20);
		warn(msg, comment);
	}
}

static void print_fragment(struct decoder *d)
{
	struct seen *list = d->slot;
	unsigned n = 0;
	bool foreign = false;
	for (unsigned i = 0; i < SLOTS; i++) {
		if (d->slot[i].arch)
			list[n++] = d->slot[i]; /* compacting in place: n <= i */
	}
	for (unsigned i = 0; i < n; i++) {
		list[i].name = arch_syscall_name(list[i].arch, list[i].nr);
		foreign |= list[i].arch != SC_ARCH_NATIVE;
	}
	qsort(list, n, sizeof(*list), by_arch_name);
	printf("; scinit decode: %u seccomp record%s, %u syscall%s\n", d->records, d->records == 1 ? "" : "s", n,
	       n == 1 ? "" : "s");
	print_warnings(d, true);
	if (foreign)
		printf("; calls of another ABI reach these rules only if [profile] arch lists it (e.g. arch = %s "
		       "%s);\n; scinit kills calls of unlisted ABIs\n", arch_family_names[0], arch_family_names[1]);
	puts("[allow]");
	char buf[32];
	for (unsigned i = 0; i < n; i++) {
		const char *arch = arch_name(list[i].arch, buf, sizeof(buf));
		if (i == 0 || list[i].arch != list[i - 1].arch) {
			unsigned k = i;
			while (k < n && list[k].arch == list[i].arch)
				k++;
			printf("; %s: %u syscall%s\n", arch, k - i, k - i == 1 ? "" : "s");
		}
		bool named = false;
		for (unsigned j = 0; j < i && list[i].name && !named; j++)
			named = list[j].name && strcmp(list[j].name, list[i].name) == 0;
		print_entry(&list[i], arch, named);
	}
	for (unsigned i = 0; i < n; i++)
		free(list[i].name);
}

static int usage(void)
{
	fputs("usage: scinit decode [--comm NAME] [--exe PATH] [--pid N] [FILE]\n"
	      "Prints the syscalls of the seccomp records in kernel log text (dmesg, journalctl -k,\n"
	      "audit.log; FILE or stdin) as a profile [allow] fragment. --comm, --exe and --pid keep\n"
	      "only the records of one app (all that are given must match).\n",
	      stderr);
	return EXIT_SCINIT_FAILURE;
}

/* The options, then at most one FILE. Returns the FILE's index or -1. */
static int parse_only(int argc, char **argv, struct only *o)
{
	int i = 1;
	for (; i + 1 < argc && argv[i][0] == '-' && argv[i][1] == '-' && argv[i][2]; i += 2) {
		char *end;
		if (strcmp(argv[i], "--comm") == 0 && !o->comm)
			o->comm = argv[i + 1];
		else if (strcmp(argv[i], "--exe") == 0 && !o->exe)
			o->exe = argv[i + 1];
		else if (strcmp(argv[i], "--pid") == 0 && !o->by_pid && argv[i + 1][0] >= '0' &&
			 argv[i + 1][0] <= '9' && (o->pid = strtoull(argv[i + 1], &end, 10), !*end))
			o->by_pid = true;
		else
			return -1;
	}
	if (i < argc && argv[i][0] == '-' && argv[i][1])
		return -1;
	return argc - i > 1 ? -1 : i;
}

int command_decode(int argc, char **argv)
{
	struct scerr e;
	struct only only = { 0 };
	int at = parse_only(argc, argv, &only);
	if (at < 0)
		return usage();
	const char *name = at < argc && strcmp(argv[at], "-") ? argv[at] : "<stdin>";
	int fd = at < argc && name == argv[at] ? open(name, O_RDONLY | O_CLOEXEC | O_NOCTTY) : STDIN_FILENO;
	if (fd < 0) {
		err_set(&e, "%s: cannot open: %s", name, strerror(errno));
		err_print(&e);
		return EXIT_SCINIT_FAILURE;
	}
	struct decoder d = { .only = only, .slot = calloc(SLOTS, sizeof(struct seen)) };
	if (!d.slot) {
		err_set(&e, "out of memory");
		err_print(&e);
		return EXIT_SCINIT_FAILURE;
	}
	int rc = read_input(&d, fd, name, &e);
	if (fd != STDIN_FILENO)
		close(fd);
	if (rc == 0 && d.records)
		print_fragment(&d);
	free(d.slot);
	if (rc < 0) {
		err_print(&e);
		return EXIT_SCINIT_FAILURE;
	}
	if (!d.records) {
		err_set(&e, "%s: no seccomp records found%s", name,
			only.comm || only.exe || only.by_pid ? " for the given --comm/--exe/--pid" : "");
		err_print(&e);
		print_warnings(&d, false);
		return 1;
	}
	return fflush(stdout) == 0 ? 0 : EXIT_SCINIT_FAILURE;
}
