/*
 * tests/host/malloc/stress_model.h - the randomized malloc stress with a
 * shadow, shared by tests/host/malloc/stress.c (on the host, under ASan or
 * preloaded) and tests/user/malloc_stress.c (in Pagoda and on Linux,
 * scaled for QEMU).
 *
 * Keeps up to NSLOTS live blocks from malloc, calloc, realloc, memalign,
 * posix_memalign and aligned_alloc.  Each block has a tag; its shadow is the
 * tag's pattern over all malloc_usable_size() bytes, so every byte is
 * checked when the block is freed or realloc'ed, and in a sweep over all
 * live blocks every SWEEP operations and at the end (which also checks that
 * mallinfo2 adds up and, in the prefixed build, the arena's invariants).
 * Two blocks sharing memory, a lost realloc copy, or a usable size that is
 * not really usable all show up as a pattern mismatch.
 *
 * The includer defines NSLOTS, SWEEP and FAIL(fmt, ...) (report, with seed
 * and op, and exit 1) before including this file, and the size
 * distribution, static size_t random_size(void), after it.
 */
#ifndef STRESS_MODEL_H
#define STRESS_MODEL_H

#include "talloc.h"
#include <errno.h>
#include <string.h>

struct slot {
	unsigned char *p;
	size_t len;		/* usable bytes carrying the pattern */
	uint64_t tag;
};

static struct slot slots[NSLOTS];
static uint64_t seed, rng, op;
static unsigned long nmalloc, ncalloc, naligned, nrealloc, nfree, nmapped;

static size_t random_size(void);

/* Start (or restart) the random sequence from seed s. */
static void stress_start(uint64_t s)
{
	seed = s;
	rng = seed * 2654435761ULL + 1;
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
	if (bytes >= 128 * 1024)
		nmapped++;
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
	nfree++;
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
	nrealloc++;
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
	naligned++;
}

#ifdef TEST_PREFIXED
const char *heap_check(void);	/* heapcheck.c: the arena's invariants */
#endif

/* Every byte of every live block, and mallinfo2 adds up. */
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

/* A free slot gets a block from one of the allocators. */
static void fill_slot(struct slot *s, unsigned pick)
{
	size_t bytes;

	if (pick < 70) {
		bytes = random_size();
		adopt(s, T(malloc)(bytes), bytes, 16, 0);
		nmalloc++;
	} else if (pick < 85) {
		bytes = random_size();
		size_t n = 1 + rng_next(&rng) % 8;
		adopt(s, T(calloc)(n, bytes / n + 1), n * (bytes / n + 1), 16, 1);
		ncalloc++;
	} else if (pick < 95) {
		aligned(s);
	} else {
		bytes = random_size();
		adopt(s, T(realloc)(NULL, bytes), bytes, 16, 0);
		nmalloc++;
	}
}

/* One random operation on a random slot. */
static void step(void)
{
	struct slot *s = &slots[rng_next(&rng) % NSLOTS];
	unsigned pick = (unsigned)(rng_next(&rng) % 100);

	if (s->p == NULL) {
		fill_slot(s, pick);
	} else if (pick < 60) {
		release(s);
	} else if (pick < 99) {
		do_realloc(s);
	} else {
		check_slot(s, s->len, "realloc 0");
		if (T(realloc)(s->p, 0) != NULL)
			FAIL("realloc(p, 0) did not return NULL");
		s->p = NULL;
		nfree++;
	}
}

/* ops more operations, a sweep every SWEEP (and a trim every 4), a last sweep. */
static void run(uint64_t ops)
{
	for (uint64_t end = op + ops; op < end; op++) {
		step();
		if (op % SWEEP == SWEEP - 1) {
			sweep();
			if (op % (4 * SWEEP) == 4 * SWEEP - 1)
				T(malloc_trim)(0);
		}
	}
	sweep();
}

/* Free every live block, checking it. */
static void release_all(void)
{
	for (int i = 0; i < NSLOTS; i++)
		if (slots[i].p)
			release(&slots[i]);
}

#endif
