/*
 * tests/user/malloc_stress.c - the randomized stress of tests/host/malloc
 * (stress.c), scaled for QEMU: up to NSLOTS live blocks from malloc, calloc,
 * realloc, memalign, posix_memalign and aligned_alloc, sizes 1 byte .. 256
 * KiB (so both heap chunks and mapped chunks).  Each block carries a seeded
 * pattern over all malloc_usable_size() bytes - its shadow - and every byte
 * is checked on free, on realloc, and in sweeps over all live blocks (which
 * also check that mallinfo2 adds up).  A failure prints the seed and the
 * operation; success prints only counts, so Linux and Pagoda agree.
 *
 * stress_fork forks in the middle: parent and child go on with different
 * operations on the same (copy-on-write) heap, and neither may see the
 * other's writes.
 */
#include "utest.h"
#include <malloc.h>
#include <stdint.h>

#define NSLOTS 1024
#define SWEEP  20000

struct slot {
	unsigned char *p;
	size_t len;		/* usable bytes carrying the pattern */
	uint64_t tag;
};

static struct slot slots[NSLOTS];
static uint64_t seed, rng, op;
static unsigned long nmalloc, ncalloc, naligned, nrealloc, nfree, nmapped;
static int size_mix;		/* 0 mixed, 1 small only, 2 large-heavy */

#define FAIL(...) do {							\
	printf("FAIL seed=%llu op=%llu: ", (unsigned long long)seed,	\
	       (unsigned long long)op);					\
	printf(__VA_ARGS__);						\
	printf("\n");							\
	fflush(stdout);							\
	_exit(1);							\
} while (0)

/* xorshift64*: the seeded random numbers. */
static uint64_t rng_next(void)
{
	rng ^= rng >> 12;
	rng ^= rng << 25;
	rng ^= rng >> 27;
	return rng * 0x2545F4914F6CDD1DULL;
}

/* Byte i of a block tagged `tag` is byte i % 8 of word f(tag, i / 8). */
static inline uint64_t pattern_word(uint64_t tag, size_t j)
{
	return (tag + j) * 0x9E3779B97F4A7C15ULL ^ (tag >> 7);
}

static void pattern_fill(unsigned char *p, uint64_t tag, size_t from, size_t to)
{
	size_t i = from;

	for (; i < to && (i & 7); i++)
		p[i] = (unsigned char)(pattern_word(tag, i / 8) >> (8 * (i & 7)));
	for (; i + 8 <= to; i += 8)
		*(uint64_t *)(p + i) = pattern_word(tag, i / 8);
	for (; i < to; i++)
		p[i] = (unsigned char)(pattern_word(tag, i / 8) >> (8 * (i & 7)));
}

/* Index of the first byte of [0, len) that differs from the pattern, or -1. */
static long pattern_check(const unsigned char *p, uint64_t tag, size_t len)
{
	size_t i = 0;

	for (; i + 8 <= len; i += 8)
		if (*(const uint64_t *)(p + i) != pattern_word(tag, i / 8))
			break;
	for (; i < len; i++)
		if (p[i] != (unsigned char)(pattern_word(tag, i / 8) >> (8 * (i & 7))))
			return (long)i;
	return -1;
}

