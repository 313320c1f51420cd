/*
 * tests/user/mm_thp.c - transparent huge pages through Pagoda's libc, with
 * the leak check after each test (every huge page and deposited page
 * table must come back): MADV_HUGEPAGE regions on both kernels (the
 * host's policy is madvise, as Pagoda's default).  A write fault maps a
 * huge page (AnonHugePages); fork shares it and both sides keep their
 * data after writes; MADV_WIPEONFORK and MADV_DONTFORK on a huge page;
 * mremap of part of one splits it, munmap of all of it frees it; one
 * made PROT_NONE whole stays huge through fork, exit and munmap; one
 * written in 4 KiB pages is collapsed (MADV_COLLAPSE: at once on both
 * kernels, where waiting for the host's khugepaged depended on how busy
 * the machine was), and then forks, splits and goes like any other.
 */
#include "utest.h"
#include <stdint.h>
#include <sys/mman.h>
#include <time.h>

#define PG	4096ul
#define HUGE	(2ul << 20)

/* AnonHugePages of the smaps entry holding p, in kB; -1 if none. */
static long anon_huge_kb(void *p)
{
	FILE *f = fopen("/proc/self/smaps", "r");
	char line[256];
	int in = 0;
	long kb = -1;

	while (f && fgets(line, sizeof(line), f)) {
		unsigned long lo, hi;
		if (sscanf(line, "%lx-%lx ", &lo, &hi) == 2)
			in = (uintptr_t)p >= lo && (uintptr_t)p < hi;
		else if (in && !strncmp(line, "AnonHugePages:", 14))
			kb = atol(line + 14);
	}
	if (f)
		fclose(f);
	return kb;
}

