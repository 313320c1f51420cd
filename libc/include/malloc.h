/*
 * The allocator's full interface (glibc-compatible), implemented in
 * libc/malloc*.c: the standard calls plus tuning and statistics.
 */
#ifndef _MALLOC_H
#define _MALLOC_H

#include <stddef.h>

void *malloc(size_t size);
void free(void *p);
void *calloc(size_t n, size_t size);
void *realloc(void *p, size_t size);
void *reallocarray(void *p, size_t n, size_t size);
void *memalign(size_t align, size_t size);
void *valloc(size_t size);
void *pvalloc(size_t size);
void *aligned_alloc(size_t align, size_t size);
int posix_memalign(void **out, size_t align, size_t size);
size_t malloc_usable_size(void *p);

/* mallopt parameters (glibc's numbers). */
#define M_MXFAST		1
#define M_TRIM_THRESHOLD	(-1)
#define M_TOP_PAD		(-2)
#define M_MMAP_THRESHOLD	(-3)
#define M_MMAP_MAX		(-4)
#define M_CHECK_ACTION		(-5)
#define M_PERTURB		(-6)
#define M_ARENA_TEST		(-7)
#define M_ARENA_MAX		(-8)

int mallopt(int param, int value);
int malloc_trim(size_t pad);
void malloc_stats(void);

struct mallinfo2 {
	size_t arena;		/* bytes obtained with brk */
	size_t ordblks;		/* free chunks */
	size_t smblks;		/* free fastbin chunks */
	size_t hblks;		/* mmapped chunks */
	size_t hblkhd;		/* bytes in mmapped chunks */
	size_t usmblks;		/* always 0 */
	size_t fsmblks;		/* bytes in free fastbin chunks */
	size_t uordblks;	/* bytes in use */
	size_t fordblks;	/* bytes free */
	size_t keepcost;	/* releasable bytes at the top of the heap */
};

struct mallinfo2 mallinfo2(void);

#endif
