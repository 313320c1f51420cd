/*
 * bench/thp.c - 64 MiB of MADV_HUGEPAGE memory: first touch, fork, munmap.
 *
 * Maps 64 MiB of private anonymous memory at a 2 MiB-aligned address and
 * asks for transparent huge pages (MADV_HUGEPAGE).  Where the kernel gives
 * them (Pagoda's default policy, madvise; Linux unless
 * transparent_hugepage=never) the region is 32 huge pages: 32 faults
 * instead of 16384, 32 PMD entries for fork to share and munmap to free.
 * Each round times writing one byte per 4 KiB page, one fork + the
 * child's _exit + waitpid, and the munmap; ROUNDS rounds, averaged.
 *
 *   metric thp_touch_64mib US us/op
 *   metric thp_fork_64mib US us/op
 *   metric thp_munmap_64mib US us/op
 */
#include <sys/wait.h>

#include "bench.h"

#define REGION	(64 * MIB)
#define HUGE	(2 * MIB)
#define ROUNDS	4

/* REGION bytes at a 2 MiB boundary, advised MADV_HUGEPAGE. */
static char *map_huge_region(void)
{
	char *p = map_anon(REGION + HUGE);
	char *a = (char *)(((uintptr_t)p + HUGE - 1) & ~(HUGE - 1));

	if ((a > p && munmap(p, a - p)) || munmap(a + REGION, p + HUGE - a))
		die("munmap");
	if (madvise(a, REGION, MADV_HUGEPAGE))
		die("madvise");
	return a;
}

int main(void)
{
	uint64_t touch = 0, fork_ns = 0, unmap = 0;

	wait_for_fine_clock();
	for (int r = 0; r < ROUNDS; r++) {
		char *p = map_huge_region();
		uint64_t t0 = now_ns();
		for (size_t off = 0; off < REGION; off += PAGE_SIZE)
			p[off] = 1;
		uint64_t t1 = now_ns();
		pid_t pid = fork();
		if (pid < 0)
			die("fork");
		if (pid == 0)
			_exit(0);
		int status;
		if (waitpid(pid, &status, 0) != pid || status)
			die("waitpid");
		uint64_t t2 = now_ns();
		if (munmap(p, REGION))
			die("munmap");
		uint64_t t3 = now_ns();
		touch += t1 - t0;
		fork_ns += t2 - t1;
		unmap += t3 - t2;
	}
	metric("thp_touch_64mib", touch / ROUNDS / 1000.0, "us/op");
	metric("thp_fork_64mib", fork_ns / ROUNDS / 1000.0, "us/op");
	metric("thp_munmap_64mib", unmap / ROUNDS / 1000.0, "us/op");
	return 0;
}
