/*
 * tests/host/vma_tree.c - host unit test of mm/rbtree.c and mm/vma_tree.c.
 *
 * A random sequence of vma_link / vma_unlink / in-place resizes (with
 * vma_gap_update_bounds, as split, merge, brk and stack growth do) runs
 * against a shadow model: a sorted array of the VMAs.  After every step the
 * set must pass vma_tree_validate() and match the model, and find_vma,
 * find_vma_prev, find_vma_intersection, unmapped_area_topdown and
 * unmapped_area must agree with a brute-force scan of the model for random
 * arguments.  A second part builds 10,000 VMAs and counts the nodes that
 * lookups and searches visit (vma_tree_steps): they must be O(log n).
 *
 * Usage: vma_tree [seed]     (exit status 0 = pass)
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../mm/rbtree.c"
#include "../../mm/vma_tree.c"

/* ---- what the sources need from the kernel ----------------------------- */

static jmp_buf panic_jmp;
static bool panic_expected, printk_quiet;
static unsigned long seed;
static const char *current_test;

__noreturn void panic(const char *fmt, ...)
{
	va_list ap;

	if (panic_expected) {
		panic_expected = false;
		longjmp(panic_jmp, 1);
	}
	fflush(stdout);
	fprintf(stderr, "FAIL %s (seed %lu): unexpected panic: ", current_test, seed);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n");
	abort();
}

int printk(const char *fmt, ...)
{
	va_list ap;
	int n;

	if (printk_quiet)
		return 0;
	va_start(ap, fmt);
	n = vprintf(fmt, ap);
	va_end(ap);
	return n;
}

/* ---- scaffolding -------------------------------------------------------- */

static long step_no;

#define CHECK(cond, ...) do {						\
	if (!(cond)) {							\
		fflush(stdout);						\
		fprintf(stderr, "FAIL %s (seed %lu, step %ld) %s:%d: %s: ",\
			current_test, seed, step_no, __FILE__, __LINE__, #cond);\
		fprintf(stderr, __VA_ARGS__);				\
		fprintf(stderr, "\n");					\
		_exit(1);						\
	}								\
} while (0)

static uint64_t rng_state;
static uint64_t rnd(void)		/* xorshift64* */
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545f4914f6cdd1dull;
}
static uint64_t rnd_below(uint64_t n)
{
	return n ? rnd() % n : 0;
}

#define PG(n)	((uint64_t)(n) * PAGE_SIZE)
#define MAXV	16384

/* The model: the VMAs sorted by address, and the mm they live in. */
static struct mm_struct mm;
static struct vm_area_struct *model[MAXV];
static int nmodel;
static uint64_t universe;		/* VMAs lie in [0, universe) */

static struct vm_area_struct *new_vma(uint64_t start, uint64_t end)
{
	struct vm_area_struct *v = calloc(1, sizeof(*v));

	v->vm_start = start;
	v->vm_end = end;
	/* junk in the fields vma_link must set */
	v->vm_next = v->vm_prev = (void *)0x5a5a5a5a5a5a5a5aull;
	v->rb_subtree_gap = rnd();
	memset(&v->vm_rb, 0xa5, sizeof(v->vm_rb));
	return v;
}

/* Index of the first model VMA with vm_end > addr (nmodel if none). */
static int model_find(uint64_t addr)
{
	int lo = 0, hi = nmodel;

	while (lo < hi) {
		int mid = (lo + hi) / 2;
		if (model[mid]->vm_end > addr)
			hi = mid;
		else
			lo = mid + 1;
	}
	return lo;
}

static void model_link(struct vm_area_struct *v)
{
	int i = model_find(v->vm_start);

	CHECK(nmodel < MAXV, "model full");
	/* sometimes the stale rb_subtree_gap equals the new one: rb_insert
	 * must not take that as "nothing changed above" */
	if (rnd_below(4) == 0)
		v->rb_subtree_gap = v->vm_start - (i ? model[i - 1]->vm_end : 0);
	memmove(&model[i + 1], &model[i], (nmodel - i) * sizeof(model[0]));
	model[i] = v;
	nmodel++;
	vma_link(&mm, v);
}

