/*
 * tests/pagoda/workingset.c - refault detection (mm/workingset.c) as a
 * program sees it in /proc/vmstat, with 32 MiB of RAM, a 16 MiB store and
 * a swap disk (pagoda/workingset; Pagoda only: the sizes follow Pagoda's
 * store, which keeps file blocks in RAM):
 *   - a file that fits in memory, read twice: no workingset_refault_file;
 *   - a file larger than free memory (most of the free store), read twice:
 *     its first pages were evicted before the second read, so they refault
 *     (workingset_refault_file > 0); mincore of a mapping of it says some
 *     pages are not resident, and the mapping reads the file's bytes;
 *     deleting it and drop_caches 3 (for the shadows its reading left in
 *     other files) give back every kmalloc object: no radix node leaks;
 *   - a loop over anonymous memory longer than the inactive list, beside
 *     a hot set on the active list, 1.2 x MemAvailable in all: its pages
 *     are swapped out and in each pass and refault
 *     (workingset_refault_anon > 0), and those whose distance fits the
 *     active lists are activated at once (workingset_activate_anon > 0);
 *     every page is checked.
 * Prints one line per check, then PASS (exit 0) or FAIL (exit 1).
 */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "proc_value.h"

#define PAGE	4096l
#define CHUNK	(64 * 1024)

static int failures;

static void check(const char *what, int ok)
{
	printf("%s: %s\n", what, ok ? "ok" : "FAIL");
	failures += !ok;
}

static long vmstat(const char *key)
{
	return proc_value("/proc/vmstat", key);
}

/* Write the caches back and drop them; also their shadow entries (3). */
static void drop_caches(const char *what)
{
	int fd = open("/proc/sys/vm/drop_caches", O_WRONLY);

	sync();
	if (fd < 0 || write(fd, what, strlen(what)) < 0)
		perror("drop_caches");
	close(fd);
}

/* Create path of pages pages, byte i of page p being (p * 7 + i) & 0xff. */
static void make_file(const char *path, long pages)
{
	static char buf[PAGE];
	int fd = open(path, O_CREAT | O_TRUNC | O_WRONLY, 0644);

	for (long p = 0; p < pages; p++) {
		for (long i = 0; i < PAGE; i++)
			buf[i] = (char)(p * 7 + i);
		if (write(fd, buf, PAGE) != PAGE) {
			perror("write");
			exit(2);
		}
	}
	close(fd);
	drop_caches("3\n");
}

/* Read path twice from the start with read(); the refault_file growth. */
static long read_twice(const char *path)
{
	static char buf[CHUNK];
	long before = vmstat("workingset_refault_file");

	for (int pass = 0; pass < 2; pass++) {
		int fd = open(path, O_RDONLY);
		while (read(fd, buf, CHUNK) > 0)
			;
		close(fd);
	}
	return vmstat("workingset_refault_file") - before;
}

/* mincore of a mapping of path: how many pages are resident; then every
 * byte through the mapping is checked (1 if all are right). */
static int mapped_check(const char *path, long pages, long *resident)
{
	int fd = open(path, O_RDONLY), ok = 1;
	unsigned char *vec = malloc(pages);
	char *m = mmap(NULL, pages * PAGE, PROT_READ, MAP_SHARED, fd, 0);

	close(fd);
	*resident = 0;
	if (m == MAP_FAILED || mincore(m, pages * PAGE, vec))
		return 0;
	for (long p = 0; p < pages; p++)
		*resident += vec[p] & 1;
	for (long p = 0; p < pages; p++)
		for (long i = 0; i < PAGE; i += 511)
			ok &= m[p * PAGE + i] == (char)(p * 7 + i);
	munmap(m, pages * PAGE);
	free(vec);
	return ok;
}

static void file_checks(void)
{
	long free_store = vmstat("nr_store_capacity") - vmstat("nr_store_pages");
	long big = free_store - 256, resident;

	make_file("/tmp/ws-small", 512);
	check("2 MiB file read twice: no refault", read_twice("/tmp/ws-small") == 0);
	unlink("/tmp/ws-small");
	drop_caches("3\n");
	long objects = vmstat("nr_kmalloc_objects");
	make_file("/tmp/ws-big", big);
	long refaults = read_twice("/tmp/ws-big");
	printf("%ld-page file read twice: %ld refaults\n", big, refaults);
	check("file larger than free memory read twice: refaults", refaults > 0);
	int bytes_ok = mapped_check("/tmp/ws-big", big, &resident);
	check("mincore: evicted pages not resident", resident > 0 && resident < big);
	check("mapping of the refaulting file reads its bytes", bytes_ok);
	unlink("/tmp/ws-big");
	drop_caches("3\n");	/* and the shadows left in other files */
	long left = vmstat("nr_kmalloc_objects") - objects;
	printf("kmalloc objects after delete: %+ld\n", left);
	check("delete: kmalloc objects back", left == 0);
}

/*
 * The anonymous working set: a cold loop over 0.9 x MemAvailable, each
 * step also touching a page of a hot set of 0.3 x MemAvailable (three
 * times as often, so reclaim finds it used twice: active).  The cold loop
 * is longer than the inactive list can be, shorter than memory: its
 * pages are evicted and refault at a distance the active list could give
 * them.  Cold pages carry their pass, hot ones their index; all checked.
 */
static void anon_checks(void)
{
	long avail = proc_value("/proc/meminfo", "MemAvailable") * 1024 / PAGE;
	long cold = avail * 9 / 10, hot = avail * 3 / 10, words = PAGE / sizeof(long);
	long refault = vmstat("workingset_refault_anon");
	long activate = vmstat("workingset_activate_anon");
	long *c = mmap(NULL, cold * PAGE, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	long *h = mmap(NULL, hot * PAGE, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	long bad = 0;

	for (long p = 0; p < hot; p++)
		h[p * words] = ~p;
	for (long pass = 0; pass < 6; pass++)
		for (long p = 0; p < cold; p++) {
			long *w = c + p * words;
			bad += pass && *w != (pass - 1) * cold + p;
			*w = pass * cold + p;
			bad += h[p % hot * words] != ~(p % hot);
		}
	munmap(c, cold * PAGE);
	munmap(h, hot * PAGE);
	refault = vmstat("workingset_refault_anon") - refault;
	activate = vmstat("workingset_activate_anon") - activate;
	printf("%ld+%ld-page anon loop: %ld refaults, %ld activated, %ld bad\n",
	       cold, hot, refault, activate, bad);
	check("anon loop over more than memory: every page intact", bad == 0);
	check("anon loop: refaults", refault > 0);
	check("anon loop: recent refaults activated", activate > 0);
}

int main(void)
{
	file_checks();
	anon_checks();
	printf("%s\n", failures ? "FAIL" : "PASS");
	return failures != 0;
}
