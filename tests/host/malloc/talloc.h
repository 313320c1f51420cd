/*
 * tests/host/malloc/talloc.h - what the malloc tests share.
 *
 * Built with -DTEST_PREFIXED the tests call the allocator under its prefixed
 * names (pg_malloc, ...: libc/malloc*.c compiled with -DMALLOC_PREFIX=pg_,
 * instrumented by ASan and UBSan).  Without it they call plain malloc and run
 * with build/host/libpagoda_malloc.so in LD_PRELOAD.
 */
#ifndef TALLOC_H
#define TALLOC_H

#define _GNU_SOURCE 1
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <malloc.h>

#ifdef TEST_PREFIXED
#define T(name) pg_##name
void *pg_malloc(size_t);
void pg_free(void *);
void *pg_calloc(size_t, size_t);
void *pg_realloc(void *, size_t);
void *pg_reallocarray(void *, size_t, size_t);
int pg_posix_memalign(void **, size_t, size_t);
void *pg_aligned_alloc(size_t, size_t);
void *pg_memalign(size_t, size_t);
void *pg_valloc(size_t);
void *pg_pvalloc(size_t);
size_t pg_malloc_usable_size(void *);
int pg_mallopt(int, int);
int pg_malloc_trim(size_t);
void pg_malloc_stats(void);
struct mallinfo2 pg_mallinfo2(void);
#else
#define T(name) name
#endif

/* Report a failed check with its location and leave with status 1. */
#define CHECK(cond, ...)							\
	do {									\
		if (!(cond)) {							\
			fprintf(stderr, "%s:%d: check failed: %s: ", __FILE__,	\
				__LINE__, #cond);				\
			fprintf(stderr, __VA_ARGS__);				\
			fputc('\n', stderr);					\
			exit(1);						\
		}								\
	} while (0)

/* xorshift64*: the tests' seeded random numbers. */
static inline uint64_t rng_next(uint64_t *s)
{
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return *s * 0x2545F4914F6CDD1DULL;
}

/* Expected contents of a block: byte i of a block tagged `tag` is the
   i % 8-th byte of word f(tag, i / 8).  Every byte is checked. */
static inline uint64_t pattern_word(uint64_t tag, size_t j)
{
	return (tag + j) * 0x9E3779B97F4A7C15ULL ^ (tag >> 7);
}

/* Fill bytes [from, to) of p with tag's pattern. */
static inline void pattern_fill(unsigned char *p, uint64_t tag, size_t from, size_t to)
{
	size_t i = from;
	for (; i < to && (i & 7); i++)
		p[i] = (unsigned char)(pattern_word(tag, i / 8) >> (8 * (i & 7)));
	for (; i + 8 <= to; i += 8)
		*(uint64_t *)(p + i) = pattern_word(tag, i / 8);
	for (; i < to; i++)
		p[i] = (unsigned char)(pattern_word(tag, i / 8) >> (8 * (i & 7)));
}

/* Index of the first byte in [0, len) that differs from the pattern, or -1. */
static inline long pattern_check(const unsigned char *p, uint64_t tag, size_t len)
{
	size_t i = 0;
	for (; i + 8 <= len; i += 8)
		if (*(const uint64_t *)(p + i) != pattern_word(tag, i / 8))
			break;
	for (; i < len; i++)
		if (p[i] != (unsigned char)(pattern_word(tag, i / 8) >> (8 * (i & 7))))
			return (long)i;
	return -1;
}

#endif
