/*
 * tests/run/fault_around.c - fault-around: a read fault on a file mapping
 * maps the cached pages of the 64 KiB-aligned window around the address
 * (Linux's fault_around_bytes default), read-only, within the VMA and
 * never past the end of file, and no page that is not cached.  Observed
 * through /proc/self/smaps Rss; mincore still reports the page cache; a
 * write to a page mapped around a fault is copy-on-write in a private
 * mapping and reaches the file in a shared one.  Mappings are placed
 * 64 KiB-aligned (MAP_FIXED in a reservation), so the windows are the
 * same on every kernel.
 */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define PG	4096
#define WINDOW	(16 * PG)

static char path[64];

static void die(const char *what)
{
	perror(what);
	unlink(path);
	exit(1);
}

/* Rss in kB of the mapping that starts at p, from /proc/self/smaps. */
static long rss_kb(const void *p)
{
	char line[256];
	FILE *f = fopen("/proc/self/smaps", "r");
	int in = 0;
	long kb = -1;

	if (!f)
		die("smaps");
	while (kb < 0 && fgets(line, sizeof(line), f)) {
		unsigned long lo, hi;
		if (sscanf(line, "%lx-%lx ", &lo, &hi) == 2)
			in = lo == (uintptr_t)p;	/* a mapping's first line */
		else if (in && !strncmp(line, "Rss:", 4))
			kb = strtol(line + 4, NULL, 10);
	}
	fclose(f);
	return kb;
}

/* Pages of [p, p + len) mincore reports resident. */
static int resident(void *p, size_t len)
{
	unsigned char vec[64];
	int n = 0;

	if (mincore(p, len, vec))
		die("mincore");
	for (size_t i = 0; i < len / PG; i++)
		n += vec[i] & 1;
	return n;
}

/* A file of pages pages, page i filled with 'a' + i % 26, in the cache
 * (written); size may end inside the last page. */
static int make_file(int pages, size_t size)
{
	char buf[PG];
	int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);

	if (fd < 0)
		die("open");
	for (int i = 0; i < pages; i++) {
		memset(buf, 'a' + i % 26, PG);
		if (pwrite(fd, buf, PG, (off_t)i * PG) != PG)
			die("pwrite");
	}
	if (ftruncate(fd, (off_t)size))
		die("ftruncate");
	return fd;
}

/* Map len bytes of fd at a WINDOW-aligned address. */
static char *map_aligned(int fd, size_t len, int prot, int flags)
{
	char *r = mmap(NULL, len + WINDOW, PROT_NONE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (r == MAP_FAILED)
		die("reserve");
	char *p = (char *)(((uintptr_t)r + WINDOW - 1) & ~(uintptr_t)(WINDOW - 1));
	if (mmap(p, len, prot, flags | MAP_FIXED, fd, 0) != p)
		die("mmap");
	return p;
}

static void shared_read(void)
{
	int fd = make_file(40, 40 * PG);
	char *p = map_aligned(fd, 40 * PG, PROT_READ, MAP_SHARED);
	int ok = 1;

	printf("before any fault: Rss %ld kB\n", rss_kb(p));
	volatile char c = p[20 * PG + 5];
	printf("read page 20 ('%c'): Rss %ld kB\n", c, rss_kb(p));
	for (int i = 16; i < 32; i++)
		ok &= p[i * PG] == 'a' + i % 26 && p[i * PG + PG - 1] == 'a' + i % 26;
	printf("pages 16-31 hold the file's bytes: %s, Rss %ld kB\n",
	       ok ? "yes" : "no", rss_kb(p));
	c = p[36 * PG];
	printf("read page 36 ('%c'): Rss %ld kB (the window ends at the VMA)\n",
	       c, rss_kb(p));
	printf("mincore: %d of 40 resident\n", resident(p, 40 * PG));
	close(fd);
}

static void private_write(void)
{
	int fd = make_file(32, 32 * PG);
	char *p = map_aligned(fd, 32 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE);
	char b = 0;

	volatile char c = p[PG];
	printf("private: read page 1 ('%c'): Rss %ld kB\n", c, rss_kb(p));
	p[2 * PG] = 'Z';
	if (pread(fd, &b, 1, 2 * PG) != 1)
		die("pread");
	printf("private: wrote page 2: the map sees '%c', the file '%c', Rss %ld kB\n",
	       p[2 * PG], b, rss_kb(p));
	close(fd);
}

static void shared_write(void)
{
	int fd = make_file(32, 32 * PG);
	char *p = map_aligned(fd, 32 * PG, PROT_READ | PROT_WRITE, MAP_SHARED);
	char b = 0;

	volatile char c = p[17 * PG];
	printf("shared: read page 17 ('%c'): Rss %ld kB\n", c, rss_kb(p));
	p[18 * PG] = 'Y';
	if (pread(fd, &b, 1, 18 * PG) != 1)
		die("pread");
	printf("shared: wrote page 18: the file sees '%c'\n", b);
	close(fd);
}

static void end_of_file(void)
{
	int fd = make_file(6, 5 * PG + PG / 2);
	char *p = map_aligned(fd, 16 * PG, PROT_READ, MAP_SHARED);

	volatile char c = p[PG];
	printf("eof: 5.5-page file, 16-page map, read page 1 ('%c'): Rss %ld kB\n",
	       c, rss_kb(p));
	close(fd);
}

static void not_cached(void)
{
	int fd = make_file(4, 40 * PG);		/* pages 4-39: a hole */
	char *p = map_aligned(fd, 40 * PG, PROT_READ, MAP_SHARED);

	printf("hole: mincore: %d of 40 resident\n", resident(p, 40 * PG));
	volatile char c = p[PG];
	printf("hole: read page 1 ('%c'): Rss %ld kB (only the cached pages)\n",
	       c, rss_kb(p));
	close(fd);
}

static void shmem(void)
{
	char *r = mmap(NULL, 48 * PG, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	char *p = (char *)(((uintptr_t)r + WINDOW - 1) & ~(uintptr_t)(WINDOW - 1));

	if (mmap(p, 32 * PG, PROT_READ | PROT_WRITE,
		 MAP_SHARED | MAP_ANONYMOUS | MAP_FIXED, -1, 0) != p)
		die("mmap shared anonymous");
	for (int i = 0; i < 32; i++)
		p[i * PG] = (char)i;
	if (madvise(p, 32 * PG, MADV_DONTNEED))
		die("madvise");
	printf("shmem: after MADV_DONTNEED: Rss %ld kB\n", rss_kb(p));
	volatile char c = p[5 * PG];
	printf("shmem: read page 5 (%d): Rss %ld kB\n", c, rss_kb(p));
}

int main(void)
{
	snprintf(path, sizeof(path), "/tmp/fault_around.%d", (int)getpid());
	shared_read();
	private_write();
	shared_write();
	end_of_file();
	not_cached();
	shmem();
	unlink(path);
	return 0;
}
