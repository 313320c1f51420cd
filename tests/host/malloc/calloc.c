/*
 * tests/host/malloc/calloc.c - calloc returns zeroed memory, also when the
 * chunk is reused (fastbin, bins, top that shrank and grew, mappings), and
 * fails with ENOMEM when n * size overflows.
 */
#include "talloc.h"
#include <errno.h>
#include <string.h>

static void check_zero(const unsigned char *p, size_t n, const char *what)
{
	CHECK(p != NULL, "%s: calloc(%zu) failed", what, n);
	for (size_t i = 0; i < n; i++)
		CHECK(p[i] == 0, "%s: calloc(%zu) byte %zu = %#x", what, n, i, p[i]);
}

/* Dirty a block of each size, free it, calloc the same size again. */
static void reuse(void)
{
	static const size_t sizes[] = { 1, 16, 24, 100, 152, 500, 1000, 2000, 9000, 70000,
					130000, 200000, 1 << 20 };
	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		size_t n = sizes[i];
		for (int round = 0; round < 3; round++) {
			unsigned char *p = T(malloc)(n);
			memset(p, 0xff, T(malloc_usable_size)(p));
			T(free)(p);
			p = T(calloc)(n, 1);
			check_zero(p, n, "reuse");
			memset(p, 0xee, n);
			T(free)(p);
		}
	}
}

/* Top shrinks (trim) and grows again: memory past the old top end is fresh. */
static void top_regrowth(void)
{
	unsigned char *big = T(malloc)(100000), *big2 = T(malloc)(100000);
	memset(big, 0xff, 100000);
	memset(big2, 0xff, 100000);
	T(free)(big2);
	T(free)(big);
	T(malloc_trim)(0);
	for (int i = 0; i < 50; i++) {
		unsigned char *p = T(calloc)(1, 4000 + 100 * i);
		check_zero(p, 4000 + 100 * i, "top");
		memset(p, 0xcc, 4000 + 100 * i);
	}
}

static void overflow(void)
{
	errno = 0;
	CHECK(T(calloc)(SIZE_MAX / 2, 3) == NULL && errno == ENOMEM, "calloc overflow");
	errno = 0;
	CHECK(T(calloc)(1, SIZE_MAX - 4) == NULL && errno == ENOMEM, "calloc huge");
	void *p = T(calloc)(0, 10);
	CHECK(p != NULL, "calloc(0, 10)");
	T(free)(p);
}

int main(void)
{
	reuse();
	top_regrowth();
	overflow();
	return 0;
}
