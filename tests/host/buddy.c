/*
 * tests/host/buddy.c - host unit test of mm/buddy.c.
 *
 * Runs the allocator over a calloc'ed array of struct page and checks it
 * against a shadow model: a bitmap of the frames handed out.  After each
 * step the free lists are walked: every free block is aligned to its order,
 * inside the managed range, disjoint from other free blocks and from
 * allocated frames, and the counters (nfree[], free_pages) add up.
 *
 * Usage: buddy [seed]     (exit status 0 = pass)
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../mm/buddy.c"

/* ---- what buddy.c needs from the kernel -------------------------------- */

static jmp_buf panic_jmp;
static bool panic_expected;
static char panic_msg[256];

__noreturn void panic(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(panic_msg, sizeof(panic_msg), fmt, ap);
	va_end(ap);
	if (panic_expected) {
		panic_expected = false;
		longjmp(panic_jmp, 1);
	}
	fflush(stdout);
	fprintf(stderr, "unexpected panic: %s\n", panic_msg);
	abort();
}

int printk(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vprintf(fmt, ap);
	va_end(ap);
	return n;
}

/* ---- test scaffolding --------------------------------------------------- */

static unsigned long seed;
static const char *current_test;

/* On failure: say what, where and with which seed, then leave at once
 * (_exit: the leak checker has nothing useful to add then). */
#define CHECK(cond, ...) do {						\
	if (!(cond)) {							\
		fflush(stdout);						\
		fprintf(stderr, "FAIL %s (seed %lu) %s:%d: %s: ",	\
			current_test, seed, __FILE__, __LINE__, #cond);	\
		fprintf(stderr, __VA_ARGS__);				\
		fprintf(stderr, "\n");					\
		_exit(1);						\
	}								\
} while (0)

/* xorshift64*: reproducible from the seed on every libc. */
static uint64_t rng_state;
static uint64_t rnd(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545f4914f6cdd1dull;
}
static uint64_t rnd_below(uint64_t n)
{
	return rnd() % n;
}

/* One allocator under test plus its shadow. */
struct world {
	struct buddy b;
	struct page *map;
	uint64_t npages;
	uint8_t *managed;		/* frame was given to buddy_free_range */
	uint8_t *allocated;		/* frame is inside a live allocation */
	uint64_t nmanaged, nallocated;
};

static void world_init(struct world *w, uint64_t npages)
{
	w->npages = npages;
	w->map = calloc(npages ? npages : 1, sizeof(struct page));
	w->managed = calloc(npages + 1, 1);
	w->allocated = calloc(npages + 1, 1);
	w->nmanaged = w->nallocated = 0;
	buddy_init(&w->b, w->map, npages);
}

static void world_free(struct world *w)
{
	free(w->map);
	free(w->managed);
	free(w->allocated);
}

static void world_add_range(struct world *w, uint64_t pfn, uint64_t count)
{
	for (uint64_t i = pfn; i < pfn + count; i++) {
		CHECK(!w->managed[i], "range overlaps at %lu", i);
		w->managed[i] = 1;
	}
	w->nmanaged += count;
	buddy_free_range(&w->b, pfn, count);
}

/* Walk the free lists and check them against the shadow. */
static void check_world(struct world *w)
{
	uint8_t *seen = calloc(w->npages + 1, 1);
	uint64_t total = 0;

	for (unsigned o = 0; o <= MAX_ORDER; o++) {
		uint64_t n = 0;
		struct list_head *pos;

		list_for_each(pos, &w->b.free[o]) {
			struct page *p = list_entry(pos, struct page, list);
			uint64_t pfn = (uint64_t)(p - w->map), size = 1ull << o;

			CHECK(++n <= w->npages, "free list %u loops", o);
			CHECK(pfn < w->npages && pfn + size <= w->npages,
			      "free block %lu order %u outside the map", pfn, o);
			CHECK((pfn & (size - 1)) == 0,
			      "free block %lu not aligned to order %u", pfn, o);
			CHECK((p->flags & PG_buddy) && p->order == o,
			      "free block %lu: flags %x order %u on list %u",
			      pfn, p->flags, p->order, o);
			for (uint64_t i = pfn; i < pfn + size; i++) {
				CHECK(w->managed[i], "frame %lu free but never given", i);
				CHECK(!w->allocated[i], "frame %lu free and allocated", i);
				CHECK(!seen[i], "frame %lu in two free blocks", i);
				seen[i] = 1;
			}
		}
		CHECK(n == w->b.nfree[o], "order %u: %lu on list, nfree %lu",
		      o, n, w->b.nfree[o]);
		CHECK(!n || (w->b.nonempty & (1u << o)),
		      "order %u: %lu on list, nonempty bit clear", o, n);
		total += n << o;
	}
	CHECK(total == w->b.free_pages, "lists hold %lu, free_pages %lu",
	      total, w->b.free_pages);
	CHECK(w->b.free_pages == w->nmanaged - w->nallocated,
	      "free_pages %lu, expected %lu", w->b.free_pages,
	      w->nmanaged - w->nallocated);
	for (uint64_t i = 0; i < w->npages; i++)
		CHECK(!w->managed[i] || w->allocated[i] || seen[i],
		      "frame %lu lost (neither free nor allocated)", i);
	free(seen);
}

