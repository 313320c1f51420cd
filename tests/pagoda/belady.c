/*
 * tests/pagoda/belady.c - Belady's anomaly with FIFO replacement: more
 * memory, more faults (pagoda/belady-fifo boots it with reclaim=fifo,
 * 32 MiB of RAM and a swap disk).
 *
 * The textbook reference string 1 2 3 4 1 2 5 1 2 3 4 5 over five
 * "pages" faults 9 times in 3 frames and 10 times in 4 under FIFO.  Here
 * each page is a group of 256 real pages (1 MiB), written through in
 * order, and the frames are what an mlocked balloon leaves free: about 3
 * or 4 groups (the balloon is MemFree less the groups, less the high
 * watermark kswapd keeps free).  Swappiness 200 keeps reclaim on
 * anonymous memory.  The first touch of a group is not a major fault, so
 * FIFO should show 4 x 256 major faults for 3 frames and 5 x 256 for 4.
 * Prints "frames F majfault N" for F = 3, 4, and "data ok" (each group
 * keeps what was written), exit 0; "data BAD", exit 1.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "proc_value.h"

#define PAGE	4096ul
#define GROUP	256ul

/* Run the string in about frames groups of memory; returns bad pages. */
static unsigned long run(int frames)
{
	static const int string[] = { 1, 2, 3, 4, 1, 2, 5, 1, 2, 3, 4, 5 };
	long free = proc_value("/proc/meminfo", "MemFree") / 4;
	long high = proc_value("/proc/zoneinfo", "high");
	long balloon = free - frames * GROUP - high - 8;
	char *b = mmap(NULL, balloon * PAGE, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	char *g = mmap(NULL, 5 * GROUP * PAGE, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	unsigned long bad = 0;

	if (b == MAP_FAILED || g == MAP_FAILED || mlock(b, balloon * PAGE)) {
		perror("balloon");
		exit(2);
	}
	long maj = proc_value("/proc/vmstat", "pgmajfault");
	for (size_t r = 0; r < sizeof(string) / sizeof(string[0]); r++) {
		char *grp = g + (string[r] - 1) * GROUP * PAGE;
		for (unsigned long p = 0; p < GROUP; p++) {
			bad += grp[p * PAGE] && grp[p * PAGE] != string[r];
			grp[p * PAGE] = string[r];
		}
	}
	printf("frames %d majfault %ld\n", frames,
	       proc_value("/proc/vmstat", "pgmajfault") - maj);
	munmap(g, 5 * GROUP * PAGE);
	munmap(b, balloon * PAGE);
	return bad;
}

int main(void)
{
	int fd = open("/proc/sys/vm/swappiness", O_WRONLY);

	if (fd < 0 || write(fd, "200", 3) != 3) {
		perror("swappiness");
		return 2;
	}
	close(fd);
	unsigned long bad = run(3) + run(4);
	printf("data %s\n", bad ? "BAD" : "ok");
	return bad != 0;
}
