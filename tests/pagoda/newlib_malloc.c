/*
 * tests/pagoda/newlib_malloc.c - built with tools/pagoda-cc: newlib's
 * malloc is Pagoda's.  Below 128 KiB a block comes from the break (inside
 * [heap] in /proc/self/maps), at or above it from its own mapping;
 * mallopt(M_MMAP_THRESHOLD) moves the line; malloc_stats reports.
 * Prints PASS or FAIL lines (tools/test: pagoda/newlib-malloc).
 */
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Is p inside the [heap] line of /proc/self/maps? */
static int in_heap(void *p)
{
	char line[256];
	unsigned long lo, hi, a = (unsigned long)p;
	int found = 0;
	FILE *f = fopen("/proc/self/maps", "r");

	while (f && fgets(line, sizeof(line), f))
		if (strstr(line, "[heap]") && sscanf(line, "%lx-%lx", &lo, &hi) == 2)
			found |= a >= lo && a < hi;
	if (f)
		fclose(f);
	return found;
}

static void check(const char *what, int ok)
{
	printf("%s %s\n", ok ? "PASS" : "FAIL", what);
}

int main(void)
{
	void *small = malloc(100 * 1024), *big = malloc(200 * 1024);
	check("100 KiB from the break", in_heap(small));
	check("200 KiB from a mapping", big && !in_heap(big));
	check("mallopt(M_MMAP_THRESHOLD, 1 MiB)", mallopt(M_MMAP_THRESHOLD, 1 << 20) == 1);
	void *moved = malloc(200 * 1024);
	check("200 KiB now from the break", in_heap(moved));
	char *s = strdup("newlib's strdup calls _malloc_r");
	check("strdup through _malloc_r", s && in_heap(s));
	free(small);
	free(big);
	free(moved);
	free(s);
	malloc_stats();
	return 0;
}
