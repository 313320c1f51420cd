/*
 * tests/pagoda/thp.c - what Pagoda's transparent huge pages promise that
 * cannot be compared with the host (system-wide counters, and the policy
 * file, which a test must not change on the host):
 *  - each write fault in a MADV_HUGEPAGE region maps one huge page:
 *    thp_fault_alloc and nr_anon_transparent_hugepages count it, and
 *    meminfo's AnonHugePages grows by 2048 kB;
 *  - a partial munmap splits one PMD (thp_split_pmd) and the page stops
 *    being huge (thp_split_page); a fork shares the huge page, so the
 *    system still has one THP until a write copies it;
 *  - /sys/kernel/mm/transparent_hugepage/enabled: "never" gives advised
 *    regions 4 KiB pages, "always" gives every region huge pages, a
 *    wrong word is EINVAL;
 *  - meminfo's Active(anon) + Inactive(anon) count a huge page as its
 *    2048 kB, 2044 after a split that unmaps one 4 KiB page of it, and
 *    none after munmap (Linux counts a folio's pages on the LRU);
 *  - mlock of a huge page, or a fault in a locked range, makes it
 *    Mlocked and Unevictable whole (2048 kB), munlock undoes it;
 *  - MADV_COLD over half a huge page splits it (thp_split_page; its 2048
 *    kB leave AnonHugePages) and every one of its pages stays counted,
 *    inactive (a new page is, and COLD keeps the ones it covers there);
 *  - when no free 2 MiB block is left (memory fragmented by 4 KiB pages),
 *    a fault falls back to a 4 KiB page (thp_fault_fallback).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#define HUGE	(2ul << 20)
#define PAGE	4096ul
#define ENABLED	"/sys/kernel/mm/transparent_hugepage/enabled"

static long value(const char *path, const char *name)
{
	static char buf[4096];
	int fd = open(path, O_RDONLY);
	ssize_t n = read(fd, buf, sizeof(buf) - 1);

	close(fd);
	buf[n > 0 ? n : 0] = '\0';
	size_t len = strlen(name);
	for (char *p = buf; (p = strstr(p, name)); p++)
		if ((p == buf || p[-1] == '\n') && (p[len] == ' ' || p[len] == ':'))
			return atol(p + len + 1 + strspn(p + len + 1, " "));
	return -1;
}

static long vmstat(const char *name) { return value("/proc/vmstat", name); }
static long meminfo(const char *name) { return value("/proc/meminfo", name); }

static int check(const char *what, long got, long want)
{
	printf("%s %s: %ld (want %ld)\n", got == want ? "ok" : "FAIL", what, got, want);
	return got != want;
}

/* got within [lo, hi]: other memory (stdio, this test's pages) may move
 * the system-wide counts a little. */
static int check_range(const char *what, long got, long lo, long hi)
{
	int bad = got < lo || got > hi;

	printf("%s %s: %ld (want %ld..%ld)\n", bad ? "FAIL" : "ok", what, got, lo, hi);
	return bad;
}

static int set_enabled(const char *mode)
{
	int fd = open(ENABLED, O_WRONLY);
	int r = write(fd, mode, strlen(mode)) < 0 ? -errno : 0;

	close(fd);
	return r;
}

