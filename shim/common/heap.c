/* scinit's malloc, in place of musl's mallocng for the whole binary.
 *
 * Building a filter with libseccomp allocates and frees thousands of small
 * blocks. mallocng gives each group of blocks back to the kernel as soon as
 * it empties, so every build maps, touches and unmaps hundreds of pages, and
 * a page fault costs far more than a system call, most of all in a virtual
 * machine.
 * scinit's processes either exec soon (the app's side) or allocate little
 * and keep it (the supervisor), so giving memory back buys nothing: freed
 * blocks go on a list per size class and are handed out again, and the pages
 * stay mapped until exec or exit. make bench counts the faults (startcost).
 *
 * What it gives up: mallocng's out-of-band metadata and its checks for
 * double frees and overruns. The readers that run on this heap (profiles,
 * passwd and group files, decode's input) are unit-tested, and the profile
 * and decode readers fuzzed, under AddressSanitizer with glibc's malloc
 * instead (tests/unit, tests/fuzz, mk/host.mk).
 *
 * Single-threaded by design: scinit starts no threads and allocates in no
 * signal handler. A static link takes these definitions instead of libc.a's
 * allocator members; tests/t_heap.sh checks, in the link map, that none of
 * them is linked beside these (musl's aligned_alloc, say, would hand this
 * free() a block it did not make), and runs tests/heap_stress.c. */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#define HEADER 16 /* keeps every block 16-byte aligned, as malloc must */
#define MIN_SHIFT 4
#define CLASSES 12 /* 16 B .. 32 KiB; larger blocks get a mapping each */
#define LARGEST ((size_t)1 << (CLASSES - 1 + MIN_SHIFT))
#define CHUNK (256 * 1024)
#define HUGE_CHUNK (2 * 1024 * 1024)

struct header {
	size_t size; /* usable bytes: the class's size, or the mapping's */
	size_t mapped; /* 0 for a class block, else the mapping's length */
};

static void *free_list[CLASSES];
static char *bump, *bump_end;

static int class_of(size_t n)
{
	int c = 0;
	while (((size_t)1 << (c + MIN_SHIFT)) < n)
		c++;
	return c;
}

/* The first chunk is small: the supervisor and the embedded profile's start
 * need little. A heap that outgrows it is building a filter at run time, and
 * gets huge-page-aligned chunks the kernel may back with one huge page each
 * (where transparent huge pages are on for madvise): one fault instead of
 * hundreds. */
static void *new_chunk(size_t *len)
{
	static bool grown;
	if (!grown) {
		grown = true;
		*len = CHUNK;
		void *m = mmap(NULL, CHUNK, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		return m == MAP_FAILED ? NULL : m;
	}
	char *m = mmap(NULL, 2 * HUGE_CHUNK, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (m == MAP_FAILED)
		return NULL;
	char *aligned = (char *)(((uintptr_t)m + HUGE_CHUNK - 1) & ~(uintptr_t)(HUGE_CHUNK - 1));
	if (aligned > m)
		munmap(m, (size_t)(aligned - m));
	if (aligned + HUGE_CHUNK < m + 2 * HUGE_CHUNK)
		munmap(aligned + HUGE_CHUNK, (size_t)(m + 2 * HUGE_CHUNK - (aligned + HUGE_CHUNK)));
	madvise(aligned, HUGE_CHUNK, MADV_HUGEPAGE); /* a hint: without it, ordinary pages */
	*len = HUGE_CHUNK;
	return aligned;
}

static void *carve(size_t total)
{
	if ((size_t)(bump_end - bump) < total) {
		size_t len;
		char *m = new_chunk(&len);
		if (!m)
			return NULL;
		bump = m, bump_end = bump + len; /* the old chunk's tail is left unused */
	}
	void *p = bump;
	bump += total;
	return p;
}

void *malloc(size_t n)
{
	struct header *h;
	if (n > LARGEST) {
		if (n > SIZE_MAX / 2) {
			errno = ENOMEM;
			return NULL;
		}
		size_t len = (n + HEADER + 4095) & ~(size_t)4095;
		void *m = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (m == MAP_FAILED) {
			errno = ENOMEM;
			return NULL;
		}
		h = m;
		h->size = len - HEADER, h->mapped = len;
		return (char *)h + HEADER;
	}
	int c = class_of(n);
	if (free_list[c]) {
		void *p = free_list[c];
		memcpy(&free_list[c], p, sizeof(void *));
		return p;
	}
	size_t size = (size_t)1 << (c + MIN_SHIFT);
	h = carve(HEADER + size);
	if (!h) {
		errno = ENOMEM;
		return NULL;
	}
	h->size = size, h->mapped = 0;
	return (char *)h + HEADER;
}

void free(void *p)
{
	if (!p)
		return;
	struct header *h = (struct header *)((char *)p - HEADER);
	if (h->mapped) {
		munmap(h, h->mapped);
		return;
	}
	int c = class_of(h->size);
	memcpy(p, &free_list[c], sizeof(void *));
	free_list[c] = p;
}

void *calloc(size_t count, size_t size)
{
	if (size && count > SIZE_MAX / size) {
		errno = ENOMEM;
		return NULL;
	}
	void *p = malloc(count * size);
	/* A block of its own mapping is fresh from the kernel, zeroed already. */
	if (p && count * size <= LARGEST)
		memset(p, 0, count * size);
	return p;
}

void *realloc(void *p, size_t n)
{
	if (!p)
		return malloc(n);
	struct header *h = (struct header *)((char *)p - HEADER);
	if (n <= h->size)
		return p;
	void *q = malloc(n);
	if (q) {
		memcpy(q, p, h->size);
		free(p);
	}
	return q;
}
