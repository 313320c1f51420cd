/*
 * bench/bench.h - helpers shared by the benchmark programs in bench/.
 *
 * Every benchmark is a static program that runs unchanged on Linux and on
 * Pagoda.  It reports each figure as one machine-readable line
 *
 *     metric NAME VALUE UNIT
 *
 * (tools/bench collects these) and may print human notes on lines that
 * start with '#'.  A figure is always (total time) / (iterations), timed
 * with clock_gettime(CLOCK_MONOTONIC) around the whole loop, so the cost
 * of reading the clock is spread over many iterations.
 */
#ifndef BENCH_H
#define BENCH_H

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#define PAGE_SIZE 4096UL
#define MIB (1024UL * 1024UL)

/* Monotonic time in nanoseconds. */
static inline uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

/*
 * Call first in every benchmark: wait (at most a second) until the clock
 * steps by less than a microsecond.  A kernel may refine its clock only
 * some time after boot (Pagoda interpolates its 10 ms tick with the TSC
 * once it has calibrated the TSC against the tick), and a program started
 * right after boot would otherwise time its first loops with a coarse
 * clock.  Says so on a '#' line if it had to wait.
 */
static inline void wait_for_fine_clock(void)
{
	uint64_t start = now_ns(), t = start;

	while (t - start < 1000000000ULL) {
		uint64_t prev = now_ns();

		t = now_ns();
		if (t != prev && t - prev <= 1000)
			break;
	}
	if (t - start >= 1000000)
		printf("# waited %llu ms for a fine-grained clock\n",
		       (unsigned long long)((t - start) / 1000000));
}

/* Report a failed call and stop: a benchmark that cannot do its work
 * must not print a figure for it. */
static inline void die(const char *what)
{
	fprintf(stderr, "bench: %s: %s\n", what, strerror(errno));
	exit(1);
}

/* Print one metric line, with as many decimals as the size calls for.
 * stdout is flushed so nothing is lost or printed twice across fork. */
static inline void metric(const char *name, double value, const char *unit)
{
	int decimals = value < 10 ? 3 : value < 1000 ? 1 : 0;

	printf("metric %s %.*f %s\n", name, decimals, value, unit);
	fflush(stdout);
}

/* A metric this kernel cannot provide (e.g. a counter Linux lacks). */
static inline void metric_na(const char *name, const char *unit)
{
	printf("metric %s n/a %s\n", name, unit);
	fflush(stdout);
}

/* Private anonymous read-write memory, not yet touched. */
static inline char *map_anon(size_t len)
{
	void *p = mmap(NULL, len, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		die("mmap");
	return p;
}

/* Write one byte in every page of [p, p + len): one fault per page the
 * first time.  volatile keeps the compiler from dropping the stores. */
static inline void touch_pages(char *p, size_t len)
{
	volatile char *v = p;

	for (size_t off = 0; off < len; off += PAGE_SIZE)
		v[off] = 1;
}

/* Read one byte in every page: a read fault per page the first time. */
static inline unsigned read_pages(const char *p, size_t len)
{
	const volatile char *v = p;
	unsigned sum = 0;

	for (size_t off = 0; off < len; off += PAGE_SIZE)
		sum += (unsigned char)v[off];
	return sum;
}

#endif
