/*
 * tests/pagoda/dirty_shared.c - more dirty MAP_SHARED file memory than is
 * free (tools/test runs "dirty_shared 10" with PAGODA_MEM=32M, no swap, a
 * 16 MiB store; it also runs on the Linux host, and stdout must be the
 * same there).
 *
 * dirty_shared MIB: writes a file of MIB MiB, maps it MAP_SHARED, and a
 * parent and a forked child write their patterns over alternate pages at
 * once; so reclaim must unmap dirty file pages from both processes and
 * write them back to the store to go on (Pagoda's store holds the file's
 * blocks in RAM too, so the file itself cannot be larger than RAM).  Then
 * msync, and every page checked through the mapping and by read().
 * stderr gets the writeback and reclaim counters of /proc/vmstat.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#define PAGE 4096ul

/* The word at i of page p written by writer w (0 write(), 1 parent, 2 child). */
static unsigned long word(unsigned long p, unsigned long i, unsigned long w)
{
	return (p * 0x9e3779b97f4a7c15ul) ^ (i * 0xbf58476d1ce4e5b9ul) ^ w;
}

static void fill_page(unsigned long *page, unsigned long p, unsigned long w)
{
	for (unsigned long i = 0; i < PAGE / 8; i++)
		page[i] = word(p, i, w);
}

/* Does page p hold writer w's pattern? */
static int page_ok(const unsigned long *page, unsigned long p, unsigned long w)
{
	for (unsigned long i = 0; i < PAGE / 8; i++)
		if (page[i] != word(p, i, w))
			return 0;
	return 1;
}

/* Write pages [p, pages) with step 2 from p through the mapping. */
static void dirty(unsigned long *m, unsigned long first, unsigned long pages,
		  unsigned long w)
{
	for (unsigned long p = first; p < pages; p += 2)
		fill_page(m + p * (PAGE / 8), p, w);
}

/* Pages of the file that read() finds without their writer's pattern. */
static unsigned long check_read(int fd, unsigned long pages)
{
	static unsigned long buf[PAGE / 8];
	unsigned long bad = 0;

	for (unsigned long p = 0; p < pages; p++)
		if (pread(fd, buf, PAGE, p * PAGE) != (long)PAGE ||
		    !page_ok(buf, p, 1 + p % 2))
			bad++;
	return bad;
}

static void show_vmstat(void)
{
	char line[256];
	FILE *f = fopen("/proc/vmstat", "r");

	while (f && fgets(line, sizeof(line), f))
		if (!strncmp(line, "nr_vmscan_write ", 16) || !strncmp(line, "pgsteal_file ", 13) ||
		    !strncmp(line, "pgscan_file ", 12) || !strncmp(line, "pgpgout ", 8))
			fprintf(stderr, "%s", line);
	if (f)
		fclose(f);
}

int main(int argc, char **argv)
{
	unsigned long mib = argc > 1 ? strtoul(argv[1], NULL, 0) : 10;
	unsigned long pages = mib * 256, bad = 0;
	static unsigned long buf[PAGE / 8];
	int fd = open("shared.dat", O_RDWR | O_CREAT | O_TRUNC, 0644);

	for (unsigned long p = 0; fd >= 0 && p < pages; p++) {
		fill_page(buf, p, 0);
		if (write(fd, buf, PAGE) != (long)PAGE) {
			perror("write");
			return 1;
		}
	}
	unsigned long *m = mmap(NULL, pages * PAGE, PROT_READ | PROT_WRITE,
				MAP_SHARED, fd, 0);
	if (fd < 0 || m == MAP_FAILED) {
		perror("shared.dat");
		return 1;
	}
	printf("%lu MiB file written\n", mib);
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		dirty(m, 1, pages, 2);
		_exit(0);
	}
	dirty(m, 0, pages, 1);
	int status;
	waitpid(pid, &status, 0);
	printf("child exit status %d\n", WIFEXITED(status) ? WEXITSTATUS(status) : -1);
	printf("msync %d\n", msync(m, pages * PAGE, MS_SYNC));
	for (unsigned long p = 0; p < pages; p++)
		bad += !page_ok(m + p * (PAGE / 8), p, 1 + p % 2);
	printf("through the mapping: %lu bad pages\n", bad);
	munmap(m, pages * PAGE);
	printf("by read(): %lu bad pages\n", check_read(fd, pages));
	close(fd);
	unlink("shared.dat");
	show_vmstat();
	return 0;
}
