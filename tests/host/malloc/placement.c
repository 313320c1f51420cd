/*
 * tests/host/malloc/placement.c - where free() puts a chunk and where
 * malloc() takes one from (libc/malloc.c, BINS and THE TCACHE):
 *   - a small chunk freed right above a free chunk of 64 KiB or more is
 *     not cached: it coalesces at once, so the two serve a request as big
 *     as both (cached, it would look in use and split the hole from it);
 *   - of equal-size free chunks in a large bin, malloc takes the
 *     lowest-addressed, whatever order they were freed in (sizes past the
 *     tcache's large bins, which would hold them first);
 *   - the tcache's large bins (1-64 KiB): a freed chunk serves the next
 *     request that fits, the best fit of its bin or any of the next bin's,
 *     whole (not split); one that waited while more than 2 MiB went
 *     through them is retired to the arena, which splits it.
 * Each case carves its chunks from top one after the other and checks that
 * they are neighbours, so that it knows the heap it tests.
 */
#include "talloc.h"

#define KiB 1024UL

/* The size of the chunk holding block p (in use, in the heap). */
static size_t chunk_of(void *p)
{
	return T(malloc_usable_size)(p) + sizeof(size_t);
}

/* Is block b the chunk right above block a? */
static int follows(void *a, void *b)
{
	return (char *)b == (char *)a + chunk_of(a);
}

static void small_chunk_joins_big_hole(void)
{
	char *floor = T(malloc)(504), *big = T(malloc)(100 * KiB), *small = T(malloc)(504);
	char *guard = T(malloc)(504);

	CHECK(follows(floor, big) && follows(big, small) && follows(small, guard),
	      "setup: %p %p %p %p are not neighbours", (void *)floor, (void *)big,
	      (void *)small, (void *)guard);
	size_t both = chunk_of(big) + chunk_of(small);
	T(free)(big);                   /* a free chunk of 100 KiB, bounded by floor */
	T(free)(small);                 /* a tcache size, but right above that hole */
	char *p = T(malloc)(both - sizeof(size_t));
	CHECK(p == big, "malloc(%zu) = %p, not the merged chunk at %p", both - sizeof(size_t),
	      (void *)p, (void *)big);
	T(free)(p);
	T(free)(guard);
	T(free)(floor);
}

static void lowest_address_first(void)
{
	enum { N = 4, SIZE = 70 * KiB };
	static const int order[N] = { 2, 0, 3, 1 };
	char *floor = T(malloc)(SIZE), *x[N], *guard[N];

	for (int i = 0; i < N; i++) {
		x[i] = T(malloc)(SIZE);
		guard[i] = T(malloc)(SIZE);
		CHECK(follows(i ? guard[i - 1] : floor, x[i]) && follows(x[i], guard[i]),
		      "setup: block %d is not between its guards", i);
	}
	for (int i = 0; i < N; i++)
		T(free)(x[order[i]]);   /* four free chunks of one size */
	char *p = T(malloc)(SIZE);
	CHECK(p == x[0], "malloc(%zu) = %p, not the lowest free chunk %p", (size_t)SIZE,
	      (void *)p, (void *)x[0]);
	T(free)(p);
	for (int i = 0; i < N; i++)
		T(free)(guard[i]);
	T(free)(floor);
}

/* Chunks of 2608 and 3008 bytes (large bins 10 and 11) between guards,
   freed: each request takes the best cached fit, whole. */
static void large_tcache_best_fit(void)
{
	char *g0 = T(malloc)(100), *a = T(malloc)(3000), *g1 = T(malloc)(100);
	char *b = T(malloc)(2600), *g2 = T(malloc)(100);
	size_t usable_a = T(malloc_usable_size)(a), usable_b = T(malloc_usable_size)(b);

	T(free)(a);
	T(free)(b);
	char *p = T(malloc)(2500);              /* bin 9 is empty: bin 10's */
	CHECK(p == b && T(malloc_usable_size)(p) == usable_b,
	      "malloc(2500) = %p (%zu usable), not the cached %p whole", (void *)p,
	      T(malloc_usable_size)(p), (void *)b);
	char *q = T(malloc)(2900);              /* bin 11: a */
	CHECK(q == a && T(malloc_usable_size)(q) == usable_a,
	      "malloc(2900) = %p (%zu usable), not the cached %p whole", (void *)q,
	      T(malloc_usable_size)(q), (void *)a);
	T(free)(p);
	T(free)(q);
	T(free)(g0);
	T(free)(g1);
	T(free)(g2);
}

/* A cached chunk outlived by 4 MB of frees of another size is in the
   arena again: a request a little smaller gets it split. */
static void large_tcache_retires(void)
{
	enum { N = 2000 };
	static char *blk[N];
	char *g0 = T(malloc)(100), *a = T(malloc)(3000), *g1 = T(malloc)(100);

	T(free)(a);
	for (int i = 0; i < N; i++)
		blk[i] = T(malloc)(2000);
	for (int i = 0; i < N; i++)
		T(free)(blk[i]);
	char *p = T(malloc)(2900);
	CHECK(p == a && T(malloc_usable_size)(p) < 3000,
	      "malloc(2900) = %p (%zu usable), not the retired %p split", (void *)p,
	      T(malloc_usable_size)(p), (void *)a);
	T(free)(p);
	T(free)(g0);
	T(free)(g1);
}

int main(void)
{
	T(free)(T(malloc)(100));                      /* the heap exists */
	small_chunk_joins_big_hole();
	lowest_address_first();
	large_tcache_best_fit();
	large_tcache_retires();
	return 0;
}