/* Allocate through the shadow; returns the pfn or -1 for NULL. */
static int64_t world_alloc(struct world *w, unsigned order)
{
	struct page *p = buddy_alloc(&w->b, order);
	uint64_t pfn, size = 1ull << order;

	if (!p)
		return -1;
	pfn = (uint64_t)(p - w->map);
	CHECK(pfn < w->npages && pfn + size <= w->npages,
	      "block %lu order %u outside the map", pfn, order);
	CHECK((pfn & (size - 1)) == 0, "block %lu not aligned to order %u",
	      pfn, order);
	CHECK(!(p->flags & PG_buddy), "allocated block %lu still PG_buddy", pfn);
	for (uint64_t i = pfn; i < pfn + size; i++) {
		CHECK(w->managed[i], "frame %lu handed out but never given", i);
		CHECK(!w->allocated[i], "frame %lu handed out twice", i);
		w->allocated[i] = 1;
	}
	w->nallocated += size;
	return (int64_t)pfn;
}

static void world_release(struct world *w, uint64_t pfn, unsigned order)
{
	for (uint64_t i = pfn; i < pfn + (1ull << order); i++) {
		CHECK(w->allocated[i], "test bug: freeing free frame %lu", i);
		w->allocated[i] = 0;
	}
	w->nallocated -= 1ull << order;
	buddy_free(&w->b, &w->map[pfn], order);
}

/* Expected nfree[] for the range [0, n): its binary decomposition. */
static void check_decomposition(struct world *w, uint64_t n)
{
	for (unsigned o = 0; o < MAX_ORDER; o++)
		CHECK(w->b.nfree[o] == ((n >> o) & 1), "n=%lu order %u: nfree %lu",
		      n, o, w->b.nfree[o]);
	CHECK(w->b.nfree[MAX_ORDER] == n >> MAX_ORDER, "n=%lu top order: nfree %lu",
	      n, w->b.nfree[MAX_ORDER]);
}

/* ---- the tests ---------------------------------------------------------- */

/* An order-0 allocation from a fresh 2^k block splits it into one block of
 * each lower order; freeing it merges everything back. */
static void test_split_merge(void)
{
	for (unsigned k = 0; k <= MAX_ORDER; k++) {
		struct world w;

		world_init(&w, 1ull << k);
		world_add_range(&w, 0, 1ull << k);
		check_decomposition(&w, 1ull << k);
		int64_t pfn = world_alloc(&w, 0);
		CHECK(pfn >= 0, "k=%u: no frame", k);
		for (unsigned o = 0; o <= MAX_ORDER; o++)
			CHECK(w.b.nfree[o] == (o < k), "k=%u after split: nfree[%u]=%lu",
			      k, o, w.b.nfree[o]);
		check_world(&w);
		world_release(&w, (uint64_t)pfn, 0);
		check_decomposition(&w, 1ull << k);
		check_world(&w);
		world_free(&w);
	}
	/* Several max-order blocks: split one to the bottom and merge it. */
	struct world w;
	world_init(&w, 4ull << MAX_ORDER);
	world_add_range(&w, 0, 4ull << MAX_ORDER);
	int64_t a = world_alloc(&w, 3), b = world_alloc(&w, 0);
	CHECK(a >= 0 && b >= 0, "allocations failed");
	CHECK(w.b.nfree[MAX_ORDER] == 3, "nfree[max]=%lu", w.b.nfree[MAX_ORDER]);
	world_release(&w, (uint64_t)a, 3);
	world_release(&w, (uint64_t)b, 0);
	check_decomposition(&w, 4ull << MAX_ORDER);
	check_world(&w);
	world_free(&w);
}

