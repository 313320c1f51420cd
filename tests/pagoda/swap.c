/*
 * tests/pagoda/swap.c - more anonymous memory than RAM, with a swap disk
 * (tools/test runs "swap 16" with PAGODA_MEM=16M PAGODA_SWAP=32M; it also runs
 * on the Linux host, and stdout must be the same).
 *
 * swap MIB: writes a pattern over MIB MiB of private anonymous memory and
 * checks every word of it; forks a child that checks every word, writes
 * its own pattern over half and checks both halves (COW of swapped pages),
 * while the parent's copy must stay as it was; then munmaps.  stderr gets
 * /proc/swaps, the swap and reclaim counters of /proc/vmstat and the
 * watermarks of /proc/zoneinfo, for the harness.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#define PAGE 4096ul

static unsigned long word(unsigned long page, unsigned long i, unsigned long seed)
{
	return (page * 0x9e3779b97f4a7c15ul) ^ (i * 0xbf58476d1ce4e5b9ul) ^ seed;
}

static void fill(unsigned long *m, unsigned long first, unsigned long last,
		 unsigned long seed)
{
	for (unsigned long p = first; p < last; p++)
		for (unsigned long i = 0; i < PAGE / 8; i += 61)
			m[p * (PAGE / 8) + i] = word(p, i, seed);
}

/* Pages in [first, last) whose sampled words differ from the pattern. */
static unsigned long check(const unsigned long *m, unsigned long first,
			   unsigned long last, unsigned long seed)
{
	unsigned long bad = 0;

	for (unsigned long p = first; p < last; p++)
		for (unsigned long i = 0; i < PAGE / 8; i += 61)
			if (m[p * (PAGE / 8) + i] != word(p, i, seed)) {
				bad++;
				break;
			}
	return bad;
}

static void show(const char *path, const char *prefix)
{
	char line[256];
	FILE *f = fopen(path, "r");

	while (f && fgets(line, sizeof(line), f))
		if (!prefix || !strncmp(line, prefix, strlen(prefix)))
			fprintf(stderr, "%s", line);
	if (f)
		fclose(f);
}

int main(int argc, char **argv)
{
	unsigned long mib = argc > 1 ? strtoul(argv[1], NULL, 0) : 48;
	unsigned long pages = mib * 256, half = pages / 2;
	unsigned long *m = mmap(NULL, pages * PAGE, PROT_READ | PROT_WRITE,
				MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (m == MAP_FAILED) {
		perror("mmap");
		return 1;
	}
	fill(m, 0, pages, 1);
	printf("%lu MiB written, %lu bad pages\n", mib, check(m, 0, pages, 1));
	fflush(stdout);
	pid_t pid = fork();
	if (pid < 0) {
		perror("fork");
		return 1;
	}
	if (pid == 0) {
		unsigned long bad = check(m, 0, pages, 1);
		fill(m, 0, half, 2);
		bad += check(m, 0, half, 2) + check(m, half, pages, 1);
		printf("child: %lu bad pages\n", bad);
		return bad != 0;
	}
	int status;
	if (waitpid(pid, &status, 0) != pid) {
		perror("waitpid");
		return 1;
	}
	printf("child exit status %d\n", WIFEXITED(status) ? WEXITSTATUS(status) : -1);
	printf("parent after child: %lu bad pages\n", check(m, 0, pages, 1));
	munmap(m, pages * PAGE);
	show("/proc/swaps", NULL);
	show("/proc/vmstat", "pswp");
	show("/proc/vmstat", "pgscan_");
	show("/proc/vmstat", "pageoutrun");
	show("/proc/zoneinfo", NULL);
	show("/proc/meminfo", "Swap");
	return 0;
}