static void unlink_at(int i)
{
	struct vm_area_struct *v = model[i];

	vma_unlink(&mm, v);
	memmove(&model[i], &model[i + 1], (nmodel - i - 1) * sizeof(model[0]));
	nmodel--;
	free(v);
}

/* Page bounds of the free space around model[i]. */
static uint64_t free_below(int i)
{
	return i > 0 ? model[i - 1]->vm_end : 0;
}
static uint64_t free_above(int i)
{
	return i + 1 < nmodel ? model[i + 1]->vm_start : universe;
}

/* ---- brute-force oracles ------------------------------------------------ */

/* The same argument rules as vma_tree.c: round len up, low up, high down,
 * nothing at or above 2^63. */
static bool oracle_limits(uint64_t *len, uint64_t *low, uint64_t *high)
{
	if (*len > UINT64_MAX - PAGE_SIZE + 1 || *low >= 1ull << 63)
		return false;
	*len = PAGE_ALIGN(*len);
	*low = PAGE_ALIGN(*low);
	*high = MIN(*high, 1ull << 63) & PAGE_MASK;
	return *len && *low < *high && *len <= *high - *low;
}

/* Try every gap, including the ones below the first and above the last. */
static int64_t oracle_area(uint64_t len, uint64_t low, uint64_t high, bool topdown)
{
	int64_t best = -ENOMEM;

	if (!oracle_limits(&len, &low, &high))
		return -ENOMEM;
	for (int i = 0; i <= nmodel; i++) {
		uint64_t s = i ? model[i - 1]->vm_end : 0;
		uint64_t e = i < nmodel ? model[i]->vm_start : UINT64_MAX;
		s = MAX(s, low);
		e = MIN(e, high);
		if (e <= s || e - s < len)
			continue;
		int64_t a = topdown ? (int64_t)(e - len) : (int64_t)s;
		if (best < 0 || (topdown ? a > best : a < best))
			best = a;
	}
	return best;
}

/* ---- checks after every step ------------------------------------------- */

static void check_structure(void)
{
	struct vm_area_struct *v = mm.mmap;

	CHECK(vma_tree_validate(&mm) == 0, "vma_tree_validate failed");
	CHECK(mm.map_count == nmodel, "map_count %d, model %d", mm.map_count, nmodel);
	for (int i = 0; i < nmodel; i++, v = v->vm_next)
		CHECK(v == model[i], "list entry %d is not the model's", i);
	CHECK(v == NULL, "list longer than the model");
	CHECK(mm.highest_vm_end == (nmodel ? model[nmodel - 1]->vm_end : 0),
	      "highest_vm_end %lx", mm.highest_vm_end);
}

/* A random address, often on or next to a VMA boundary. */
static uint64_t rnd_addr(void)
{
	if (nmodel && rnd_below(3)) {
		struct vm_area_struct *v = model[rnd_below(nmodel)];
		uint64_t a = rnd_below(2) ? v->vm_start : v->vm_end;
		static const int64_t d[] = { 0, -1, 1, -(int64_t)PAGE_SIZE, PAGE_SIZE };
		return a + (uint64_t)d[rnd_below(5)];
	}
	return rnd_below(universe + PG(64));
}

static void check_lookups(void)
{
	for (int k = 0; k < 8; k++) {
		uint64_t addr = rnd_addr();
		int i = model_find(addr);
		struct vm_area_struct *want = i < nmodel ? model[i] : NULL;
		struct vm_area_struct *wprev = i > 0 ? model[i - 1] : NULL;
		struct vm_area_struct *prev = (void *)1;

		CHECK(find_vma(&mm, addr) == want, "find_vma(%lx)", addr);
		CHECK(find_vma_prev(&mm, addr, &prev) == want && prev == wprev,
		      "find_vma_prev(%lx)", addr);

		uint64_t end = rnd_below(4) ? addr + rnd_below(PG(16)) : rnd_addr();
		struct vm_area_struct *wi = want && want->vm_start < end ? want : NULL;
		CHECK(find_vma_intersection(&mm, addr, end) == wi,
		      "find_vma_intersection(%lx, %lx)", addr, end);
	}
}

