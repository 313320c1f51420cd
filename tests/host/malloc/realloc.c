/*
 * tests/host/malloc/realloc.c - realloc keeps the contents, works in place
 * when it can (shrink, grow into top or into a free neighbour), and follows
 * glibc for realloc(NULL, n), realloc(p, 0) and reallocarray overflow.
 */
#include "talloc.h"
#include <errno.h>
#include <string.h>

/* Grow and shrink one block through many sizes, checking the contents. */
static void contents_preserved(void)
{
	static const size_t steps[] = { 1, 24, 25, 100, 1000, 5000, 100000, 140000, 300000,
					2 << 20, 300000, 70000, 1000, 10, 3, 500000, 16 };
	uint64_t tag = 7;
	size_t len = 0;
	unsigned char *p = NULL;
	for (size_t i = 0; i < sizeof(steps) / sizeof(steps[0]); i++) {
		size_t n = steps[i];
		p = T(realloc)(p, n);
		CHECK(p != NULL, "realloc to %zu", n);
		size_t keep = len < n ? len : n;
		CHECK(pattern_check(p, tag, keep) < 0, "contents lost growing/shrinking to %zu", n);
		pattern_fill(p, tag, keep, n);
		len = n;
	}
	T(free)(p);
}

/* Run first, on a fresh heap, so that consecutive blocks are neighbours. */
static void in_place(void)
{
	char *p = T(malloc)(4000);
	CHECK(T(realloc)(p, 100) == p, "shrink moved the block");
	/* grow into a free neighbour */
	char *s = T(malloc)(2000), *n = T(malloc)(3000), *guard = T(malloc)(3000);
	CHECK(n == s + T(malloc_usable_size)(s) + sizeof(size_t), "s and n are not neighbours");
	memset(s, 1, 2000);
	T(free)(n);
	char *s2 = T(realloc)(s, 4000);
	CHECK(s2 == s, "grow into a free neighbour moved the block");
	for (int i = 0; i < 2000; i++)
		CHECK(s2[i] == 1, "byte %d lost", i);
	/* grow into top: the last block before top */
	char *last = T(malloc)(5000);
	memset(last, 2, 5000);
	char *last2 = T(realloc)(last, 50000);
	CHECK(last2 == last, "grow into top moved the block");
	for (int i = 0; i < 5000; i++)
		CHECK(last2[i] == 2, "byte %d lost", i);
	T(free)(last2);
	T(free)(guard);
	T(free)(s2);
	T(free)(p);
}

static void edge_cases(void)
{
	char *p = T(realloc)(NULL, 10);
	CHECK(p != NULL, "realloc(NULL, 10)");
	CHECK(T(realloc)(p, 0) == NULL, "realloc(p, 0) returns NULL (glibc frees p)");
	p = T(malloc)(10);
	errno = 0;
	CHECK(T(realloc)(p, SIZE_MAX - 100) == NULL && errno == ENOMEM, "realloc huge");
	errno = 0;
	CHECK(T(reallocarray)(p, SIZE_MAX / 2, 3) == NULL && errno == ENOMEM,
	      "reallocarray overflow");
	p = T(reallocarray)(p, 100, 10);
	CHECK(p != NULL && T(malloc_usable_size)(p) >= 1000, "reallocarray(100, 10)");
	/* a mapped chunk: shrink keeps it, grow moves it */
	char *m = T(malloc)(1 << 20);
	memset(m, 3, 1 << 20);
	CHECK(T(realloc)(m, 200000) == m, "mapped shrink moved");
	m = T(realloc)(m, 3 << 20);
	for (int i = 0; i < 200000; i++)
		CHECK(m[i] == 3, "mapped byte %d lost", i);
	T(free)(m);
	T(free)(p);
}

int main(void)
{
	in_place();
	contents_preserved();
	edge_cases();
	return 0;
}
