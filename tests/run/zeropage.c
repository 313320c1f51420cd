/*
 * tests/run/zeropage.c - reads of untouched private anonymous memory map
 * the shared zero page: they read zeros, every page read shows the same
 * frame and none is exclusively mapped (it is not a "normal" page), and a
 * write then takes a page of its own.  Compared with Linux through
 * /proc/self/pagemap (frame numbers compared, not printed; RSS is not
 * used: Linux's per-CPU RSS counts may lag).
 */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/mman.h>
#include <unistd.h>

#include "pagemap.h"

#define PAGE	4096
#define NPAGES	64

/* Present pages, pages on the first page's frame, exclusive pages. */
static void show(const char *what, volatile char *a)
{
	uint64_t first = pagemap_pfn(a);
	int present = 0, same = 0, exclusive = 0;

	for (int i = 0; i < NPAGES; i++) {
		uint64_t e = pagemap_entry(a + i * PAGE);
		present += PM_PRESENT(e);
		same += PM_PRESENT(e) && (e & ((1ull << 55) - 1)) == first;
		exclusive += PM_EXCLUSIVE(e);
	}
	printf("%s: %d present, %d on one frame, %d exclusive\n", what, present, same,
	       exclusive);
}

int main(void)
{
	long sum = 0;
	volatile char *a = mmap(NULL, NPAGES * PAGE, PROT_READ | PROT_WRITE,
				MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	pagemap = open("/proc/self/pagemap", O_RDONLY);
	show("untouched", a);
	for (int i = 0; i < NPAGES; i++)
		sum += a[i * PAGE];
	show("all read", a);
	printf("sum of what was read: %ld\n", sum);
	a[PAGE] = 1;
	a[5 * PAGE] = 1;
	show("pages 1 and 5 written", a);
	printf("read back: %d %d %d\n", a[PAGE], a[5 * PAGE], a[6 * PAGE]);
	return 0;
}
