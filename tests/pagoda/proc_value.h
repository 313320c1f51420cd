/*
 * tests/pagoda/proc_value.h - the one /proc reader the reclaim tests
 * share (lru.c, replace.c, belady.c, workingset.c).
 */
#ifndef PAGODA_TESTS_PROC_VALUE_H
#define PAGODA_TESTS_PROC_VALUE_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The number after key in file: a /proc/meminfo value (kB), a
 * /proc/vmstat counter or a /proc/zoneinfo field (leading blanks
 * skipped); -1 if absent.  The open may fail with ENOMEM while memory
 * is short: sleep, which lets kswapd run, and retry; exit 2 after a
 * second of failures. */
static inline long proc_value(const char *file, const char *key)
{
	char line[128];
	size_t n = strlen(key);
	FILE *f;

	for (int tries = 0; !(f = fopen(file, "r")); tries++) {
		if (tries == 100) {
			perror(file);
			exit(2);
		}
		usleep(10000);
	}
	long v = -1;
	while (fgets(line, sizeof(line), f)) {
		char *s = line + strspn(line, " ");
		if (!strncmp(s, key, n) && (s[n] == ' ' || s[n] == ':'))
			v = atol(s + n + 1);
	}
	fclose(f);
	return v;
}

#endif
