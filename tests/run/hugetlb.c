/*
 * tests/run/hugetlb.c - MAP_HUGETLB and the hugetlb pool, compared with
 * the Linux host (run as root: it sets /proc/sys/vm/nr_hugepages, and
 * puts back the value it found).  Prints the pool counters of
 * /proc/meminfo at each step: reservation at mmap time (ENOMEM when the
 * pool is short, MAP_NORESERVE then SIGBUS at the fault), faults taking
 * reserved pages, munmap and MADV_DONTNEED giving them back, the pool
 * shrunk below its reservations (surplus pages); the argument rules
 * (MAP_HUGE_* sizes, MAP_FIXED alignment, length rounding, munmap,
 * mprotect, madvise and mremap inside a huge page); smaps and status;
 * fork of private (copy-on-write from unreserved pages, SIGBUS when there
 * are none) and shared mappings.  A lock (flock of nr_hugepages) keeps
 * the host's runs of the builds and tests/user/mm_hugetlb.c from sharing
 * the pool at once.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#define HUGE	(2ul << 20)
#define PAGE	4096ul
#define HUGETLB	(MAP_PRIVATE | MAP_ANONYMOUS | MAP_HUGETLB)
#ifndef MAP_HUGE_SHIFT		/* not in every libc's <sys/mman.h> */
#define MAP_HUGE_SHIFT	26
#endif
#ifndef MAP_HUGE_2MB
#define MAP_HUGE_2MB	(21 << MAP_HUGE_SHIFT)
#endif

static char buf[1 << 16];

/* The whole of a /proc file into buf. */
static char *slurp(const char *path)
{
	int fd = open(path, O_RDONLY);
	long n = 0, r;

	while (fd >= 0 && (r = read(fd, buf + n, sizeof(buf) - 1 - n)) > 0)
		n += r;
	if (fd >= 0)
		close(fd);
	buf[n] = 0;
	return buf;
}

/* The number after "key:" in text, or -1. */
static long field(const char *text, const char *key)
{
	char k[64];
	snprintf(k, sizeof(k), "%s:", key);
	const char *f = strstr(text, k);
	return f ? strtol(f + strlen(k), NULL, 10) : -1;
}

static void pool(const char *what)
{
	char *m = slurp("/proc/meminfo");
	printf("%-28s total %ld free %ld rsvd %ld surp %ld size %ld kB hugetlb %ld kB\n",
	       what, field(m, "HugePages_Total"), field(m, "HugePages_Free"),
	       field(m, "HugePages_Rsvd"), field(m, "HugePages_Surp"),
	       field(m, "Hugepagesize"), field(m, "Hugetlb"));
}

static long nr_hugepages(void)
{
	return strtol(slurp("/proc/sys/vm/nr_hugepages"), NULL, 10);
}

static void set_pool(long n)
{
	int fd = open("/proc/sys/vm/nr_hugepages", O_WRONLY);
	if (fd < 0 || dprintf(fd, "%ld\n", n) < 0)
		printf("cannot set nr_hugepages: %s\n", strerror(errno));
	if (fd >= 0)
		close(fd);
}

static void *map(size_t len, int flags)
{
	return mmap(NULL, len, PROT_READ | PROT_WRITE, flags, -1, 0);
}

static void show(const char *what, long r)
{
	printf("%-44s %s\n", what, r < 0 ? strerror(errno) : "ok");
	errno = 0;
}

/* The smaps entry of the VMA at addr: its hugetlb lines and flags. */
static void smaps(const char *what, void *addr)
{
	char head[32];
	snprintf(head, sizeof(head), "%lx-", (unsigned long)addr);
	char *e = strstr(slurp("/proc/self/smaps"), head);
	if (!e) {
		printf("%s: no smaps entry\n", what);
		return;
	}
	char *flags = strstr(e, "VmFlags:"), *end = flags ? strchr(flags, '\n') : NULL;
	if (end)
		end[1] = 0;
	printf("%s: size %ld kps %ld mmups %ld rss %ld anon %ld thp %ld "
	       "shared_hugetlb %ld private_hugetlb %ld anon_hugepage %d\n  %s",
	       what, field(e, "\nSize"), field(e, "\nKernelPageSize"),
	       field(e, "\nMMUPageSize"), field(e, "\nRss"), field(e, "\nAnonymous"),
	       field(e, "\nAnonHugePages"), field(e, "\nShared_Hugetlb"),
	       field(e, "\nPrivate_Hugetlb"),
	       strstr(e, "/anon_hugepage (deleted)") && strstr(e, "/anon_hugepage") < flags,
	       flags ? flags : "no VmFlags\n");
	char *st = slurp("/proc/self/status");
	printf("  HugetlbPages %ld VmRSS %d VmLck %ld\n", field(st, "HugetlbPages"),
	       field(st, "VmRSS") > 0, field(st, "VmLck"));
}

