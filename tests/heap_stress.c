/* tests/t_heap.sh: shim/common/heap.c under a random workload of malloc,
 * calloc, realloc and free, linked against heap.o as scinit is. Every block
 * is filled with a byte of its own and checked before it is resized or
 * freed, so an overlap or a lost copy shows as a wrong byte. Prints one
 * "ok NAME" or "FAIL NAME: why" line per property; exits 1 on a failure. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#define SLOTS 2048

static struct {
	unsigned char *p;
	size_t n;
	unsigned char fill;
} slot[SLOTS];
static uint64_t rng = 0x9e3779b97f4a7c15ULL;
static int failed;
static int small_only;

static uint64_t next(void)
{
	rng ^= rng << 13, rng ^= rng >> 7, rng ^= rng << 17;
	return rng;
}

/* Mostly small blocks, as libseccomp's; some past the largest class. */
static size_t pick_size(void)
{
	uint64_t r = next() % 100;
	if (small_only)
		return r < 70 ? next() % 256 : next() % 32000;
	return r < 70 ? next() % 256 : r < 95 ? next() % 40000 : 32768 + next() % 300000;
}

static void report(const char *name, int ok, const char *why)
{
	if (ok) {
		printf("ok %s\n", name);
	} else {
		printf("FAIL %s: %s\n", name, why);
		failed = 1;
	}
}

static int intact(int i)
{
	for (size_t k = 0; k < slot[i].n; k++)
		if (slot[i].p[k] != slot[i].fill)
			return 0;
	return 1;
}

static long faults(void)
{
	struct rusage u;
	getrusage(RUSAGE_SELF, &u);
	return u.ru_minflt;
}

/* One round of operations; returns 0 when a check failed. */
static int round_of(int ops)
{
	for (int op = 0; op < ops; op++) {
		int i = (int)(next() % SLOTS);
		if (slot[i].p && !intact(i))
			return report("contents", 0, "a block's bytes changed while it was allocated"), 0;
		uint64_t what = next() % 4;
		size_t n = pick_size();
		if (what == 0 && slot[i].p) {
			free(slot[i].p);
			slot[i].p = NULL;
			continue;
		}
		if (what == 1 && slot[i].p) {
			unsigned char *q = realloc(slot[i].p, n);
			if (!q)
				return report("realloc", 0, "returned NULL"), 0;
			size_t kept = n < slot[i].n ? n : slot[i].n;
			for (size_t k = 0; k < kept; k++)
				if (q[k] != slot[i].fill)
					return report("realloc", 0, "the old contents were not kept"), 0;
			slot[i].p = q;
		} else {
			free(slot[i].p);
			if (what == 2) {
				slot[i].p = calloc(1, n);
				for (size_t k = 0; slot[i].p && k < n; k++)
					if (slot[i].p[k])
						return report("calloc", 0, "a block was not zeroed"), 0;
			} else {
				slot[i].p = malloc(n);
			}
			if (!slot[i].p)
				return report("malloc", 0, "returned NULL"), 0;
		}
		if ((uintptr_t)slot[i].p % 16)
			return report("alignment", 0, "a block is not 16-byte aligned"), 0;
		slot[i].n = n;
		slot[i].fill = (unsigned char)next();
		memset(slot[i].p, slot[i].fill, n);
	}
	return 1;
}

static void free_all(void)
{
	for (int i = 0; i < SLOTS; i++) {
		free(slot[i].p);
		slot[i].p = NULL;
	}
}

int main(void)
{
	/* First, on a fresh heap: freed blocks are handed out again, so the same
	 * workload a second time maps almost no new pages. Blocks within the
	 * largest class only: larger ones get a mapping of their own each time. */
	small_only = 1;
	uint64_t seed = rng;
	long before = faults();
	round_of(20000);
	free_all();
	long first = faults() - before;
	rng = seed;
	before = faults();
	round_of(20000);
	free_all();
	long second = faults() - before;
	char why[128];
	snprintf(why, sizeof(why), "the second run faulted %ld pages, the first %ld", second, first);
	report("reuse", first > 0 && second * 10 < first, why);
	small_only = 0;

	if (round_of(60000))
		report("contents, realloc, calloc, alignment", 1, NULL);
	free_all();

	volatile size_t huge = SIZE_MAX - 8, half = SIZE_MAX / 2; /* opaque to the compiler's own checks */
	errno = 0;
	void *p = malloc(huge);
	report("malloc(SIZE_MAX - 8) is NULL with ENOMEM", !p && errno == ENOMEM, "it was not");
	errno = 0;
	p = calloc(half, 3);
	report("calloc overflow is NULL with ENOMEM", !p && errno == ENOMEM, "it was not");
	free(NULL);
	p = malloc(0);
	report("malloc(0) is a block of its own", p != NULL && p != malloc(0), "it was not");
	return failed;
}
