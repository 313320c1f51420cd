/*
 * user/mallocdemo.c - where malloc's memory comes from.
 *
 * The experiment of the classic malloc articles, step by step: small
 * requests are carved from the heap, which malloc grows with brk(); a
 * request at or above the mmap threshold (128 KiB) gets a mapping of its
 * own, which free() gives back with munmap().  Then mincore() shows that
 * a fresh mapping has no pages in memory until they are touched (demand
 * paging).  docs/demos.md explains the output.
 */
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include "lib/ulib.h"

#define PAGE		4096
#define NSMALL		100	/* small blocks ... */
#define SMALL		1024	/* ... of this size */
#define LARGE		(200 * 1024)
#define PROBE		(64 * 1024)

static char maps[16384];	/* /proc/self/maps, read by read_maps() */

/* Read /proc/self/maps with read(): stdio's fopen() would malloc. */
static void read_maps(void)
{
	read_file("/proc/self/maps", maps, sizeof(maps));
}

/* Anonymous mappings: lines with no path after the inode number. */
static int count_anon(void)
{
	int n = 0;

	for (char *p = maps; *p; p = strchr(p, '\n') + 1) {
		int end = 0;
		sscanf(p, "%*s %*s %*s %*s %*[0-9]%n", &end);
		n += end > 0 && strspn(p + end, " ") == strcspn(p + end, "\n");
	}
	return n;
}

/* Print the maps line of the mapping holding addr (or of [heap]); false
 * if there is none. */
static bool show_mapping(uintptr_t addr, const char *name)
{
	for (char *p = maps; *p; p = strchr(p, '\n') + 1) {
		unsigned long start, end;
		int len = strchr(p, '\n') - p;
		sscanf(p, "%lx-%lx", &start, &end);
		if ((name && strstr(p, name) && strstr(p, name) < p + len) ||
		    (!name && addr >= start && addr < end)) {
			printf("    %.*s\n", len, p);
			return true;
		}
	}
	return false;
}

/* Print mincore()'s residency of [p, p + len): # in memory, . not. */
static void show_resident(const char *when, void *p, size_t len)
{
	unsigned char vec[PROBE / PAGE + 1];
	uintptr_t start = (uintptr_t)p & ~(uintptr_t)(PAGE - 1);
	size_t pages = ((uintptr_t)p + len - start + PAGE - 1) / PAGE, n = 0;

	if (mincore((void *)start, pages * PAGE, vec) < 0) {
		perror("mincore");
		return;
	}
	printf("   %-33s ", when);
	for (size_t i = 0; i < pages; i++) {
		putchar(vec[i] & 1 ? '#' : '.');
		n += vec[i] & 1;
	}
	printf("  %zu of %zu pages resident\n", n, pages);
}

/* Steps 1 and 2: the heap grows with brk for small blocks. */
static void small_blocks(void)
{
	static char *blocks[NSMALL];
	char *before = sbrk(0);

	read_maps();
	printf("1. Before: /proc/self/maps\n%s", maps);
	printf("   program break sbrk(0) = %p, anonymous mappings: %d\n\n",
	       (void *)before, count_anon());

	char *after = before;
	int moves = 0;
	for (int i = 0; i < NSMALL; i++) {
		blocks[i] = malloc(SMALL);
		moves += sbrk(0) != after;
		after = sbrk(0);
	}
	read_maps();
	printf("2. %d x malloc(%d): %d KiB in small blocks, below the threshold\n",
	       NSMALL, SMALL, NSMALL * SMALL / 1024);
	printf("   break %p -> %p (%+ld KiB, in %d brk() call%s)\n",
	       (void *)before, (void *)after, (long)(after - before) / 1024,
	       moves, moves == 1 ? "" : "s");
	printf("   blocks from %p to %p, all in [heap]:\n", (void *)blocks[0],
	       (void *)blocks[NSMALL - 1]);
	show_mapping(0, "[heap]");
	printf("   anonymous mappings: %d\n\n", count_anon());
}

/* Steps 3 and 4: a large block is a mapping of its own, until free(). */
static void large_block(void)
{
	char *brk_before = sbrk(0);
	char *big = malloc(LARGE);
	uintptr_t addr = (uintptr_t)big;	/* to look for after free() */

	read_maps();
	printf("3. malloc(%d KiB) = %p: at or above the threshold\n", LARGE / 1024,
	       (void *)big);
	printf("   break %s; a new anonymous mapping holds the block:\n",
	       sbrk(0) == brk_before ? "unchanged" : "moved");
	show_mapping(addr, NULL);
	printf("   anonymous mappings: %d\n\n", count_anon());

	free(big);
	read_maps();
	printf("4. free() of that block: munmap()\n");
	if (!show_mapping(addr, NULL))
		printf("   no mapping holds %#lx any more\n", (unsigned long)addr);
	printf("   anonymous mappings: %d\n\n", count_anon());
}

/* Step 5: pages of a fresh mapping arrive one fault at a time. */
static void demand_paging(void)
{
	char *p = mmap(NULL, PROBE, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED) {
		perror("mmap");
		return;
	}
	printf("5. Demand paging: mmap(%d KiB) at %p, then mincore()\n",
	       PROBE / 1024, (void *)p);
	show_resident("after mmap:", p, PROBE);
	for (int i = 0; i < PROBE; i += 2 * PAGE)
		p[i] = 1;
	show_resident("after writing every other page:", p, PROBE);
	munmap(p, PROBE);

	char *m = malloc(PROBE);
	printf("   the same for malloc(%d KiB) = %p (from the heap):\n",
	       PROBE / 1024, (void *)m);
	show_resident("after malloc:", m, PROBE);
	for (int i = 0; i < PROBE; i += 2 * PAGE)
		m[i] = 1;
	show_resident("after writing every other page:", m, PROBE);
}

int main(void)
{
	setvbuf(stdout, NULL, _IONBF, 0);	/* no stdio buffer in the maps */
	small_blocks();
	large_block();
	demand_paging();
	return 0;
}
