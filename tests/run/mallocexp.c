/*
 * tests/run/mallocexp.c - the malloc experiment of the classic articles,
 * with the libc's own malloc (glibc or musl, linked statically):
 * a 100 KiB malloc is served from the heap (the break moves; no new
 * mapping), a 200 KiB malloc gets a mapping of its own, and freeing it
 * removes that mapping.  Prints only what is the same on any Linux:
 * counts and yes/no answers, never addresses.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The number of lines of /proc/self/maps, and whether [heap] exists. */
static int count_maps(int *has_heap)
{
	char line[512];
	int n = 0;
	FILE *f = fopen("/proc/self/maps", "r");

	*has_heap = 0;
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		n++;
		if (strstr(line, "[heap]"))
			*has_heap = 1;
	}
	fclose(f);
	return n;
}

int main(void)
{
	int heap0, heap1, heap2, heap3;
	void *warm = malloc(16);		/* let malloc set itself up */
	int maps0 = count_maps(&heap0);
	void *brk0 = sbrk(0);
	char *a = malloc(100 * 1024);
	void *brk1 = sbrk(0);
	int maps1 = count_maps(&heap1);

	memset(a, 1, 100 * 1024);
#ifdef __GLIBC__
	printf("100 KiB: break moved: %s\n", brk1 > brk0 ? "yes" : "no");
	printf("100 KiB: new mappings: %d, [heap] present: %d\n", maps1 - maps0, heap1);
#else
	printf("100 KiB: mappings added: %s\n", maps1 - maps0 <= 1 ? "at most one" : "more");
#endif
	char *b = malloc(200 * 1024);
	int maps2 = count_maps(&heap2);
	memset(b, 2, 200 * 1024);
	printf("200 KiB: new mappings: %d\n", maps2 - maps1);
	printf("200 KiB: inside the heap: %s\n",
	       (void *)b >= brk0 && (void *)b < sbrk(0) ? "yes" : "no");
	free(b);
	int maps3 = count_maps(&heap3);
	printf("after free(200 KiB): mappings back to before: %s\n",
	       maps3 == maps2 - 1 ? "yes" : "no");
	free(a);
	free(warm);
	(void)heap0;
	(void)heap3;
	return 0;
}
