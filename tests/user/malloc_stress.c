/*
 * tests/user/malloc_stress.c - the randomized stress with a shadow of
 * tests/host/malloc/stress_model.h (which tests/host/malloc/stress.c runs
 * on the host), scaled for QEMU: up to NSLOTS live blocks from malloc,
 * calloc, realloc, memalign, posix_memalign and aligned_alloc, sizes 1 byte
 * .. 256 KiB (so both heap chunks and mapped chunks), every byte checked on
 * free, on realloc and in sweeps.  A failure prints the seed and the
 * operation; success prints only counts, so Linux and Pagoda agree.
 *
 * stress_fork forks in the middle: parent and child go on with different
 * operations on the same (copy-on-write) heap, and neither may see the
 * other's writes.
 */
#include "utest.h"

#define NSLOTS 1024
#define SWEEP  20000

#define FAIL(...) do {							\
	printf("FAIL seed=%llu op=%llu: ", (unsigned long long)seed,	\
	       (unsigned long long)op);					\
	printf(__VA_ARGS__);						\
	printf("\n");							\
	fflush(stdout);							\
	_exit(1);							\
} while (0)

#include "../host/malloc/stress_model.h"

static int size_mix;		/* 0 mixed, 1 small only, 2 large-heavy */

/* Mostly small, as programs ask; up to 256 KiB (the threshold is 128). */
static size_t random_size(void)
{
	uint64_t r = rng_next(&rng), pick = r % 1000;

	r >>= 10;
	if (size_mix == 1)
		return 1 + r % (pick < 800 ? 160 : 1200);
	if (size_mix == 2)
		pick = 900 + pick % 100;
	if (pick < 600) return 1 + r % 256;
	if (pick < 900) return 257 + r % 3840;
	if (pick < 985) return 4097 + r % (28 * 1024);
	if (pick < 995) return 32 * 1024 + r % (96 * 1024);
	return 128 * 1024 + r % (128 * 1024 + 1);
}

static void start(uint64_t s, int mix)
{
	stress_start(s);
	size_mix = mix;
}

/* Free everything (checking it) and report; nothing may stay mapped. */
static void finish(void)
{
	release_all();
	struct mallinfo2 mi = mallinfo2();
	printf("ops %llu: malloc %lu calloc %lu aligned %lu realloc %lu free %lu, "
	       ">=128K %lu\n", (unsigned long long)op, nmalloc, ncalloc, naligned,
	       nrealloc, nfree, nmapped);
	printf("all checked; after freeing all: hblks %zu hblkhd %zu uordblks+fordblks==arena %s\n",
	       mi.hblks, mi.hblkhd, mi.uordblks + mi.fordblks == mi.arena ? "yes" : "no");
}

static void stress_mixed(void)
{
	start(1, 0);
	run(150000);
	finish();
}

static void stress_seed2(void)
{
	start(20240611, 0);
	run(100000);
	finish();
}

/* Small sizes only: fastbins, small bins, coalescing, consolidation. */
static void stress_small(void)
{
	start(3, 1);
	run(200000);
	finish();
}

/* Mostly big blocks around the mmap threshold: mapped chunks, the dynamic
   threshold moving, big coalesced heap chunks, trimming. */
static void stress_large(void)
{
	start(4, 2);
	run(12000);
	finish();
}

/* Fork halfway: both go on differently; each checks all its blocks. */
static void stress_fork(void)
{
	start(5, 0);
	run(40000);
	fflush(stdout);
	pid_t pid = fork();
	if (pid < 0)
		FAIL("fork: %s", errname(errno));
	if (pid == 0) {
		rng ^= 0x5555;
		run(40000);
		finish();
		fflush(stdout);
		_exit(0);
	}
	run(20000);		/* meanwhile, the parent writes to its copy */
	int st;
	waitpid(pid, &st, 0);
	printf("child: exited %d status %d\n", WIFEXITED(st), WEXITSTATUS(st));
	run(20000);
	finish();
}

static const struct utest tests[] = {
	{ "stress_mixed", stress_mixed },
	{ "stress_seed2", stress_seed2 },
	{ "stress_small", stress_small },
	{ "stress_large", stress_large },
	{ "stress_fork", stress_fork },
};

UTEST_MAIN(tests)
