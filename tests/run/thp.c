/*
 * tests/run/thp.c - transparent huge pages, compared with the Linux host
 * (whose policy is "madvise", as Pagoda's default): only regions given
 * MADV_HUGEPAGE get them.  Prints what smaps (AnonHugePages, Rss,
 * THPeligible, VmFlags), mincore, pagemap and kpageflags show after a write fault, a
 * read fault (the huge zero page, split by a write), partial munmap,
 * mprotect, MADV_DONTNEED and mlock (each splits one huge page),
 * whole-page munmap and mprotect (no split), mremap to an aligned place,
 * MADV_NOHUGEPAGE, prctl(PR_SET_THP_DISABLE), MADV_COLD (a huge page it
 * covers whole stays huge, made old; one it covers in part is split and
 * its pages in the range made old), and that fork's
 * copy-on-write of a huge page keeps both processes' data.
 * System-wide counters (vmstat, meminfo) are not compared: other
 * processes on the host move them; tests/pagoda/thp.c checks those.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#define HUGE	(2ul << 20)
#define PAGE	4096ul

static char buf[1 << 17];

/* The kB of field in the smaps entry of the VMA holding addr; -1 if none. */
static long smaps_kb(void *addr, const char *field)
{
	int fd = open("/proc/self/smaps", O_RDONLY);
	long n = 0, r;
	uintptr_t a = (uintptr_t)addr;

	while (fd >= 0 && (r = read(fd, buf + n, sizeof(buf) - 1 - n)) > 0)
		n += r;
	if (fd >= 0)
		close(fd);
	buf[n] = 0;
	for (char *line = buf; line && *line;) {
		unsigned long lo, hi;
		if (sscanf(line, "%lx-%lx ", &lo, &hi) == 2 && a >= lo && a < hi) {
			char key[64];
			snprintf(key, sizeof(key), "\n%s:", field);
			char *f = strstr(line, key);
			return f ? strtol(f + strlen(key), NULL, 10) : -1;
		}
		line = strchr(line, '\n');
		line = line ? line + 1 : NULL;
	}
	return -1;
}

/* Does the VmFlags line of the VMA at addr have code? */
static int has_vmflag(void *addr, const char *code)
{
	smaps_kb(addr, "Rss");		/* fills buf */
	uintptr_t a = (uintptr_t)addr;
	for (char *line = buf; line && *line;) {
		unsigned long lo, hi;
		if (sscanf(line, "%lx-%lx ", &lo, &hi) == 2 && a >= lo && a < hi) {
			char *f = strstr(line, "VmFlags:");
			char *end = f ? strchr(f, '\n') : NULL;
			char want[8];
			snprintf(want, sizeof(want), " %s", code);
			char *hit = f ? strstr(f, want) : NULL;
			return hit && hit < end;
		}
		line = strchr(line, '\n');
		line = line ? line + 1 : NULL;
	}
	return 0;
}

