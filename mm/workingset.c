/*
 * mm/workingset.c - working-set detection by refault distance (Linux's
 * mm/workingset.c, Johannes Weiner's design): which evicted pages come
 * back soon enough that they should not have been evicted.
 *
 * A page that is used often but whose uses are further apart than the
 * inactive list is long is evicted every time before its second use could
 * activate it: it thrashes, although it would fit in memory if the active
 * list gave up room.  Measuring that costs one counter and one word per
 * evicted page:
 *
 *   nonresident_age (of the lruvec) counts evictions and activations.
 *     Each moves every inactive page one slot toward the tail, so the
 *     difference of two readings is at least the number of inactive
 *     pages used in between.
 *   A shadow entry is left where the evicted page was (workingset_eviction):
 *     its page-cache slot for a file page (mm/filemap.c), its swap slot for
 *     an anonymous one (the swap cache's shadow, below).  It holds the age
 *     at eviction, and whether the page had been active (PG_workingset).
 *   When the page is read in again (a refault: the cache slot or the swap
 *     slot still holds its shadow), age now - age then is its refault
 *     distance: the inactive list would have needed that many more slots to
 *     keep it.  If the distance is at most the pages that could have been
 *     given to it - the active lists and the other kind's inactive list
 *     (anon pages count only while swap has room) - the page is activated
 *     at once (workingset_test_recent), in the hope that the active pages
 *     it competes with are used less.  A page active before its eviction
 *     counts as restored: the working set itself does not fit.
 *
 * The counters are /proc/vmstat's workingset_refault_anon/file (every
 * refault), workingset_activate_anon/file (the recent ones, activated) and
 * workingset_restore_anon/file (of those, pages that were active).  Only
 * the lru policy activates; the other policies count refaults alone.
 *
 * A shadow is an XArray value entry (radix.h's xa_mk_value), never taken
 * for a page: find_get_page returns NULL for it, mincore says not resident.
 * Shadows go when the slot is reused, when the file is truncated or freed,
 * when the swap slot is freed, and on drop_caches 2.  Linux also reclaims
 * radix nodes that hold only shadows when they pass about 2% of memory (a
 * shrinker counted by workingset_nodes and workingset_nodereclaim); Pagoda
 * has no shrinkers and does not track such nodes, so it prints neither.
 */
#include "mm.h"

#define WORKINGSET_SHIFT	1
#define EVICTION_MASK		(~0ull >> (WORKINGSET_SHIFT + 1))

/* Evictions and activations move non-resident pages along as well
 * (Linux's workingset_age_nonresident). */
void workingset_age_nonresident(uint64_t nr_pages)
{
	page_lruvec()->nonresident_age += nr_pages;
}

static void *pack_shadow(uint64_t eviction, bool workingset)
{
	return xa_mk_value((eviction & EVICTION_MASK) << WORKINGSET_SHIFT |
			   workingset);
}

/* page, isolated and about to be freed by reclaim, leaves memory: returns
 * the shadow entry to store in its slot (Linux's workingset_eviction). */
void *workingset_eviction(struct page *page)
{
	uint64_t eviction = page_lruvec()->nonresident_age;

	workingset_age_nonresident(1);
	return pack_shadow(eviction, page->flags & PG_workingset);
}

/*
 * Was the page of shadow evicted recently enough that it would have stayed
 * had the active pages left it room?  file: a page-cache page (else anon).
 * *workingset says whether it was active then (Linux's
 * workingset_test_recent).
 */
static bool workingset_test_recent(void *shadow, bool file, bool *workingset)
{
	uint64_t entry = xa_to_value(shadow);
	uint64_t eviction = entry >> WORKINGSET_SHIFT;
	uint64_t distance = (page_lruvec()->nonresident_age - eviction) & EVICTION_MASK;
	uint64_t size = lruvec_size(LRU_ACTIVE_FILE);

	*workingset = entry & 1;
	if (!file)
		size += lruvec_size(LRU_INACTIVE_FILE);
	if (total_swap_pages() > nr_swap_used()) {
		size += lruvec_size(LRU_ACTIVE_ANON);
		if (file)
			size += lruvec_size(LRU_INACTIVE_ANON);
	}
	return distance <= size;
}

/*
 * page, new and not yet on an LRU list, replaces the evicted page whose
 * shadow was in its slot: counted as a refault and, if recent, activated
 * (PG_active, so that lru_cache_add puts it on the active list) and, if it
 * was active before, marked PG_workingset (Linux's workingset_refault).
 */
void workingset_refault(struct page *page, void *shadow)
{
	bool file = page->use == PU_CACHE, workingset;

	count_vm_event(file ? WORKINGSET_REFAULT_FILE : WORKINGSET_REFAULT_ANON);
	if (reclaim_policy != RECLAIM_LRU ||
	    !workingset_test_recent(shadow, file, &workingset))
		return;
	page->flags |= PG_active;
	workingset_age_nonresident(1);
	count_vm_event(file ? WORKINGSET_ACTIVATE_FILE : WORKINGSET_ACTIVATE_ANON);
	if (workingset) {
		page->flags |= PG_workingset;
		count_vm_event(file ? WORKINGSET_RESTORE_FILE : WORKINGSET_RESTORE_ANON);
	}
}

/*
 * The swap cache's shadows: Pagoda has no swap cache, so the shadow of an
 * anonymous page swapped out is kept per swap slot, in one radix tree per
 * area indexed by slot (as Linux keeps it in the swap cache's slot, and
 * since 6.18 in its swap table).  A slot in use holds at most one.
 */
static struct radix_root swap_shadows[MAX_SWAPFILES];

/* The page swapped out to entry left shadow (from workingset_eviction).
 * Without memory for the tree's nodes, no shadow is kept. */
void swap_cache_set_shadow(swp_entry_t entry, void *shadow)
{
	struct radix_root *root = &swap_shadows[swp_type(entry)];

	radix_delete(root, swp_offset(entry));
	radix_insert(root, swp_offset(entry), shadow);
}

/* The slot of entry is free: its shadow, if any, goes (Linux's
 * clear_shadow_from_swap_cache). */
void clear_shadow_from_swap_cache(swp_entry_t entry)
{
	radix_delete(&swap_shadows[swp_type(entry)], swp_offset(entry));
}

/* page was just read back from entry: a refault if the slot holds a
 * shadow, which the page replaces. */
void workingset_refault_swap(struct page *page, swp_entry_t entry)
{
	void *shadow = radix_delete(&swap_shadows[swp_type(entry)],
				    swp_offset(entry));

	if (shadow)
		workingset_refault(page, shadow);
}

/* drop_caches 2: forget every swap slot's shadow. */
void clear_swap_shadows(void)
{
	void *batch[16];
	uint64_t idx[16];
	unsigned n;

	for (int type = 0; type < MAX_SWAPFILES; type++)
		while ((n = radix_gang_lookup(&swap_shadows[type], 0, batch, idx, 16)))
			for (unsigned i = 0; i < n; i++)
				radix_delete(&swap_shadows[type], idx[i]);
}
