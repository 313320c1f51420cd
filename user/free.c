/*
 * user/free.c - amount of free and used memory, like procps free.
 *
 *   free
 *
 * All figures in KiB, from /proc/meminfo: used = total - available (as
 * procps 4 counts it), buff/cache = Buffers + Cached + SReclaimable.
 * Keys the kernel does not report count as 0.
 */
#include <stdio.h>
#include <string.h>
#include "lib/ulib.h"

static char meminfo[8192];

/* The value of "Key:" in /proc/meminfo, in kB; 0 if it is not there. */
static unsigned long get(const char *key)
{
	unsigned long v = 0;

	proc_lookup(meminfo, key, &v);
	return v;
}

int main(void)
{
	if (read_file("/proc/meminfo", meminfo, sizeof(meminfo)) < 0) {
		perror("free: /proc/meminfo");
		return 1;
	}

	unsigned long total = get("MemTotal"), free = get("MemFree");
	unsigned long cache = get("Buffers") + get("Cached") + get("SReclaimable");
	unsigned long avail = strstr(meminfo, "MemAvailable:") ?
		get("MemAvailable") : free + cache;
	unsigned long swap = get("SwapTotal"), swapfree = get("SwapFree");

	printf("%20s %11s %11s %11s %11s %11s\n", "total", "used", "free",
	       "shared", "buff/cache", "available");
	printf("%-7s %12lu %11lu %11lu %11lu %11lu %11lu\n", "Mem:", total,
	       total - avail, free, get("Shmem"), cache, avail);
	printf("%-7s %12lu %11lu %11lu\n", "Swap:", swap, swap - swapfree,
	       swapfree);
	return 0;
}
