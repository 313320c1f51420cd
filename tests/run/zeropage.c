/*
 * tests/run/zeropage.c - reads of untouched private anonymous memory map
 * the shared zero page: they cost no memory (RSS does not grow), read
 * zeros, and a write then takes a page of its own.  Compared with Linux:
 * the growth of anonymous RSS in pages at each step, from /proc/self/status
 * (read with read(2), so that no stdio buffer is allocated between the
 * steps).
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define PAGE	4096
#define NPAGES	64

/* Resident anonymous pages: RssAnon of /proc/self/status (file pages
 * are left out: the program's own text faults in as it runs). */
static long rss(void)
{
	static char buf[4096];
	int fd = open("/proc/self/status", O_RDONLY);
	ssize_t n = read(fd, buf, sizeof(buf) - 1);

	close(fd);
	buf[n > 0 ? n : 0] = '\0';
	char *p = strstr(buf, "RssAnon:");
	return p ? strtol(p + 8, NULL, 10) / 4 : -1;
}

int main(void)
{
	long grew[4], sum = 0;
	volatile char *a = mmap(NULL, NPAGES * PAGE, PROT_READ | PROT_WRITE,
				MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	long before = rss();

	for (int i = 0; i < NPAGES; i++)
		sum += a[i * PAGE];
	grew[0] = rss() - before;
	for (int i = 0; i < NPAGES; i++)
		sum += a[i * PAGE + 100];	/* again: no new fault, no page */
	grew[1] = rss() - before;
	a[0] = 1;
	a[5 * PAGE] = 1;
	grew[2] = rss() - before;
	sum += a[5 * PAGE] + a[6 * PAGE];
	grew[3] = rss() - before;
	printf("sum of what was read: %ld\n", sum);
	printf("RSS growth, in pages: after reading %d pages %ld, reading again %ld, "
	       "writing two %ld, reading more %ld\n", NPAGES, grew[0], grew[1], grew[2],
	       grew[3]);
	return 0;
}
