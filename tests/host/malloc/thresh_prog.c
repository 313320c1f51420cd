/*
 * tests/host/malloc/thresh_prog.c - the program that syscount watches: each
 * scenario's steps are phases whose brk/mmap/munmap calls are counted.  It
 * uses no stdio, so that only malloc talks to the kernel inside a phase.
 *
 * usage: thresh_prog dyn|fixed|nommap|trim|autotrim|remap|oscillate|oscillate6m|swing
 */
#include <malloc.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define KiB 1024

static void *volatile keep[128];     /* the compiler may not drop our calls */

static void phase(const char *name)
{
	char buf[64] = "phase:";
	strncat(buf, name, sizeof(buf) - 7);
	if (write(-1, buf, strlen(buf)) != -1)
		_exit(3);
}

static void *touch(void *p, size_t n)
{
	if (p == NULL)
		_exit(4);
	memset(p, 1, n);
	return p;
}

/* 100 KiB -> heap; 200 KiB -> mmap; its free -> munmap and the threshold
   rises to its size; 200 KiB again -> heap. */
static void dyn(void)
{
	phase("small100k");
	keep[0] = touch(malloc(100 * KiB), 100 * KiB);
	phase("big200k");
	keep[1] = touch(malloc(200 * KiB), 200 * KiB);
	phase("free200k");
	free(keep[1]);
	phase("again200k");
	keep[1] = touch(malloc(200 * KiB), 200 * KiB);
}

/* mallopt(M_MMAP_THRESHOLD) fixes the threshold: the second 200 KiB maps too. */
static void fixed(void)
{
	mallopt(M_MMAP_THRESHOLD, 128 * KiB);
	phase("big200k");
	keep[1] = touch(malloc(200 * KiB), 200 * KiB);
	phase("free200k");
	free(keep[1]);
	phase("again200k");
	keep[1] = touch(malloc(200 * KiB), 200 * KiB);
}

/* M_MMAP_MAX = 0: even 1 MiB comes from the heap. */
static void nommap(void)
{
	mallopt(M_MMAP_MAX, 0);
	phase("big1m");
	keep[0] = touch(malloc(1024 * KiB), 1024 * KiB);
}

/* 20 x 100 KiB grow the heap; freeing them all leaves a big top. */
static void fill_and_free(void)
{
	phase("fill");
	for (int i = 0; i < 20; i++)
		keep[i] = touch(malloc(100 * KiB), 100 * KiB);
	phase("freeall");
	for (int i = 19; i >= 0; i--)
		free(keep[i]);
}

/* With trimming on free disabled, malloc_trim gives the top back. */
static void trim(void)
{
	mallopt(M_TRIM_THRESHOLD, 512 * 1024 * KiB);
	fill_and_free();
	phase("malloc_trim");
	malloc_trim(0);
}

/* The same working set of n 100 KiB blocks three times: the first free
   trims top, the heap grows again, and from then on top keeps the pages
   (the hysteresis) if they are at most 8 MiB (TRIM_KEEP_MAX); larger swings
   are trimmed on every cycle, as glibc trims them. */
static void oscillate(int n)
{
	static const char *names[] = { "fill1", "free1", "fill2", "free2", "fill3", "free3" };
	for (int cycle = 0; cycle < 3; cycle++) {
		phase(names[2 * cycle]);
		for (int i = 0; i < n; i++)
			keep[i] = touch(malloc(100 * KiB), 100 * KiB);
		phase(names[2 * cycle + 1]);
		for (int i = n - 1; i >= 0; i--)
			free(keep[i]);
	}
}

/* A mapped block grows and shrinks by mremap, never by copying into a new
   mapping; freeing it unmaps it. */
static void remap(void)
{
	phase("map1m");
	char *p = touch(malloc(1024 * KiB), 1024 * KiB);
	phase("grow");
	for (size_t n = 2048 * KiB; n <= 8192 * KiB; n *= 2)
		p = touch(realloc(p, n), n);
	phase("shrink300k");
	p = touch(realloc(p, 300 * KiB), 300 * KiB);
	phase("free");
	free(p);
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "";
	/* Let malloc set itself up (glibc's tcache) outside the phases, except
	   in dyn, whose first phase is the heap's first growth. */
	if (strcmp(mode, "dyn") != 0)
		keep[127] = touch(malloc(1), 1);
	if (!strcmp(mode, "dyn"))
		dyn();
	else if (!strcmp(mode, "fixed"))
		fixed();
	else if (!strcmp(mode, "nommap"))
		nommap();
	else if (!strcmp(mode, "trim"))
		trim();
	else if (!strcmp(mode, "autotrim"))
		fill_and_free();
	else if (!strcmp(mode, "remap"))
		remap();
	else if (!strcmp(mode, "oscillate"))
		oscillate(8);
	else if (!strcmp(mode, "oscillate6m"))
		oscillate(60);
	else if (!strcmp(mode, "swing"))
		oscillate(100);
	else
		return 2;
	phase("end");
	return 0;
}
