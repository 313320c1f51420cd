/*
 * tests/pagoda/vmprint.c - /proc/self/pagetables (mm/pgtable_dump.c), the
 * vmprint-style dump of the page tables, against what is mapped: three
 * pages at PML4 entry 64, the first and third written, the third then made
 * read-only.  The dump must show the branch 64 -> 0 -> 0 with leaves 0 and
 * 2 only, their frames those /proc/self/pagemap gives, the third without
 * the Writable bit; every line's pa must be its pte's address bits; the
 * kernel half (PML4 entries 256-511) must not be there; after munmap the
 * leaves must be gone.  Pagoda only (Linux has no such file).
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define PAGE		4096
#define BASE		(64ull << 39)		/* PML4 entry 64, then 0, 0 */
#define PTE_ADDR	0x000ffffffffff000ull

static char dump[256 * 1024];
static int failures;

static void check(int ok, const char *what)
{
	if (!ok) {
		printf("FAIL %s\n", what);
		failures++;
	}
}

static void read_dump(void)
{
	int fd = open("/proc/self/pagetables", O_RDONLY);
	size_t n = 0;
	ssize_t r;

	while (fd >= 0 && (r = read(fd, dump + n, sizeof(dump) - 1 - n)) > 0)
		n += (size_t)r;
	dump[n] = '\0';
	if (fd >= 0)
		close(fd);
}

static uint64_t pfn_of(uint64_t va)
{
	uint64_t e = 0;
	int fd = open("/proc/self/pagemap", O_RDONLY);

	if (pread(fd, &e, 8, (off_t)(va / PAGE * 8)) != 8)
		e = 0;
	close(fd);
	return e >> 63 ? e & ((1ull << 55) - 1) : 0;
}

/* The entries of the branch 64 -> 0 -> 0: leaf[i] is PTE i's value (0 if
 * not shown).  Returns how many upper levels of the branch were found, and
 * checks every line's form on the way. */
static int parse(uint64_t leaf[512])
{
	int path[5] = { -1, -1, -1, -1, -1 }, found = 0, lines = 0;
	char *save, *line = strtok_r(dump, "\n", &save);

	memset(leaf, 0, 512 * sizeof(leaf[0]));
	check(line && !strncmp(line, "page table 0x", 13), "first line is 'page table 0x...'");
	while ((line = strtok_r(NULL, "\n", &save))) {
		int depth = 0, idx;
		unsigned long long pte, pa;
		char *p = line;
		while (!strncmp(p, " ..", 3)) {
			depth++;
			p += 3;
		}
		lines++;
		if (depth < 1 || depth > 4 ||
		    sscanf(p, "%d: pte 0x%llx pa 0x%llx", &idx, &pte, &pa) != 3) {
			check(0, "every line is ' ..IDX: pte 0x... pa 0x...'");
			printf("  line: %s\n", line);
			return found;
		}
		check(pa == (pte & PTE_ADDR), "pa is the pte's address bits");
		check(pte & 1, "only present entries are shown");
		check(depth > 1 || idx < 256, "no kernel-half PML4 entry");
		path[depth] = idx;
		for (int d = depth + 1; d < 5; d++)
			path[d] = -1;
		if (path[1] == 64 && depth < 4 && (depth == 1 || path[depth] == 0) &&
		    (pte & 7) == 7)
			found = depth > found ? depth : found;
		if (depth == 4 && path[1] == 64 && path[2] == 0 && path[3] == 0)
			leaf[idx] = pte;
	}
	check(lines > 3, "more than a handful of entries");
	return found;
}

int main(void)
{
	uint64_t leaf[512];
	char *p = mmap((void *)BASE, 3 * PAGE, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);

	if (p != (char *)BASE) {
		printf("FAIL mmap at %#llx\n", BASE);
		return 1;
	}
	p[0] = 1;
	p[2 * PAGE] = 2;
	mprotect(p + 2 * PAGE, PAGE, PROT_READ);
	uint64_t pfn0 = pfn_of(BASE), pfn2 = pfn_of(BASE + 2 * PAGE);
	check(pfn0 && pfn2, "pagemap gives the frames");
	read_dump();
	check(parse(leaf) == 3, "the branch 64 -> 0 -> 0, user and writable tables");
	check(leaf[0] && (leaf[0] & PTE_ADDR) >> 12 == pfn0, "leaf 0 maps pagemap's frame");
	check(leaf[2] && (leaf[2] & PTE_ADDR) >> 12 == pfn2, "leaf 2 maps pagemap's frame");
	check((leaf[0] & 7) == 7, "leaf 0 is present, writable, user");
	check((leaf[2] & 7) == 5, "leaf 2 is present, read-only, user");
	check(!leaf[1], "leaf 1 (never touched) is not shown");
	munmap(p, 3 * PAGE);
	read_dump();
	parse(leaf);
	check(!leaf[0] && !leaf[2], "the leaves are gone after munmap");
	printf("%s\n", failures ? "FAIL" : "PASS");
	return 0;
}
