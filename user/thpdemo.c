/*
 * user/thpdemo.c - what transparent huge pages buy: the same region (64
 * MiB, or the MiB given as the argument) mapped twice, once with
 * MADV_NOHUGEPAGE (4 KiB pages) and once with MADV_HUGEPAGE (2 MiB
 * pages), each written in full, then forked and unmapped.  For each it
 * prints the page faults taken (getrusage), the page-table pages the
 * process gained (VmPTE: with THP, the table set aside for each huge
 * page counts, as in Linux), AnonHugePages, the TLB
 * entries needed to map the region (its TLB reach), and the time of the
 * first touch, of fork() and of munmap().  docs/guide/03-page-tables.md
 * explains a run.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "lib/ulib.h"

#define PAGE	4096ul
#define HUGE	(2ul << 20)

static char text[1 << 16];	/* a /proc file */

struct result {
	long faults, tables, anon_huge_kb;
	double touch_ms, fork_ms, munmap_ms;
};

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static long minflt(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_minflt;
}

static long proc_value(const char *path, const char *key)
{
	unsigned long v = 0;

	read_file(path, text, sizeof(text));
	proc_lookup(text, key, &v);
	return (long)v;
}

/* AnonHugePages summed over the process (smaps_rollup), in kB. */
static long anon_huge_kb(void)
{
	return proc_value("/proc/self/smaps_rollup", "AnonHugePages");
}

/* len bytes at a 2 MiB boundary, with advice. */
static char *aligned_region(size_t len, int advice)
{
	char *p = mmap(NULL, len + HUGE, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED) {
		perror("thpdemo: mmap");
		exit(1);
	}
	char *a = (char *)(((uintptr_t)p + HUGE - 1) & ~(HUGE - 1));
	if (a > p)
		munmap(p, a - p);
	munmap(a + len, p + HUGE - a);
	madvise(a, len, advice);
	return a;
}

/* Write every page of a fresh region, fork, unmap: one column. */
static void measure(size_t len, int advice, struct result *r)
{
	char *a = aligned_region(len, advice);
	long faults = minflt();
	long tables = proc_value("/proc/self/status", "VmPTE");
	double t = now_ms();

	for (size_t i = 0; i < len; i += PAGE)
		a[i] = 1;
	r->touch_ms = now_ms() - t;
	r->faults = minflt() - faults;
	r->tables = (proc_value("/proc/self/status", "VmPTE") - tables) / 4;
	r->anon_huge_kb = anon_huge_kb();
	t = now_ms();
	pid_t pid = fork();
	if (pid == 0)
		_exit(0);
	r->fork_ms = now_ms() - t;
	waitpid(pid, NULL, 0);
	t = now_ms();
	munmap(a, len);
	r->munmap_ms = now_ms() - t;
}

int main(int argc, char **argv)
{
	long mib = argc > 1 ? atol(argv[1]) : 64;
	size_t len = (size_t)(mib > 0 ? mib : 64) << 20;
	struct result small, huge;

	measure(len, MADV_NOHUGEPAGE, &small);
	measure(len, MADV_HUGEPAGE, &huge);
	printf("%ld MiB, written in full            4 KiB pages   2 MiB pages\n",
	       (long)(len >> 20));
	printf("page faults                       %11ld   %11ld\n", small.faults,
	       huge.faults);
	printf("page-table pages added            %11ld   %11ld\n", small.tables,
	       huge.tables);
	printf("AnonHugePages (kB)                %11ld   %11ld\n",
	       small.anon_huge_kb, huge.anon_huge_kb);
	printf("TLB entries to map it all         %11lu   %11lu\n", len / PAGE,
	       len / HUGE);
	printf("first touch (ms)                  %11.2f   %11.2f\n",
	       small.touch_ms, huge.touch_ms);
	printf("fork (ms)                         %11.2f   %11.2f\n", small.fork_ms,
	       huge.fork_ms);
	printf("munmap (ms)                       %11.2f   %11.2f\n",
	       small.munmap_ms, huge.munmap_ms);
	return 0;
}
