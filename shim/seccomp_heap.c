#include "seccomp_heap.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

/* Each mapping starts with this header; allocations follow, each after a
 * header of its own with its size, which realloc needs to copy. */
struct chunk {
	struct chunk *prev;
	size_t size, used;
};

struct block {
	size_t size;
	size_t align; /* keeps what follows 16-byte aligned, as malloc's */
};

#define ALIGNED(n) (((n) + 15) & ~(size_t)15)
/* Mappings are populated whole: on these machines one call that fills 80
 * pages takes 70 µs, touching them one by one 115 µs. A mapping of fixed
 * size (a larger one only for a larger request) bounds what is filled for
 * nothing at the end. */
#define CHUNK (64 * 1024)
/* Freed blocks of up to this size (libseccomp's rules, 224 bytes, and tree
 * nodes) are kept by size for the next allocation of the same size:
 * libseccomp copies every rule for each architecture and frees the copy
 * once added, and a page the heap does not have to touch is a page fault
 * saved (about 1.4 µs on the machines of docs/benchmarks.md). */
#define RECYCLED_MAX 256

static struct chunk *top;
static bool is_open;
static void *last; /* the newest allocation: it can grow or shrink in place */
static void *recycled[RECYCLED_MAX / 16 + 1]; /* by ALIGNED(size) / 16, linked through their first word */

void seccomp_heap_open(void)
{
	is_open = true;
}

void seccomp_heap_close(void)
{
	is_open = false;
}

void seccomp_heap_drop(void)
{
	while (top) {
		struct chunk *prev = top->prev;
		munmap(top, top->size);
		top = prev;
	}
	is_open = false;
	last = NULL;
	memset(recycled, 0, sizeof(recycled));
}

bool seccomp_heap_holds(const void *p)
{
	for (const struct chunk *c = top; c; c = c->prev)
		if ((uintptr_t)p - (uintptr_t)c < c->size)
			return true;
	return false;
}

static bool grow(size_t need)
{
	size_t size = need + ALIGNED(sizeof(struct chunk));
	size = size <= CHUNK ? CHUNK : (size + 4095) & ~(size_t)4095;
	struct chunk *c = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
	if (c == MAP_FAILED)
		return false;
	*c = (struct chunk){ .prev = top, .size = size, .used = ALIGNED(sizeof(struct chunk)) };
	top = c;
	return true;
}

static void *cut(size_t size)
{
	if (size > SIZE_MAX / 2)
		return NULL;
	if (ALIGNED(size) <= RECYCLED_MAX && recycled[ALIGNED(size) / 16]) {
		void **reused = recycled[ALIGNED(size) / 16];
		recycled[ALIGNED(size) / 16] = *reused;
		((struct block *)reused - 1)->size = size;
		return reused;
	}
	size_t need = sizeof(struct block) + ALIGNED(size);
	if ((!top || top->size - top->used < need) && !grow(need))
		return NULL;
	struct block *b = (struct block *)((char *)top + top->used);
	b->size = size;
	top->used += need;
	return last = b + 1;
}

void *seccomp_heap_malloc(size_t size)
{
	return is_open ? cut(size) : malloc(size);
}

void seccomp_heap_free(void *ptr)
{
	if (!ptr)
		return;
	if (!seccomp_heap_holds(ptr)) {
		free(ptr);
		return;
	}
	size_t size = ALIGNED(((struct block *)ptr - 1)->size);
	if (ptr == last) { /* a scratch allocation: give its room back */
		top->used -= sizeof(struct block) + size;
		last = NULL;
	} else if (size && size <= RECYCLED_MAX) {
		*(void **)ptr = recycled[size / 16];
		recycled[size / 16] = ptr;
	}
}

void *seccomp_heap_realloc(void *ptr, size_t size)
{
	if (!ptr)
		return seccomp_heap_malloc(size);
	if (!seccomp_heap_holds(ptr))
		return realloc(ptr, size);
	struct block *b = (struct block *)ptr - 1;
	if (is_open && ptr == last && size <= SIZE_MAX / 2 &&
	    top->size - ((char *)ptr - (char *)top) >= ALIGNED(size)) {
		top->used = (size_t)((char *)ptr - (char *)top) + ALIGNED(size);
		b->size = size;
		return ptr;
	}
	void *moved = seccomp_heap_malloc(size);
	if (moved) {
		memcpy(moved, ptr, b->size < size ? b->size : size);
		seccomp_heap_free(ptr);
	}
	return moved;
}
