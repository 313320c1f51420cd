/*
 * tests/pagoda/counters.c - what Pagoda's /proc/vmstat counters promise
 * (Linux has no such counters, so this is not compared with the host):
 *  - fork copies no data page until it is written: a child that reads all
 *    of a 16 MiB buffer causes no cow_copy; writing 1000 pages causes 1000;
 *  - once the child has gone, the parent's writes reuse its pages;
 *  - msync(MS_SYNC) of k dirty pages writes back exactly k pages, and a
 *    second msync writes none;
 *  - dirty tracking of shared file mappings (pages mapped read-only until
 *    written) is exact across reads, write(2), fork (a page cleaned by
 *    the parent's msync faults again on the child's write), mprotect (a
 *    clean page stays read-only when the write right comes back),
 *    munmap, exit, truncate, MADV_DONTNEED and drop_caches: exactly the
 *    written pages are written back (msync_written, writeback_pages), and
 *    after drop_caches the bytes are read back from the store (pgpgin);
 *  - mremap of a populated 64 MiB region moves its 16384 page-table
 *    entries (whole page tables where it can) and copies no page: no new
 *    anonymous page, and no fault when every page is read at the new place;
 *  - fault-around: reading every page of a cached 64-page file mapping
 *    takes 64 / window faults and maps the other pages around them
 *    (fault_around_pages); /proc/sys/vm/fault_around_bytes sets the window
 *    as Linux's debugfs file does (rounded down to a power of two pages, 0
 *    is one page: off, more than a page table is EINVAL).
 * Counters are read with open/read into a buffer on an already-written
 * stack page, so reading them copies nothing itself.
 */
#define _GNU_SOURCE		/* mremap */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define PAGE	4096
#define NPAGES	4096		/* 16 MiB */

static long counter(const char *name)
{
	char buf[2048];
	int fd = open("/proc/vmstat", O_RDONLY);
	ssize_t n = read(fd, buf, sizeof(buf) - 1);

	close(fd);
	buf[n > 0 ? n : 0] = '\0';
	size_t len = strlen(name);
	for (char *p = buf; (p = strstr(p, name)); p++)	/* a whole name */
		if ((p == buf || p[-1] == '\n') && p[len] == ' ')
			return atol(p + len + 1);
	return -1;
}

static int check(const char *what, long got, long want)
{
	printf("%s %s: %ld (want %ld)\n", got == want ? "ok" : "FAIL", what, got, want);
	return got != want;
}

static int fork_counts(char *buf)
{
	int st, bad = 0;
	pid_t pid = fork();

	if (pid == 0) {
		long c0 = counter("cow_copy");
		volatile char sum = 0;
		for (long i = 0; i < NPAGES; i++)
			sum += buf[i * PAGE];
		long c1 = counter("cow_copy");
		for (long i = 0; i < 1000; i++)
			buf[i * PAGE] = 2;
		long c2 = counter("cow_copy");
		bad = check("child reads 16 MiB: pages copied", c1 - c0, 0) |
		      check("child writes 1000 pages: pages copied", c2 - c1, 1000);
		fflush(stdout);
		_exit(bad);
	}
	waitpid(pid, &st, 0);
	bad |= WEXITSTATUS(st);
	long r0 = counter("cow_reuse"), c0 = counter("cow_copy");
	for (long i = 0; i < 1000; i++)
		buf[i * PAGE] = 3;
	long r1 = counter("cow_reuse"), c1 = counter("cow_copy");
	bad |= check("parent writes after the child left: pages copied", c1 - c0, 0);
	bad |= check("... pages reused", r1 - r0, 1000);
	return bad;
}

