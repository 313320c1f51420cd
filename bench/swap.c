/*
 * bench/swap.c - swap-out and swap-in throughput, as time per page.
 *
 * Needs a swap area (tools/bench gives both kernels a virtio-blk disk made
 * by mkswap, swapped on at boot).  64 MiB of private anonymous memory is
 * written, every page holding its own index, then:
 *
 * swap-out: madvise(MADV_PAGEOUT) over it all, then wait until no page is
 * under writeback (/proc/vmstat nr_writeback is 0: Linux writes
 * asynchronously and MADV_PAGEOUT returns with the writes in flight).
 * The figure is that time / the pages written (pswpout's growth): the
 * inverse of the throughput, so that Pagoda/Linux reads like every other
 * row (below 1.0: Pagoda is faster); the '#' line gives pages/s.
 *
 * Between the two: Linux keeps a page it wrote in its swap cache
 * (SwapCached in /proc/meminfo) until memory is short, and a fault on it
 * then reads nothing.  So where SwapCached is not 0, a balloon of
 * MemFree + SwapCached is touched and unmapped (not timed): reclaim drops
 * the clean swap-cache pages, the oldest on the inactive list.  A kernel
 * with no swap cache skips this.
 *
 * swap-in: one byte of every page is read and checked (a major fault per
 * page, fewer with swap readahead).  The figure is that time / the pages
 * read (pswpin's growth).
 *
 * Each phase fails (exit 1, no figure) if its counter grew by less than
 * 90% of the pages: then the disk did not do the work being timed.
 *
 *   metric swap_out NS ns/page
 *   metric swap_in NS ns/page
 */
#include <fcntl.h>

#include "bench.h"

#define AREA (64 * MIB)
#define PAGES (AREA / PAGE_SIZE)
#define MIN_DONE (PAGES * 9 / 10)

/* The value of counter name in the "name value" file path (/proc/vmstat,
 * or /proc/meminfo with its "name: value kB"); 0 if it is not there. */
static uint64_t counter(const char *path, const char *name)
{
	static char buf[16384];
	int fd = open(path, O_RDONLY);
	ssize_t n = fd < 0 ? -1 : read(fd, buf, sizeof(buf) - 1);
	size_t len = strlen(name);

	if (fd >= 0)
		close(fd);
	if (n <= 0)
		die(path);
	buf[n] = '\0';
	for (char *line = buf; line; line = strchr(line, '\n')) {
		line += *line == '\n';
		if (!strncmp(line, name, len) &&
		    (line[len] == ' ' || line[len] == ':'))
			return strtoull(line + len + 1, NULL, 10);
	}
	return 0;
}

static uint64_t vmstat(const char *name)
{
	return counter("/proc/vmstat", name);
}

/* Touch then unmap MemFree + SwapCached, so that reclaim frees the clean
 * pages of the swap cache; says how many are left. */
static void drop_swap_cache(void)
{
	uint64_t cached = counter("/proc/meminfo", "SwapCached");

	if (!cached)
		return;
	size_t len = (counter("/proc/meminfo", "MemFree") + cached) * 1024;
	char *balloon = map_anon(len);
	touch_pages(balloon, len);
	munmap(balloon, len);
	printf("# swap cache %llu kB, %llu kB after a %zu MiB balloon\n",
	       (unsigned long long)cached,
	       (unsigned long long)counter("/proc/meminfo", "SwapCached"),
	       len / MIB);
}

/* One phase's figure: done pages of counter in t ns, or fail. */
static void report(const char *name, const char *counter_name, uint64_t done,
		   uint64_t t)
{
	printf("# %s: %llu of %lu pages (%s) in %.1f ms: %.0f pages/s\n",
	       name, (unsigned long long)done, PAGES, counter_name, t / 1e6,
	       done * 1e9 / t);
	if (done < MIN_DONE) {
		fprintf(stderr, "bench: %s: only %llu pages counted in %s\n",
			name, (unsigned long long)done, counter_name);
		exit(1);
	}
	metric(name, (double)t / done, "ns/page");
}

int main(void)
{
	wait_for_fine_clock();
	char *p = map_anon(AREA);
	for (uint64_t i = 0; i < PAGES; i++)
		*(uint64_t *)(p + i * PAGE_SIZE) = i;

	uint64_t out = vmstat("pswpout"), t = now_ns();
	if (madvise(p, AREA, MADV_PAGEOUT))
		die("madvise(MADV_PAGEOUT)");
	while (vmstat("nr_writeback"))
		;
	t = now_ns() - t;
	report("swap_out", "pswpout", vmstat("pswpout") - out, t);

	drop_swap_cache();

	uint64_t in = vmstat("pswpin"), bad = 0;
	t = now_ns();
	for (uint64_t i = 0; i < PAGES; i++)
		bad += *(volatile uint64_t *)(p + i * PAGE_SIZE) != i;
	t = now_ns() - t;
	if (bad) {
		fprintf(stderr, "bench: swap_in: %llu pages read back wrong\n",
			(unsigned long long)bad);
		return 1;
	}
	report("swap_in", "pswpin", vmstat("pswpin") - in, t);
	return 0;
}
