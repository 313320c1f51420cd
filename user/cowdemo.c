/*
 * user/cowdemo.c - copy-on-write after fork().
 *
 * The parent fills a 1 MiB buffer and forks.  The child's page tables
 * point at the parent's frames, write-protected in both: reading copies
 * nothing; each page the child writes is copied on that first write
 * (do_wp_page), and VmRSS does not change, because the copy replaces the
 * shared frame.  When the child has exited, the parent's own writes reuse
 * the frames without copying.  The cow_* counters of /proc/vmstat count
 * it all; docs/demos.md explains the output.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>
#include "lib/ulib.h"

#define PAGE	4096
#define PAGES	256		/* the buffer: 1 MiB */

/* The counters followed, if /proc/vmstat has them (Linux has no cow_*). */
static const char *const wanted[] = { "pgfault", "cow_fault", "cow_copy",
				      "cow_reuse" };
#define MAXC	(sizeof(wanted) / sizeof(wanted[0]))
static const char *names[MAXC];	/* those present */
static int ncounters;
static char text[32768];	/* a /proc file, read by slurp() */

/* Counter values and MemFree (kB) at one moment. */
struct snapshot {
	unsigned long v[MAXC];
	unsigned long memfree;
};

/* Read the /proc file at path into text. */
static void slurp(const char *path)
{
	read_file(path, text, sizeof(text));
}

/* The value of "key" (then ':' or ' ') in text, 0 if it is not there. */
static unsigned long value(const char *key)
{
	unsigned long v = 0;

	proc_lookup(text, key, &v);
	return v;
}

/* Keep the wanted counters that /proc/vmstat has; name the others. */
static void find_counters(void)
{
	unsigned long v;

	slurp("/proc/vmstat");
	for (size_t i = 0; i < MAXC; i++) {
		if (proc_lookup(text, wanted[i], &v))
			names[ncounters++] = wanted[i];
		else
			printf("%s: (counter not available)\n", wanted[i]);
	}
}

static void take(struct snapshot *s)
{
	slurp("/proc/vmstat");
	for (int i = 0; i < ncounters; i++)
		s->v[i] = value(names[i]);
	slurp("/proc/meminfo");
	s->memfree = value("MemFree");
}

/* The heading of the table that show_change() fills. */
static void show_heading(void)
{
	printf("%-24s", "");
	for (int i = 0; i < ncounters; i++)
		printf(" %9s", names[i]);
	printf(" %10s\n", "MemFree kB");
}

/* One row: what changed between a and b. */
static void show_change(const char *what, const struct snapshot *a,
			const struct snapshot *b)
{
	printf("%-24s", what);
	for (int i = 0; i < ncounters; i++)
		printf(" %+9ld", (long)(b->v[i] - a->v[i]));
	printf(" %+10ld\n", (long)(b->memfree - a->memfree));
}

static long vm_rss(void)
{
	slurp("/proc/self/status");
	return value("VmRSS");
}

/* The child: read every page, then write half of them. */
static void child(volatile char *buf)
{
	struct snapshot s0, s1, s2;

	usleep(100000);		/* let the parent settle in waitpid() */
	take(&s0);		/* a first time: faults on our own variables */
	printf("child:  VmRSS %ld kB right after fork(): the same frames, "
	       "read-only in both\n", vm_rss());
	show_heading();
	take(&s0);
	for (int i = 0; i < PAGES; i++)
		(void)buf[i * PAGE];
	take(&s1);
	show_change("child:  read 256 pages", &s0, &s1);
	for (int i = 0; i < PAGES; i += 2)
		buf[i * PAGE] = 2;
	take(&s2);
	show_change("child:  wrote 128 pages", &s1, &s2);
	printf("child:  VmRSS %ld kB: each copy replaced a shared frame\n",
	       vm_rss());
}

int main(void)
{
	struct snapshot s0, s1;
	char *buf = mmap(NULL, PAGES * PAGE, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (buf == MAP_FAILED) {
		perror("cowdemo: mmap");
		return 1;
	}
	find_counters();
	memset(buf, 1, PAGES * PAGE);
	printf("parent: a %d KiB buffer, all %d pages written; VmRSS %ld kB\n",
	       PAGES * PAGE / 1024, PAGES, vm_rss());
	fflush(stdout);
	pid_t pid = fork();
	if (pid < 0) {
		perror("cowdemo: fork");
		return 1;
	}
	if (pid == 0) {
		child(buf);
		return 0;
	}
	waitpid(pid, NULL, 0);
	printf("parent: the child has exited\n");
	take(&s0);		/* twice, as in the child */
	take(&s0);
	for (int i = 0; i < PAGES; i++)
		buf[i * PAGE] = 3;
	take(&s1);
	show_change("parent: wrote 256 pages", &s0, &s1);
	return 0;
}
