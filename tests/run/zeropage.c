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

#define PAGE	4096
#define NPAGES	64

static int pagemap;

static uint64_t entry(const volatile char *p)
{
	uint64_t e = 0;

	if (pread(pagemap, &e, 8, (off_t)((uintptr_t)p / PAGE * 8)) != 8)
		return 0;
	return e;
}

/* Present pages, pages on the first page's frame, exclusive pages. */
static void show(const char *what, volatile char *a)
{
	uint64_t first = entry(a) & ((1ull << 55) - 1);
	int present = 0, same = 0, exclusive = 0;

	for (int i = 0; i < NPAGES; i++) {
		uint64_t e = entry(a + i * PAGE);
		present += (int)(e >> 63);
		same += (e >> 63) && (e & ((1ull << 55) - 1)) == first;
		exclusive += (int)(e >> 56 & 1);
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
