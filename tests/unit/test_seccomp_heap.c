/* shim/seccomp_heap.c: what libseccomp's renamed allocator promises it (an
 * allocation holds what was written to it until the heap is dropped; realloc
 * keeps the contents; outside an open heap it is musl's, here glibc's, malloc)
 * and that the app's filter is built in the heap, which filter_release drops
 * without a leak, while a syscall's name libseccomp hands out during the
 * build is still the caller's to free(). */
#include <seccomp.h>
#include <stdint.h>
#include <stdlib.h>

#include "seccomp_heap.h"
#include "unit.h"
#include "unit_filter.h"

static bool filled(const unsigned char *p, size_t n, unsigned char c)
{
	for (size_t i = 0; i < n; i++)
		if (p[i] != c)
			return false;
	return true;
}

static void closed_heap_is_malloc(void)
{
	char *p = seccomp_heap_malloc(100), *q = seccomp_heap_malloc(1);
	p = seccomp_heap_realloc(p, 5000); /* glibc's: ASan would catch a mix-up */
	unit_result(p && q, "closed heap: malloc and realloc are libc's", "ok", "NULL");
	seccomp_heap_free(p);
	seccomp_heap_free(q);
	seccomp_heap_free(NULL);
	unit_result(!seccomp_heap_holds(p) && !seccomp_heap_holds(q), "closed heap holds nothing", "false", "true");
}

static void open_heap(void)
{
	seccomp_heap_open();
	unsigned char *a = seccomp_heap_malloc(24), *b = seccomp_heap_malloc(1);
	memset(a, 'a', 24);
	*b = 'b';
	unit_result(((uintptr_t)a | (uintptr_t)b) % 16 == 0, "allocations are 16-byte aligned", "0", "misaligned");

	/* b is the newest: it grows where it is, and a stays intact. */
	unsigned char *b2 = seccomp_heap_realloc(b, 4000);
	unit_result(b2 == b && *b2 == 'b', "the newest allocation grows in place", "same pointer", "moved");
	memset(b2, 'b', 4000);
	unsigned char *a2 = seccomp_heap_realloc(a, 48);
	unit_result(a2 != a && filled(a2, 24, 'a'), "an older one moves with its contents", "copied", "lost");

	/* The move freed a: the next allocation of its size takes it. */
	unsigned char *d = seccomp_heap_malloc(20);
	unit_result(d == a, "a freed block serves the next allocation of its size", "reused", "not reused");
	memset(d, 'd', 20);

	/* Freeing the newest gives its room back. */
	seccomp_heap_free(a2);
	unsigned char *c = seccomp_heap_malloc(48);
	unit_result(c == a2, "freeing the newest gives its room back", "reused", "not reused");
	memset(c, 'c', 48);

	/* A freed block serves its own size only, and no other block moves. */
	seccomp_heap_free(d);
	unsigned char *e = seccomp_heap_malloc(100), *f = seccomp_heap_malloc(600);
	unit_result(e != d && f != d && filled(b2, 4000, 'b') && filled(c, 48, 'c'), "a freed block keeps to its size",
		    "others kept", "mixed up");
	memset(e, 'e', 100);
	seccomp_heap_free(f); /* the newest, and past the sizes kept: room given back */
	seccomp_heap_free(e); /* kept for its size */
	unit_result(seccomp_heap_malloc(600) == f && seccomp_heap_malloc(97) == e, "freed blocks come back by size",
		    "reused", "not reused");

	/* Past the first mapping: a new one, and the old ones stay. */
	unsigned char *big = seccomp_heap_malloc(1 << 20);
	unit_result(big != NULL, "an allocation larger than the first mapping", "allocated", "NULL");
	memset(big, 'x', 1 << 20);
	unit_result(filled(c, 48, 'c') && filled(b2, 4000, 'b'), "older mappings stay", "kept", "overwritten");
	unit_result(seccomp_heap_malloc(SIZE_MAX - 8) == NULL, "an impossible size", "NULL", "allocated");

	/* Closed, heap memory stays valid and moves out to libc's malloc. */
	seccomp_heap_close();
	unsigned char *out = seccomp_heap_realloc(b2, 8000);
	unit_result(out && filled(out, 4000, 'b'), "closed: realloc copies out of the heap", "copied", "lost");
	unit_result(!seccomp_heap_holds(out) && seccomp_heap_holds(big), "closed: the heap holds its own only", "true",
		    "false");
	free(out); /* libc's: ASan checks it */
	seccomp_heap_drop();
	unit_result(!seccomp_heap_holds(big), "dropped: the heap holds nothing", "false", "true");
}

/* The app's filter: built in the heap (libseccomp is renamed in this build
 * too), and filter_release leaves nothing behind for LeakSanitizer. */
static void filter_in_heap(void)
{
	static const char text[] = "[profile]\ndefault = errno:EPERM\narch = native\n"
				   "[allow]\nsyscalls = read write exit_group execve\n"
				   "[rules]\npersonality = allow if arg0 == 0\n";
	struct sc_profile p;
	struct scerr e;
	struct sc_filter f;
	int rc = unit_prepare(text, &p, &f, &e);
	unit_accepted("filter_prepare in the heap", rc, &e);
	if (rc == 0) {
		unit_result(f.prog.len > 0 && f.prog_owned, "the program is exported", "a program", "none");
		unit_result(seccomp_heap_holds(f.ctx), "libseccomp's filter is in the heap", "in the heap", "libc's");
		/* The heap is closed: this is libc's and leaves the filter be. */
		char *after = seccomp_heap_malloc(10);
		unit_result(!seccomp_heap_holds(after), "closed after the build", "libc's", "in the heap");
		free(after);
		const void *ctx = f.ctx;
		filter_release(&f);
		unit_result(!seccomp_heap_holds(ctx), "filter_release dropped the heap", "dropped", "still held");
	}
	profile_free(&p);
}

/* What libseccomp hands its caller is libc's even in an open heap. */
static void names_are_libc(void)
{
	seccomp_heap_open();
	char *name = seccomp_syscall_resolve_num_arch(SCMP_ARCH_X86_64, 39);
	unit_result(name && strcmp(name, "getpid") == 0 && !seccomp_heap_holds(name),
		    "open heap: a syscall's name is libc's", "getpid, libc's", name ? name : "NULL");
	free(name);
	seccomp_heap_drop();
}

/* A profile refused while its filter is built (filter.c names the syscall
 * with libseccomp's help): its message, and nothing left behind. */
static void refused_in_heap(void)
{
	static const char text[] = "[allow]\nsyscalls = read\n[rules]\nread = errno:EPERM if arg0 == 3\n";
	struct sc_profile p;
	struct scerr e;
	struct sc_filter f;
	int rc = unit_prepare(text, &p, &f, &e);
	unit_refused("refused in the heap", rc, &e,
		     "t.ini:4: 'read' is errno:EPERM here but allow unconditionally at line 2; one rule can never apply");
	profile_free(&p);
	char *after = seccomp_heap_malloc(10);
	unit_result(!seccomp_heap_holds(after), "refused: the heap is closed", "libc's", "in the heap");
	free(after);
}

int main(void)
{
	seccomp_api_set(3); /* ASan builds run unconfined; no probe needed */
	closed_heap_is_malloc();
	open_heap();
	filter_in_heap();
	names_are_libc();
	refused_in_heap();
	return unit_done();
}