/* Allocate until NULL: exactly the managed frames, each once; then give
 * them all back in random order and get the original lists back. */
static void exhaust(uint64_t npages, uint64_t first, uint64_t count, bool mixed)
{
	struct world w;
	uint64_t nfree0[MAX_ORDER + 1], nlive = 0;
	struct { uint64_t pfn; unsigned order; } *live;

	world_init(&w, npages);
	world_add_range(&w, first, count);
	memcpy(nfree0, w.b.nfree, sizeof(nfree0));
	live = malloc((count + 1) * sizeof(*live));
	for (;;) {
		unsigned order = mixed ? (unsigned)rnd_below(4) : 0;
		int64_t pfn = world_alloc(&w, order);
		if (pfn < 0) {
			if (order == 0)
				break;
			for (unsigned o = order; o <= MAX_ORDER; o++)
				CHECK(w.b.nfree[o] == 0, "NULL with a free order-%u block", o);
			continue;
		}
		live[nlive].pfn = (uint64_t)pfn;
		live[nlive++].order = order;
	}
	CHECK(w.nallocated == count, "handed out %lu of %lu frames",
	      w.nallocated, count);
	CHECK(w.b.free_pages == 0, "free_pages %lu when exhausted", w.b.free_pages);
	CHECK(buddy_alloc(&w.b, 0) == NULL, "allocation after exhaustion");
	check_world(&w);
	for (uint64_t i = nlive; i > 1; i--) {		/* shuffle */
		uint64_t j = rnd_below(i), t = live[i - 1].pfn;
		unsigned to = live[i - 1].order;
		live[i - 1] = live[j];
		live[j].pfn = t;
		live[j].order = to;
	}
	for (uint64_t i = 0; i < nlive; i++)
		world_release(&w, live[i].pfn, live[i].order);
	CHECK(w.b.free_pages == count, "free_pages %lu after returning all, not %lu",
	      w.b.free_pages, count);
	CHECK(!memcmp(nfree0, w.b.nfree, sizeof(nfree0)),
	      "per-order counts differ after returning every frame");
	check_world(&w);
	free(live);
	world_free(&w);
}

static void test_exhaustion(void)
{
	static const uint64_t sizes[] = { 1, 2, 3, 5, 1000, 1024, 1025, 3000, 4099 };

	for (size_t i = 0; i < ARRAY_SIZE(sizes); i++) {
		exhaust(sizes[i], 0, sizes[i], false);
		exhaust(sizes[i], 0, sizes[i], true);
	}
}

/* Non-power-of-two sizes decompose into one block per set bit. */
static void test_non_power_of_two(void)
{
	static const uint64_t sizes[] = { 3, 7, 1000, 1023, 1025, 3000, 5000 };

	for (size_t i = 0; i < ARRAY_SIZE(sizes); i++) {
		struct world w;

		world_init(&w, sizes[i]);
		world_add_range(&w, 0, sizes[i]);
		check_decomposition(&w, sizes[i]);
		check_world(&w);
		world_free(&w);
	}
}

/* Unaligned ranges: blocks stay inside them, frames outside never leak. */
static void test_unaligned_ranges(void)
{
	struct world w;

	world_init(&w, 1001);
	world_add_range(&w, 3, 998);			/* pfn 3 .. 1000 */
	check_world(&w);
	world_free(&w);
	exhaust(1001, 3, 998, false);
	exhaust(1001, 3, 998, true);
	exhaust(5000, 1023, 2050, true);
	exhaust(3000, 1, 1, false);

	/* Several ranges with holes, in random order. */
	for (int round = 0; round < 50; round++) {
		uint64_t n = 1 + rnd_below(6000), pfn = 0;

		world_init(&w, n);
		while (pfn < n) {
			uint64_t hole = rnd_below(40), len = 1 + rnd_below(1500);
			pfn += hole;
			if (pfn >= n)
				break;
			len = MIN(len, n - pfn);
			world_add_range(&w, pfn, len);
			pfn += len;
		}
		check_world(&w);
		while (world_alloc(&w, (unsigned)rnd_below(MAX_ORDER + 1)) >= 0)
			;
		while (world_alloc(&w, 0) >= 0)
			;
		CHECK(w.nallocated == w.nmanaged, "exhausted at %lu of %lu",
		      w.nallocated, w.nmanaged);
		check_world(&w);
		world_free(&w);
	}
}

