/*
 * tests/run/madv_collapse.c - madvise(MADV_COLLAPSE), Linux 6.1's
 * synchronous collapse into transparent huge pages, compared with the
 * host (THP policy madvise: no region here asks for MADV_HUGEPAGE, and
 * the collapse does not need it).  For 2 MiB at a 2 MiB boundary: pages
 * written 4 KiB at a time collapse with their data; so do a range with
 * one page, a range of zero-page reads, a read-only and an mlocked range,
 * and pages shared with a forked child (which keeps its own); a range
 * with no page table, zero-page reads in a mapping nothing was ever
 * written to (no anon_vma: Linux's SCAN_PAGE_ANON), MADV_NOHUGEPAGE and
 * PR_SET_THP_DISABLE are EINVAL;
 * a range smaller than an aligned 2 MiB does nothing; an unmapped page
 * inside is ENOMEM.  AnonHugePages (smaps_rollup) after each.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef MADV_COLLAPSE
#define MADV_COLLAPSE 25
#endif
#define HUGE	(2ul << 20)
#define PAGE	4096ul

static long anon_huge_kb(void)
{
	char line[256];
	long kb = -1;
	FILE *f = fopen("/proc/self/smaps_rollup", "r");

	while (f && fgets(line, sizeof(line), f))
		if (sscanf(line, "AnonHugePages: %ld kB", &kb) == 1)
			break;
	if (f)
		fclose(f);
	return kb;
}

static long vmstat(const char *name)
{
	char key[64];
	long v, found = -1;
	FILE *f = fopen("/proc/vmstat", "r");

	while (f && fscanf(f, "%63s %ld", key, &v) == 2)
		if (!strcmp(key, name))
			found = v;
	if (f)
		fclose(f);
	return found;
}

/* 2 MiB at a 2 MiB boundary, with 2 MiB more mapped after it. */
static char *region_prot(int prot)
{
	char *m = mmap(NULL, 3 * HUGE, prot, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	return (char *)(((unsigned long)m + HUGE - 1) & ~(HUGE - 1));
}

static char *region(void)
{
	return region_prot(PROT_READ | PROT_WRITE);
}

static void fill(char *a)
{
	for (unsigned long i = 0; i < HUGE; i += PAGE)
		a[i] = (char)(i / PAGE);
}

static int data_ok(const char *a)
{
	for (unsigned long i = 0; i < HUGE; i += PAGE)
		if (a[i] != (char)(i / PAGE))
			return 0;
	return 1;
}

static void collapse(const char *what, char *a, size_t len)
{
	long before = anon_huge_kb();
	errno = 0;
	int r = madvise(a, len, MADV_COLLAPSE);
	printf("%-36s %s, AnonHugePages %+ld kB\n", what,
	       r ? strerror(errno) : "ok", anon_huge_kb() - before);
}

static void shared_with_child(void)
{
	char *a = region();
	fill(a);
	int p[2];
	if (pipe(p))
		return;
	pid_t child = fork();
	if (child == 0) {
		char c;
		read(p[0], &c, 1);	/* the parent has collapsed */
		int ok = data_ok(a);
		a[PAGE] = 77;		/* its own copy */
		_exit(ok && a[PAGE] == 77 ? 0 : 1);
	}
	collapse("pages shared with a child", a, HUGE);
	write(p[1], "x", 1);
	int st;
	waitpid(child, &st, 0);
	printf("child's data intact: %s, parent's: %s\n",
	       WIFEXITED(st) && WEXITSTATUS(st) == 0 ? "yes" : "no",
	       data_ok(a) ? "yes" : "no");
}

int main(void)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	char *a = region();
	fill(a);
	long allocs = vmstat("thp_collapse_alloc");
	collapse("written 4 KiB at a time", a, HUGE);
	printf("data intact: %s, thp_collapse_alloc moved: %s\n",
	       data_ok(a) ? "yes" : "no",
	       vmstat("thp_collapse_alloc") > allocs ? "yes" : "no");
	collapse("again, already huge", a, HUGE);
	collapse("the 2 MiB after it, never touched", a + HUGE, HUGE);
	collapse("less than an aligned 2 MiB", a + PAGE, HUGE);

	char *b = region();
	b[5 * PAGE] = 5;
	collapse("one page written", b, HUGE);
	printf("reads back: %d %d\n", b[5 * PAGE], b[6 * PAGE]);
	char *c = region();
	printf("zero-page reads: %d\n", *(volatile char *)c + *(volatile char *)(c + PAGE));
	collapse("zero pages only", c, HUGE);
	char *d = region();
	fill(d);
	mprotect(d, HUGE, PROT_READ);
	collapse("read-only", d, HUGE);
	char *e = region();
	fill(e);
	printf("mlock: %s\n", mlock(e, HUGE) ? strerror(errno) : "ok");
	collapse("mlocked", e, HUGE);
	munlock(e, HUGE);

	char *f = region();
	fill(f);
	madvise(f, HUGE, MADV_NOHUGEPAGE);
	collapse("MADV_NOHUGEPAGE", f, HUGE);
	char *g = region();
	fill(g);
	munmap(g + 7 * PAGE, PAGE);
	collapse("a page unmapped inside", g, HUGE);

	shared_with_child();

	char *h = region();
	fill(h);
	prctl(PR_SET_THP_DISABLE, 1, 0, 0, 0);
	collapse("PR_SET_THP_DISABLE", h, HUGE);
	prctl(PR_SET_THP_DISABLE, 0, 0, 0, 0);
	collapse("after PR_SET_THP_DISABLE 0", h, HUGE);
	printf("data intact: %s\n", data_ok(h) ? "yes" : "no");

	char *z = region_prot(PROT_READ);	/* merges with none of the above */
	printf("zero-page reads: %d\n", *(volatile char *)z + *(volatile char *)(z + PAGE));
	collapse("zero pages, never written", z, HUGE);
	return 0;
}
