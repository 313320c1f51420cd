/*
 * bench/filemap.c - shared file mappings: the page fault on a page-cache
 * page, and msync of k dirty pages.
 *
 * A 16 MiB file is created with write() in BENCH_DIR (default /tmp), so
 * all its pages are in the page cache when it is first mapped.
 *
 * file fault: the file is mapped MAP_SHARED read-write and one byte of
 * every page is written (write fault: map the cache page writable and
 * note it dirty), or read (read fault; Linux's fault-around may map up to
 * 16 pages per fault, so this is per page, not per trap).  A fresh mapping
 * each round; only the touching loop is timed.
 *
 * msync: 4 MiB (1024 pages) of the file mapped shared and cleaned with
 * one msync; then one operation is: write one byte in each of k pages
 * spread evenly, and msync(MS_SYNC) the whole 4 MiB.  The writes are part
 * of the operation because they are part of the price of dirty tracking:
 * a kernel that write-protects pages in msync takes a fault on the next
 * write to each (Linux's tmpfs tracks nothing and writes nothing back, so
 * there msync costs the same for every k).  Where
 * /proc/vmstat counts pages written back by msync (Pagoda: msync_written)
 * the pages written per operation are printed too: they should be k.
 * The same with a 64 MiB file and mapping, k = 0 and 1: a kernel whose
 * msync costs O(dirty pages) prints about the 4 MiB figures again.
 *
 *   metric file_shared_write_fault NS ns/page
 *   metric file_shared_read_fault NS ns/page
 *   metric msync_<k>pages US us/op                 k = 0, 1, 64, 1024
 *   metric msync_<k>pages_written N|n/a pages/op
 *   metric msync_64mib_<k>pages US us/op           k = 0, 1
 *   metric msync_64mib_<k>pages_written N|n/a pages/op
 */
#include <fcntl.h>
#include <sys/stat.h>

#include "bench.h"

#define FILE_SIZE (16 * MIB)
#define FAULT_ROUNDS 4
#define MSYNC_LEN (4 * MIB)
#define MSYNC_BIG_LEN (64 * MIB)

/* Create path with len bytes of non-zero data; returns an O_RDWR fd. */
static int make_file(const char *path, size_t len)
{
	static char chunk[64 * 1024];
	int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);

	if (fd < 0)
		die(path);
	memset(chunk, 'x', sizeof(chunk));
	for (size_t off = 0; off < len; off += sizeof(chunk))
		if (write(fd, chunk, sizeof(chunk)) != (ssize_t)sizeof(chunk))
			die("write");
	return fd;
}

static char *map_file(int fd, size_t len)
{
	void *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);

	if (p == MAP_FAILED)
		die("mmap file");
	return p;
}

/* Nanoseconds per page to fault in the whole file, writing or reading. */
static double file_fault(int fd, int writing)
{
	uint64_t total = 0;

	for (int r = 0; r < FAULT_ROUNDS; r++) {
		char *p = map_file(fd, FILE_SIZE);
		uint64_t t0 = now_ns();

		if (writing)
			touch_pages(p, FILE_SIZE);
		else
			read_pages(p, FILE_SIZE);
		total += now_ns() - t0;
		munmap(p, FILE_SIZE);
	}
	return (double)total / (FAULT_ROUNDS * (FILE_SIZE / PAGE_SIZE));
}

/* The msync write-back counter in /proc/vmstat, or -1 if there is none
 * (Linux has none; Pagoda calls it msync_written). */
static long long msync_counter(void)
{
	FILE *f = fopen("/proc/vmstat", "r");
	char key[128];
	long long value, found = -1;

	if (!f)
		return -1;
	while (fscanf(f, "%127s %lld", key, &value) == 2)
		if (strstr(key, "msync") && strstr(key, "writ"))
			found = value;
	fclose(f);
	return found;
}

/* Dirty k of the pages of [p, p + len), evenly spread. */
static void dirty_pages(char *p, size_t len, size_t k)
{
	volatile char *v = p;

	for (size_t i = 0; i < k; i++)
		v[i * (len / PAGE_SIZE / k) * PAGE_SIZE]++;
}

/* Time iters operations: dirty k pages of [p, p + len), then
 * msync(MS_SYNC) it all (len: MSYNC_LEN or MSYNC_BIG_LEN). */
static void msync_bench(char *p, size_t len, size_t k, int iters)
{
	long long before = msync_counter();
	int big = len == MSYNC_BIG_LEN;
	char name[64];

	uint64_t t0 = now_ns();
	for (int i = 0; i < iters; i++) {
		dirty_pages(p, len, k);
		if (msync(p, len, MS_SYNC))
			die("msync");
	}
	uint64_t total = now_ns() - t0;
	long long after = msync_counter();

	snprintf(name, sizeof(name), big ? "msync_64mib_%zupages" : "msync_%zupages",
		 k);
	metric(name, (double)total / iters / 1000.0, "us/op");
	snprintf(name, sizeof(name), big ? "msync_64mib_%zupages_written"
					 : "msync_%zupages_written", k);
	if (before < 0 || after < 0)
		metric_na(name, "pages/op");
	else
		metric(name, (double)(after - before) / iters, "pages/op");
}

/* Map len bytes of fd, write every page, msync: all mapped and clean. */
static char *map_clean(int fd, size_t len)
{
	char *p = map_file(fd, len);

	touch_pages(p, len);
	if (msync(p, len, MS_SYNC))
		die("msync");
	return p;
}

/* The msync figures for k = 0, 1, 64, 1024 dirty pages of 4 MiB. */
static void msync_all(int fd)
{
	static const struct { size_t k; int iters; } runs[] = {
		{ 0, 200 }, { 1, 200 }, { 64, 100 }, { 1024, 20 },
	};
	char *p = map_clean(fd, MSYNC_LEN);

	for (size_t i = 0; i < sizeof(runs) / sizeof(runs[0]); i++)
		msync_bench(p, MSYNC_LEN, runs[i].k, runs[i].iters);
	munmap(p, MSYNC_LEN);
}

/* The msync figures for 0 and 1 dirty pages of a 64 MiB file. */
static void msync_big(const char *path)
{
	int fd = make_file(path, MSYNC_BIG_LEN);
	char *p = map_clean(fd, MSYNC_BIG_LEN);

	msync_bench(p, MSYNC_BIG_LEN, 0, 50);
	msync_bench(p, MSYNC_BIG_LEN, 1, 50);
	munmap(p, MSYNC_BIG_LEN);
	close(fd);
	unlink(path);
}

int main(void)
{
	const char *dir = getenv("BENCH_DIR");
	char path[256];

	wait_for_fine_clock();
	if (!dir)
		dir = "/tmp";
	if (mkdir(dir, 0777) && errno != EEXIST)
		die(dir);
	snprintf(path, sizeof(path), "%s/bench-filemap.%d", dir, (int)getpid());
	int fd = make_file(path, FILE_SIZE);

	metric("file_shared_write_fault", file_fault(fd, 1), "ns/page");
	metric("file_shared_read_fault", file_fault(fd, 0), "ns/page");
	msync_all(fd);
	close(fd);
	unlink(path);
	msync_big(path);
	return 0;
}
