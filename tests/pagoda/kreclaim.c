/*
 * tests/pagoda/kreclaim.c - kernel allocations reclaim before they fail.
 * An "eater" child writes a pattern over more memory than is free, pass
 * after pass, with a swap disk, so that free frames stay near zero; the
 * parent meanwhile writes its own pages, which the eater's pressure swaps
 * out, and opens and reads /proc files and forks short-lived children.  Each open and fork needs kernel objects (kmalloc slabs, a
 * kernel stack, page tables) while user pages hold the memory: the
 * kernel must reclaim them (direct reclaim) rather than fail with ENOMEM.
 * Then every byte of the eater is checked, pages went to swap (pswpout),
 * and the kmalloc objects, page tables and swap slots in use are back to
 * what they were.  tools/pagodatests.py runs it with PAGODA_MEM=32M and a
 * swap disk.  Not run on Linux: the host's memory is shared.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#define PAGE 4096ul
#define EAT_MIB 40
#define PASSES 3
#define OWN_MIB 8

static int failures;
static char own[OWN_MIB << 20];		/* the parent's pages */

static void check(const char *what, int ok)
{
	printf("%s: %s\n", what, ok ? "yes" : "no");
	failures += !ok;
}

/* A counter of /proc/vmstat, or -1. */
static long vmstat(const char *key)
{
	char line[128];
	size_t n = strlen(key);
	long v = -1;
	FILE *f = fopen("/proc/vmstat", "r");

	while (f && fgets(line, sizeof(line), f))
		if (!strncmp(line, key, n) && line[n] == ' ')
			v = atol(line + n + 1);
	if (f)
		fclose(f);
	return v;
}

/* VmSwap of /proc/PID/status, in pages (0 for a process gone). */
static long vmswap(const char *pid)
{
	char path[300], line[128];
	long kb = 0;

	snprintf(path, sizeof(path), "/proc/%s/status", pid);
	FILE *f = fopen(path, "r");
	while (f && fgets(line, sizeof(line), f))
		if (sscanf(line, "VmSwap: %ld kB", &kb) == 1)
			break;
	if (f)
		fclose(f);
	return kb / 4;
}

/* Swap slots in use that no process's swap entry names (nr_swap_used
 * less every process's VmSwap; nothing runs while it is read: the
 * eater is gone). */
static long orphan_slots(void)
{
	long named = 0;
	struct dirent *e;
	DIR *d = opendir("/proc");

	while (d && (e = readdir(d)))
		if (e->d_name[0] >= '0' && e->d_name[0] <= '9')
			named += vmswap(e->d_name);
	if (d)
		closedir(d);
	return vmstat("nr_swap_used") - named;
}

/* nr_kmalloc_objects with the caches dropped, whose tree nodes reclaim
 * frees as it goes. */
static long kmalloc_objects(void)
{
	int fd = open("/proc/sys/vm/drop_caches", O_WRONLY);

	if (fd >= 0) {
		if (write(fd, "3\n", 2) != 2)
			perror("drop_caches");
		close(fd);
	}
	return vmstat("nr_kmalloc_objects");
}

/* The eater: PASSES passes writing every page, then a check of each;
 * exits with the number of bad pages (at most 255). */
static int eat(void)
{
	unsigned long pages = EAT_MIB * 256, bad = 0;
	unsigned long *m = mmap(NULL, pages * PAGE, PROT_READ | PROT_WRITE,
				MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (m == MAP_FAILED)
		return 255;
	for (unsigned long pass = 1; pass <= PASSES; pass++)
		for (unsigned long p = 0; p < pages; p++)
			m[p * (PAGE / 8)] = p * pass;
	for (unsigned long p = 0; p < pages; p++)
		bad += m[p * (PAGE / 8)] != p * PASSES;
	return bad > 255 ? 255 : (int)bad;
}

/* Open and read one /proc file; 0 or the errno of what failed. */
static int read_proc(const char *path)
{
	char buf[4096];
	int fd = open(path, O_RDONLY);

	if (fd < 0)
		return errno;
	while (read(fd, buf, sizeof(buf)) > 0)
		;
	close(fd);
	return 0;
}

/* One fork whose child exits at once; 0 or fork's errno. */
static int fork_one(void)
{
	pid_t pid = fork();

	if (pid < 0)
		return errno;
	if (pid == 0)
		_exit(0);
	waitpid(pid, NULL, 0);
	return 0;
}

/* The parent's load while the eater runs, until it is reaped (its wait
 * status to *status; eater 0: one round): it writes a run of its own
 * pages (swapped out by the eater's pressure, so free frames are near
 * zero after these faults), then opens and forks.  Returns the calls that
 * failed with ENOMEM (others are counted in *other). */
static long open_and_fork(pid_t eater, int *status, long *calls, long *other)
{
	static unsigned long next;
	static const char *const files[] = { "/proc/meminfo", "/proc/self/status",
		"/proc/self/maps", "/proc/vmstat", "/proc/self/smaps" };
	long enomem = 0;

	do {
		for (int i = 0; i < 64; i++, next = (next + 1) % (sizeof(own) / PAGE))
			own[next * PAGE]++;
		for (unsigned i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
			int err = read_proc(files[i]);
			enomem += err == ENOMEM;
			*other += err && err != ENOMEM;
		}
		int err = fork_one();
		enomem += err == ENOMEM;
		*other += err && err != ENOMEM;
		*calls += 6;
	} while (eater && waitpid(eater, status, WNOHANG) == 0);
	return enomem;
}

int main(void)
{
	long calls = 0, other = 0;
	int status = -1;

	printf("eating %d MiB, %d passes\n", EAT_MIB, PASSES);
	fflush(stdout);
	memset(own, 1, sizeof(own));	/* a warm-up: tables, caches, slabs */
	open_and_fork(0, &status, &calls, &other);
	orphan_slots();
	long objects = kmalloc_objects(), tables = vmstat("nr_page_table_pages");
	long slots = orphan_slots(), out = vmstat("pswpout");
	pid_t eater = fork();

	if (eater < 0) {
		perror("fork");
		return 1;
	}
	if (eater == 0)
		_exit(eat());
	calls = other = 0;
	long enomem = open_and_fork(eater, &status, &calls, &other);
	printf("%ld calls, %ld ENOMEM, %ld other errors\n", calls, enomem, other);
	check("the eater found every page", WIFEXITED(status) && WEXITSTATUS(status) == 0);
	check("no open or fork failed with ENOMEM", enomem == 0 && calls > 0);
	check("no other error", other == 0);
	check("pages went to swap", vmstat("pswpout") > out);
	long objects_after = kmalloc_objects();
	long tables_after = vmstat("nr_page_table_pages");
	long slots_after = orphan_slots();
	printf("kmalloc objects %ld -> %ld, page tables %ld -> %ld, "
	       "orphan swap slots %ld -> %ld\n", objects, objects_after, tables,
	       tables_after, slots, slots_after);
	check("no kmalloc object more", objects_after <= objects);
	check("page tables back", tables_after == tables);
	check("swap slots back", slots_after == slots);
	printf(failures ? "FAIL\n" : "PASS\n");
	return failures != 0;
}
