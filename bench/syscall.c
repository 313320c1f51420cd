/*
 * bench/syscall.c - the null system call: the cost of entering and
 * leaving the kernel for a call that does almost nothing.
 *
 * getppid is called through syscall() so that no libc caches the answer
 * (glibc once cached getpid, never getppid, but syscall() makes sure).
 *
 * Also two facts about the clock every other benchmark relies on: what one
 * clock_gettime costs (Linux answers it in user space through the vDSO,
 * Pagoda with a system call), and its granularity - the smallest step
 * between two readings that differ, measured as soon as the program
 * starts (the other benchmarks first wait for a fine clock: bench.h).
 *
 *   metric null_syscall NS ns/call
 *   metric clock_gettime NS ns/call
 *   metric clock_granularity NS ns
 */
#include <sys/syscall.h>

#include "bench.h"

#define WARMUP 1000
#define ITERS 200000
#define CLOCK_ITERS 100000
#define GRANULARITY_STEPS 3
#define GRANULARITY_LIMIT 200000000ULL	/* give up after 200 ms */

/* The smallest nonzero step seen in GRANULARITY_STEPS clock changes. */
static uint64_t clock_granularity(void)
{
	uint64_t start = now_ns(), last = start, best = UINT64_MAX;
	int steps = 0;

	while (steps < GRANULARITY_STEPS && last - start < GRANULARITY_LIMIT) {
		uint64_t t = now_ns();

		if (t != last) {
			best = t - last < best ? t - last : best;
			steps++;
			last = t;
		}
	}
	return best == UINT64_MAX ? last - start : best;
}

/* Nanoseconds per clock_gettime(CLOCK_MONOTONIC). */
static double clock_cost(void)
{
	uint64_t t0 = now_ns();

	for (int i = 0; i < CLOCK_ITERS; i++)
		now_ns();
	return (double)(now_ns() - t0) / CLOCK_ITERS;
}

int main(void)
{
	/* Granularity first: what a program sees right after boot. */
	uint64_t granularity = clock_granularity();

	wait_for_fine_clock();
	for (int i = 0; i < WARMUP; i++)
		syscall(SYS_getppid);

	uint64_t t0 = now_ns();
	for (int i = 0; i < ITERS; i++)
		syscall(SYS_getppid);
	uint64_t t1 = now_ns();

	metric("null_syscall", (double)(t1 - t0) / ITERS, "ns/call");
	metric("clock_gettime", clock_cost(), "ns/call");
	metric("clock_granularity", (double)granularity, "ns");
	return 0;
}
