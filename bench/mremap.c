/*
 * bench/mremap.c - moving a populated mapping with mremap.
 *
 * Maps 64 MiB of private anonymous memory, writes every page, reserves a
 * second 64 MiB range, then moves the memory there and back again with
 * mremap(MREMAP_MAYMOVE | MREMAP_FIXED), ITERS times each way.  A kernel
 * that moves page-table entries (or whole page tables) does not touch the
 * data; one that copied would pay 64 MiB a move.  Each move also unmaps
 * the range it lands on and the one it leaves.  The data is checked at
 * the end.
 *
 *   metric mremap_move_64mib NS ns/move
 */
#define _GNU_SOURCE		/* mremap */
#include "bench.h"

#define REGION (64 * MIB)
#define ITERS 100

/* Move len bytes from from to to; stops the benchmark if it fails. */
static void move(char *from, char *to)
{
	if (mremap(from, REGION, REGION, MREMAP_MAYMOVE | MREMAP_FIXED, to) != to)
		die("mremap");
}

int main(void)
{
	wait_for_fine_clock();
	char *a = map_anon(REGION);
	char *b = mmap(NULL, REGION, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (b == MAP_FAILED)
		die("mmap");
	touch_pages(a, REGION);
	move(a, b);		/* warm up: the first move unmaps the reservation */
	move(b, a);
	uint64_t t0 = now_ns();
	for (int i = 0; i < ITERS; i++) {
		move(a, b);
		move(b, a);
	}
	uint64_t t1 = now_ns();
	if (read_pages(a, REGION) != REGION / PAGE_SIZE)
		die("data lost in the moves");
	metric("mremap_move_64mib", (double)(t1 - t0) / (2 * ITERS), "ns/move");
	return 0;
}
