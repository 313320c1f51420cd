/*
 * tests/user/fmap_dirty.c - dirty tracking of shared file mappings, as
 * far as a program sees it: writes reach the file across fork, mprotect,
 * munmap, truncate and MADV_DONTNEED, and the first write to a clean page
 * (only the first: a write notification, Linux's page_mkwrite) marks the
 * file modified (st_mtime), again after msync has cleaned the page.
 */
#include "mmtest.h"
#include <time.h>

/* The file's mtime in nanoseconds. */
static long long mtime_ns(int fd)
{
	struct stat st;

	if (fstat(fd, &st))
		die("fstat");
	return st.st_mtim.tv_sec * 1000000000LL + st.st_mtim.tv_nsec;
}

/* Let the clock move past the last timestamp (Linux's are coarse). */
static void tick(void)
{
	struct timespec ts = { 0, 30 * 1000 * 1000 };

	nanosleep(&ts, NULL);
}

/* Write c at off through the mapping; say whether mtime moved. */
static void write_and_report(const char *what, int fd, char *p, size_t off,
			     char c)
{
	long long before = mtime_ns(fd);

	tick();
	p[off] = c;
	printf("%s: mtime %s\n", what, mtime_ns(fd) > before ? "moved" : "kept");
}

static void dirty_mtime(void)
{
	int fd = mkfile("f", 4 * PG);
	char *s = xmmap(NULL, 4 * PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	volatile char sum = 0;

	for (int i = 0; i < 4; i++)
		sum += s[i * PG];
	write_and_report("first write to a clean page", fd, s, 0, 'A');
	write_and_report("second write to it", fd, s, 1, 'B');
	SHOW("msync", msync(s, 4 * PG, MS_SYNC));
	write_and_report("write after msync", fd, s, 2, 'C');
	write_and_report("write to another clean page", fd, s, PG, 'D');
	printf("file: %c%c%c %c\n", file_byte(fd, 0), file_byte(fd, 1),
	       file_byte(fd, 2), file_byte(fd, PG));
	close(fd);
	unlink("f");
}

static void dirty_fork(void)
{
	int fd = mkfile("f", 4 * PG);
	char *s = xmmap(NULL, 4 * PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);

	s[0] = 'p';
	pid_t pid = xfork();
	if (pid == 0) {
		SHOW("child msync", msync(s, 4 * PG, MS_SYNC));
		s[0] = 'c';
		s[2 * PG] = 'c';
		child_exit();
	}
	reap(pid);
	printf("parent sees %c %c, file %c %c\n", s[0], s[2 * PG],
	       file_byte(fd, 0), file_byte(fd, 2 * PG));
	SHOW("parent msync", msync(s, 4 * PG, MS_SYNC));
	close(fd);
	unlink("f");
}

static void dirty_mprotect(void)
{
	int fd = mkfile("f", 2 * PG);
	char *s = xmmap(NULL, 2 * PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);

	s[0] = 'w';
	SHOW("mprotect(PROT_READ)", mprotect(s, 2 * PG, PROT_READ));
	probe("write to the read-only page", s, 'w', 'x');
	SHOW("msync", msync(s, 2 * PG, MS_SYNC));
	SHOW("mprotect(PROT_NONE)", mprotect(s, 2 * PG, PROT_NONE));
	probe("read of the PROT_NONE page", s, 'r', 0);
	SHOW("mprotect(PROT_READ|PROT_WRITE)", mprotect(s, 2 * PG,
							PROT_READ | PROT_WRITE));
	probe("write to the clean page", s, 'w', 'y');
	probe("write to the other page", s + PG, 'w', 'z');
	SHOW("msync", msync(s, 2 * PG, MS_SYNC));
	printf("file: %c %c\n", file_byte(fd, 0), file_byte(fd, PG));
	close(fd);
	unlink("f");
}

static void dirty_munmap_dontneed(void)
{
	int fd = mkfile("f", 3 * PG);
	char *s = xmmap(NULL, 3 * PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);

	s[0] = 'd';
	SHOW("madvise(MADV_DONTNEED)", madvise(s, PG, MADV_DONTNEED));
	printf("after MADV_DONTNEED: map %c, file %c\n", s[0], file_byte(fd, 0));
	s[PG] = 'u';
	SHOW("munmap", munmap(s, 3 * PG));
	printf("after munmap: file %c\n", file_byte(fd, PG));
	SHOW("fsync", fsync(fd));
	char *r = xmmap(NULL, 3 * PG, PROT_READ, MAP_SHARED, fd, 0);
	printf("mapped again: %c %c %c\n", r[0], r[PG], r[2 * PG]);
	close(fd);
	unlink("f");
}

static void dirty_truncate(void)
{
	int fd = mkfile("f", 4 * PG);
	char *s = xmmap(NULL, 4 * PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);

	for (int i = 0; i < 4; i++)
		s[i * PG + 100] = 'T';
	SHOW("ftruncate(PG + 50)", ftruncate(fd, PG + 50));
	probe("read of the cut page", s + 2 * PG, 'r', 0);
	printf("tail of the last page: %d\n", s[PG + 100]);
	SHOW("msync", msync(s, 2 * PG, MS_SYNC));
	SHOW("ftruncate(4 PG)", ftruncate(fd, 4 * PG));
	printf("grown again: %d %d %d %d\n", file_byte(fd, 100),
	       file_byte(fd, PG + 100), file_byte(fd, 2 * PG + 100), s[3 * PG + 100]);
	s[3 * PG] = 'n';
	SHOW("fsync", fsync(fd));
	printf("file: %c size %ld\n", file_byte(fd, 3 * PG), file_size(fd));
	close(fd);
	unlink("f");
}

static const struct utest tests[] = {
	{ "dirty_mtime", dirty_mtime },
	{ "dirty_fork", dirty_fork },
	{ "dirty_mprotect", dirty_mprotect },
	{ "dirty_munmap_dontneed", dirty_munmap_dontneed },
	{ "dirty_truncate", dirty_truncate },
};

UTEST_MAIN(tests)