static uint64_t rnd_len(void)
{
	switch (rnd_below(8)) {
	case 0:
		return rnd_below(3) * PAGE_SIZE;	/* includes 0 */
	case 1:
		return rnd_below(PG(8)) + 1;		/* unaligned */
	case 2:
		return PG(1 + rnd_below(universe / PAGE_SIZE));
	default:
		return PG(1 + rnd_below(12));
	}
}

static void check_searches(void)
{
	for (int k = 0; k < 6; k++) {
		uint64_t len = rnd_len(), low = rnd_addr(), high = rnd_addr();

		if (rnd_below(4) == 0) {
			low = 0;
			high = universe + PG(rnd_below(64));
		} else if (low > high) {
			uint64_t t = low;
			low = high;
			high = t;
		}
		int64_t got = unmapped_area_topdown(&mm, len, low, high);
		int64_t want = oracle_area(len, low, high, true);
		CHECK(got == want, "unmapped_area_topdown(%lx, %lx, %lx) = %lx, "
		      "want %lx", len, low, high, got, want);
		got = unmapped_area(&mm, len, low, high);
		want = oracle_area(len, low, high, false);
		CHECK(got == want, "unmapped_area(%lx, %lx, %lx) = %lx, want %lx",
		      len, low, high, got, want);
	}
}

/* ---- random operations -------------------------------------------------- */

static void op_insert(void)
{
	uint64_t start, len = PG(1 + (rnd_below(6) ? rnd_below(8) : rnd_below(64)));

	if (nmodel && rnd_below(3) == 0) {	/* right after or before a VMA */
		struct vm_area_struct *v = model[rnd_below(nmodel)];
		start = rnd_below(2) ? v->vm_end :
			(v->vm_start >= len ? v->vm_start - len : 0);
	} else {
		start = PG(rnd_below(universe / PAGE_SIZE));
	}
	int i = model_find(start);
	if (start >= universe || (i < nmodel && model[i]->vm_start <= start))
		return;				/* start is mapped or too high */
	if (i < nmodel)
		len = MIN(len, model[i]->vm_start - start);
	model_link(new_vma(start, MIN(start + len, universe + PG(64))));
}

/* Move vm_start and/or vm_end within the free space around the VMA. */
static void op_resize(void)
{
	int i = (int)rnd_below(nmodel);
	struct vm_area_struct *v = model[i];
	uint64_t lo = free_below(i), hi = free_above(i);
	uint64_t start = v->vm_start, end = v->vm_end;

	if (rnd_below(3))
		start = lo + PG(rnd_below((end - lo) / PAGE_SIZE));
	if (rnd_below(3))
		end = start + PG(1 + rnd_below((MAX(hi, end) - start) / PAGE_SIZE));
	v->vm_start = start;
	v->vm_end = end;
	vma_gap_update_bounds(&mm, v);
}

/* split_vma: shrink a VMA in place, then link the cut-off part. */
static void op_split(void)
{
	int i = (int)rnd_below(nmodel);
	struct vm_area_struct *v = model[i];
	uint64_t pages = (v->vm_end - v->vm_start) / PAGE_SIZE;

	if (pages < 2)
		return;
	uint64_t mid = v->vm_start + PG(1 + rnd_below(pages - 1));
	struct vm_area_struct *n;
	if (rnd_below(2)) {
		n = new_vma(mid, v->vm_end);
		v->vm_end = mid;
	} else {
		n = new_vma(v->vm_start, mid);
		v->vm_start = mid;
	}
	vma_gap_update_bounds(&mm, v);
	model_link(n);
}

/* vma_merge: unlink a VMA and let a neighbour grow over its range. */
static void op_merge(void)
{
	int i = (int)rnd_below(nmodel);

	if (i + 1 < nmodel && rnd_below(2)) {
		struct vm_area_struct *v = model[i];
		uint64_t end = model[i + 1]->vm_end;
		unlink_at(i + 1);
		v->vm_end = end;
		vma_gap_update_bounds(&mm, v);
	} else if (i > 0) {
		struct vm_area_struct *v = model[i];
		uint64_t start = model[i - 1]->vm_start;
		unlink_at(i - 1);
		v->vm_start = start;
		vma_gap_update_bounds(&mm, v);
	}
}