/* A fresh region of n huge pages at a 2 MiB-aligned address, advised. */
static char *huge_region(int n, int advice)
{
	char *p = mmap(NULL, (n + 1) * HUGE, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return NULL;
	char *a = (char *)(((uintptr_t)p + HUGE - 1) & ~(HUGE - 1));
	if (a > p)
		munmap(p, a - p);
	munmap(a + n * HUGE, p + HUGE - a);
	if (advice >= 0 && madvise(a, n * HUGE, advice))
		printf("madvise %d: failed\n", advice);
	return a;
}

static void touch(char *p, size_t len, char v)
{
	for (size_t i = 0; i < len; i += PAGE)
		p[i] = v;
}

static void show(const char *what, char *p)
{
	printf("%-28s AnonHugePages %5ld Rss %5ld\n", what,
	       smaps_kb(p, "AnonHugePages"), smaps_kb(p, "Rss"));
}

static int resident(char *p, size_t len)
{
	unsigned char vec[1024];
	int n = 0;

	if (mincore(p, len, vec))
		return -1;
	for (size_t i = 0; i < len / PAGE; i++)
		n += vec[i] & 1;
	return n;
}

static int pagemap_present(char *p, size_t len)
{
	int fd = open("/proc/self/pagemap", O_RDONLY), n = 0;
	uint64_t e;

	for (size_t off = 0; off < len; off += PAGE)
		if (pread(fd, &e, 8, (uintptr_t)(p + off) / PAGE * 8) == 8)
			n += (int)(e >> 63);
	close(fd);
	return n;
}

/* kpageflags' THP, COMPOUND_HEAD and COMPOUND_TAIL bits of the frame
 * mapped at p (needs root, as pagemap's PFNs). */
static void kpageflags(const char *what, char *p)
{
	int pm = open("/proc/self/pagemap", O_RDONLY);
	int kf = open("/proc/kpageflags", O_RDONLY);
	uint64_t e = 0, f = 0;

	if (pread(pm, &e, 8, (uintptr_t)p / PAGE * 8) != 8 ||
	    pread(kf, &f, 8, (e & ((1ull << 55) - 1)) * 8) != 8)
		f = ~0ull;
	close(pm);
	close(kf);
	printf("%s: thp %d head %d tail %d\n", what, (int)(f >> 22 & 1),
	       (int)(f >> 15 & 1), (int)(f >> 16 & 1));
}

static void policy(void)
{
	char s[128] = "";
	int fd = open("/sys/kernel/mm/transparent_hugepage/enabled", O_RDONLY);
	ssize_t n = fd >= 0 ? read(fd, s, sizeof(s) - 1) : -1;

	if (fd >= 0)
		close(fd);
	s[n > 0 ? n : 0] = 0;
	printf("enabled: %s", s);
	fd = open("/sys/kernel/mm/transparent_hugepage/hpage_pmd_size", O_RDONLY);
	n = fd >= 0 ? read(fd, s, sizeof(s) - 1) : -1;
	if (fd >= 0)
		close(fd);
	s[n > 0 ? n : 0] = 0;
	printf("hpage_pmd_size: %s", s);
}

static void faults(void)
{
	char *a = huge_region(2, MADV_HUGEPAGE);
	printf("THPeligible %ld hg %d\n", smaps_kb(a, "THPeligible"),
	       has_vmflag(a, "hg"));
	show("untouched", a);
	a[0] = 1;
	show("one write", a);
	printf("mincore %d pagemap %d of 512\n", resident(a, HUGE),
	       pagemap_present(a, HUGE));
	kpageflags("first frame", a);
	kpageflags("second frame", a + PAGE);
	printf("read back %d %d %d\n", a[0], a[HUGE - 1], a[HUGE + 7 * PAGE]);
	show("read of the second", a);
	printf("mincore of the second %d\n", resident(a + HUGE, HUGE));
	a[HUGE + 5 * PAGE] = 2;
	show("write after the read", a);
	munmap(a, 2 * HUGE);

	char *n = huge_region(1, MADV_NOHUGEPAGE);
	printf("THPeligible %ld nh %d\n", smaps_kb(n, "THPeligible"),
	       has_vmflag(n, "nh"));
	touch(n, HUGE, 1);
	show("MADV_NOHUGEPAGE", n);
	munmap(n, HUGE);
	char *plain = huge_region(1, -1);
	touch(plain, HUGE, 1);
	printf("THPeligible %ld\n", smaps_kb(plain, "THPeligible"));
	show("not advised", plain);
	munmap(plain, HUGE);
}

static int check(char *p, size_t len, char v)
{
	for (size_t i = 0; i < len; i += PAGE)
		if (p[i] != v)
			return 0;
	return 1;
}

static void splits(void)
{
	char *a = huge_region(4, MADV_HUGEPAGE);
	touch(a, 4 * HUGE, 7);
	show("four written", a);
	munmap(a + 3 * PAGE, PAGE);
	show("munmap of one 4 KiB", a + HUGE);
	printf("data %d %d\n", check(a, 3 * PAGE, 7), check(a + 4 * PAGE, HUGE - 4 * PAGE, 7));
	mprotect(a + HUGE + 64 * PAGE, PAGE, PROT_READ);
	show("mprotect of one 4 KiB", a + 2 * HUGE);
	mprotect(a + 2 * HUGE, HUGE, PROT_READ);
	show("mprotect of a whole one", a + 2 * HUGE);
	printf("mprotect data %d\n", check(a + 2 * HUGE, HUGE, 7));
	mprotect(a + 2 * HUGE, HUGE, PROT_READ | PROT_WRITE);
	a[2 * HUGE] = 8;
	show("made writable again", a + 2 * HUGE);
	madvise(a + 3 * HUGE + PAGE, PAGE, MADV_DONTNEED);
	show("MADV_DONTNEED of 4 KiB", a + 3 * HUGE);
	printf("dontneed data %d %d %d\n", a[3 * HUGE + PAGE], a[3 * HUGE],
	       a[3 * HUGE + 2 * PAGE]);
	munmap(a, 4 * HUGE);

	char *b = huge_region(3, MADV_HUGEPAGE);
	touch(b, 3 * HUGE, 3);
	munmap(b + HUGE, HUGE);
	show("munmap of a whole one", b);
	if (mlock(b + 2 * HUGE + PAGE, PAGE) == 0) {
		show("mlock of 4 KiB", b + 2 * HUGE);
		munlock(b + 2 * HUGE + PAGE, PAGE);
	}
	char *to = huge_region(1, -1);
	char *m = mremap(b, HUGE, HUGE, MREMAP_MAYMOVE | MREMAP_FIXED, to);
	show("mremap to an aligned place", m);
	printf("mremap data %d\n", check(m, HUGE, 3));
	munmap(m, HUGE);
	munmap(b + 2 * HUGE, HUGE);
}

/* MADV_COLD over one huge page and half of the next: smaps Referenced
 * counts the pages not made old. */
static void cold(void)
{
	char *a = huge_region(2, MADV_HUGEPAGE);

	touch(a, 2 * HUGE, 9);
	show("two written", a);
	printf("Referenced %ld\n", smaps_kb(a, "Referenced"));
	printf("COLD %d\n", madvise(a, HUGE + HUGE / 2, MADV_COLD));
	show("COLD of one and a half", a);
	printf("Referenced %ld\n", smaps_kb(a, "Referenced"));
	printf("data %d\n", check(a, 2 * HUGE, 9));
	munmap(a, 2 * HUGE);
}

static void cow(void)
{
	char *a = huge_region(2, MADV_HUGEPAGE);
	touch(a, 2 * HUGE, 5);
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		a[100] = 6;
		a[HUGE + 100] = 6;
		int ok = a[100] == 6 && a[0] == 5 && check(a + PAGE, 2 * HUGE - PAGE, 5);
		printf("child sees its writes %d\n", ok);
		fflush(stdout);
		_exit(0);
	}
	int st;
	waitpid(pid, &st, 0);
	show("parent after fork", a);
	printf("parent data %d %d\n", check(a, 2 * HUGE, 5), a[100]);
	munmap(a, 2 * HUGE);
}

static void disable(void)
{
	printf("PR_GET_THP_DISABLE %d\n", prctl(PR_GET_THP_DISABLE, 0, 0, 0, 0));
	printf("PR_SET_THP_DISABLE %d\n", prctl(PR_SET_THP_DISABLE, 1, 0, 0, 0));
	printf("PR_GET_THP_DISABLE %d\n", prctl(PR_GET_THP_DISABLE, 0, 0, 0, 0));
	char *a = huge_region(1, MADV_HUGEPAGE);
	touch(a, HUGE, 1);
	show("THP disabled", a);
	munmap(a, HUGE);
	prctl(PR_SET_THP_DISABLE, 0, 0, 0, 0);
}

int main(void)
{
	policy();
	faults();
	splits();
	cold();
	cow();
	disable();
	return 0;
}