/* Run fn in a child; print how it ended. */
static void in_child(const char *what, void (*fn)(void *), void *arg)
{
	pid_t pid = fork();
	int st;

	if (pid == 0) {
		fn(arg);
		_exit(0);
	}
	waitpid(pid, &st, 0);
	if (WIFSIGNALED(st))
		printf("%s: killed by signal %d\n", what, WTERMSIG(st));
	else
		printf("%s: exit %d\n", what, WEXITSTATUS(st));
}

static void touch(void *p)
{
	*(volatile char *)p = 1;
}

static void empty_pool(void)
{
	show("mmap hugetlb, no pool", (long)map(HUGE, HUGETLB));
	char *p = map(HUGE, HUGETLB | MAP_NORESERVE);
	show("mmap hugetlb MAP_NORESERVE, no pool", (long)p);
	pool("noreserve mapped");
	in_child("touch without a page", touch, p);
	munmap(p, HUGE);
}

static void arguments(void)
{
	char *q = map(HUGE, HUGETLB | MAP_HUGE_2MB);
	show("MAP_HUGE_2MB", (long)q);
	munmap(q, HUGE);
	show("MAP_HUGE 16 KiB", (long)map(HUGE, HUGETLB | (14 << MAP_HUGE_SHIFT)));
	show("MAP_HUGE 4 MiB", (long)map(HUGE, HUGETLB | (22 << MAP_HUGE_SHIFT)));
	q = map(PAGE, MAP_PRIVATE | MAP_ANONYMOUS | (22 << MAP_HUGE_SHIFT));
	show("size bits without MAP_HUGETLB", (long)q);
	munmap(q, PAGE);
	show("MAP_FIXED at 4 KiB alignment", (long)mmap((void *)0x40001000, HUGE,
		PROT_READ | PROT_WRITE, HUGETLB | MAP_FIXED, -1, 0));
	char *h = mmap((void *)0x40001000, HUGE, PROT_READ, HUGETLB, -1, 0);
	printf("hint 0x40001000 -> %p\n", (void *)h);
	munmap(h, HUGE);
	int fd = open("hugetlb.tmp", O_CREAT | O_RDWR | O_TRUNC, 0600);
	ftruncate(fd, HUGE);
	show("MAP_HUGETLB of a file", (long)mmap(NULL, HUGE, PROT_READ,
						 MAP_SHARED | MAP_HUGETLB, fd, 0));
	close(fd);
	unlink("hugetlb.tmp");
	char *p = map(PAGE, HUGETLB);
	printf("4 KiB rounded up: aligned %d\n", ((uintptr_t)p & (HUGE - 1)) == 0);
	pool("4 KiB mapped");
	show("munmap 4 KiB of it", munmap(p, PAGE));
	show("munmap 4 KiB inside it", munmap(p + PAGE, PAGE));
	show("munmap 2 MiB - 4 KiB", munmap(p, HUGE - PAGE));
	show("munmap 2 MiB", munmap(p, HUGE));
	pool("4 KiB unmapped");
}

