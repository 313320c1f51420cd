/*
 * tests/host/malloc/placement.c - where free() puts a chunk and where
 * malloc() takes one from (libc/malloc.c, BINS and THE TCACHE):
 *   - a small chunk freed right above a free chunk of 64 KiB or more is
 *     not cached: it coalesces at once, so the two serve a request as big
 *     as both (cached, it would look in use and split the hole from it);
 *   - of equal-size free chunks in a large bin, malloc takes the
 *     lowest-addressed, whatever order they were freed in.
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
	enum { N = 4 };
	static const int order[N] = { 2, 0, 3, 1 };
	char *floor = T(malloc)(3000), *x[N], *guard[N];

	for (int i = 0; i < N; i++) {
		x[i] = T(malloc)(3000);
		guard[i] = T(malloc)(3000);
		CHECK(follows(i ? guard[i - 1] : floor, x[i]) && follows(x[i], guard[i]),
		      "setup: block %d is not between its guards", i);
	}
	for (int i = 0; i < N; i++)
		T(free)(x[order[i]]);   /* four free chunks of one size */
	char *p = T(malloc)(3000);
	CHECK(p == x[0], "malloc(3000) = %p, not the lowest free chunk %p", (void *)p,
	      (void *)x[0]);
	T(free)(p);
	for (int i = 0; i < N; i++)
		T(free)(guard[i]);
	T(free)(floor);
}

int main(void)
{
	T(free)(T(malloc)(100));                      /* the heap exists */
	small_chunk_joins_big_hole();
	lowest_address_first();
	return 0;
}
