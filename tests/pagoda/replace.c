/*
 * tests/pagoda/replace.c - a working set larger than RAM, touched in a
 * known pattern, to compare page-replacement policies (reclaim=lru|clock|
 * fifo|random; pagoda/replace-* and tools/faultrate run it with 16 MiB of
 * RAM and a swap disk).
 *
 * replace PERCENT PATTERN...: maps PERCENT % of MemAvailable as private
 * anonymous memory and stamps every page; then, for each PATTERN, makes
 * 4 x pages accesses, each checking the page's stamp and counting itself
 * in the page:
 *   loop      pages 0, 1, ..., n-1, 0, 1, ... (a loop just over memory:
 *             least-recently-used evicts the page needed next)
 *   random    pages drawn uniformly (xorshift64, fixed seed)
 *   locality  90 % of accesses to a hot third of the pages, the rest
 *             anywhere (a working set that fits)
 * and prints "PATTERN pages N accesses A majfault F pswpin S refault R
 * activate T" (the /proc/vmstat deltas of the accesses alone; R and T are
 * workingset_refault_anon and workingset_activate_anon).  At the end every stamp and
 * the sum of the counts are checked: "data ok", exit 0; else "data BAD",
 * exit 1.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "proc_value.h"

#define PAGE_WORDS	(4096 / sizeof(unsigned long))
#define STAMP(p)	((p) * 0x9e3779b97f4a7c15ul + 1)

static unsigned long rnd = 88172645463325252ul;

static unsigned long xorshift(void)
{
	rnd ^= rnd << 13;
	rnd ^= rnd >> 7;
	rnd ^= rnd << 17;
	return rnd;
}

/* The page of access i of pattern over n pages; -1 for no such pattern. */
static long next_page(const char *pattern, unsigned long i, unsigned long n)
{
	unsigned long hot = n / 3, r;

	if (!strcmp(pattern, "loop"))
		return i % n;
	if (!strcmp(pattern, "random"))
		return xorshift() % n;
	if (!strcmp(pattern, "locality")) {
		r = xorshift();
		return r % 10 < 9 ? (r >> 8) % hot : hot + (r >> 8) % (n - hot);
	}
	return -1;
}

/* The accesses of one pattern; returns the pages with a bad stamp. */
static unsigned long run(unsigned long *m, unsigned long n, const char *pattern)
{
	long maj = proc_value("/proc/vmstat", "pgmajfault");
	long in = proc_value("/proc/vmstat", "pswpin");
	long refault = proc_value("/proc/vmstat", "workingset_refault_anon");
	long activate = proc_value("/proc/vmstat", "workingset_activate_anon");
	unsigned long bad = 0;

	for (unsigned long i = 0; i < 4 * n; i++) {
		long p = next_page(pattern, i, n);
		if (p < 0) {
			printf("unknown pattern %s\n", pattern);
			return 1;
		}
		unsigned long *w = m + p * PAGE_WORDS;
		bad += w[0] != STAMP(p);
		w[1]++;
	}
	printf("%s pages %lu accesses %lu majfault %ld pswpin %ld refault %ld "
	       "activate %ld\n", pattern, n, 4 * n,
	       proc_value("/proc/vmstat", "pgmajfault") - maj,
	       proc_value("/proc/vmstat", "pswpin") - in,
	       proc_value("/proc/vmstat", "workingset_refault_anon") - refault,
	       proc_value("/proc/vmstat", "workingset_activate_anon") - activate);
	return bad;
}

int main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: replace PERCENT PATTERN...\n");
		return 2;
	}
	unsigned long n = proc_value("/proc/meminfo", "MemAvailable") / 4 * atol(argv[1]) / 100;
	unsigned long *m = mmap(NULL, n * 4096, PROT_READ | PROT_WRITE,
				MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (m == MAP_FAILED) {
		perror("mmap");
		return 2;
	}
	for (unsigned long p = 0; p < n; p++)
		m[p * PAGE_WORDS] = STAMP(p);
	unsigned long bad = 0, sum = 0;
	for (int a = 2; a < argc; a++)
		bad += run(m, n, argv[a]);
	for (unsigned long p = 0; p < n; p++) {
		bad += m[p * PAGE_WORDS] != STAMP(p);
		sum += m[p * PAGE_WORDS + 1];
	}
	bad += sum != 4 * n * (argc - 2);
	printf("data %s\n", bad ? "BAD" : "ok");
	return bad != 0;
}