/* n huge pages' worth at an aligned address, with advice (or none). */
static char *region(int n, int advice)
{
	char *p = mmap(NULL, (n + 1) * HUGE, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	char *a = (char *)(((uintptr_t)p + HUGE - 1) & ~(HUGE - 1));

	if (advice >= 0)
		madvise(a, n * HUGE, advice);
	return a;
}

static int counts(void)
{
	int bad = 0, st;
	long alloc = vmstat("thp_fault_alloc"), thps = vmstat("nr_anon_transparent_hugepages");
	long kb = meminfo("AnonHugePages");
	char *a = region(4, MADV_HUGEPAGE);

	for (int i = 0; i < 4; i++)
		a[i * HUGE] = 1;
	bad |= check("thp_fault_alloc", vmstat("thp_fault_alloc") - alloc, 4);
	bad |= check("nr_anon_transparent_hugepages",
		     vmstat("nr_anon_transparent_hugepages") - thps, 4);
	bad |= check("AnonHugePages kB", meminfo("AnonHugePages") - kb, 4 * 2048);
	long pmd = vmstat("thp_split_pmd"), page = vmstat("thp_split_page");
	munmap(a + PAGE, PAGE);
	bad |= check("thp_split_pmd", vmstat("thp_split_pmd") - pmd, 1);
	bad |= check("thp_split_page", vmstat("thp_split_page") - page, 1);
	bad |= check("THPs after the split",
		     vmstat("nr_anon_transparent_hugepages") - thps, 3);
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		int b = check("THPs shared by fork",
			      vmstat("nr_anon_transparent_hugepages") - thps, 3);
		a[HUGE] = 2;		/* copies one huge page */
		b |= check("THPs after a copy",
			   vmstat("nr_anon_transparent_hugepages") - thps, 4);
		fflush(stdout);
		_exit(b);
	}
	waitpid(pid, &st, 0);
	bad |= check("child", st, 0);
	munmap(a, 4 * HUGE);
	bad |= check("THPs after munmap", vmstat("nr_anon_transparent_hugepages"), thps);
	return bad;
}

static long anon_lru_kb(void)
{
	return meminfo("Active(anon)") + meminfo("Inactive(anon)");
}

#define SLACK	64		/* kB of other anonymous pages */

/* A huge page counts 2048 kB on the anon LRU lists, 4 fewer once a split
 * frees one of its pages, 0 when unmapped; AnonHugePages shows that
 * what is measured is a huge page. */
static int lru_counts(void)
{
	long thp = meminfo("AnonHugePages"), before = anon_lru_kb();
	char *a = region(1, MADV_HUGEPAGE);
	int bad = 0;

	a[0] = 1;
	long huge = meminfo("AnonHugePages") - thp, touched = anon_lru_kb() - before;
	munmap(a + PAGE, PAGE);		/* splits the page, frees 4 KiB of it */
	long split = anon_lru_kb() - before, split_thp = meminfo("AnonHugePages") - thp;
	munmap(a, HUGE);
	long after = anon_lru_kb() - before;
	bad |= check("LRU: AnonHugePages kB", huge, 2048);
	bad |= check_range("LRU: anon kB of a huge page", touched, 2048, 2048 + SLACK);
	bad |= check("LRU: AnonHugePages kB after the split", split_thp, 0);
	bad |= check_range("LRU: anon kB after the split", split, 2044, 2044 + SLACK);
	bad |= check_range("LRU: anon kB after munmap", after, -SLACK, SLACK);
	return bad;
}

/* A locked huge page counts 2048 kB Mlocked and Unevictable, through
 * mlock of the page and through a fault under MLOCK_ONFAULT; none once
 * munlocked. */
static int mlocked(void)
{
	long mlocked = meminfo("Mlocked"), unevictable = meminfo("Unevictable");
	char *a = region(2, MADV_HUGEPAGE);
	int bad = 0;

	a[0] = 1;
	long thp = meminfo("AnonHugePages");
	bad |= check("mlock", mlock(a, HUGE), 0);
	long by_mlock = meminfo("Mlocked") - mlocked;
	long by_mlock_u = meminfo("Unevictable") - unevictable;
	bad |= check("mlock2 MLOCK_ONFAULT", mlock2(a + HUGE, HUGE, MLOCK_ONFAULT), 0);
	a[HUGE] = 1;
	long by_fault = meminfo("Mlocked") - mlocked;
	long huge = meminfo("AnonHugePages") - thp;
	bad |= check("munlock", munlock(a, 2 * HUGE), 0);
	long after = meminfo("Mlocked") - mlocked;
	bad |= check("mlock: Mlocked kB", by_mlock, 2048);
	bad |= check("mlock: Unevictable kB", by_mlock_u, 2048);
	bad |= check("MLOCK_ONFAULT: AnonHugePages kB of the fault", huge, 2048);
	bad |= check("MLOCK_ONFAULT: Mlocked kB", by_fault, 4096);
	bad |= check("munlock: Mlocked kB", after, 0);
	munmap(a, 2 * HUGE);
	return bad;
}

