/*
 * bench/fault.c - the anonymous first-touch page fault.
 *
 * Maps 64 MiB of private anonymous memory and writes one byte in each
 * page: every write takes a fault that allocates a zeroed frame and maps
 * it.  Repeated ROUNDS times with a fresh mapping each time; only the
 * touching loop is timed (not mmap or munmap).
 *
 *   metric anon_fault NS ns/fault
 */
#include "bench.h"

#define REGION (64 * MIB)
#define ROUNDS 4

int main(void)
{
	uint64_t total = 0;

	wait_for_fine_clock();
	for (int r = 0; r < ROUNDS; r++) {
		char *p = map_anon(REGION);
		uint64_t t0 = now_ns();

		touch_pages(p, REGION);
		total += now_ns() - t0;
		if (munmap(p, REGION))
			die("munmap");
	}
	metric("anon_fault", (double)total / (ROUNDS * (REGION / PAGE_SIZE)),
	       "ns/fault");
	return 0;
}
