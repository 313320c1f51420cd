/*
 * tests/host/malloc/nobrk.c - the heap when the break cannot move.
 *
 * 1. Grow the heap with sbrk, then move the break ourselves (a "foreign"
 *    sbrk user): malloc must start a new region past it.
 * 2. Put a mapping right above the break: sbrk fails, and malloc must carry
 *    on in mmap()ed regions (glibc's MORECORE failure fallback), fencing off
 *    the old top and reusing it.
 * All blocks keep their patterns throughout; the break must not have moved
 * while it was blocked.
 */
#include "talloc.h"
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define N 3000

static unsigned char *blk[N];
static size_t len[N];

static void alloc_range(int from, int to, uint64_t *rng)
{
	for (int i = from; i < to; i++) {
		len[i] = 1 + rng_next(rng) % (i % 10 == 0 ? 100000 : 3000);
		blk[i] = T(malloc)(len[i]);
		CHECK(blk[i] != NULL, "malloc(%zu) failed", len[i]);
		pattern_fill(blk[i], (uint64_t)i, 0, len[i]);
	}
}

#ifdef TEST_PREFIXED
const char *heap_check(void);     /* heapcheck.c: the arena's invariants */
#endif

/* Every live block keeps its pattern (and the arena its invariants). */
static void check_range(int from, int to)
{
#ifdef TEST_PREFIXED
	const char *broken = heap_check();
	CHECK(broken == NULL, "heap check: %s", broken);
#endif
	for (int i = from; i < to; i++)
		if (blk[i])
			CHECK(pattern_check(blk[i], (uint64_t)i, len[i]) < 0, "block %d corrupted", i);
}

/* Free every other block of [from, to), so free chunks and fences interleave. */
static void free_half(int from, int to)
{
	for (int i = from; i < to; i += 2) {
		T(free)(blk[i]);
		blk[i] = NULL;
	}
}

int main(void)
{
	uint64_t rng = 99;
	alloc_range(0, 1000, &rng);

	char *foreign = sbrk(12345);                  /* someone else's sbrk */
	CHECK(foreign != (void *)-1, "sbrk(12345)");
	memset(foreign, 0x77, 12345);
	alloc_range(1000, 2000, &rng);
	for (int i = 0; i < 12345; i++)
		CHECK((unsigned char)foreign[i] == 0x77, "malloc wrote into foreign sbrk memory");

	char *brk = sbrk(0);
	char *wall = (char *)(((uintptr_t)brk + 4095) & ~(uintptr_t)4095);
	CHECK(mmap(wall, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE,
		   -1, 0) == wall, "cannot map a wall above the break");
	free_half(0, 2000);
	alloc_range(2000, N, &rng);                   /* needs more than top had */
	CHECK(sbrk(0) == brk, "the break moved through the wall");
	check_range(0, N);

	free_half(1, N);
	free_half(2000, N);
	alloc_range(0, 1500, &rng);                   /* reuse freed and fenced memory */
	check_range(0, N);
	struct mallinfo2 mi = T(mallinfo2)();
	CHECK(mi.arena == mi.uordblks + mi.fordblks, "mallinfo2 does not add up");
	for (int i = 0; i < N; i++)
		T(free)(blk[i]);
	return 0;
}
