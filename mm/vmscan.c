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
 *   a page-cache page          of a file with a backing store, held only
 *                              by the cache and its PTEs: taken out of
 *                              every mapping (try_to_unmap_file), written
 *                              to the store if dirty (pageout), dropped,
 *                              to be read again on the next access.
 * A page whose PTEs have the Accessed bit set was used since the hand last
 * passed: its bits are cleared and it stays (the second chance).  Shmem
 * pages are not reclaimed.
 *
 * When: the page allocator wakes the kswapd thread when free frames fall
 * below the low watermark; it works up to high (Linux's kswapd).  When a
 * fault still finds no frame, it calls try_to_free_pages() before giving
 * up (direct reclaim); only then does the OOM killer run.  Both are safe
 * places: no caller holds a PTE pointer (see kswapd()), and pages the
 * kernel is using have references that make them ineligible.
 */
#include "mm.h"
#include "../fs/fs.h"

static uint64_t clock_hand;		/* the next pfn the hand looks at */
static bool kswapd_failed;		/* kswapd's last run freed nothing */
static bool current_is_kswapd(void);

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
			flush_tlb_mm_page(v->vm_mm, addr);
		}
	}
	return found == page_mapcount(page) ? referenced : -1;
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
		flush_tlb_mm_page(v->vm_mm, addr);
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
	if (!PageAnon(page) || page_mapcount(page) < 1 || page_mapcount(page) >= 0xfff0 ||
	    page_count(page) != page_mapcount(page) || (page->flags & PG_locked))
		return 0;
	count_vm_event(PGSCAN_ANON);
	count_vm_event(current_is_kswapd() ? PGSCAN_KSWAPD : PGSCAN_DIRECT);
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

/* MADV_PAGEOUT's reclaim (Linux's reclaim_pages(), which ignores the
 * references): the anonymous page goes to swap now, used lately or not,
 * unless it must stay (held by the kernel, locked, swap full or off; its
 * Accessed bits are then kept, as Linux's).  1 if it went out. */
int reclaim_page(struct page *page)
{
	if (!PageAnon(page) || page_mapcount(page) < 1 || page_mapcount(page) >= 0xfff0 ||
	    page_count(page) != page_mapcount(page) || (page->flags & PG_locked))
		return 0;
	swp_entry_t entry = get_swap_page();	/* count 0: nothing to undo */
	if (!entry.val || page_referenced(page) < 0 || swap_writepage(page, entry))
		return 0;
	try_to_unmap(page, entry);
	return 1;
}

/* Drop one page-cache page of a file held by nothing but the cache and
 * its mappings: a mapped or dirty one is unmapped and written back first
 * (pageout()); 1 if dropped. */
static int shrink_file_page(struct page *page)
{
	struct address_space *mapping = page_mapping(page);

	if (!mapping || !mapping->a_ops || !mapping->a_ops->read_folio ||
	    page_count(page) != 1 + page_mapcount(page) || (page->flags & PG_locked))
		return 0;
	count_vm_event(PGSCAN_FILE);
	count_vm_event(current_is_kswapd() ? PGSCAN_KSWAPD : PGSCAN_DIRECT);
	if (pageout(page) || page_count(page) != 1)
		return 0;		/* used lately, locked, or not written */
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
	if (freed && !current_is_kswapd())
		kswapd_failed = false;	/* there is something to reclaim again */
	return freed;
}

/* The watermarks, in pages: set once by setup_per_zone_wmarks(). */
static uint64_t wmark[NR_WMARK];
static struct task *kswapd_task;
static bool kswapd_awake;		/* woken and not yet back to sleep */

/*
 * Set min, low and high from the memory pmm_init found (Linux derives min
 * from min_free_kbytes, a square root of memory; Pagoda takes 1/80 of it):
 * low = min + min/4, high = min + min/2, as Linux's defaults.  Called at
 * boot and at swapon, after which a kswapd that found nothing may again.
 */
void setup_per_zone_wmarks(void)
{
	uint64_t min = nr_total_pages() / 80 + 12;

	kswapd_failed = false;

	wmark[WMARK_MIN] = min;
	wmark[WMARK_LOW] = min + min / 4;
	wmark[WMARK_HIGH] = min + min / 2;
}

uint64_t wmark_pages(enum zone_watermarks w)
{
	return wmark[w];
}

/* Run the clock until free frames reach high or a sweep frees nothing;
 * returns false when the last sweep freed nothing (kswapd's and fork's). */
static bool reclaim_to_high(void)
{
	uint64_t free, freed = 1;

	while ((free = nr_free_pages()) < wmark[WMARK_HIGH] && freed)
		freed = try_to_free_pages(wmark[WMARK_HIGH] - free);
	return freed;
}

/* Called by the page allocator when free frames fell below low: kswapd
 * runs at the next schedule point.  Cheap when it is already awake; not
 * woken after a run that freed nothing until direct reclaim frees some
 * (Linux's kswapd_failures), so a full memory is not swept at each tick. */
void wakeup_kswapd(void)
{
	if (kswapd_task && !kswapd_awake && !kswapd_failed) {
		kswapd_awake = true;
		wakeup(&kswapd_task);
	}
}

/*
 * kswapd: sleeps until the allocator wakes it below low, then runs the
 * clock until free frames reach high or a sweep frees nothing.  Safe
 * without locks: the kernel is not preemptive, so kswapd runs only when
 * the task it displaced called schedule() - from a sleep in a syscall or
 * on return to user mode, never while it holds a PTE pointer (swap I/O
 * polls the disk, it does not sleep).  Reclaim frees pages, never tables.
 */
static int kswapd(uint64_t unused)
{
	(void)unused;
	for (;;) {
		while (!kswapd_awake)
			sleep_on(&kswapd_task);
		count_vm_event(PAGEOUTRUN);
		kswapd_failed = !reclaim_to_high();
		kswapd_awake = false;
	}
	return 0;
}

/* Direct reclaim at a safe point (the caller holds no PTE): below low,
 * run the clock up to high now.  fork calls it before copying, because the
 * table allocations inside copy_page_range do not reclaim and kswapd may
 * not have run yet (a program that never sleeps never lets it). */
void reclaim_before_copy(void)
{
	if (nr_free_pages() < wmark[WMARK_LOW])
		reclaim_to_high();
}

/* Start kswapd (from kernel_main, once tasks can be created). */
void kswapd_init(void)
{
	kswapd_task = kthread_create(kswapd, 0, "kswapd0");
}

/* Is the caller kswapd (its scans count as pgscan_kswapd, else direct)? */
static bool current_is_kswapd(void)
{
	return current == kswapd_task;
}
