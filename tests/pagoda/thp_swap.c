/*
 * tests/pagoda/thp_swap.c - transparent huge pages go to swap (tools/test
 * runs it with PAGODA_SWAP and 64 MiB of RAM): swap has no 2 MiB slots, so
 * reclaim splits a huge page and swaps its 512 pages (thp_split_page,
 * thp_swpout_fallback), as Linux without THP swap.
 *   pageout   MADV_PAGEOUT of two whole huge pages (MADV_HUGEPAGE):
 *             AnonHugePages falls to 0, VmSwap and pswpout grow by 4 MiB;
 *             a forked child, then the parent, read every word back
 *             intact; of a third huge page half is paged out (the entry
 *             is split, thp_split_pmd) and the other half stays resident.
 *   pressure  more huge pages than memory holds, written then read back:
 *             reclaim itself splits and swaps them.
 * After munmap no swap slot is left that no process names (none leaked).  Prints PASS or each failure.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "proc_value.h"

#define PAGE	4096ul
#define HUGE	(2ul << 20)

static int failures;

static void expect(const char *what, long got, long want)
{
	if (got != want) {
		printf("FAIL %s: %ld, want %ld\n", what, got, want);
		failures++;
	}
}

static void expect_more(const char *what, long got, long than)
{
	if (got <= than) {
		printf("FAIL %s: %ld, want more than %ld\n", what, got, than);
		failures++;
	}
}

static long vmstat(const char *key)
{
	return proc_value("/proc/vmstat", key);
}

/* Swap slots in use that no process's swap entry names: nr_swap_used
 * less the VmSwap pages of every process (reclaim may have swapped out
 * this program's other pages, or init's). */
static long orphan_slots(void)
{
	long entries = proc_swap_pages();

	return vmstat("nr_swap_used") - entries;
}

/* n bytes at a 2 MiB boundary, MADV_HUGEPAGE, every word written with
 * a function of its address and tag. */
static uint64_t *huge_area(size_t n, uint64_t tag)
{
	char *p = mmap(NULL, n + HUGE, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	uint64_t *m = (uint64_t *)(p + (-(uintptr_t)p & (HUGE - 1)));

	if (p == MAP_FAILED || madvise(m, n, MADV_HUGEPAGE)) {
		printf("FAIL mmap or MADV_HUGEPAGE\n");
		exit(1);
	}
	for (size_t i = 0; i < n / 8; i++)
		m[i] = (i * 0x9e3779b97f4a7c15ull) ^ tag;
	return m;
}

/* Words of the n bytes at m that do not hold what huge_area wrote. */
static long bad_words(const uint64_t *m, size_t n, uint64_t tag)
{
	long bad = 0;

	for (size_t i = 0; i < n / 8; i++)
		bad += m[i] != ((i * 0x9e3779b97f4a7c15ull) ^ tag);
	return bad;
}

/* Two whole huge pages paged out, read back by a child and the parent;
 * half of a third paged out. */
static void pageout(void)
{
	uint64_t *m = huge_area(3 * HUGE, 1);
	long split = vmstat("thp_split_page"), fallback = vmstat("thp_swpout_fallback");
	long pmds, out = vmstat("pswpout");
	long swap = proc_value("/proc/self/status", "VmSwap");
	int status;

	expect("AnonHugePages kB before", proc_sum("/proc/self/smaps", "AnonHugePages"),
	       3 * HUGE / 1024);
	expect("MADV_PAGEOUT", madvise(m, 2 * HUGE, MADV_PAGEOUT), 0);
	expect("AnonHugePages kB after", proc_sum("/proc/self/smaps", "AnonHugePages"),
	       HUGE / 1024);
	expect("VmSwap kB added", proc_value("/proc/self/status", "VmSwap") - swap,
	       2 * HUGE / 1024);
	expect("pswpout added", vmstat("pswpout") - out, 2 * HUGE / PAGE);
	expect("thp_split_page added", vmstat("thp_split_page") - split, 2);
	expect("thp_swpout_fallback added", vmstat("thp_swpout_fallback") - fallback, 2);
	pid_t pid = fork();
	if (pid == 0)
		_exit(bad_words(m, 3 * HUGE, 1) ? 1 : 0);
	expect("child's wait status", waitpid(pid, &status, 0) == pid ? status : -1, 0);
	expect("parent's bad words", bad_words(m, 3 * HUGE, 1), 0);
	pmds = vmstat("thp_split_pmd");
	expect("MADV_PAGEOUT of half a huge page",
	       madvise((char *)m + 2 * HUGE, HUGE / 2, MADV_PAGEOUT), 0);
	expect("thp_split_pmd added by it", vmstat("thp_split_pmd") - pmds, 1);
	expect("AnonHugePages kB after half", proc_sum("/proc/self/smaps", "AnonHugePages"), 0);
	expect("bad words after half", bad_words(m, 3 * HUGE, 1), 0);
	munmap(m, 3 * HUGE);
}

/* 40 MiB of huge pages, then 24 MiB more, in 64 MiB of RAM. */
static void pressure(void)
{
	long fallback = vmstat("thp_swpout_fallback"), out = vmstat("pswpout");
	uint64_t *a = huge_area(40ul << 20, 2), *b = huge_area(24ul << 20, 3);

	expect("bad words of the first", bad_words(a, 40ul << 20, 2), 0);
	expect("bad words of the second", bad_words(b, 24ul << 20, 3), 0);
	expect_more("thp_swpout_fallback added", vmstat("thp_swpout_fallback") - fallback, 0);
	expect_more("pswpout added", vmstat("pswpout") - out, 0);
	munmap(a, 40ul << 20);
	munmap(b, 24ul << 20);
}

int main(void)
{
	long slots = orphan_slots();

	pageout();
	pressure();
	expect("swap slots no process names, added", orphan_slots() - slots, 0);
	if (!failures)
		printf("PASS\n");
	return failures != 0;
}
