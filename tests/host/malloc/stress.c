/*
 * tests/host/malloc/stress.c - randomized stress test with a shadow: the
 * model in stress_model.h, with up to NSLOTS live blocks of 1 byte .. 1 MiB.
 *
 * usage: stress [ops] [seed]     (seed defaults to the time; printed on failure)
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#define NSLOTS 4096
#define SWEEP  50000

#define FAIL(...)								\
	do {									\
		fprintf(stderr, "stress: seed=%llu op=%llu: ",			\
			(unsigned long long)seed, (unsigned long long)op);	\
		fprintf(stderr, __VA_ARGS__);					\
		fputc('\n', stderr);						\
		exit(1);							\
	} while (0)

#include "stress_model.h"

/* 1 byte .. 1 MiB, mostly small, as programs ask. */
static size_t random_size(void)
{
	uint64_t r = rng_next(&rng), pick = r % 1000;
	r >>= 10;
	if (pick < 600) return 1 + r % 256;
	if (pick < 900) return 257 + r % 3840;
	if (pick < 985) return 4097 + r % (64 * 1024);
	if (pick < 997) return 64 * 1024 + r % (192 * 1024);
	return 256 * 1024 + r % (768 * 1024 + 1);
}

int main(int argc, char **argv)
{
	uint64_t ops = argc > 1 ? strtoull(argv[1], NULL, 0) : 2000000;

	stress_start(argc > 2 ? strtoull(argv[2], NULL, 0) : (uint64_t)time(NULL));
	run(ops);
	release_all();
	printf("stress: %llu operations, seed %llu\n", (unsigned long long)ops,
	       (unsigned long long)seed);
	return 0;
}
