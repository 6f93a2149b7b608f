/* `scinit decode` (shim/decode.c) under the sanitizers: the fixtures give
 * their exact fragments, and hostile log text (long lines, NUL bytes, numbers
 * out of range, more syscalls than it counts) is decoded without a memory
 * error. Its only entry point is the command, so input goes in by file and
 * the fragment comes back from a file standing in for stdout. */
#include <glob.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include "cmd/decode.h"
#include "unit.h"

/* Runs decode on the bytes given; returns its exit status, *out its stdout. */
static int decode(const char *text, size_t len, char **out)
{
	int in = memfd_create("in", MFD_CLOEXEC), o = memfd_create("out", MFD_CLOEXEC);
	char path[64];
	if (in < 0 || o < 0 || write(in, text, len) != (ssize_t)len)
		abort();
	snprintf(path, sizeof(path), "/proc/self/fd/%d", in);
	fflush(stdout);
	int saved = dup(STDOUT_FILENO);
	dup2(o, STDOUT_FILENO);
	char *argv[] = { "decode", path, NULL };
	int rc = command_decode(2, argv);
	fflush(stdout);
	dup2(saved, STDOUT_FILENO);
	close(saved);
	off_t n = lseek(o, 0, SEEK_END);
	*out = calloc(1, (size_t)n + 1);
	if (pread(o, *out, (size_t)n, 0) != n)
		abort();
	close(in), close(o);
	return rc;
}

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *text = NULL;
	if (!f || getdelim(&text, len, '\0', f) < 0)
		abort();
	*len = strlen(text);
	fclose(f);
	return text;
}

static void fixtures(void)
{
	glob_t g;
	if (glob("tests/fixtures/decode/*.log", 0, NULL, &g) != 0 || g.gl_pathc == 0) {
		unit_result(false, "decode fixtures", "tests/fixtures/decode/*.log", "none found (run from the top)");
		return;
	}
	for (size_t i = 0; i < g.gl_pathc; i++) {
		char want_path[4096], name[300], *out;
		size_t len, want_len;
		snprintf(want_path, sizeof(want_path), "%.*s.out", (int)strlen(g.gl_pathv[i]) - 4, g.gl_pathv[i]);
		char *log = slurp(g.gl_pathv[i], &len), *want = slurp(want_path, &want_len);
		int rc = decode(log, len, &out);
		snprintf(name, sizeof(name), "decode %s: its fragment", g.gl_pathv[i]);
		unit_result(rc == 0 && strcmp(out, want) == 0, name, want_path, rc == 0 ? "a different fragment" : "an error");
		free(log), free(want), free(out);
	}
	globfree(&g);
}

#define REC "audit: type=1326 audit(1.1:1): auid=0 uid=0 pid=1 comm=\"a\" sig=0 arch=c000003e "

struct row {
	const char *name;
	const char *text;
	size_t len;
	int rc;
	const char *line; /* the fragment holds this line, when not NULL */
};

#define T(s) s, sizeof(s) - 1

static const struct row rows[] = {
	{ "one record", T(REC "syscall=39 compat=0 ip=0x1 code=0x50000\n"), 0, "syscalls = getpid " },
	{ "no records", T("hello\n"), 1, NULL },
	{ "empty", T(""), 1, NULL },
	{ "NUL bytes inside a record", T(REC "syscall=39\0 code=0x50000\n"), 0, "syscalls = getpid " },
	{ "syscall 2^31", T(REC "syscall=2147483648 code=0x50000\n"), 1, NULL },
	{ "syscall 2^64", T(REC "syscall=18446744073709551616 code=0x50000\n"), 1, NULL },
	{ "syscall -1", T(REC "syscall=-1 code=0x50000\n"), 1, NULL },
	{ "syscall unknown to libseccomp", T(REC "syscall=999999 code=0x50000\n"), 0,
	  "; x86_64 syscall 999999 is unknown to libseccomp (1 record: errno)" },
	{ "syscall 2^31-1 (the x32 bit set)", T(REC "syscall=2147483647 code=0x50000\n"), 0,
	  "; x32 syscall 1073741823 is unknown to libseccomp (1 record: errno)" },
	{ "arch 0", T("audit: type=1326 arch=0 syscall=39\n"), 1, NULL },
	{ "arch 2^32", T("audit: type=1326 arch=100000000 syscall=39\n"), 1, NULL },
	{ "arch unknown", T("audit: type=1326 arch=deadbeef syscall=39\n"), 0, NULL },
	{ "x32 bit", T(REC "syscall=1073741863 code=0x7ffc0000\n"), 0, NULL },
	{ "code 2^64", T(REC "syscall=39 code=0x10000000000000000\n"), 0, "syscalls = getpid " },
	{ "suppressed 2^64", T("kauditd_printk_skb: 18446744073709551616 callbacks suppressed\n" REC "syscall=39\n"), 0, NULL },
};

static void hostile(void)
{
	for (size_t i = 0; i < UNIT_N(rows); i++) {
		char name[160], *out;
		int rc = decode(rows[i].text, rows[i].len, &out);
		snprintf(name, sizeof(name), "decode: %s", rows[i].name);
		bool ok = rc == rows[i].rc && (!rows[i].line || strstr(out, rows[i].line));
		unit_result(ok, name, rows[i].line ? rows[i].line : "its exit status", out);
		free(out);
	}

	/* A 1 MiB line, then a record: the long line is skipped whole. */
	size_t n = 1 << 20;
	char *text = malloc(n + 200), *out;
	memset(text, 'x', n);
	memcpy(text, REC, strlen(REC));
	strcpy(text + n, "\n" REC "syscall=39\n");
	int rc = decode(text, strlen(text), &out);
	unit_result(rc == 0 && strstr(out, "1 seccomp record,"), "decode: a 1 MiB line is skipped, the next record read",
		    "1 seccomp record", out);
	free(out);

	/* More distinct syscalls than decode counts: bounded, and said. */
	size_t at = 0;
	text = realloc(text, 5000 * 120);
	for (int nr = 0; nr < 5000; nr++)
		at += (size_t)sprintf(text + at, REC "syscall=%d\n", 100000 + nr);
	rc = decode(text, at, &out);
	unit_result(rc == 0 && strstr(out, "; WARNING: more than 2048 distinct syscalls"), "decode: 5,000 distinct syscalls",
		    "the warning", out);
	free(out);
	free(text);
}

int main(void)
{
	fixtures();
	hostile();
	return unit_done();
}