static int msync_counts(void)
{
	int fd = open("/tmp/counters.dat", O_RDWR | O_CREAT | O_TRUNC, 0644), bad = 0;

	ftruncate(fd, 64 * PAGE);
	char *m = mmap(NULL, 64 * PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	msync(m, 64 * PAGE, MS_SYNC);
	for (int k = 1; k <= 64; k *= 4) {
		for (int i = 0; i < k; i++)
			m[i * PAGE] = (char)k;
		long w0 = counter("msync_written");
		msync(m, 64 * PAGE, MS_SYNC);
		long w1 = counter("msync_written");
		msync(m, 64 * PAGE, MS_SYNC);
		char what[64];
		snprintf(what, sizeof(what), "msync of %d dirty pages writes", k);
		bad |= check(what, w1 - w0, k);
		bad |= check("a second msync writes", counter("msync_written") - w1, 0);
	}
	munmap(m, 64 * PAGE);
	close(fd);
	unlink("/tmp/counters.dat");
	return bad;
}

#define DPAGES	16		/* pages of the dirty-tracking file */
#define DFILE	"/tmp/dirty.dat"

/* DFILE with DPAGES pages of 'a', written back, mapped shared read-write
 * (*pm) and read once, so every page is mapped and clean; returns the fd. */
static int clean_map(char **pm)
{
	static char page[PAGE];
	int fd = open(DFILE, O_RDWR | O_CREAT | O_TRUNC, 0644);

	memset(page, 'a', PAGE);
	for (int i = 0; i < DPAGES; i++)
		write(fd, page, PAGE);
	fsync(fd);
	*pm = mmap(NULL, DPAGES * PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	volatile char sum = 0;
	for (int i = 0; i < DPAGES; i++)
		sum += (*pm)[i * PAGE];
	return fd;
}

/* Pages msync(MS_SYNC) of the whole mapping writes back. */
static long msync_pages(char *m)
{
	long w0 = counter("msync_written");

	msync(m, DPAGES * PAGE, MS_SYNC);
	return counter("msync_written") - w0;
}

/* Pages fsync of fd writes back. */
static long fsync_pages(int fd)
{
	long w0 = counter("writeback_pages");

	fsync(fd);
	return counter("writeback_pages") - w0;
}

/* Drop the clean cache, then check from the store that page i of fd
 * starts with c[i] (c has one byte per page); returns the pages right.
 * The pages must come from the store: pgpgin counts them. */
static int store_has(int fd, const char *c, const char *what)
{
	int dc = open("/proc/sys/vm/drop_caches", O_WRONLY), right = 0;
	write(dc, "1", 1);
	close(dc);
	long in0 = counter("pgpgin");
	for (int i = 0; i < DPAGES; i++) {
		char b = 0;
		pread(fd, &b, 1, (off_t)i * PAGE);
		right += b == c[i];
	}
	char line[96];
	snprintf(line, sizeof(line), "%s: pages read back from the store", what);
	return check(line, counter("pgpgin") - in0, DPAGES) |
	       check("... with the bytes written", right, DPAGES);
}

/* Reads and write(2): a read fault dirties nothing, write(2) tags. */
static int dirty_read_write(void)
{
	char *m;
	int fd = clean_map(&m), bad;

	bad = check("reading a clean mapping, then msync writes", msync_pages(m), 0);
	pwrite(fd, "bbb", 3, 2 * PAGE);
	pwrite(fd, "b", 1, 5 * PAGE);
	bad |= check("write(2) to 2 mapped pages, then msync writes",
		     msync_pages(m), 2);
	munmap(m, DPAGES * PAGE);
	close(fd);
	return bad;
}

/* fork: the child's writes are the file's; a page the parent's msync
 * cleaned is write-protected in the child too. */
static int dirty_fork(void)
{
	char *m;
	int fd = clean_map(&m), go[2], st, bad = 0;

	pipe(go);
	m[7 * PAGE] = 'p';			/* writable in both after fork */
	pid_t pid = fork();
	if (pid == 0) {
		char c;
		read(go[0], &c, 1);		/* after the parent's msync */
		m[7 * PAGE] = 'c';
		for (int i = 0; i < 5; i++)
			m[i * PAGE] = 'c';
		_exit(0);
	}
	bad |= check("fork: msync of the page written before writes",
		     msync_pages(m), 1);
	write(go[1], "x", 1);
	waitpid(pid, &st, 0);
	bad |= check("... of 6 pages the child wrote, one cleaned before",
		     msync_pages(m), 6);
	bad |= check("... again", msync_pages(m), 0);
	munmap(m, DPAGES * PAGE);
	char want[DPAGES];
	memset(want, 'a', DPAGES);
	memset(want, 'c', 5);
	want[7] = 'c';
	bad |= store_has(fd, want, "fork");
	close(go[0]);
	close(go[1]);
	close(fd);
	return bad;
}

/* mprotect: the write right given back does not make clean pages
 * writable; a PROT_NONE page keeps the write made before. */
static int dirty_mprotect(void)
{
	char *m;
	int fd = clean_map(&m), bad;

	m[0] = 'w';
	mprotect(m, DPAGES * PAGE, PROT_READ);
	bad = check("mprotect: read-only, msync of the page written before",
		    msync_pages(m), 1);
	mprotect(m, DPAGES * PAGE, PROT_READ | PROT_WRITE);
	m[0] = 'x';
	m[PAGE] = 'x';
	bad |= check("... writable again, 2 pages written: msync writes",
		     msync_pages(m), 2);
	m[2 * PAGE] = 'y';
	mprotect(m, DPAGES * PAGE, PROT_NONE);
	bad |= check("... PROT_NONE after a write: msync writes", msync_pages(m), 1);
	bad |= check("... again", msync_pages(m), 0);
	munmap(m, DPAGES * PAGE);
	char want[DPAGES];
	memset(want, 'a', DPAGES);
	want[0] = want[1] = 'x';
	want[2] = 'y';
	bad |= store_has(fd, want, "mprotect");
	close(fd);
	return bad;
}

/* munmap, MADV_DONTNEED and exit unmap written pages: they stay dirty in
 * the cache (drop_caches keeps them) until fsync or msync writes them. */
static int dirty_unmap(void)
{
	char *m, want[DPAGES];
	int fd = clean_map(&m), bad, st;

	memset(want, 'a', DPAGES);
	m[0] = m[PAGE] = want[0] = want[1] = 'd';
	madvise(m, 2 * PAGE, MADV_DONTNEED);
	bad = check("MADV_DONTNEED of 2 written pages, then msync writes",
		    msync_pages(m), 2);
	m[3 * PAGE] = m[4 * PAGE] = m[5 * PAGE] = want[3] = want[4] = want[5] = 'u';
	munmap(m, DPAGES * PAGE);
	int dc = open("/proc/sys/vm/drop_caches", O_WRONLY);
	write(dc, "1", 1);
	close(dc);
	bad |= check("munmap of 3 written pages, drop_caches, then fsync writes",
		     fsync_pages(fd), 3);
	if (fork() == 0) {
		char *c = mmap(NULL, DPAGES * PAGE, PROT_READ | PROT_WRITE,
			       MAP_SHARED, fd, 0);
		c[9 * PAGE] = c[10 * PAGE] = 'e';
		_exit(0);
	}
	wait(&st);
	want[9] = want[10] = 'e';
	bad |= check("exit after writing 2 pages, then fsync writes",
		     fsync_pages(fd), 2);
	bad |= store_has(fd, want, "munmap, MADV_DONTNEED, exit");
	close(fd);
	return bad;
}

/* truncate: written pages cut off the file are not written back. */
static int dirty_truncate(void)
{
	char *m;
	int fd = clean_map(&m), bad;

	for (int i = 0; i < 8; i++)
		m[i * PAGE] = 't';
	ftruncate(fd, 2 * PAGE);
	bad = check("8 pages written, truncated to 2: fsync writes",
		    fsync_pages(fd), 2);
	munmap(m, DPAGES * PAGE);
	close(fd);
	unlink(DFILE);
	return bad;
}

static int mremap_counts(void)
{
	size_t len = 64 << 20, npages = len / PAGE;
	char *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	char *dst = mmap(NULL, len, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	int bad = 0;

	for (size_t i = 0; i < npages; i++)
		p[i * PAGE] = (char)i;
	long pte0 = counter("mremap_move_pte"), pt0 = counter("mremap_move_pt");
	long anon0 = counter("nr_anon_pages"), cow0 = counter("cow_copy");
	char *q = mremap(p, len, len, MREMAP_MAYMOVE | MREMAP_FIXED, dst);
	long pte1 = counter("mremap_move_pte"), pt1 = counter("mremap_move_pt");
	long anon1 = counter("nr_anon_pages"), f0 = counter("pgfault");
	size_t right = 0;
	for (size_t i = 0; q == dst && i < npages; i++)
		right += q[i * PAGE] == (char)i;
	long f1 = counter("pgfault");
	printf("# mremap moved %ld page tables whole and %ld entries one by one\n",
	       pt1 - pt0, pte1 - pte0);
	bad |= check("mremap of 64 MiB: pages at the new place with their data",
		     (long)right, (long)npages);
	bad |= check("... entries moved", (pt1 - pt0) * 512 + pte1 - pte0, (long)npages);
	bad |= check("... new anonymous pages", anon1 - anon0, 0);
	bad |= check("... pages copied", counter("cow_copy") - cow0, 0);
	bad |= check("... faults reading every page at the new place", f1 - f0, 0);
	munmap(q, len);
	return bad;
}

/* Write s to /proc/sys/vm/fault_around_bytes; 0 or -1. */
static int set_window(const char *s)
{
	int fd = open("/proc/sys/vm/fault_around_bytes", O_WRONLY);
	int r = write(fd, s, strlen(s)) == (ssize_t)strlen(s) ? 0 : -1;

	close(fd);
	return r;
}

/* Read every page of a 64-page cached file, mapped 64 KiB-aligned, with
 * the window set to bytes; checks the faults taken and pages mapped. */
static int read_file_map(int fd, const char *bytes, long window)
{
	char *r = mmap(NULL, 80 * PAGE, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	char *p = (char *)(((unsigned long)r + 0xffff) & ~0xfffful), what[96];
	char got[32] = "";
	int bad = set_window(bytes), rd = open("/proc/sys/vm/fault_around_bytes", O_RDONLY);

	if (read(rd, got, sizeof(got) - 1) < 0)
		bad = 1;
	close(rd);
	snprintf(what, sizeof(what), "fault_around_bytes after writing %.*s",
		 (int)strcspn(bytes, "\n"), bytes);
	bad |= check(what, atol(got), window);
	mmap(p, 64 * PAGE, PROT_READ, MAP_SHARED | MAP_FIXED, fd, 0);
	long f0 = counter("pgfault"), a0 = counter("fault_around_pages");
	volatile char sum = 0;
	for (int i = 0; i < 64; i++)
		sum += p[i * PAGE];
	long f1 = counter("pgfault"), a1 = counter("fault_around_pages");
	long pages = window / PAGE;
	snprintf(what, sizeof(what), "window %ld: faults reading 64 cached pages",
		 window);
	bad |= check(what, f1 - f0, 64 / pages);
	bad |= check("... pages mapped around them", a1 - a0, 64 - 64 / pages);
	munmap(r, 80 * PAGE);
	return bad;
}

static int fault_around_counts(void)
{
	int fd = open("/tmp/counters.dat", O_RDWR | O_CREAT | O_TRUNC, 0644);
	static char page[PAGE];
	int bad = 0;

	for (int i = 0; i < 64; i++)
		bad |= write(fd, page, PAGE) != PAGE;
	bad |= read_file_map(fd, "65536", 65536);
	bad |= read_file_map(fd, "0", PAGE);
	bad |= read_file_map(fd, "40000\n", 32768);
	bad |= check("writing 3000000 (over a page table) fails",
		     set_window("3000000"), -1);
	bad |= read_file_map(fd, "65536", 65536);
	close(fd);
	unlink("/tmp/counters.dat");
	return bad;
}

int main(void)
{
	char *buf = mmap(NULL, NPAGES * PAGE, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	memset(buf, 1, NPAGES * PAGE);
	int bad = fork_counts(buf);
	bad |= msync_counts();
	bad |= dirty_read_write() | dirty_fork() | dirty_mprotect() |
	       dirty_unmap() | dirty_truncate();
	bad |= mremap_counts();
	bad |= fault_around_counts();
	return bad;
}
