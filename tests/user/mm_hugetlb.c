/*
 * tests/user/mm_hugetlb.c - MAP_HUGETLB through Pagoda's libc, with the
 * leak check after the program (every pool page back, no reservation
 * left; the pool itself may stay).  Each test takes the lock that
 * tests/run/hugetlb.c takes (the host's pool is shared), sets
 * /proc/sys/vm/nr_hugepages and puts it back.  A process that exits with
 * its huge pages mapped gives them and its reservations back; fork's
 * copy-on-write keeps both sides' data, through PROT_NONE too;
 * MAP_POPULATE takes the pages at once, mincore sees them.
 */
#include "utest.h"
#include <fcntl.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/syscall.h>

#define HUGE	(2ul << 20)
#define HUGETLB	(MAP_PRIVATE | MAP_ANONYMOUS | MAP_HUGETLB)
#define LOCK_EX	2		/* flock(2); Pagoda's libc has no <sys/file.h> */

static long saved = -1;

static long read_long(const char *path, const char *key)
{
	char line[128];
	long v = -1;
	FILE *f = fopen(path, "r");

	while (f && fgets(line, sizeof(line), f))
		if (!key || !strncmp(line, key, strlen(key)))
			v = atol(line + (key ? strlen(key) : 0));
	if (f)
		fclose(f);
	return v;
}

static void pool(const char *what)
{
	printf("%s: total %ld free %ld rsvd %ld\n", what,
	       read_long("/proc/meminfo", "HugePages_Total:"),
	       read_long("/proc/meminfo", "HugePages_Free:"),
	       read_long("/proc/meminfo", "HugePages_Rsvd:"));
}

static void set_pool(long n)
{
	FILE *f = fopen("/proc/sys/vm/nr_hugepages", "w");

	if (f) {
		fprintf(f, "%ld\n", n);
		fclose(f);
	}
}

/* Lock the pool against the host's other tests, and give it n pages;
 * the lock goes with the test's process, put_back restores the size. */
static void take_pool(long n)
{
	int fd = open("/proc/sys/vm/nr_hugepages", O_RDONLY);

	if (fd < 0 || syscall(SYS_flock, fd, LOCK_EX))
		printf("no lock: %s\n", errname(errno));
	saved = read_long("/proc/sys/vm/nr_hugepages", NULL);
	set_pool(n);
	pool("pool");
}

static void put_back(void)
{
	set_pool(saved);
}

/* A child maps and touches private and shared huge pages and exits
 * without unmapping them. */
static void exit_mapped(void)
{
	take_pool(4);
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		char *p = mmap(NULL, 2 * HUGE, PROT_READ | PROT_WRITE, HUGETLB, -1, 0);
		char *s = mmap(NULL, HUGE, PROT_READ | PROT_WRITE,
			       MAP_SHARED | MAP_ANONYMOUS | MAP_HUGETLB, -1, 0);
		p[0] = s[0] = 1;
		pool("child mapped");
		fflush(stdout);
		_exit(0);
	}
	waitpid(pid, NULL, 0);
	pool("child gone");
	put_back();
}

/* fork shares a private page copy-on-write: each side writes its own;
 * a page made PROT_NONE whole is kept through fork. */
static void fork_cow(void)
{
	take_pool(4);
	char *p = mmap(NULL, 2 * HUGE, PROT_READ | PROT_WRITE, HUGETLB, -1, 0);
	p[0] = 'a';
	p[HUGE] = 'b';
	SHOW("mprotect(PROT_NONE) of the second", mprotect(p + HUGE, HUGE, PROT_NONE));
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		p[0] = 'c';
		SHOW("child: mprotect(PROT_READ)", mprotect(p + HUGE, HUGE, PROT_READ));
		printf("child: %c %c\n", p[0], p[HUGE]);
		pool("child wrote");
		fflush(stdout);
		_exit(0);
	}
	waitpid(pid, NULL, 0);
	p[1] = 'd';
	SHOW("mprotect(PROT_READ)", mprotect(p + HUGE, HUGE, PROT_READ));
	printf("parent: %c %c %c\n", p[0], p[1], p[HUGE]);
	pool("parent wrote");
	SHOW("munmap", munmap(p, 2 * HUGE));
	put_back();
}

/* MAP_POPULATE faults every huge page in at mmap time. */
static void populate(void)
{
	unsigned char vec[4];

	take_pool(4);
	char *p = mmap(NULL, 3 * HUGE, PROT_READ | PROT_WRITE,
		       HUGETLB | MAP_POPULATE, -1, 0);
	pool("populated");
	SHOW("mincore", mincore(p + HUGE - 2 * 4096, 4 * 4096, vec));
	printf("vec %d %d %d %d\n", vec[0], vec[1], vec[2], vec[3]);
	SHOW("MADV_DONTNEED of the middle", madvise(p + HUGE, HUGE, MADV_DONTNEED));
	SHOW("mincore", mincore(p + HUGE - 2 * 4096, 4 * 4096, vec));
	printf("vec %d %d %d %d\n", vec[0], vec[1], vec[2], vec[3]);
	pool("middle dropped");
	SHOW("munmap", munmap(p, 3 * HUGE));
	put_back();
}

static const struct utest tests[] = {
	{ "exit_mapped", exit_mapped },
	{ "fork_cow", fork_cow },
	{ "populate", populate },
};

UTEST_MAIN(tests)
