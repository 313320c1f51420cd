/*
 * bench/mmap.c - mmap + munmap of one page, with 0, 1,000 and 10,000
 * other areas (VMAs) in the address space.
 *
 * The other areas are single pages mapped MAP_FIXED side by side into a
 * reserved range, alternately read-only and read-write so that no two
 * neighbours can merge: N pages give N areas.  The first page of the
 * range is read-only, so the page under test (read-write, placed by the
 * kernel top-down right below the range) does not merge with it either.
 * The page under test is never touched: this measures finding a free
 * range, creating and removing an area, with N areas in the tree.
 * A kernel whose area lookup is O(log n) shows nearly the same figure
 * for every N; a list walk grows with N.
 *
 *   metric mmap_munmap_<N>vmas NS ns/op
 *   # lines give the area count seen in /proc/self/maps, as a check
 */
#include "bench.h"

#define WARMUP 100
#define ITERS 20000

/* Lines in /proc/self/maps, or -1 if it cannot be read. */
static int count_maps(void)
{
	FILE *f = fopen("/proc/self/maps", "r");
	int c, lines = 0;

	if (!f)
		return -1;
	while ((c = getc(f)) != EOF)
		lines += c == '\n';
	fclose(f);
	return lines;
}

/* Reserve n pages, then map each as its own area, alternating protection. */
static char *make_areas(size_t n)
{
	char *base = mmap(NULL, n * PAGE_SIZE, PROT_NONE,
			  MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);

	if (base == MAP_FAILED)
		die("mmap reserve");
	for (size_t i = 0; i < n; i++) {
		int prot = i % 2 ? PROT_READ | PROT_WRITE : PROT_READ;

		if (mmap(base + i * PAGE_SIZE, PAGE_SIZE, prot,
			 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0) == MAP_FAILED)
			die("mmap fixed");
	}
	return base;
}

/* One mmap + munmap of an untouched page. */
static void map_unmap(void)
{
	void *p = mmap(NULL, PAGE_SIZE, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		die("mmap");
	if (munmap(p, PAGE_SIZE))
		die("munmap");
}

/* Time ITERS mmap+munmap pairs with n other areas present. */
static void bench_areas(size_t n)
{
	int before = count_maps();
	char *base = n ? make_areas(n) : NULL;
	char name[64];

	printf("# %zu areas added: /proc/self/maps has %d lines (was %d)\n",
	       n, count_maps(), before);
	for (int i = 0; i < WARMUP; i++)
		map_unmap();
	uint64_t t0 = now_ns();
	for (int i = 0; i < ITERS; i++)
		map_unmap();
	uint64_t t1 = now_ns();

	snprintf(name, sizeof(name), "mmap_munmap_%zuvmas", n);
	metric(name, (double)(t1 - t0) / ITERS, "ns/op");
	if (n && munmap(base, n * PAGE_SIZE))
		die("munmap areas");
}

int main(void)
{
	static const size_t counts[] = { 0, 1000, 10000 };

	wait_for_fine_clock();
	for (size_t i = 0; i < sizeof(counts) / sizeof(counts[0]); i++)
		bench_areas(counts[i]);
	return 0;
}
