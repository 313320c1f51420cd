/*
 * tests/pagoda/pageout.c - MADV_PAGEOUT with a swap disk (tools/test runs
 * it with PAGODA_SWAP): the range's private anonymous pages go out at once
 * and every view of them says so - mincore 0, smaps Swap and Rss, VmSwap,
 * pagemap's swap bit (62) without the present bit (63), pswpout - and a
 * read brings each back intact (pswpin, pgmajfault).  Half a range pages
 * out half; pages fork shares and locked pages stay; after munmap the
 * swap slots are free again.  Prints PASS or each failure.
 * (tests/run/madv_pageout.c compares the rest with Linux, without swap.)
 */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "proc_value.h"

#define PAGE 4096ul
#define NPAGES 64

static int failures;

static void expect(const char *what, long got, long want)
{
	if (got != want) {
		printf("FAIL %s: %ld, want %ld\n", what, got, want);
		failures++;
	}
}

static long vmstat(const char *key)
{
	return proc_value("/proc/vmstat", key);
}

/* Pages of [m, m + n pages) mincore reports resident. */
static long resident(char *m, int n)
{
	unsigned char vec[NPAGES];
	long r = 0;

	if (mincore(m, n * PAGE, vec))
		return -1;
	for (int i = 0; i < n; i++)
		r += vec[i] & 1;
	return r;
}

/* Pages of [m, m + n pages) whose pagemap entry has bit (62 swap, 63
 * present) set. */
static long pagemap_bit(char *m, int n, int bit)
{
	uint64_t e[NPAGES];
	long r = 0;
	int fd = open("/proc/self/pagemap", O_RDONLY);

	if (fd < 0 || pread(fd, e, n * 8, (unsigned long)m / PAGE * 8) != n * 8)
		r = -1;
	for (int i = 0; r >= 0 && i < n; i++)
		r += (e[i] >> bit) & 1;
	close(fd);
	return r;
}

static long bad_pages(const char *m, int n)
{
	long bad = 0;

	for (int p = 0; p < n; p++)
		bad += m[p * PAGE] != (char)(p * 7 + 1) || m[p * PAGE + PAGE - 1] != (char)p;
	return bad;
}

/* The swapped-out state of the first half, then every page read back. */
static void pageout_and_back(char *m)
{
	long out = vmstat("pswpout"), in = vmstat("pswpin");
	long vmswap = proc_value("/proc/self/status", "VmSwap");
	int half = NPAGES / 2;

	expect("MADV_PAGEOUT of half", madvise(m, half * PAGE, MADV_PAGEOUT), 0);
	expect("mincore, resident pages", resident(m, NPAGES), NPAGES - half);
	expect("smaps Swap kB", smaps_value(m, "Swap"), half * 4);
	expect("smaps Rss kB", smaps_value(m, "Rss"), (NPAGES - half) * 4);
	expect("VmSwap kB added", proc_value("/proc/self/status", "VmSwap") - vmswap,
	       half * 4);
	expect("pagemap swap bits", pagemap_bit(m, NPAGES, 62), half);
	expect("pagemap present bits", pagemap_bit(m, NPAGES, 63), NPAGES - half);
	expect("pswpout added", vmstat("pswpout") - out, half);
	long majflt = vmstat("pgmajfault");
	expect("bad pages read back", bad_pages(m, NPAGES), 0);
	expect("pswpin added", vmstat("pswpin") - in, half);
	expect("pgmajfault added", vmstat("pgmajfault") - majflt, half);
	expect("mincore after reading", resident(m, NPAGES), NPAGES);
	expect("smaps Swap kB after reading", smaps_value(m, "Swap"), 0);
	expect("pagemap present bits after reading", pagemap_bit(m, NPAGES, 63), NPAGES);
}

/* Pages a child shares (copy-on-write) and locked pages stay. */
static void pages_that_stay(char *m)
{
	int p[2];
	char c;

	pipe(p);
	pid_t pid = fork();
	if (pid == 0) {
		read(p[0], &c, 1);
		_exit(0);
	}
	expect("MADV_PAGEOUT of pages fork shares", madvise(m, NPAGES * PAGE, MADV_PAGEOUT), 0);
	expect("shared pages resident", resident(m, NPAGES), NPAGES);
	write(p[1], "x", 1);
	waitpid(pid, NULL, 0);
	mlock(m, PAGE);
	expect("MADV_PAGEOUT of a locked page (-1: EINVAL)",
	       madvise(m, PAGE, MADV_PAGEOUT), -1);
	expect("the locked page resident", resident(m, 1), 1);
	munlock(m, PAGE);
}

int main(void)
{
	long slots = vmstat("nr_swap_used");
	char *m = mmap(NULL, NPAGES * PAGE, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	for (int p = 0; p < NPAGES; p++) {
		m[p * PAGE] = (char)(p * 7 + 1);
		m[p * PAGE + PAGE - 1] = (char)p;
	}
	pageout_and_back(m);
	pages_that_stay(m);
	expect("MADV_PAGEOUT of the whole area", madvise(m, NPAGES * PAGE, MADV_PAGEOUT), 0);
	expect("resident after it", resident(m, NPAGES), 0);
	munmap(m, NPAGES * PAGE);
	expect("swap slots in use after munmap", vmstat("nr_swap_used") - slots, 0);
	if (!failures)
		printf("PASS\n");
	return failures != 0;
}
