/* Where libseccomp's memory comes from while it builds the app's filter.
 *
 * Building a filter makes thousands of small allocations and frees many of
 * them again; musl's malloc maps and unmaps a page for a size class each
 * time one empties (for 300 syscalls about 70 mmap and munmap calls and 100
 * page faults), and seccomp_release frees node by node what the build made.
 * While the heap is open, libseccomp's allocations are cut from a few
 * populated mappings; a freed block serves the next allocation of its size,
 * and the whole filter goes at once with seccomp_heap_drop.
 *
 * The Makefile renames libseccomp's malloc, realloc and free to the
 * functions below (objcopy --redefine-sym); outside an open heap they are
 * musl's. Not strdup: what libseccomp hands its caller (a syscall's name) is
 * musl's, for the caller to free(). A libseccomp that is not renamed (the
 * memcheck build links Debian's shared one) never reaches them: the heap
 * then holds none of its filters (seccomp_heap_holds). */
#ifndef SCINIT_SECCOMP_HEAP_H
#define SCINIT_SECCOMP_HEAP_H

#include <stdbool.h>
#include <stddef.h>

/* From now on, libseccomp's allocations come from the heap. */
void seccomp_heap_open(void);

/* From now on they are musl's again. What the heap holds stays valid. */
void seccomp_heap_close(void);

/* Whether p was allocated from the heap. */
bool seccomp_heap_holds(const void *p);

/* Closes the heap and unmaps it: everything libseccomp allocated while it
 * was open is gone, without seccomp_release. */
void seccomp_heap_drop(void);

void *seccomp_heap_malloc(size_t size);
void *seccomp_heap_realloc(void *ptr, size_t size);
void seccomp_heap_free(void *ptr);

#endif
