/*
 * bench/debug/churn.c - allocation churn as a garbage-collected
 * interpreter makes it (tools/bench-debug builds it with musl-gcc).
 *
 * A table of SLOTS live objects; each step frees a random one and
 * allocates a new one of a random size - mostly small, a quarter up to
 * 128 KiB, one in twenty up to 1 MiB - and writes every page of it, so
 * about 130 MiB stay resident while musl's malloc maps and unmaps its
 * groups and every large object (many mmap/munmap calls, many areas).
 * Prints a checksum (the same on every kernel) and, on stderr, the
 * elapsed time.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define SLOTS	3000
#define STEPS	60000
#define PG	4096

static uint64_t rng = 88172645463325252ull;

static uint64_t next(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static size_t object_size(void)
{
	uint64_t r = next() % 100;

	if (r < 5)
		return 128 * 1024 + next() % (896 * 1024);
	if (r < 30)
		return 4096 + next() % (124 * 1024);
	return 16 + next() % 2048;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(void)
{
	static unsigned char *obj[SLOTS];
	static size_t len[SLOTS];
	uint64_t sum = 0, live = 0, peak = 0;
	double t0 = now();

	for (long step = 0; step < STEPS + SLOTS; step++) {
		size_t i = step < SLOTS ? (size_t)step : next() % SLOTS;
		if (obj[i]) {
			sum += obj[i][0] + obj[i][len[i] - 1];
			live -= len[i];
			free(obj[i]);
		}
		len[i] = object_size();
		if (!(obj[i] = malloc(len[i])))
			return printf("malloc of %zu failed\n", len[i]), 1;
		for (size_t off = 0; off < len[i]; off += PG)
			obj[i][off] = (unsigned char)(step + off / PG);
		obj[i][len[i] - 1] = (unsigned char)step;
		live += len[i];
		peak = live > peak ? live : peak;
	}
	printf("churn: %d steps, peak live %lu MiB, checksum %lu\n", STEPS,
	       (unsigned long)(peak >> 20), (unsigned long)sum);
	fprintf(stderr, "churn: %.3f s\n", now() - t0);
	return 0;
}
