/*
 * libc/newlib/malloc_r.c - newlib's reentrant allocator entry points
 * (_malloc_r and family, which its stdio, strdup, qsort ... call) routed to
 * Pagoda's malloc.  newlib's own allocator (mallocr.c and its wrappers) is
 * taken out of libc.a when newlib is built (libc/newlib/newlib.mk), so a
 * newlib program has exactly one malloc: Pagoda's, with its 128 KiB
 * brk/mmap threshold and mallopt(M_MMAP_THRESHOLD).  The struct _reent
 * argument carries errno, which is the one global errno here.
 */
#include <malloc.h>
#include <reent.h>

void *_malloc_r(struct _reent *r, size_t n)
{
	(void)r;
	return malloc(n);
}

void _free_r(struct _reent *r, void *p)
{
	(void)r;
	free(p);
}

void *_calloc_r(struct _reent *r, size_t n, size_t size)
{
	(void)r;
	return calloc(n, size);
}

void *_realloc_r(struct _reent *r, void *p, size_t n)
{
	(void)r;
	return realloc(p, n);
}

void *_memalign_r(struct _reent *r, size_t align, size_t n)
{
	(void)r;
	return memalign(align, n);
}

void *_valloc_r(struct _reent *r, size_t n)
{
	(void)r;
	return valloc(n);
}

void *_pvalloc_r(struct _reent *r, size_t n)
{
	(void)r;
	return pvalloc(n);
}

size_t _malloc_usable_size_r(struct _reent *r, void *p)
{
	(void)r;
	return malloc_usable_size(p);
}

int _mallopt_r(struct _reent *r, int param, int value)
{
	(void)r;
	return mallopt(param, value);
}

void _malloc_stats_r(struct _reent *r)
{
	(void)r;
	malloc_stats();
}

int _malloc_trim_r(struct _reent *r, size_t pad)
{
	(void)r;
	return malloc_trim(pad);
}