/* n huge pages at a 2 MiB boundary, MADV_HUGEPAGE, each page written v. */
static char *huge_region(int n, char v)
{
	char *p = mmap(NULL, (n + 1) * HUGE, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	char *a = (char *)(((uintptr_t)p + HUGE - 1) & ~(HUGE - 1));

	if (a > p)
		munmap(p, a - p);
	munmap(a + n * HUGE, p + HUGE - a);
	SHOW("madvise(MADV_HUGEPAGE)", madvise(a, n * HUGE, MADV_HUGEPAGE));
	for (size_t i = 0; i < n * HUGE; i += PG)
		a[i] = v;
	return a;
}

static int all(const char *p, size_t len, char v)
{
	for (size_t i = 0; i < len; i += PG)
		if (p[i] != v)
			return 0;
	return 1;
}

static void fault(void)
{
	char *a = huge_region(2, 1);

	printf("AnonHugePages %ld kB\n", anon_huge_kb(a));
	SHOW("munmap of one whole", munmap(a, HUGE));
	printf("AnonHugePages %ld kB, data %d\n", anon_huge_kb(a + HUGE),
	       all(a + HUGE, HUGE, 1));
	munmap(a + HUGE, HUGE);
}

static void cow(void)
{
	char *a = huge_region(1, 2);
	pid_t pid = fork();

	if (pid == 0) {
		a[PG] = 3;
		printf("child: %d %d %d\n", a[0], a[PG], all(a + 2 * PG, HUGE - 2 * PG, 2));
		fflush(stdout);
		_exit(0);
	}
	waitpid(pid, NULL, 0);
	printf("parent: %d %d %d\n", a[0], a[PG], all(a, HUGE, 2));
	a[PG] = 4;
	printf("parent after its write: %d %d\n", a[0], a[PG]);
}

static void child_sees(const char *what, char *p)
{
	pid_t pid = fork();

	if (pid == 0) {
		printf("%s: child reads %d %d\n", what, p[0], p[HUGE - PG]);
		fflush(stdout);
		_exit(0);
	}
	int st;
	waitpid(pid, &st, 0);
	printf("%s: child status %d\n", what, st);
}

static void forkadvice(void)
{
	char *a = huge_region(1, 5);

	SHOW("madvise(WIPEONFORK)", madvise(a, HUGE, MADV_WIPEONFORK));
	child_sees("wiped", a);
	SHOW("madvise(KEEPONFORK)", madvise(a, HUGE, MADV_KEEPONFORK));
	SHOW("madvise(DONTFORK)", madvise(a, HUGE, MADV_DONTFORK));
	child_sees("not copied", a);
	printf("parent: %d %ld kB\n", a[0], anon_huge_kb(a));
}

static void mremap_part(void)
{
	char *a = huge_region(1, 6);
	char *t = mmap(NULL, 4 * PG, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	char *m = mremap(a + 8 * PG, 4 * PG, 4 * PG, MREMAP_MAYMOVE | MREMAP_FIXED, t);

	printf("moved %d, data %d %d, AnonHugePages %ld kB\n", m == t,
	       all(m, 4 * PG, 6), all(a, 8 * PG, 6), anon_huge_kb(a));
	SHOW("mprotect(PROT_NONE) of the rest",
	     mprotect(a + 12 * PG, HUGE - 12 * PG, PROT_NONE));
}

/* A whole huge page made PROT_NONE stays one (a huge entry that is not
 * Present): fork copies it, and the child and the parent each see the
 * data again after mprotect; exit and munmap free it. */
static void protnone(void)
{
	char *a = huge_region(1, 7);

	SHOW("mprotect(PROT_NONE) of all of it", mprotect(a, HUGE, PROT_NONE));
	printf("AnonHugePages %ld kB\n", anon_huge_kb(a));
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		SHOW("child: mprotect(PROT_READ)", mprotect(a, HUGE, PROT_READ));
		printf("child reads %d %d\n", a[0], a[HUGE - PG]);
		fflush(stdout);
		_exit(0);
	}
	waitpid(pid, NULL, 0);
	SHOW("mprotect(PROT_READ | PROT_WRITE)",
	     mprotect(a, HUGE, PROT_READ | PROT_WRITE));
	a[PG] = 8;
	printf("parent: %d %d, AnonHugePages %ld kB\n", a[0], a[PG], anon_huge_kb(a));
	SHOW("mprotect(PROT_NONE) again", mprotect(a, HUGE, PROT_NONE));
	SHOW("munmap", munmap(a, HUGE));
}

/* A collapse: 2 MiB written in small pages becomes one huge page with the
 * same data; fork shares it, mprotect of part splits it, munmap frees it
 * (and the table the collapse set aside). */
static void collapse(void)
{
	char *p = mmap(NULL, 2 * HUGE, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	char *a = (char *)(((uintptr_t)p + HUGE - 1) & ~(HUGE - 1));

	if (a > p)
		munmap(p, a - p);
	munmap(a + HUGE, p + HUGE - a);
	for (size_t i = 0; i < HUGE; i += PG)
		a[i] = 9;
	SHOW("madvise(MADV_HUGEPAGE)", madvise(a, HUGE, MADV_HUGEPAGE));
	SHOW("madvise(MADV_COLLAPSE)", madvise(a, HUGE, MADV_COLLAPSE));
	printf("collapsed: AnonHugePages %ld kB, data %d\n", anon_huge_kb(a),
	       all(a, HUGE, 9));
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		a[PG] = 10;
		printf("child: %d %d\n", a[0], a[PG]);
		fflush(stdout);
		_exit(0);
	}
	waitpid(pid, NULL, 0);
	SHOW("mprotect(PROT_READ) of 4 KiB", mprotect(a, PG, PROT_READ));
	printf("parent: %d %d, AnonHugePages %ld kB\n", a[0], a[PG], anon_huge_kb(a));
	SHOW("munmap", munmap(a, HUGE));
}

static const struct utest tests[] = {
	{ "fault", fault },
	{ "cow", cow },
	{ "forkadvice", forkadvice },
	{ "mremap_part", mremap_part },
	{ "protnone", protnone },
	{ "collapse", collapse },
};

UTEST_MAIN(tests)
