/*
 * user/mmapdemo.c - a file mapped into memory, shared and private.
 *
 *   mmapdemo [FILE]      (default /tmp/mmapdemo.dat, removed at the end)
 *
 * A MAP_SHARED mapping and read() see the same page-cache pages: a store
 * through the mapping is visible to read() at once, and msync(MS_SYNC)
 * writes the dirty pages back to the file system's store (pgpgout).  A
 * MAP_PRIVATE mapping gets a private copy of a page on its first write
 * (copy-on-write), which read() never sees.  docs/demos.md explains the
 * output.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include "lib/ulib.h"

#define PAGE	4096
#define PAGES	4

/* The counters shown, if /proc/vmstat has them. */
static const char *const wanted[] = { "pgfault", "pgmajfault", "pgpgout",
				      "msync_written", "cow_fault", "cow_copy" };
#define NWANTED	(sizeof(wanted) / sizeof(wanted[0]))

static char text[32768];	/* /proc/vmstat */

/* Print the counters that changed since the last call; the first call
 * only reads them, and names those the kernel does not have. */
static void show_counters(void)
{
	static unsigned long last[NWANTED];
	static int first = 1;
	const char *sep = "   vmstat: ";
	unsigned long v;

	read_file("/proc/vmstat", text, sizeof(text));
	for (size_t i = 0; i < NWANTED; i++) {
		if (!proc_lookup(text, wanted[i], &v)) {
			if (first)
				printf("   %s: (counter not available)\n", wanted[i]);
			continue;
		}
		if (!first && v != last[i]) {
			printf("%s%s %+ld", sep, wanted[i], (long)(v - last[i]));
			sep = ", ";
		}
		last[i] = v;
	}
	if (!first)
		printf("%s\n", *sep == ',' ? "" : "   vmstat: no change");
	first = 0;
}

/* What read() finds at the start of page i of the file. */
static const char *file_says(int fd, int i)
{
	static char buf[16];

	memset(buf, 0, sizeof(buf));
	if (pread(fd, buf, sizeof(buf) - 1, (off_t)i * PAGE) < 0)
		return strerror(errno);
	buf[strcspn(buf, "\n")] = '\0';
	return buf;
}

/* Create the file: PAGES pages, each starting "page N", written back. */
static int make_file(const char *path)
{
	static char page[PAGE];
	int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);

	if (fd < 0) {
		fprintf(stderr, "mmapdemo: %s: %s\n", path, strerror(errno));
		exit(1);
	}
	for (int i = 0; i < PAGES; i++) {
		memset(page, '.', PAGE);
		snprintf(page, PAGE, "page %d\n", i);
		write(fd, page, PAGE);
	}
	fsync(fd);
	printf("1. wrote %s: %d pages, each starting \"page N\"; fsync()\n",
	       path, PAGES);
	show_counters();
	return fd;
}

/* Steps 2-4: MAP_SHARED, stores, read(), msync. */
static void shared(int fd)
{
	char *p = mmap(NULL, PAGES * PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);

	if (p == MAP_FAILED) {
		perror("mmapdemo: mmap");
		exit(1);
	}
	printf("2. mmap(MAP_SHARED) = %p; the mapping reads \"%.6s\"\n",
	       (void *)p, p);
	show_counters();
	memcpy(p, "HELLO!", 6);
	memcpy(p + 2 * PAGE, "HELLO!", 6);
	printf("3. stored \"HELLO!\" at the start of pages 0 and 2 of the mapping\n");
	show_counters();
	printf("   read() of the file: page 0 \"%s\", page 2 \"%s\"\n",
	       file_says(fd, 0), file_says(fd, 2));
	msync(p, PAGES * PAGE, MS_SYNC);
	printf("4. msync(MS_SYNC): the dirty pages go to the store\n");
	show_counters();
	msync(p, PAGES * PAGE, MS_SYNC);
	printf("   msync(MS_SYNC) again: nothing is dirty now\n");
	show_counters();
	munmap(p, PAGES * PAGE);
}

/* Step 5: MAP_PRIVATE: a write makes a private copy. */
static void private(int fd)
{
	char *p = mmap(NULL, PAGES * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);

	if (p == MAP_FAILED) {
		perror("mmapdemo: mmap");
		exit(1);
	}
	printf("5. mmap(MAP_PRIVATE) = %p; page 1 reads \"%.6s\"\n", (void *)p,
	       p + PAGE);
	show_counters();
	memcpy(p + PAGE, "MINE!!", 6);
	printf("   stored \"MINE!!\" in page 1 of the private mapping\n");
	show_counters();
	printf("   the mapping reads \"%.6s\"; read() of the file: \"%s\"\n",
	       p + PAGE, file_says(fd, 1));
	munmap(p, PAGES * PAGE);
}

int main(int argc, char **argv)
{
	const char *path = argc > 1 ? argv[1] : "/tmp/mmapdemo.dat";
	int fd = make_file(path);

	shared(fd);
	private(fd);
	close(fd);
	if (argc < 2)
		unlink(path);
	return 0;
}