/* Mostly small, as programs ask; up to 256 KiB (the threshold is 128). */
static size_t random_size(void)
{
	uint64_t r = rng_next(), pick = r % 1000;

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

static void check_slot(struct slot *s, size_t len, const char *why)
{
	long bad = pattern_check(s->p, s->tag, len);

	if (bad >= 0)
		FAIL("%s: block of %zu usable bytes differs from its shadow at byte %ld",
		     why, s->len, bad);
}

/* A new block p for `bytes`: check it, then fill it with a fresh pattern. */
static void adopt(struct slot *s, void *p, size_t bytes, size_t align, int zeroed)
{
	if (p == NULL)
		FAIL("allocation of %zu bytes failed: %s", bytes, errname(errno));
	if ((uintptr_t)p % align)
		FAIL("block not aligned to %zu", align);
	size_t usable = malloc_usable_size(p);
	if (usable < bytes)
		FAIL("malloc_usable_size %zu < %zu requested", usable, bytes);
	if (zeroed)
		for (size_t i = 0; i < bytes; i++)
			if (((unsigned char *)p)[i])
				FAIL("calloc(%zu) byte %zu is not zero", bytes, i);
	if (bytes >= 128 * 1024)
		nmapped++;
	s->p = p;
	s->len = usable;
	s->tag = rng_next();
	pattern_fill(s->p, s->tag, 0, s->len);
}

static void release(struct slot *s)
{
	check_slot(s, s->len, "free");
	free(s->p);
	s->p = NULL;
	nfree++;
}

/* realloc to a random size: the old contents survive up to the new size. */
static void do_realloc(struct slot *s)
{
	size_t bytes = random_size();
	unsigned char *p = realloc(s->p, bytes);

	if (p == NULL)
		FAIL("realloc to %zu failed", bytes);
	size_t keep = bytes < s->len ? bytes : s->len;
	s->p = p;
	check_slot(s, keep, "realloc");
	size_t usable = malloc_usable_size(p);
	if (usable < bytes)
		FAIL("realloc: usable %zu < %zu", usable, bytes);
	pattern_fill(p, s->tag, keep, usable);
	s->len = usable;
	nrealloc++;
}

/* One of the aligned allocators with a random power-of-two alignment. */
static void aligned(struct slot *s)
{
	size_t align = (size_t)1 << (rng_next() % 17), bytes = random_size() % 8192 + 1;
	void *p = NULL;

	switch (rng_next() % 3) {
	case 0:
		p = memalign(align, bytes);
		break;
	case 1:
		if (align < sizeof(void *))
			align = sizeof(void *);
		if (posix_memalign(&p, align, bytes) != 0)
			p = NULL;
		break;
	default:
		p = aligned_alloc(align, bytes);
	}
	adopt(s, p, bytes, align, 0);
	naligned++;
}

/* Every byte of every live block, and mallinfo2 adds up. */
static void sweep(void)
{
	for (int i = 0; i < NSLOTS; i++)
		if (slots[i].p)
			check_slot(&slots[i], slots[i].len, "sweep");
	struct mallinfo2 mi = mallinfo2();
	if (mi.uordblks + mi.fordblks != mi.arena)
		FAIL("mallinfo2: uordblks %zu + fordblks %zu != arena %zu",
		     mi.uordblks, mi.fordblks, mi.arena);
}

/* One random operation on a random slot. */
static void step(void)
{
	struct slot *s = &slots[rng_next() % NSLOTS];
	unsigned pick = (unsigned)(rng_next() % 100);
	size_t bytes;

	if (s->p == NULL) {
		if (pick < 70) {
			bytes = random_size();
			adopt(s, malloc(bytes), bytes, 16, 0);
			nmalloc++;
		} else if (pick < 85) {
			bytes = random_size();
			size_t n = 1 + rng_next() % 8;
			adopt(s, calloc(n, bytes / n + 1), n * (bytes / n + 1), 16, 1);
			ncalloc++;
		} else if (pick < 95) {
			aligned(s);
		} else {
			bytes = random_size();
			adopt(s, realloc(NULL, bytes), bytes, 16, 0);
			nmalloc++;
		}
	} else if (pick < 60) {
		release(s);
	} else if (pick < 99) {
		do_realloc(s);
	} else {
		check_slot(s, s->len, "realloc 0");
		if (realloc(s->p, 0) != NULL)
			FAIL("realloc(p, 0) did not return NULL");
		s->p = NULL;
		nfree++;
	}
}

static void run(uint64_t ops)
{
	for (uint64_t end = op + ops; op < end; op++) {
		step();
		if (op % SWEEP == SWEEP - 1) {
			sweep();
			if (op % (4 * SWEEP) == 4 * SWEEP - 1)
				malloc_trim(0);
		}
	}
	sweep();
}

static void start(uint64_t s, int mix)
{
	seed = s;
	rng = seed * 2654435761ULL + 1;
	size_mix = mix;
}

/* Free everything (checking it) and report; nothing may stay mapped. */
static void finish(void)
{
	for (int i = 0; i < NSLOTS; i++)
		if (slots[i].p)
			release(&slots[i]);
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
