/*
 * tests/run/mremap_move.c - mremap moves page-table entries, not bytes,
 * compared with Linux: a grow that must move keeps every frame (pagemap's
 * frame numbers, compared, not printed) and the data, and leaves the old
 * range unmapped; a grow with room above stays in place; without
 * MREMAP_MAYMOVE a blocked grow is ENOMEM; MREMAP_FIXED moves to the
 * address given; a shrink unmaps the tail.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "pagemap.h"

#define PAGE	4096
#define N	16

static int mapped(const char *p)
{
	unsigned char v;

	return mincore((void *)p, PAGE, &v) == 0;
}

/* The pages of a written range that kept their frame and their data. */
static void check(const char *what, char *p, const uint64_t *frames, int n)
{
	int kept = 0, data = 0;

	for (int i = 0; i < n; i++) {
		kept += pagemap_pfn(p + i * PAGE) == frames[i];
		data += p[i * PAGE] == (char)(i + 1);
	}
	printf("%s: frames kept %d of %d, data kept %d\n", what, kept, n, data);
}

static char *fresh(int pages, uint64_t *frames)
{
	char *p = mmap(NULL, pages * PAGE, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	for (int i = 0; i < pages; i++) {
		p[i * PAGE] = (char)(i + 1);
		if (frames)
			frames[i] = pagemap_pfn(p + i * PAGE);
	}
	return p;
}

int main(void)
{
	uint64_t frames[N + 1];

	pagemap = open("/proc/self/pagemap", O_RDONLY);
	char *a = fresh(N + 1, frames);
	munmap(a + N * PAGE, PAGE);		/* a page not like a's right above */
	char *wall = mmap(a + N * PAGE, PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS |
			  MAP_FIXED_NOREPLACE, -1, 0);
	printf("a page right above: %d\n", wall == a + N * PAGE);
	errno = 0;
	char *r = mremap(a, N * PAGE, 2 * N * PAGE, 0);
	printf("grow without MREMAP_MAYMOVE: %s\n", r == MAP_FAILED ? strerror(errno) : "grew");
	char *b = mremap(a, N * PAGE, 2 * N * PAGE, MREMAP_MAYMOVE);
	printf("grow with MREMAP_MAYMOVE: %s\n", b == MAP_FAILED ? strerror(errno) :
	       b == a ? "in place" : "moved");
	if (b == MAP_FAILED)
		return 1;
	check("after the move", b, frames, N);
	printf("old range unmapped: %d, new tail mapped: %d\n", !mapped(a),
	       mapped(b + (2 * N - 1) * PAGE));

	char *c = fresh(8, NULL);
	munmap(c + 4 * PAGE, 4 * PAGE);		/* room above c's 4 pages */
	r = mremap(c, 4 * PAGE, 8 * PAGE, 0);
	printf("grow into the room above: %s\n", r == MAP_FAILED ? strerror(errno) :
	       r == c ? "in place" : "moved");

	char *d = fresh(N, frames);
	char *target = mmap(NULL, 4 * N * PAGE, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	r = mremap(d, N * PAGE, N * PAGE, MREMAP_MAYMOVE | MREMAP_FIXED, target + N * PAGE);
	printf("MREMAP_FIXED: %s\n", r == MAP_FAILED ? strerror(errno) :
	       r == target + N * PAGE ? "at the address given" : "elsewhere");
	if (r != MAP_FAILED)
		check("after the fixed move", r, frames, N);

	r = mremap(b, 2 * N * PAGE, 4 * PAGE, 0);
	printf("shrink to 4 pages: %s, tail unmapped: %d\n", r == b ? "in place" : "moved",
	       !mapped(b + 4 * PAGE));
	return 0;
}
