/*
 * mm/vmscan.c - page reclaim: when free frames run low, evict pages.
 *
 * Pagoda's reclaim is the clock algorithm over physical frames (Linux 2.4
 * scanned this way; today's Linux keeps active and inactive LRU lists):
 * a hand sweeps mem_map, and each frame it passes is a candidate if it is
 *   a private anonymous page   mapped, with no reference beyond its PTEs
 *                              (nothing in the kernel holds it), in no
 *                              VM_LOCKED VMA and not mlocked: written to a
 *                              free swap slot, then every PTE that maps it
 *                              (found through its anon_vma, the reverse
 *                              map) becomes a swap entry for that slot,
 *                              and the frame is freed (try_to_unmap);
 *   a clean page-cache page    of a file with a backing store, unmapped
 *                              and held only by the cache: dropped, to be
 *                              read again on the next access.
 * A page whose PTEs have the Accessed bit set was used since the hand last
 * passed: its bits are cleared and it stays (the second chance).  Shmem
 * pages and dirty or mapped file pages are not reclaimed.
 *
 * When: the page-fault handler calls reclaim_if_low() before each fault
 * (Linux's kswapd wakes at the low watermark and works up to high) and,
 * when a fault still finds no frame, try_to_free_pages() before it gives
 * up (Linux's direct reclaim); only then does the OOM killer run.  Faults
 * are a safe place: no caller holds a PTE pointer, and pages the kernel
 * is using have references that make them ineligible.
 */
#include "mm.h"
#include "../fs/fs.h"

static uint64_t clock_hand;		/* the next pfn the hand looks at */
static bool reclaim_futile;		/* the last sweep freed nothing */

/* The PTE of vma that maps page (at *addrp), or NULL. */
static pte_t *page_vma_pte(struct page *page, struct vm_area_struct *vma,
			   uint64_t *addrp)
{
	if (page->index < vma->vm_pgoff ||
	    page->index - vma->vm_pgoff >= vma_pages(vma))
		return NULL;
	uint64_t addr = vma->vm_start + ((page->index - vma->vm_pgoff) << PAGE_SHIFT);
	pte_t *ptep = pgtable_walk(vma->vm_mm->pml4, addr, false);
	if (!ptep || !pte_present(*ptep) || pte_page(*ptep) != page)
		return NULL;
	*addrp = addr;
	return ptep;
}

/*
 * Look at every PTE that maps the anonymous page: clear their Accessed
 * bits.  Returns 1 if one was set (used lately: keep it), -1 if the page
 * must stay (a VM_LOCKED VMA maps it, or the reverse map does not find
 * all of its mappings - so a frame of a transparent huge page, which no
 * PTE maps, is never swapped; Linux splits the huge page first), 0 if it
 * may be evicted.
 */
static int page_referenced(struct page *page)
{
	struct anon_vma *av = page_anon_vma(page);
	struct vm_area_struct *v;
	int found = 0, referenced = 0;
	uint64_t addr;

	list_for_each_entry(v, &av->head, anon_vma_node) {
		pte_t *ptep = page_vma_pte(page, v, &addr);
		if (!ptep)
			continue;
		if (v->vm_flags & VM_LOCKED)
			return -1;
		found++;
		if (ptep_test_and_clear_young(ptep)) {
			referenced = 1;
			if (v->vm_mm == current->mm)
				flush_tlb_page(addr);
		}
	}
	return found == page->mapcount ? referenced : -1;
}

/* Replace every PTE that maps page with a swap entry for entry, whose
 * slot already holds the page's contents; the page is freed. */
static void try_to_unmap(struct page *page, swp_entry_t entry)
{
	struct anon_vma *av = page_anon_vma(page);
	struct vm_area_struct *v;
	uint64_t addr;

	get_page(page);			/* keep it while the PTEs go */
	list_for_each_entry(v, &av->head, anon_vma_node) {
		pte_t *ptep = page_vma_pte(page, v, &addr);
		if (!ptep)
			continue;
		swap_duplicate(entry);	/* cannot fail: mapcount < SWAP_MAP_MAX */
		set_pte(ptep, swp_entry_to_pte(entry));
		if (v->vm_mm == current->mm)
			flush_tlb_page(addr);
		v->vm_mm->swapents++;
		update_hiwater_rss(v->vm_mm);	/* before the RSS goes down */
		page_remove_map(v->vm_mm, page);
		put_page(page);
	}
	put_page(page);
}

/* Swap one anonymous page out if the clock allows; returns 1 if freed. */
static int shrink_anon_page(struct page *page)
{
	if (!PageAnon(page) || page->mapcount < 1 || page->mapcount >= 0xfff0 ||
	    page->refcount != page->mapcount || (page->flags & PG_locked))
		return 0;
	count_vm_event(PGSCAN_ANON);
	if (page_referenced(page))
		return 0;
	swp_entry_t entry = get_swap_page();
	if (!entry.val)
		return 0;		/* swap is full, or off */
	if (swap_writepage(page, entry))
		return 0;		/* I/O error: the page stays in memory */
	try_to_unmap(page, entry);
	count_vm_event(PGSTEAL_ANON);
	return 1;
}

/* Drop one clean, unmapped page-cache page of a file; 1 if dropped. */
static int shrink_file_page(struct page *page)
{
	struct address_space *mapping = page_mapping(page);

	if (!mapping || !mapping->a_ops || !mapping->a_ops->read_folio ||
	    (page->flags & PG_dirty) || page->mapcount || page->refcount != 1)
		return 0;
	count_vm_event(PGSCAN_FILE);
	delete_from_page_cache(page);
	count_vm_event(PGSTEAL_FILE);
	return 1;
}

/*
 * Move the clock hand until nr pages are freed or it has gone twice round
 * (the first round may only clear Accessed bits).  Returns the number of
 * pages freed (Linux's shrink_page_list results, summed).
 */
uint64_t try_to_free_pages(uint64_t nr)
{
	uint64_t freed = 0;
	bool swap = total_swap_pages() > nr_swap_used();

	for (uint64_t n = 0; n < 2 * max_pfn && freed < nr; n++) {
		struct page *page = pfn_to_page(clock_hand);
		clock_hand = (clock_hand + 1) % max_pfn;
		if (page->use == PU_ANON && swap)
			freed += shrink_anon_page(page);
		else if (page->use == PU_CACHE)
			freed += shrink_file_page(page);
	}
	reclaim_futile = !freed;
	return freed;
}

/* The low watermark: below it, reclaim works up to twice as many.
 * Computed on first use (memory is sized at boot): no division per call. */
uint64_t low_wmark_pages(void)
{
	static uint64_t low;

	if (!low)
		low = nr_total_pages() / 64 + 16;
	return low;
}

/* Before a fault: if free frames are below the low watermark, reclaim up
 * to the high one (kswapd's work, done in the faulting task).  A sweep
 * that freed nothing is not repeated until frames were freed otherwise. */
void reclaim_if_low(void)
{
	uint64_t free = nr_free_pages(), low = low_wmark_pages();

	if (free >= low) {
		reclaim_futile = false;
		return;
	}
	if (!reclaim_futile)
		try_to_free_pages(2 * low - free);
}
