/*
 * tests/host/malloc/stress.c - randomized stress test with a shadow.
 *
 * Keeps up to NSLOTS live blocks from malloc, calloc, realloc, memalign,
 * posix_memalign and aligned_alloc, sizes 1 byte .. 1 MiB.  Each block has a
 * tag; its shadow is the tag's pattern over all malloc_usable_size() bytes,
 * so every byte is checked when the block is freed or realloc'ed, and in a
 * sweep over all live blocks every SWEEP operations and at the end (which,
 * in the prefixed build, also checks the arena's invariants).  Two
 * blocks sharing memory, a lost realloc copy, or a usable size that is not
 * really usable all show up as a pattern mismatch.
 *
 * usage: stress [ops] [seed]     (seed defaults to the time; printed on failure)
 */
#include "talloc.h"
#include <errno.h>
#include <string.h>
#include <time.h>

#define NSLOTS 4096
#define SWEEP  50000

struct slot {
	unsigned char *p;
	size_t len;             /* usable bytes carrying the pattern */
	uint64_t tag;
};

static struct slot slots[NSLOTS];
static uint64_t seed, rng, op;

#define FAIL(...)								\
	do {									\
		fprintf(stderr, "stress: seed=%llu op=%llu: ",			\
			(unsigned long long)seed, (unsigned long long)op);	\
		fprintf(stderr, __VA_ARGS__);					\
		fputc('\n', stderr);						\
		exit(1);							\
	} while (0)

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

static void check_slot(struct slot *s, size_t len, const char *why)
{
	long bad = pattern_check(s->p, s->tag, len);
	if (bad >= 0)
		FAIL("%s: block %p (%zu usable bytes) differs from its shadow at byte %ld",
		     why, (void *)s->p, s->len, bad);
}

/* A new block p of `bytes` requested: check it, then fill it with its pattern. */
static void adopt(struct slot *s, void *p, size_t bytes, size_t align, int zeroed)
{
	if (p == NULL)
		FAIL("allocation of %zu bytes failed: %s", bytes, strerror(errno));
	if ((uintptr_t)p % align)
		FAIL("%p not aligned to %zu", p, align);
	size_t usable = T(malloc_usable_size)(p);
	if (usable < bytes)
		FAIL("malloc_usable_size %zu < %zu requested", usable, bytes);
	if (zeroed)
		for (size_t i = 0; i < bytes; i++)
			if (((unsigned char *)p)[i])
				FAIL("calloc(%zu) byte %zu is not zero", bytes, i);
	s->p = p;
	s->len = usable;
	s->tag = rng_next(&rng);
	pattern_fill(s->p, s->tag, 0, s->len);
}

static void release(struct slot *s)
{
	check_slot(s, s->len, "free");
	T(free)(s->p);
	s->p = NULL;
}

/* realloc to a random size: the old contents must survive up to the new size. */
static void do_realloc(struct slot *s)
{
	size_t bytes = random_size();
	unsigned char *p = T(realloc)(s->p, bytes);
	if (p == NULL)
		FAIL("realloc to %zu failed", bytes);
	size_t keep = bytes < s->len ? bytes : s->len;
	s->p = p;
	check_slot(s, keep, "realloc");
	size_t usable = T(malloc_usable_size)(p);
	if (usable < bytes)
		FAIL("realloc: usable %zu < %zu", usable, bytes);
	pattern_fill(p, s->tag, keep, usable);
	s->len = usable;
}

/* One of the aligned allocators with a random power-of-two alignment. */
static void aligned(struct slot *s)
{
	size_t align = (size_t)1 << (rng_next(&rng) % 17), bytes = random_size() % 8192 + 1;
	void *p = NULL;
	switch (rng_next(&rng) % 3) {
	case 0:
		p = T(memalign)(align, bytes);
		break;
	case 1:
		if (align < sizeof(void *))
			align = sizeof(void *);
		if (T(posix_memalign)(&p, align, bytes) != 0)
			p = NULL;
		break;
	default:
		p = T(aligned_alloc)(align, bytes);
	}
	adopt(s, p, bytes, align, 0);
}

#ifdef TEST_PREFIXED
const char *heap_check(void);     /* heapcheck.c: the arena's invariants */
#endif

static void sweep(void)
{
#ifdef TEST_PREFIXED
	const char *broken = heap_check();
	if (broken)
		FAIL("heap check: %s", broken);
#endif
	for (int i = 0; i < NSLOTS; i++)
		if (slots[i].p)
			check_slot(&slots[i], slots[i].len, "sweep");
	struct mallinfo2 mi = T(mallinfo2)();
	if (mi.uordblks + mi.fordblks != mi.arena)
		FAIL("mallinfo2: uordblks %zu + fordblks %zu != arena %zu",
		     mi.uordblks, mi.fordblks, mi.arena);
}

/* One random operation on a random slot. */
static void step(void)
{
	struct slot *s = &slots[rng_next(&rng) % NSLOTS];
	unsigned pick = (unsigned)(rng_next(&rng) % 100);
	size_t bytes;

	if (s->p == NULL) {
		if (pick < 70) {
			bytes = random_size();
			adopt(s, T(malloc)(bytes), bytes, 16, 0);
		} else if (pick < 85) {
			bytes = random_size();
			size_t n = 1 + rng_next(&rng) % 8;
			adopt(s, T(calloc)(n, bytes / n + 1), n * (bytes / n + 1), 16, 1);
		} else if (pick < 95) {
			aligned(s);
		} else {
			bytes = random_size();
			adopt(s, T(realloc)(NULL, bytes), bytes, 16, 0);
		}
	} else if (pick < 60) {
		release(s);
	} else if (pick < 99) {
		do_realloc(s);
	} else {
		check_slot(s, s->len, "realloc 0");
		if (T(realloc)(s->p, 0) != NULL)
			FAIL("realloc(p, 0) did not return NULL");
		s->p = NULL;
	}
}

int main(int argc, char **argv)
{
	uint64_t ops = argc > 1 ? strtoull(argv[1], NULL, 0) : 2000000;
	seed = argc > 2 ? strtoull(argv[2], NULL, 0) : (uint64_t)time(NULL);
	rng = seed * 2654435761ULL + 1;

	for (op = 0; op < ops; op++) {
		step();
		if (op % SWEEP == SWEEP - 1) {
			sweep();
			if (op % (4 * SWEEP) == 4 * SWEEP - 1)
				T(malloc_trim)(0);
		}
	}
	sweep();
	for (int i = 0; i < NSLOTS; i++)
		if (slots[i].p)
			release(&slots[i]);
	printf("stress: %llu operations, seed %llu\n", (unsigned long long)ops,
	       (unsigned long long)seed);
	return 0;
}