/* MADV_COLD over part of a huge page splits it, as Linux's: its pages
 * stay on the LRU lists, inactive. */
static int cold_part(void)
{
	char *a = region(1, MADV_HUGEPAGE);
	int bad = 0;

	a[0] = 1;
	long thp = meminfo("AnonHugePages"), split = vmstat("thp_split_page");
	long inactive = meminfo("Inactive(anon)"), lru = anon_lru_kb();
	int r = madvise(a, HUGE / 2, MADV_COLD);
	long thp_after = meminfo("AnonHugePages"), split_after = vmstat("thp_split_page");
	long inactive_after = meminfo("Inactive(anon)"), lru_after = anon_lru_kb();
	bad |= check("COLD: madvise", r, 0);
	bad |= check("COLD: thp_split_page", split_after - split, 1);
	bad |= check("COLD: AnonHugePages kB", thp_after - thp, -2048);
	bad |= check_range("COLD: anon LRU kB", lru_after - lru, -SLACK, SLACK);
	bad |= check_range("COLD: Inactive(anon) kB", inactive_after - inactive, -SLACK, SLACK);
	munmap(a, HUGE);
	return bad;
}

static int policy(void)
{
	int bad = 0;
	long alloc = vmstat("thp_fault_alloc");

	bad |= check("write never", set_enabled("never\n"), 0);
	char *a = region(1, MADV_HUGEPAGE);
	a[0] = 1;
	bad |= check("never: huge pages", vmstat("thp_fault_alloc") - alloc, 0);
	bad |= check("write always", set_enabled("always"), 0);
	char *b = region(1, -1);
	b[0] = 1;
	bad |= check("always: huge pages", vmstat("thp_fault_alloc") - alloc, 1);
	bad |= check("write a wrong word", set_enabled("sometimes"), -EINVAL);
	bad |= check("write madvise", set_enabled("madvise"), 0);
	munmap(a, HUGE);
	munmap(b, HUGE);
	return bad;
}

/* Fill memory with 4 KiB pages, free every other one: much free memory,
 * no free 2 MiB block; then huge faults take the last blocks and fall
 * back. */
static int fallback(void)
{
	long free_kb = meminfo("MemFree"), fb = vmstat("thp_fault_fallback");
	size_t len = (free_kb - 8192) * 1024 & ~(HUGE - 1);
	char *small = region(len / HUGE, MADV_NOHUGEPAGE);

	for (size_t i = 0; i < len; i += PAGE)
		small[i] = 1;
	for (size_t i = 0; i < len; i += 2 * PAGE)
		madvise(small + i, PAGE, MADV_DONTNEED);
	char *a = region(16, MADV_HUGEPAGE);
	int i;
	for (i = 0; i < 16 && vmstat("thp_fault_fallback") == fb; i++)
		a[i * HUGE] = 3;
	int bad = check("a fault fell back", vmstat("thp_fault_fallback") - fb, 1);
	bad |= check("data", a[(i - 1) * HUGE] + small[PAGE], 4);
	munmap(a, 16 * HUGE);
	munmap(small, len);
	return bad;
}

int main(void)
{
	int bad = counts();

	bad |= lru_counts();
	bad |= mlocked();
	bad |= cold_part();
	bad |= policy();
	bad |= fallback();
	printf("%s\n", bad ? "FAIL" : "PASS");
	return bad;
}