static void random_run(uint64_t universe_pages, int steps, int target)
{
	universe = PG(universe_pages);
	mm_vma_init(&mm);
	nmodel = 0;
	check_structure();
	for (step_no = 0; step_no < steps; step_no++) {
		unsigned r = (unsigned)rnd_below(100);
		/* keep the population near target */
		int bias = nmodel < target ? 10 : -10;

		if (nmodel == 0 || (int)r < 35 + bias)
			op_insert();
		else if ((int)r < 60 + bias)
			unlink_at((int)rnd_below(nmodel));
		else if (r < 80)
			op_resize();
		else if (r < 90)
			op_split();
		else
			op_merge();
		check_structure();
		check_lookups();
		check_searches();
	}
	while (nmodel)
		unlink_at((int)rnd_below(nmodel));
	check_structure();
}

/* ---- O(log n) --------------------------------------------------------------- */

/* Bits in n: floor(log2 n) + 1, i.e. log2 rounded up, near enough. */
static int lg2(uint64_t n)
{
	int b = 0;

	for (; n; n >>= 1)
		b++;
	return b;
}

static int height(struct rb_node *n)
{
	return n ? 1 + MAX(height(n->rb_left), height(n->rb_right)) : 0;
}

/* Build n VMAs in random order: gaps of 1..maxgap pages, plus one big gap
 * at the bottom that only a large request fits into. */
static void build_big(int n, uint64_t maxgap, bool shuffled)
{
	static struct vm_area_struct *all[MAXV];
	uint64_t a = PG(100000);

	mm_vma_init(&mm);
	nmodel = 0;
	for (int i = 0; i < n; i++) {
		a += PG(1 + rnd_below(maxgap));
		all[i] = new_vma(a, a + PG(1 + rnd_below(4)));
		a = all[i]->vm_end;
	}
	universe = a + PG(16);
	for (int i = n - 1; shuffled && i > 0; i--) {
		int j = (int)rnd_below((uint64_t)i + 1);
		struct vm_area_struct *t = all[i];
		all[i] = all[j];
		all[j] = t;
	}
	for (int i = 0; i < n; i++)	/* descending: the mmap pattern */
		vma_link(&mm, all[shuffled ? i : n - 1 - i]);
	for (struct vm_area_struct *v = mm.mmap; v; v = v->vm_next)
		model[nmodel++] = v;
}

static void free_big(void)
{
	while (mm.mmap)
		unlink_at(0);
}

/* Visits of lookups and gap searches over random queries.  A red-black tree
 * of n nodes has height h <= 2 log2(n + 1); find_vma walks one path (<= h)
 * and a gap search at most a few (down, up, down again: <= 4h). */
static void check_steps(int n, const char *what)
{
	int h = height(mm.mm_rb.rb_node);
	int lg = lg2((uint64_t)n);
	uint64_t worst_find = 0, worst_area = 0;

	CHECK(h <= 2 * lg, "%s: tree height %d for %d nodes", what, h, n);
	for (int k = 0; k < 20000; k++) {
		uint64_t addr = rnd_addr();
		vma_tree_steps = 0;
		find_vma(&mm, addr);
		worst_find = MAX(worst_find, vma_tree_steps);

		uint64_t len = rnd_below(4) ? PG(1 + rnd_below(8)) : PG(50000);
		uint64_t low = rnd_below(2) ? 0 : rnd_addr();
		uint64_t high = rnd_below(2) ? universe : MAX(rnd_addr(), low);
		if (rnd_below(3) == 0) {
			/* a narrow window that big gaps straddle or miss:
			 * the search must give up early, not scan them all */
			len = PG(1 + rnd_below(64));
			low = rnd_addr();
			high = low + PG(rnd_below(256));
		}
		vma_tree_steps = 0;
		int64_t got = unmapped_area_topdown(&mm, len, low, high);
		worst_area = MAX(worst_area, vma_tree_steps);
		vma_tree_steps = 0;
		int64_t got2 = unmapped_area(&mm, len, low, high);
		worst_area = MAX(worst_area, vma_tree_steps);
		if (k % 64 == 0) {
			CHECK(got == oracle_area(len, low, high, true),
			      "%s: topdown(%lx, %lx, %lx)", what, len, low, high);
			CHECK(got2 == oracle_area(len, low, high, false),
			      "%s: bottom-up(%lx, %lx, %lx)", what, len, low, high);
		}
	}
	printf("  %s: n=%d height=%d, most nodes visited: find_vma %lu, "
	       "unmapped_area %lu\n", what, n, h, worst_find, worst_area);
	CHECK(worst_find <= (uint64_t)h, "%s: find_vma visited %lu > height %d",
	      what, worst_find, h);
	CHECK(worst_area <= (uint64_t)(4 * h), "%s: a gap search visited %lu "
	      "nodes (> 4 * height = %d)", what, worst_area, 4 * h);
}

