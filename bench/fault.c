/*
 * bench/fault.c - the anonymous first-touch page fault.
 *
 * Maps 64 MiB of private anonymous memory and writes one byte in each
 * page: every write takes a fault that allocates a zeroed frame and maps
 * it.  Repeated ROUNDS times with a fresh mapping each time; the touching
 * loop is timed, and apart from it the munmap of the 64 MiB, all present
 * (unmap every page, free the frames and the page tables).
 *
 *   metric anon_fault NS ns/fault
 *   metric munmap_touched NS ns/page
 */
#include "bench.h"

#define REGION (64 * MIB)
#define ROUNDS 4

int main(void)
{
	uint64_t total = 0, unmap = 0;

	wait_for_fine_clock();
	for (int r = 0; r < ROUNDS; r++) {
		char *p = map_anon(REGION);
		uint64_t t0 = now_ns();

		touch_pages(p, REGION);
		uint64_t t1 = now_ns();
		if (munmap(p, REGION))
			die("munmap");
		total += t1 - t0;
		unmap += now_ns() - t1;
	}
	metric("anon_fault", (double)total / (ROUNDS * (REGION / PAGE_SIZE)),
	       "ns/fault");
	metric("munmap_touched", (double)unmap / (ROUNDS * (REGION / PAGE_SIZE)),
	       "ns/page");
	return 0;
}
