/*
 * bench/brk.c - moving the program break by one page and back.
 *
 * One operation is sbrk(+4096) followed by sbrk(-4096): two brk system
 * calls, the first creating (or extending) the heap area, the second
 * unmapping the page again.  The page is never touched, so no fault and
 * no frame is involved: this is the cost of the VMA work alone.
 *
 *   metric brk_grow_shrink NS ns/op
 */
#include "bench.h"

#define WARMUP 100
#define ITERS 50000

/* One +1 page / -1 page pair; stops the program if either call fails. */
static void grow_shrink(void)
{
	if (sbrk(PAGE_SIZE) == (void *)-1)
		die("sbrk +1 page");
	if (sbrk(-(intptr_t)PAGE_SIZE) == (void *)-1)
		die("sbrk -1 page");
}

int main(void)
{
	wait_for_fine_clock();
	for (int i = 0; i < WARMUP; i++)
		grow_shrink();

	uint64_t t0 = now_ns();
	for (int i = 0; i < ITERS; i++)
		grow_shrink();
	uint64_t t1 = now_ns();

	metric("brk_grow_shrink", (double)(t1 - t0) / ITERS, "ns/op");
	return 0;
}