static void test_logn(void)
{
	int n = 10000;

	build_big(n, 6, true);
	CHECK(vma_tree_validate(&mm) == 0, "10k tree invalid");
	check_steps(n, "random order, small gaps");
	/* a linear scan from the top would pass every small gap */
	vma_tree_steps = 0;
	CHECK(unmapped_area_topdown(&mm, PG(50000), 0, universe) ==
	      (int64_t)(mm.mmap->vm_start - PG(50000)),
	      "the big gap at the bottom was not found");
	CHECK(vma_tree_steps <= 4 * (uint64_t)lg2((uint64_t)n), "big-gap search visited %lu",
	      vma_tree_steps);
	free_big();

	build_big(n, 64, false);
	CHECK(vma_tree_validate(&mm) == 0, "10k tree invalid");
	check_steps(n, "descending order, mixed gaps");
	free_big();

	build_big(n, 1, true);		/* all gaps equal: every subtree looks good */
	check_steps(n, "equal gaps");
	free_big();
}

/* ---- the rbtree alone, with another augmentation ----------------------- */

/* Items keyed by key; each node keeps the largest weight in its subtree.
 * Unlike gaps, a weight does not depend on the neighbours, so rb_erase and
 * rb_insert must keep it right with no help from the caller. */
struct item {
	uint64_t key, weight, max;
	struct rb_node rb;
	bool in;
};
#define item_of(n)	rb_entry(n, struct item, rb)
#define NITEMS		300

static uint64_t item_max(struct rb_node *n)
{
	return n ? item_of(n)->max : 0;
}

static bool item_recompute(struct rb_node *n)
{
	uint64_t m = MAX(item_of(n)->weight,
			 MAX(item_max(n->rb_left), item_max(n->rb_right)));

	if (m == item_of(n)->max)
		return false;
	item_of(n)->max = m;
	return true;
}

/* Check order, links, colours and max below n; returns the black height. */
static int check_items(struct rb_node *n, struct rb_node *parent,
		       uint64_t lo, uint64_t hi, int *count)
{
	if (!n)
		return 1;
	struct item *it = item_of(n);
	CHECK(rb_parent(n) == parent, "item %lu: bad parent", it->key);
	CHECK(it->in && it->key >= lo && it->key < hi, "item %lu misplaced", it->key);
	CHECK(!(rb_is_red(n) && (rb_is_red(n->rb_left) || rb_is_red(n->rb_right))),
	      "item %lu: red-red", it->key);
	(*count)++;
	int lh = check_items(n->rb_left, n, lo, it->key, count);
	int rh = check_items(n->rb_right, n, it->key + 1, hi, count);
	CHECK(lh == rh, "item %lu: black heights %d %d", it->key, lh, rh);
	CHECK(it->max == MAX(it->weight, MAX(item_max(n->rb_left),
					     item_max(n->rb_right))),
	      "item %lu: max %lu is wrong", it->key, it->max);
	return lh + !rb_is_red(n);
}

static void item_insert(struct rb_root *root, struct item *it)
{
	struct rb_node **link = &root->rb_node, *parent = NULL;

	while (*link) {
		parent = *link;
		link = it->key < item_of(parent)->key ? &parent->rb_left :
							&parent->rb_right;
	}
	it->max = rnd_below(4) ? rnd() : it->weight;	/* stale junk */
	rb_link_node(&it->rb, parent, link);
	rb_insert(&it->rb, root, item_recompute);
	it->in = true;
}

