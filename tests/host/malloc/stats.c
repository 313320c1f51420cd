/*
 * tests/host/malloc/stats.c - mallinfo2 adds up and follows the program's
 * allocations; malloc_stats prints glibc's report on stderr (run.sh compares
 * its lines with glibc's, numbers aside).
 */
#include "talloc.h"
#include <string.h>

int main(void)
{
	void *small[100];
	for (int i = 0; i < 100; i++)
		small[i] = T(malloc)(1000);
	struct mallinfo2 before = T(mallinfo2)();
	CHECK(before.arena == before.uordblks + before.fordblks, "arena %zu != %zu + %zu",
	      before.arena, before.uordblks, before.fordblks);
	CHECK(before.uordblks >= 100 * 1000, "uordblks %zu too small", before.uordblks);

	void *big = T(malloc)(1 << 20);
	memset(big, 1, 1 << 20);
	struct mallinfo2 mapped = T(mallinfo2)();
	CHECK(mapped.hblks == before.hblks + 1, "hblks %zu, expected %zu", mapped.hblks,
	      before.hblks + 1);
	CHECK(mapped.hblkhd >= before.hblkhd + (1 << 20), "hblkhd %zu", mapped.hblkhd);

	for (int i = 0; i < 100; i += 2)
		T(free)(small[i]);
	struct mallinfo2 freed = T(mallinfo2)();
	CHECK(freed.fordblks >= before.fordblks + 40 * 1000, "fordblks %zu after frees",
	      freed.fordblks);
	CHECK(freed.ordblks > before.ordblks, "ordblks did not grow: %zu", freed.ordblks);
	CHECK(freed.keepcost > 0 && freed.keepcost <= freed.fordblks, "keepcost %zu",
	      freed.keepcost);
	T(malloc_stats)();
	T(free)(big);
	for (int i = 1; i < 100; i += 2)
		T(free)(small[i]);
	return 0;
}
