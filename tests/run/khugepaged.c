/*
 * tests/run/khugepaged.c - khugepaged, compared with the Linux host (THP
 * policy madvise on both): the knobs' defaults and their refusal of bad
 * values (nothing valid is written: the host's khugepaged is
 * everybody's), and 2 MiB written 4 KiB at a time before MADV_HUGEPAGE
 * staying small at first.
 *
 * With the argument "collapse" (tools/pagodatests.py, Pagoda only):
 * khugepaged collapses that region (AnonHugePages in smaps, polled, at
 * most a minute), data intact, thp_collapse_alloc and pages_collapsed
 * moved; prints PASS.  Not compared with the host, whose khugepaged
 * scans every process on the machine (every QEMU of a test run among
 * them) at 4096 pages per 10 s, and so collapsed within the minute only
 * on a quiet machine.
 *
 * With the argument "shared" (tools/pagodatests.py, Pagoda only): a
 * region whose pages fork shares is not collapsed (Linux allows at most
 * max_ptes_shared = 256 shared entries, Pagoda none), checked after two
 * more full scans; prints PASS.  Not compared with the host: its
 * khugepaged scans every process on the machine at 4096 pages per 10 s,
 * so two full scans of a busy host take longer than any test can wait.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define HUGE	(2ul << 20)
#define PAGE	4096ul
#define KNOBS	"/sys/kernel/mm/transparent_hugepage/khugepaged/"

static char buf[1 << 17];

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

static long knob(const char *name)
{
	char path[128];
	snprintf(path, sizeof(path), KNOBS "%s", name);
	return strtol(slurp(path), NULL, 10);
}

static long vmstat(const char *name)
{
	char *f = strstr(slurp("/proc/vmstat"), name);
	return f ? strtol(f + strlen(name), NULL, 10) : -1;
}

/* AnonHugePages of the smaps entry holding addr, in kB; -1 if none. */
static long anon_huge_kb(void *addr)
{
	uintptr_t a = (uintptr_t)addr;

	slurp("/proc/self/smaps");
	for (char *line = buf; line && *line;) {
		unsigned long lo, hi;
		if (sscanf(line, "%lx-%lx ", &lo, &hi) == 2 && a >= lo && a < hi) {
			char *f = strstr(line, "\nAnonHugePages:");
			return f ? strtol(f + 15, NULL, 10) : -1;
		}
		line = strchr(line, '\n');
		line = line ? line + 1 : NULL;
	}
	return -1;
}

/* 2 MiB at a 2 MiB boundary, each page written, then MADV_HUGEPAGE. */
static char *small_pages_region(void)
{
	char *p = mmap(NULL, 2 * HUGE, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	char *a = (char *)(((uintptr_t)p + HUGE - 1) & ~(HUGE - 1));

	if (a > p)
		munmap(p, a - p);
	munmap(a + HUGE, p + HUGE - a);
	for (unsigned long i = 0; i < HUGE; i += PAGE)
		a[i] = (char)(i / PAGE);
	return a;
}

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void pause_ms(long ms)
{
	struct timespec ts = { ms / 1000, ms % 1000 * 1000000 };
	nanosleep(&ts, NULL);
}

static void bad_write(const char *name, const char *value)
{
	char path[128];
	snprintf(path, sizeof(path), KNOBS "%s", name);
	int fd = open(path, O_WRONLY);
	errno = 0;
	long r = fd < 0 ? -1 : write(fd, value, strlen(value));
	printf("write %s to %s: %s\n", value, name, r < 0 ? strerror(errno) : "accepted");
	if (fd >= 0)
		close(fd);
}

static int data_ok(const char *a)
{
	for (unsigned long i = 0; i < HUGE; i += PAGE)
		if (a[i] != (char)(i / PAGE))
			return 0;
	return 1;
}

/* A region shared with a child since fork stays small through two full
 * scans, its data intact; 0 and PASS if so. */
static int shared_check(void)
{
	char *s = small_pages_region();
	pid_t child = fork();

	if (child == 0) {		/* shares s's pages until the parent is done */
		pause();
		_exit(0);
	}
	madvise(s, HUGE, MADV_HUGEPAGE);
	long scans = knob("full_scans");
	double start = now();
	while (knob("full_scans") < scans + 2 && now() - start < 60)
		pause_ms(50);
	int done = knob("full_scans") >= scans + 2;
	long kb = anon_huge_kb(s);
	int intact = data_ok(s);
	printf("two more full scans %d; shared region: AnonHugePages %ld kB, data %s\n",
	       done, kb, intact ? "intact" : "WRONG");
	kill(child, SIGKILL);
	waitpid(child, NULL, 0);
	printf("%s\n", done && kb == 0 && intact ? "PASS" : "FAIL");
	return 0;
}

/* khugepaged collapses a region written in small pages once it is
 * advised, within a minute, data intact, its counters moved; 0 and PASS
 * if so. */
static int collapse_check(void)
{
	long alloc = vmstat("\nthp_collapse_alloc "), collapsed = knob("pages_collapsed");
	char *a = small_pages_region();
	madvise(a, HUGE, MADV_HUGEPAGE);
	double start = now();
	while (anon_huge_kb(a) != 2048 && now() - start < 60)
		pause_ms(50);
	long kb = anon_huge_kb(a);
	int moved = vmstat("\nthp_collapse_alloc ") > alloc && knob("pages_collapsed") > collapsed;
	printf("collapsed: AnonHugePages %ld kB, data %s, counters moved %d\n", kb,
	       data_ok(a) ? "intact" : "WRONG", moved);
	printf("%s\n", kb == 2048 && data_ok(a) && moved ? "PASS" : "FAIL");
	return 0;
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc > 1 && !strcmp(argv[1], "shared"))
		return shared_check();
	printf("pages_to_scan %ld scan_sleep_millisecs %ld max_ptes_none %ld\n",
	       knob("pages_to_scan"), knob("scan_sleep_millisecs"), knob("max_ptes_none"));
	bad_write("pages_to_scan", "0");
	bad_write("max_ptes_none", "512");
	bad_write("scan_sleep_millisecs", "ten");

	if (argc > 1 && !strcmp(argv[1], "collapse"))
		return collapse_check();
	char *a = small_pages_region();
	printf("before MADV_HUGEPAGE: AnonHugePages %ld kB\n", anon_huge_kb(a));
	madvise(a, HUGE, MADV_HUGEPAGE);
	printf("after MADV_HUGEPAGE: AnonHugePages %ld kB\n", anon_huge_kb(a));
	return 0;
}
