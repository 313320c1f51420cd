/*
 * bench/malloc/bench.c - malloc throughput and peak RSS, one workload per run.
 * The allocator is whatever the binary gets: glibc's, one in LD_PRELOAD
 * (Pagoda's, jemalloc, tcmalloc, mimalloc), or musl's when built with
 * musl-gcc -static.  bench/malloc/run.sh runs the table.
 *
 *   simple  glibc's bench-malloc-simple shape: N blocks of one size (16, 32,
 *           64, 128 bytes; N = 25, 100, 400, 1600) allocated, then freed
 *   mixed   seeded random malloc/free/realloc over 10000 live slots, sizes
 *           mostly small (8 B .. 64 KiB), the first 64 bytes written
 *   large   random malloc/free over 32 live slots of 64 KiB .. 512 KiB, one
 *           byte written per page (around the 128 KiB mmap threshold)
 *
 * usage: bench simple|mixed|large [repetitions]
 * prints: WORKLOAD ops=N best_s=S mops=M maxrss_kib=K
 */
#define _GNU_SOURCE 1
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

static void *volatile sink;     /* keeps the compiler from dropping pairs */
static long peak_anon_kib;      /* highest RssAnon seen at a sampling point */

/* Sample RssAnon from /proc/self/status: anonymous memory only, so shared
   library pages (and their page-cache luck) do not blur the comparison. */
static void sample_rss(void)
{
	char buf[4096];
	FILE *f = fopen("/proc/self/status", "r");
	if (f == NULL)
		return;
	while (fgets(buf, sizeof(buf), f))
		if (strncmp(buf, "RssAnon:", 8) == 0) {
			long kib = atol(buf + 8);
			if (kib > peak_anon_kib)
				peak_anon_kib = kib;
		}
	fclose(f);
}

static uint64_t rng_next(uint64_t *s)
{
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return *s * 0x2545F4914F6CDD1DULL;
}

/* Returns the number of malloc/free calls made. */
static uint64_t simple(void)
{
	static const size_t sizes[] = { 16, 32, 64, 128 };
	static const int counts[] = { 25, 100, 400, 1600 };
	static void *blocks[1600];
	uint64_t ops = 0;
	for (int s = 0; s < 4; s++)
		for (int c = 0; c < 4; c++) {
			int n = counts[c], iters = 1600000 / n;
			for (int it = 0; it < iters; it++) {
				for (int i = 0; i < n; i++)
					blocks[i] = malloc(sizes[s]);
				sink = blocks[n - 1];
				if (it == 0)
					sample_rss();
				for (int i = 0; i < n; i++)
					free(blocks[i]);
			}
			ops += 2ULL * (uint64_t)n * (uint64_t)iters;
		}
	return ops;
}

static size_t mixed_size(uint64_t *rng)
{
	uint64_t r = rng_next(rng), pick = r % 100;
	r >>= 8;
	if (pick < 80) return 8 + r % 504;
	if (pick < 98) return 512 + r % 7680;
	return 8192 + r % 57344;
}

static uint64_t mixed(void)
{
	enum { SLOTS = 10000, STEPS = 4000000 };
	static char *slot[SLOTS];
	uint64_t rng = 12345, ops = 0;
	for (int step = 0; step < STEPS; step++) {
		char **s = &slot[rng_next(&rng) % SLOTS];
		size_t n;
		if (*s == NULL) {
			n = mixed_size(&rng);
			*s = malloc(n);
			memset(*s, (int)step, n < 64 ? n : 64);
		} else if (rng_next(&rng) & 1) {
			free(*s);
			*s = NULL;
		} else {
			n = mixed_size(&rng);
			*s = realloc(*s, n);
			memset(*s, (int)step, n < 64 ? n : 64);
		}
		if (step % 20000 == 0)
			sample_rss();
		ops++;
	}
	for (int i = 0; i < SLOTS; i++) {
		free(slot[i]);
		slot[i] = NULL;
	}
	return ops + SLOTS;
}

static uint64_t large(void)
{
	enum { SLOTS = 32, STEPS = 200000 };
	static char *slot[SLOTS];
	uint64_t rng = 777, ops = 0;
	for (int step = 0; step < STEPS; step++) {
		char **s = &slot[rng_next(&rng) % SLOTS];
		if (*s == NULL) {
			size_t n = 64 * 1024 + rng_next(&rng) % (448 * 1024 + 1);
			*s = malloc(n);
			for (size_t off = 0; off < n; off += 4096)
				(*s)[off] = 1;
		} else {
			free(*s);
			*s = NULL;
		}
		if (step % 1000 == 0)
			sample_rss();
		ops++;
	}
	for (int i = 0; i < SLOTS; i++) {
		free(slot[i]);
		slot[i] = NULL;
	}
	return ops + SLOTS;
}

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

int main(int argc, char **argv)
{
	const char *name = argc > 1 ? argv[1] : "simple";
	int reps = argc > 2 ? atoi(argv[2]) : 3;
	uint64_t (*workload)(void) = !strcmp(name, "simple") ? simple
				   : !strcmp(name, "mixed")  ? mixed
				   : !strcmp(name, "large")  ? large : NULL;
	if (workload == NULL) {
		fprintf(stderr, "usage: bench simple|mixed|large [repetitions]\n");
		return 2;
	}
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	long rss_start = ru.ru_maxrss;
	double best = 1e30;
	uint64_t ops = 0;
	for (int r = 0; r < reps; r++) {
		double t0 = now();
		ops = workload();
		double t = now() - t0;
		if (t < best)
			best = t;
	}
	getrusage(RUSAGE_SELF, &ru);
	printf("%s ops=%llu best_s=%.3f mops=%.2f maxrss_kib=%ld start_kib=%ld peak_anon_kib=%ld\n",
	       name, (unsigned long long)ops, best, (double)ops / best / 1e6, ru.ru_maxrss,
	       rss_start, peak_anon_kib);
	return 0;
}