static void test_rbtree_generic(void)
{
	static struct item items[NITEMS];
	struct rb_root root = RB_ROOT;
	int live = 0;

	for (int i = 0; i < NITEMS; i++)
		items[i] = (struct item){ .key = (uint64_t)i * 3 };
	for (step_no = 0; step_no < 60000; step_no++) {
		struct item *it = &items[rnd_below(NITEMS)];
		unsigned r = (unsigned)rnd_below(10);

		if (it->in && r < 2) {			/* change in place */
			it->weight = rnd_below(1000);
			rb_augment_propagate(&it->rb, item_recompute);
		} else if (it->in && r < (live > NITEMS / 2 ? 8u : 5u)) {
			rb_erase(&it->rb, &root, item_recompute);
			it->in = false;
			live--;
		} else if (!it->in) {
			it->weight = rnd_below(1000);
			item_insert(&root, it);
			live++;
		}
		int count = 0;
		CHECK(!rb_is_red(root.rb_node), "red root");
		check_items(root.rb_node, NULL, 0, UINT64_MAX, &count);
		CHECK(count == live, "%d nodes in the tree, %d inserted", count, live);
		/* the in-order walks, both ways */
		struct rb_node *n = rb_first(&root), *last = NULL;
		int i = 0, k = 0;
		for (; n; last = n, n = rb_next(n), i++) {
			while (k < NITEMS && !items[k].in)
				k++;
			CHECK(k < NITEMS && n == &items[k++].rb,
			      "rb_next walk wrong at %d", i);
			CHECK(rb_prev(n) == last, "rb_prev wrong at %d", i);
		}
		CHECK(i == live && rb_last(&root) == last, "walk length %d", i);
	}
}

/* ---- the detectors themselves ------------------------------------------ */

/* vma_tree_validate must notice corruption, and vma_link an overlap. */
static void test_detectors(void)
{
	step_no = 0;
	universe = PG(4096);
	mm_vma_init(&mm);
	nmodel = 0;
	for (int i = 0; i < 50; i++)
		model_link(new_vma(PG(10 * i + 1), PG(10 * i + 3)));
	check_structure();
	printk_quiet = true;

	struct vm_area_struct *v = model[17];
	v->rb_subtree_gap++;
	CHECK(vma_tree_validate(&mm) < 0, "missed a wrong rb_subtree_gap");
	v->rb_subtree_gap--;
	mm.mm_rb.rb_node->__rb_parent_color &= ~(uintptr_t)1;	/* red root */
	CHECK(vma_tree_validate(&mm) < 0, "missed a red root");
	mm.mm_rb.rb_node->__rb_parent_color |= RB_BLACK;
	mm.highest_vm_end += PAGE_SIZE;
	CHECK(vma_tree_validate(&mm) < 0, "missed a wrong highest_vm_end");
	mm.highest_vm_end -= PAGE_SIZE;
	v->vm_end += PG(9);			/* overlaps its successor */
	CHECK(vma_tree_validate(&mm) < 0, "missed an overlap");
	v->vm_end -= PG(9);
	check_structure();

	struct vm_area_struct *bad = new_vma(PG(10 * 17 + 2), PG(10 * 17 + 5));
	panic_expected = true;
	if (setjmp(panic_jmp) == 0) {
		vma_link(&mm, bad);
		CHECK(0, "vma_link accepted an overlapping VMA");
	}
	free(bad);
	printk_quiet = false;
	check_structure();
	while (nmodel)
		unlink_at(0);
	check_structure();
}

int main(int argc, char **argv)
{
	seed = argc > 1 ? strtoul(argv[1], NULL, 0) : 20240601;
	rng_state = seed * 2654435761u + 1;

	current_test = "rbtree";
	test_rbtree_generic();
	current_test = "detectors";
	test_detectors();
	current_test = "random small";
	random_run(256, 20000, 20);
	current_test = "random medium";
	random_run(4096, 20000, 150);
	current_test = "random dense";
	random_run(600, 10000, 120);
	current_test = "logn";
	test_logn();
	printf("vma_tree: all tests passed (seed %lu)\n", seed);
	return 0;
}