/* Random allocations and frees against the shadow. */
static void test_random(void)
{
	enum { OPS = 200000, MAXLIVE = 4096 };
	struct world w;
	struct { uint64_t pfn; unsigned order; } live[MAXLIVE];
	uint64_t nlive = 0, nfree0[MAX_ORDER + 1], n = 9000;

	world_init(&w, n);
	world_add_range(&w, 5, n - 5);
	memcpy(nfree0, w.b.nfree, sizeof(nfree0));
	for (int op = 0; op < OPS; op++) {
		bool do_alloc = nlive == 0 ||
			(nlive < MAXLIVE && rnd_below(100) < 52);
		if (do_alloc) {
			/* mostly small blocks, sometimes big ones */
			unsigned order = rnd_below(8) ? (unsigned)rnd_below(3) :
				(unsigned)rnd_below(MAX_ORDER + 2);
			int64_t pfn = world_alloc(&w, order);
			if (pfn < 0) {
				for (unsigned o = order; o <= MAX_ORDER; o++)
					CHECK(w.b.nfree[o] == 0, "op %d: NULL for order %u "
					      "with a free order-%u block", op, order, o);
			} else {
				live[nlive].pfn = (uint64_t)pfn;
				live[nlive++].order = order;
			}
		} else {
			uint64_t i = rnd_below(nlive);
			world_release(&w, live[i].pfn, live[i].order);
			live[i] = live[--nlive];
		}
		CHECK(w.b.free_pages == w.nmanaged - w.nallocated,
		      "op %d: free_pages %lu, expected %lu", op, w.b.free_pages,
		      w.nmanaged - w.nallocated);
		if (op % 512 == 0)
			check_world(&w);
	}
	check_world(&w);
	while (nlive) {
		nlive--;
		world_release(&w, live[nlive].pfn, live[nlive].order);
	}
	CHECK(!memcmp(nfree0, w.b.nfree, sizeof(nfree0)),
	      "per-order counts differ after freeing everything");
	check_world(&w);
	world_free(&w);
}

/* Expect buddy_free(pfn, order) to panic. */
static void expect_free_panics(struct world *w, uint64_t pfn, unsigned order,
			       const char *what)
{
	panic_expected = true;
	if (setjmp(panic_jmp) == 0) {
		buddy_free(&w->b, &w->map[pfn], order);
		panic_expected = false;
		CHECK(0, "%s (pfn %lu order %u) did not panic", what, pfn, order);
	}
	CHECK(!panic_expected, "panic flag still set");
}

/* Freeing a block twice, a frame inside a free block, a misaligned or an
 * out-of-range block are kernel bugs: buddy_free() must panic, not corrupt
 * its lists. */
static void test_bad_free(void)
{
	struct world w;

	world_init(&w, 1024);
	world_add_range(&w, 0, 1024);
	int64_t a = world_alloc(&w, 0), b = world_alloc(&w, 0);
	int64_t c = world_alloc(&w, 2);
	CHECK(a == 0 && b == 1 && c == 4, "unexpected first blocks %ld %ld %ld",
	      a, b, c);

	/* b is freed and stays a free block of its own (a is still live) */
	world_release(&w, 1, 0);
	expect_free_panics(&w, 1, 0, "double free");
	/* a is freed and merges with b: b is no longer the head of a free
	 * block, but freeing it again is still a double free */
	world_release(&w, 0, 0);
	expect_free_panics(&w, 1, 0, "double free of a block merged into its buddy");
	/* a frame inside a free block that was never allocated on its own */
	expect_free_panics(&w, 512 + 3, 0, "free of a frame inside a free block");
	/* misaligned and out-of-range blocks */
	expect_free_panics(&w, 5, 1, "misaligned free");
	expect_free_panics(&w, 1024, 0, "free beyond the map");
	world_release(&w, 4, 2);
	check_decomposition(&w, 1024);
	check_world(&w);
	world_free(&w);
}

int main(int argc, char **argv)
{
	seed = argc > 1 ? strtoul(argv[1], NULL, 0) : 20240601;
	rng_state = seed * 2654435761u + 1;

	current_test = "split_merge";
	test_split_merge();
	current_test = "exhaustion";
	test_exhaustion();
	current_test = "non_power_of_two";
	test_non_power_of_two();
	current_test = "unaligned_ranges";
	test_unaligned_ranges();
	current_test = "random";
	test_random();
	current_test = "bad_free";
	test_bad_free();
	printf("buddy: all tests passed (seed %lu)\n", seed);
	return 0;
}