static void private_mapping(void)
{
	char *p = map(3 * HUGE, HUGETLB);
	show("mmap 3 huge pages", (long)p);
	pool("3 reserved");
	p[0] = 'a';
	p[HUGE + 5] = 'b';
	pool("2 touched");
	smaps("private", p);
	show("mprotect 4 KiB", mprotect(p, PAGE, PROT_READ));
	show("mprotect inside", mprotect(p + PAGE, HUGE, PROT_READ));
	show("mprotect 2 MiB read-only", mprotect(p, HUGE, PROT_READ));
	in_child("write to the read-only page", touch, p);
	show("mprotect back", mprotect(p, HUGE, PROT_READ | PROT_WRITE));
	show("mlock 4 KiB", mlock(p, PAGE));
	smaps("mlocked", p);
	munlock(p, PAGE);
	show("madvise DONTNEED 4 KiB", madvise(p, PAGE, MADV_DONTNEED));
	printf("p[0] after 4 KiB DONTNEED: %c\n", p[0]);
	show("madvise DONTNEED inside", madvise(p + PAGE, PAGE, MADV_DONTNEED));
	show("madvise FREE", madvise(p, HUGE, MADV_FREE));
	show("madvise DONTNEED 2 MiB", madvise(p, HUGE, MADV_DONTNEED));
	printf("p[0] after DONTNEED: %d\n", p[0]);
	pool("first dropped");
	show("mremap grow", (long)mremap(p, 3 * HUGE, 4 * HUGE, MREMAP_MAYMOVE));
	show("mremap inside", (long)mremap(p + PAGE, HUGE, PAGE, 0));
	show("mremap shrink to 2", (long)mremap(p, 3 * HUGE, 2 * HUGE, 0));
	pool("shrunk");
	printf("p[HUGE + 5] = %c\n", p[HUGE + 5]);
	show("munmap second", munmap(p + HUGE, HUGE));
	pool("second unmapped");
	show("munmap rest", munmap(p, HUGE));
	pool("all unmapped");
}

static char *shared_p;

static void child_cow(void *arg)
{
	char *p = arg;
	printf("child reads %c\n", p[0]);
	pool("child before writing");
	p[0] = 'c';
	pool("child wrote (copied)");
	smaps("child", p);
	fflush(stdout);
	p[HUGE] = 'd';			/* the parent's reservation, not ours */
	printf("child wrote the second page\n");
}

static void child_shared(void *arg)
{
	(void)arg;
	smaps("shared, child before touching", shared_p);
	shared_p[1] = 'y';
	smaps("shared, child", shared_p);
}

static void fork_mappings(void)
{
	char *p = map(2 * HUGE, HUGETLB);
	p[0] = 'p';
	set_pool(3);	/* one page free beside the parent's reserved one */
	pool("private, before fork");
	fflush(stdout);
	in_child("cow child", child_cow, p);
	pool("after the child");
	printf("parent still has %c\n", p[0]);
	munmap(p, 2 * HUGE);
	set_pool(4);
	shared_p = map(HUGE, MAP_SHARED | MAP_ANONYMOUS | MAP_HUGETLB);
	show("mmap shared", (long)shared_p);
	pool("shared reserved");
	shared_p[0] = 'x';
	pool("shared touched");
	smaps("shared", shared_p);
	fflush(stdout);
	in_child("shared child", child_shared, NULL);
	printf("parent sees %c\n", shared_p[1]);
	munmap(shared_p, HUGE);
	pool("shared unmapped");
}

static void shrink_pool(void)
{
	char *p = map(2 * HUGE, HUGETLB);
	p[0] = 1;
	pool("2 reserved, 1 used");
	set_pool(0);
	printf("nr_hugepages %ld\n", nr_hugepages());
	pool("pool set to 0");
	show("mmap more", (long)map(HUGE, HUGETLB));
	munmap(p, 2 * HUGE);
	pool("surplus freed");
}

int main(void)
{
	int lock = open("/proc/sys/vm/nr_hugepages", O_RDONLY);
	if (lock < 0 || flock(lock, LOCK_EX))
		printf("no lock: %s\n", strerror(errno));
	setvbuf(stdout, NULL, _IOLBF, 0);
	long saved = nr_hugepages();
	set_pool(0);
	pool("empty pool");
	empty_pool();
	set_pool(4);
	printf("nr_hugepages %ld\n", nr_hugepages());
	pool("pool of 4");
	arguments();
	private_mapping();
	fork_mappings();
	set_pool(4);
	shrink_pool();
	set_pool(saved);
	return 0;
}
