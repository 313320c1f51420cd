/*
 * tests/pagoda/proc_value.h - the one /proc reader the reclaim and swap
 * tests share (lru.c, replace.c, belady.c, workingset.c, pageout.c,
 * swapload.c, thp_swap.c): a value of a file, summed over its lines, of
 * one mapping in smaps, and the VmSwap of every process.
 */
#ifndef PAGODA_TESTS_PROC_VALUE_H
#define PAGODA_TESTS_PROC_VALUE_H

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* fopen(file, "r"), again while it fails with ENOMEM (memory is short:
 * a sleep lets kswapd run), for a second at most; NULL if it still
 * fails, or fails otherwise (a process that has exited). */
static inline FILE *proc_open(const char *file)
{
	FILE *f;

	for (int tries = 0; !(f = fopen(file, "r")) && errno == ENOMEM && tries < 100; tries++)
		usleep(10000);
	return f;
}

/* The number after key on the lines of f (leading blanks skipped), the
 * last one or, if sum, all of them added; -1 if none.  Closes f. */
static inline long proc_scan(FILE *f, const char *key, int sum)
{
	char line[256];
	size_t n = strlen(key);
	long v = -1;

	while (fgets(line, sizeof(line), f)) {
		char *s = line + strspn(line, " ");
		if (!strncmp(s, key, n) && (s[n] == ' ' || s[n] == ':'))
			v = (sum && v > 0 ? v : 0) + atol(s + n + 1);
	}
	fclose(f);
	return v;
}

/* proc_open of file, or exit 2: the files these tests read always exist. */
static inline FILE *proc_open_or_exit(const char *file)
{
	FILE *f = proc_open(file);

	if (!f) {
		perror(file);
		exit(2);
	}
	return f;
}

/* The number after key in file: a /proc/meminfo value (kB), a
 * /proc/vmstat counter, a /proc/zoneinfo field or a status line; -1 if
 * absent. */
static inline long proc_value(const char *file, const char *key)
{
	return proc_scan(proc_open_or_exit(file), key, 0);
}

/* key summed over the lines of file (smaps: every mapping); -1 if absent. */
static inline long proc_sum(const char *file, const char *key)
{
	return proc_scan(proc_open_or_exit(file), key, 1);
}

/* The key kB (Rss, Swap, ...) of the mapping that starts at addr in
 * /proc/self/smaps, or -1. */
static inline long smaps_value(const void *addr, const char *key)
{
	char line[256], start[32];
	size_t n = strlen(key);
	long kb = -1;
	int in = 0;
	FILE *f = proc_open_or_exit("/proc/self/smaps");

	snprintf(start, sizeof(start), "%lx-", (unsigned long)addr);
	while (fgets(line, sizeof(line), f)) {
		if (strchr(line, '-') && strchr(line, '-') < strchr(line, ' '))
			in = !strncmp(line, start, strlen(start));
		else if (in && !strncmp(line, key, n) && (line[n] == ':' || line[n] == ' '))
			kb = atol(line + n + 1);
	}
	fclose(f);
	return kb;
}

/* The VmSwap pages of every process; one that exits while they are read
 * counts none. */
static inline long proc_swap_pages(void)
{
	long pages = 0;
	struct dirent *e;
	DIR *d = opendir("/proc");

	while (d && (e = readdir(d))) {
		char path[300];
		FILE *f;
		if (e->d_name[0] < '0' || e->d_name[0] > '9')
			continue;
		snprintf(path, sizeof(path), "/proc/%s/status", e->d_name);
		if ((f = proc_open(path))) {
			long kb = proc_scan(f, "VmSwap", 0);
			pages += kb > 0 ? kb / 4 : 0;
		}
	}
	if (d)
		closedir(d);
	return pages;
}

#endif
