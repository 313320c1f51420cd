/*
 * mm/buddy.c - the binary buddy allocator.
 *
 * Free memory is kept as blocks of 2^order frames, each aligned to its own
 * size, on one free list per order.  Allocation takes a block of the
 * smallest order that fits and splits it, returning the unused halves to
 * the lower lists.  Freeing looks at the block's "buddy" - the other half
 * of the block twice its size, at pfn ^ (1 << order) - and merges while the
 * buddy is free and of the same order.  Only the first frame of a free
 * block is marked (PG_buddy, order), so both operations are O(MAX_ORDER).
 * A bitmap of the lists that may be non-empty lets allocation find the
 * smallest block that fits with a bit scan instead of a walk over empty
 * lists: a bit is set when a block joins its list and cleared when
 * allocation empties the list or finds it empty, so a merging free,
 * which leaves it alone, pays nothing for it.
 *
 * This file is plain logic over an array of struct page, with no locking:
 * one CPU, a non-preemptible kernel, and no allocation from interrupt
 * handlers.  So tests/host/buddy.c runs it on the host under
 * AddressSanitizer.
 */
#include "mm.h"

void buddy_init(struct buddy *b, struct page *map, uint64_t npages)
{
	b->map = map;
	b->npages = npages;
	b->free_pages = 0;
	b->nonempty = 0;
	for (int o = 0; o <= MAX_ORDER; o++) {
		list_init(&b->free[o]);
		b->nfree[o] = 0;
	}
}

static void add_free(struct buddy *b, struct page *p, unsigned order)
{
	p->flags |= PG_buddy;
	p->order = order;
	list_add(&p->list, &b->free[order]);
	b->nfree[order]++;
	b->nonempty |= 1u << order;
}

static void del_free(struct buddy *b, struct page *p, unsigned order)
{
	p->flags &= ~PG_buddy;
	list_del(&p->list);
	b->nfree[order]--;
}

/* Take a block of 2^order frames; returns its first page or NULL. */
struct page *buddy_alloc(struct buddy *b, unsigned order)
{
	unsigned avail = order > MAX_ORDER ? 0 : b->nonempty >> order, o;

	for (;; avail &= avail - 1) {		/* the smallest that fits */
		if (!avail)
			return NULL;
		o = order + __builtin_ctz(avail);
		if (!list_empty(&b->free[o]))
			break;
		b->nonempty &= ~(1u << o);	/* emptied by merging frees */
	}
	struct page *p = list_entry(b->free[o].next, struct page, list);
	del_free(b, p, o);
	if (!b->nfree[o])
		b->nonempty &= ~(1u << o);
	while (o > order) {			/* split: keep the low half */
		o--;
		add_free(b, p + (1ull << o), o);
	}
	b->free_pages -= 1ull << order;
	return p;
}

/* Return a block of 2^order frames, merging it with free buddies.  A frame
 * that is already inside a free block (of any order) is a double free. */
void buddy_free(struct buddy *b, struct page *p, unsigned order)
{
	uint64_t pfn = (uint64_t)(p - b->map);

	if (pfn >= b->npages || (pfn & ((1ull << order) - 1)))
		panic("buddy_free: bad block pfn %lu order %u", pfn, order);
	for (unsigned o = 0; DEBUG && o <= MAX_ORDER; o++) {
		struct page *head = &b->map[pfn & ~((1ull << o) - 1)];
		if ((head->flags & PG_buddy) && head->order >= o)
			panic("buddy_free: double free of pfn %lu", pfn);
	}
	b->free_pages += 1ull << order;
	while (order < MAX_ORDER) {
		uint64_t buddy_pfn = pfn ^ (1ull << order);
		struct page *buddy = &b->map[buddy_pfn];
		if (buddy_pfn + (1ull << order) > b->npages ||
		    !(buddy->flags & PG_buddy) || buddy->order != order)
			break;
		del_free(b, buddy, order);
		pfn &= ~(1ull << order);
		order++;
	}
	add_free(b, &b->map[pfn], order);
}

/* Hand the frames [pfn, pfn + count) to the allocator, largest blocks first. */
void buddy_free_range(struct buddy *b, uint64_t pfn, uint64_t count)
{
	uint64_t end = pfn + count;

	while (pfn < end) {
		unsigned order = MAX_ORDER;
		while (order && ((pfn & ((1ull << order) - 1)) ||
				 pfn + (1ull << order) > end))
			order--;
		buddy_free(b, &b->map[pfn], order);
		pfn += 1ull << order;
	}
}
