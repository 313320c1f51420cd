/*
 * mm/vmscan.c - page reclaim: when free frames run low, evict pages.
 *
 * What can go: the pages on the evictable LRU lists (mm/swap.c) -
 *   a private anonymous page   with no reference beyond its PTEs (nothing
 *                              in the kernel holds it): written to a free
 *                              swap slot, then every PTE that maps it
 *                              (found through its anon_vma, the reverse
 *                              map) becomes a swap entry for that slot,
 *                              and the frame is freed (try_to_unmap);
 *   a shmem page               likewise written to a slot, unmapped
 *                              through the file's i_mmap, its cache slot
 *                              left holding the swap entry
 *                              (shmem_writepage in mm/shmem.c);
 *   a page-cache page          of a file with a backing store, held only
 *                              by the cache and its PTEs: taken out of
 *                              every mapping (try_to_unmap_file), written
 *                              to the store if dirty (pageout), dropped,
 *                              to be read again on the next access.
 * A transparent huge page is split into 512 such pages before it goes
 * (split_huge_page_to_list: no 2 MiB swap slots).  A page a VM_LOCKED VMA
 * maps is moved to the unevictable list instead (culled, Linux's lazy
 * mlock).
 *
 * Which go first is the replacement policy (reclaim= at boot, or
 * /proc/sys/vm/reclaim), so that a course can compare them on one
 * workload (tools/faultrate):
 *   lru     Linux's: shrink_lruvec scans the inactive tails, anon against
 *           file as vm.swappiness weighs them (get_scan_count); a page
 *           whose PTEs were accessed since the last look gets a second
 *           chance at the inactive head (PG_referenced), a second time
 *           it is activated; the active lists refill the inactive ones
 *           when these grow short (shrink_active_list).
 *   clock   second chance over physical frames (Linux 2.4): a hand sweeps
 *           mem_map; an LRU page whose Accessed bits are set has them
 *           cleared and stays, else it goes.
 *   fifo    the oldest page goes, used or not: the inactive tails, no
 *           page ever activated.
 *   random  a frame picked at random (a fixed seed, so runs repeat).
 * All count the same /proc/vmstat events: pgscan_* for each page looked
 * at as a candidate, pgsteal_* for each freed, pswpout from page_io.c.
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
#include <uapi/errno.h>

int reclaim_policy = RECLAIM_LRU;
int vm_swappiness = 60;			/* Linux's default */
static bool kswapd_failed;		/* kswapd's last run freed nothing */
static bool current_is_kswapd(void);

struct scan_control {
	uint64_t nr_to_reclaim;		/* stop when this many are freed */
	uint64_t nr_reclaimed;
	int priority;			/* scan lru size >> priority */
	bool may_swap;			/* a free swap slot exists */
};

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

struct referenced {
	int found, ptes;		/* PTEs mapping the page; Accessed */
	uint64_t vm_flags;		/* the flags of their VMAs, or'ed */
};

static void referenced_one(struct page *page, struct vm_area_struct *v,
			   struct referenced *r)
{
	uint64_t addr;
	pte_t *ptep = page_vma_pte(page, v, &addr);

	if (!ptep)
		return;
	r->found++;
	r->vm_flags |= v->vm_flags;
	if (ptep_test_and_clear_young(ptep)) {
		r->ptes++;
		flush_tlb_mm_page(v->vm_mm, addr);
	}
}

/*
 * Look at every PTE that maps page, through the reverse map (anon_vma or
 * the file's i_mmap), and clear their Accessed bits.  Returns how many
 * were set, with the VMAs' flags or'ed in *vm_flags (VM_LOCKED: the page
 * is mlocked), or -1 if the reverse map does not find all the page's
 * mappings (so it cannot be unmapped).
 */
static int page_referenced(struct page *page, uint64_t *vm_flags)
{
	struct address_space *mapping = page_mapping(page);
	struct referenced r = { 0 };
	struct vm_area_struct *v;

	if (PageAnon(page)) {
		list_for_each_entry(v, &page_anon_vma(page)->head, anon_vma_node)
			referenced_one(page, v, &r);
	} else if (mapping && page_mapcount(page)) {
		i_mmap_foreach(v, mapping, page->index, page->index)
			referenced_one(page, v, &r);
	}
	*vm_flags = r.vm_flags;
	return r.found == page_mapcount(page) ? r.ptes : -1;
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

/*
 * Evict one isolated page whose mappings page_referenced found: swap a
 * private anonymous or shmem page out, or drop a cache page, unmapped
 * and written back first if need be (pageout).  Returns 1 if the page was
 * freed, 0 if it must stay (the kernel holds it, swap is full or a write
 * failed).
 */
static int evict_page(struct page *page, bool may_swap)
{
	if (page->use == PU_CACHE) {
		if (page_count(page) != 1 + page_mapcount(page) || !page_mapping(page))
			return 0;
		if (pageout(page) || page_count(page) != 1)
			return 0;	/* used lately, or not written */
		__delete_from_page_cache(page, workingset_eviction(page));
		count_vm_event(PGSTEAL_FILE);
		return 1;
	}
	if (PageShmem(page) && may_swap && shmem_writepage(page)) {
		count_vm_event(PGSTEAL_ANON);
		return 1;
	}
	if (!may_swap || !PageAnon(page) || page_mapcount(page) < 1 ||
	    page_mapcount(page) >= 0xfff0 || page_count(page) != page_mapcount(page))
		return 0;
	swp_entry_t entry = get_swap_page();
	if (!entry.val || swap_writepage(page, entry))
		return 0;		/* swap is full, or an I/O error */
	swap_cache_set_shadow(entry, workingset_eviction(page));
	try_to_unmap(page, entry);
	count_vm_event(PGSTEAL_ANON);
	return 1;
}

/* Count page as a candidate reclaim looked at. */
static void count_scan(struct page *page)
{
	count_vm_event(page->use == PU_ANON ? PGSCAN_ANON : PGSCAN_FILE);
	count_vm_event(current_is_kswapd() ? PGSCAN_KSWAPD : PGSCAN_DIRECT);
}

enum page_references { PAGEREF_RECLAIM, PAGEREF_KEEP, PAGEREF_ACTIVATE };

/* What the lru policy does with an inactive page whose PTEs showed ptes
 * accesses: one access gives a second chance (kept inactive, marked
 * PG_referenced), two - or one of an executable file page - activate it
 * (Linux's folio_check_references). */
static enum page_references page_check_references(struct page *page, int ptes,
						  uint64_t vm_flags)
{
	bool referenced_page = page->flags & PG_referenced;

	if (reclaim_policy != RECLAIM_LRU)	/* clock: one chance; fifo, random: none */
		return reclaim_policy == RECLAIM_CLOCK && ptes ? PAGEREF_KEEP
							       : PAGEREF_RECLAIM;
	page->flags &= ~PG_referenced;
	if (ptes) {
		page->flags |= PG_referenced;
		if (referenced_page || ptes > 1)
			return PAGEREF_ACTIVATE;
		if ((vm_flags & VM_EXEC) && page->use == PU_CACHE)
			return PAGEREF_ACTIVATE;
		return PAGEREF_KEEP;
	}
	return PAGEREF_RECLAIM;
}

/*
 * Try to free each page of page_list (isolated from the LRU, linked by
 * page->list): a transparent huge page (its head stands for it) is split
 * first, when swap is free, and its other 511 pages join the list (swap
 * has no 2 MiB slots: thp_swpout_fallback); mlocked and unevictable ones
 * are culled to the unevictable list; unless ignore_references, recently
 * used ones stay (second chance) or are activated; the rest are evicted.
 * Every page not freed goes back on the LRU.  Returns the number freed
 * (Linux's shrink_folio_list).
 */
static uint64_t shrink_page_list(struct list_head *page_list, bool may_swap,
				 bool ignore_references)
{
	uint64_t reclaimed = 0;
	bool noreclaim = memalloc_noreclaim_save();	/* no reclaim in reclaim */

	while (!list_empty(page_list)) {
		struct page *page = list_entry(page_list->next, struct page, list);
		uint64_t vm_flags;
		list_del(&page->list);
		count_scan(page);
		if (may_swap && thp_pmd_maps(page) &&	/* no huge swap slots: */
		    split_huge_page_to_list(page, page_list))	/* 512 pages */
			count_vm_event(THP_SWPOUT_FALLBACK);
		int ptes = page_referenced(page, &vm_flags);
		if (vm_flags & VM_LOCKED) {
			putback_lru_page(page);
			mlock_page(page);
			continue;
		}
		enum page_references ref = ptes < 0 ? PAGEREF_ACTIVATE :
			ignore_references ? PAGEREF_RECLAIM :
			page_check_references(page, ptes, vm_flags);
		if (ref == PAGEREF_RECLAIM && page_evictable(page) &&
		    evict_page(page, may_swap)) {
			reclaimed++;
			continue;
		}
		if (ref == PAGEREF_ACTIVATE && !(page->flags & PG_active)) {
			page->flags |= PG_active;
			count_vm_event(PGACTIVATE);
		}
		if (page->flags & PG_active)	/* Linux's move_folios_to_lru */
			workingset_age_nonresident(thp_nr_pages(page));
		putback_lru_page(page);
	}
	memalloc_noreclaim_restore(noreclaim);
	return reclaimed;
}

/* Evict the pages of page_list now, used lately or not (MADV_PAGEOUT's
 * entry, Linux's reclaim_pages); pages not freed go back on the LRU.
 * Returns the number freed. */
uint64_t reclaim_pages(struct list_head *page_list)
{
	bool may_swap = total_swap_pages() > nr_swap_used();

	while (!may_swap && !list_empty(page_list)) {	/* nowhere to go: */
		struct page *page = list_entry(page_list->next, struct page, list);
		list_del(&page->list);	/* back, Accessed bits kept (Linux's) */
		putback_lru_page(page);
	}
	return shrink_page_list(page_list, may_swap, true);
}

/* Move entries from the tail of list lru to dst, isolated, until they
 * stand for nr 4 KiB pages (a THP for 512) or the list is empty (Linux's
 * isolate_lru_folios); returns how many pages they stand for. */
static uint64_t isolate_lru_pages(uint64_t nr, enum lru_list lru,
				  struct list_head *dst)
{
	struct list_head *src = &page_lruvec()->lists[lru];
	uint64_t taken = 0;

	while (taken < nr && !list_empty(src)) {
		struct page *page = list_entry(src->prev, struct page, list);
		isolate_lru_page(page);
		list_add_tail(&page->list, dst);
		taken += thp_nr_pages(page);
	}
	return taken;
}

/* Up to nr pages from the inactive list lru's tail through
 * shrink_page_list; returns the number freed. */
static uint64_t shrink_inactive_list(uint64_t nr, enum lru_list lru,
				     struct scan_control *sc)
{
	LIST_HEAD(page_list);

	isolate_lru_pages(nr, lru, &page_list);
	return shrink_page_list(&page_list, sc->may_swap, false);
}

/*
 * Age up to nr pages from the tail of the active list lru: each goes to
 * the inactive head (pgdeactivate) - whether its PTEs were accessed or
 * not, since a page in use is activated again from there - except an
 * accessed executable file page, which stays active (program text);
 * their Accessed bits are cleared (Linux's shrink_active_list).
 */
static void shrink_active_list(uint64_t nr, enum lru_list lru)
{
	LIST_HEAD(l_hold);
	uint64_t vm_flags;

	count_vm_events(PGREFILL, isolate_lru_pages(nr, lru, &l_hold));
	while (!list_empty(&l_hold)) {
		struct page *page = list_entry(l_hold.next, struct page, list);
		list_del(&page->list);
		int ptes = page_referenced(page, &vm_flags);
		if (ptes > 0 && (vm_flags & VM_EXEC) && page->use == PU_CACHE &&
		    reclaim_policy == RECLAIM_LRU) {
			workingset_age_nonresident(thp_nr_pages(page));
			putback_lru_page(page);
			continue;
		}
		page->flags = (page->flags | PG_workingset) & ~PG_active;
		count_vm_event(PGDEACTIVATE);
		putback_lru_page(page);
	}
}

/* Is the inactive list lru too short against its active list?  Linux's
 * target ratio: 1 below 1 GiB, sqrt(10 * GiB) above. */
static bool inactive_is_low(enum lru_list lru)
{
	uint64_t inactive = lruvec_size(lru), active = lruvec_size(lru + LRU_ACTIVE);
	uint64_t gb = (inactive + active) >> (30 - PAGE_SHIFT), ratio = 1;

	while (gb && (ratio + 1) * (ratio + 1) <= 10 * gb)
		ratio++;
	return inactive * ratio < active;
}

/*
 * How many pages to scan from each evictable list this round (Linux's
 * get_scan_count): size >> priority, anon weighed against file as
 * swappiness : 200 - swappiness; file only without free swap, anon only
 * when the file lists are tiny (they and the free frames under high);
 * both in full at priority 0 (unless swappiness is 0).
 */
static void get_scan_count(struct scan_control *sc, uint64_t nr[NR_LRU_LISTS])
{
	uint64_t file = lruvec_size(LRU_INACTIVE_FILE) + lruvec_size(LRU_ACTIVE_FILE);
	uint64_t fraction[2] = { (uint64_t)vm_swappiness, 200 - (uint64_t)vm_swappiness };

	if (!sc->may_swap)
		fraction[0] = 0, fraction[1] = 1;
	else if (file + nr_free_pages() <= wmark_pages(WMARK_HIGH))
		fraction[0] = 1, fraction[1] = 0;
	else if (!sc->priority && vm_swappiness)
		fraction[0] = fraction[1] = 1;
	uint64_t denominator = fraction[0] + fraction[1];
	for (int lru = 0; lru < LRU_UNEVICTABLE; lru++) {
		uint64_t scan = lruvec_size(lru) >> sc->priority;
		int is_file = lru >= LRU_INACTIVE_FILE;
		nr[lru] = (scan * fraction[is_file] + denominator - 1) / denominator;
	}
}

/* One round over the lists at sc->priority (Linux's shrink_lruvec). */
static void shrink_lruvec(struct scan_control *sc)
{
	uint64_t nr[NR_LRU_LISTS];

	get_scan_count(sc, nr);
	while (nr[LRU_INACTIVE_ANON] || nr[LRU_ACTIVE_FILE] ||
	       nr[LRU_INACTIVE_FILE]) {
		for (int lru = 0; lru < LRU_UNEVICTABLE; lru++) {
			uint64_t n = MIN(nr[lru], SWAP_CLUSTER_MAX);
			nr[lru] -= n;
			if (!n)
				continue;
			if (lru & LRU_ACTIVE) {
				if (inactive_is_low(lru - LRU_ACTIVE))
					shrink_active_list(n, lru);
			} else {
				sc->nr_reclaimed += shrink_inactive_list(n, lru, sc);
			}
		}
		if (sc->nr_reclaimed >= sc->nr_to_reclaim)
			break;
	}
	if (sc->may_swap && inactive_is_low(LRU_INACTIVE_ANON))
		shrink_active_list(SWAP_CLUSTER_MAX, LRU_ACTIVE_ANON);
}

#define DEF_PRIORITY	12		/* the first round scans size >> 12 */

/* The lru and fifo policies: rounds at falling priority until nr pages
 * are freed or priority 0 has scanned everything (Linux's
 * do_try_to_free_pages); returns the number freed. */
static uint64_t shrink_lru(uint64_t nr, bool may_swap)
{
	struct scan_control sc = { .nr_to_reclaim = nr, .may_swap = may_swap };

	for (sc.priority = DEF_PRIORITY; sc.priority >= 0; sc.priority--) {
		shrink_lruvec(&sc);
		if (sc.nr_reclaimed >= nr)
			break;
	}
	return sc.nr_reclaimed;
}

/* The clock and random policies look at frames: is this one an LRU page
 * that could go (file, or anon with swap to go to)?  If so it goes
 * through shrink_page_list alone; returns 1 if it was freed. */
static uint64_t shrink_frame(struct page *page, bool may_swap)
{
	LIST_HEAD(page_list);

	if ((page->flags & (PG_lru | PG_unevictable)) != PG_lru ||
	    (page->use == PU_ANON && !may_swap))
		return 0;
	isolate_lru_page(page);
	list_add(&page->list, &page_list);
	return shrink_page_list(&page_list, may_swap, false);
}

static uint64_t clock_hand;		/* the next pfn the hand looks at */

/* The clock policy: move the hand until nr pages are freed or it has
 * gone twice round (the first round may only clear Accessed bits). */
static uint64_t shrink_clock(uint64_t nr, bool may_swap)
{
	uint64_t freed = 0;

	for (uint64_t n = 0; n < 2 * max_pfn && freed < nr; n++) {
		freed += shrink_frame(pfn_to_page(clock_hand), may_swap);
		clock_hand = (clock_hand + 1) % max_pfn;
	}
	return freed;
}

/* The random policy: frames drawn by xorshift64 from a fixed seed, so
 * that a run can be repeated, until nr are freed or 4 x max_pfn draws. */
static uint64_t shrink_random(uint64_t nr, bool may_swap)
{
	static uint64_t state = 0x9e3779b97f4a7c15ull;
	uint64_t freed = 0;

	for (uint64_t n = 0; n < 4 * max_pfn && freed < nr; n++) {
		state ^= state << 13;
		state ^= state >> 7;
		state ^= state << 17;
		freed += shrink_frame(pfn_to_page(state % max_pfn), may_swap);
	}
	return freed;
}

const char *const reclaim_policy_names[] = {
	[RECLAIM_LRU] = "lru", [RECLAIM_CLOCK] = "clock",
	[RECLAIM_FIFO] = "fifo", [RECLAIM_RANDOM] = "random", NULL,
};

/* reclaim=NAME or a write to /proc/sys/vm/reclaim: 0, or -EINVAL for a
 * name that is no policy (a trailing newline is allowed). */
int set_reclaim_policy(const char *name)
{
	size_t len = strlen(name);

	if (len && name[len - 1] == '\n')
		len--;
	for (int i = 0; reclaim_policy_names[i]; i++)
		if (len == strlen(reclaim_policy_names[i]) &&
		    !strncmp(name, reclaim_policy_names[i], len)) {
			reclaim_policy = i;
			return 0;
		}
	return -EINVAL;
}

/*
 * Free up to nr pages by the current policy.  Returns the number freed
 * (0: nothing could go).  Anonymous pages are candidates only while a
 * swap slot is free.
 */
uint64_t try_to_free_pages(uint64_t nr)
{
	bool may_swap = total_swap_pages() > nr_swap_used();
	uint64_t freed;

	if (reclaim_policy == RECLAIM_CLOCK)
		freed = shrink_clock(nr, may_swap);
	else if (reclaim_policy == RECLAIM_RANDOM)
		freed = shrink_random(nr, may_swap);
	else
		freed = shrink_lru(nr, may_swap);
	if (freed && !current_is_kswapd())
		kswapd_failed = false;	/* there is something to reclaim again */
	return freed;
}

/* The watermarks, in pages: set once by setup_per_zone_wmarks(). */
uint64_t zone_wmark[NR_WMARK];
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

	zone_wmark[WMARK_MIN] = min;
	zone_wmark[WMARK_LOW] = min + min / 4;
	zone_wmark[WMARK_HIGH] = min + min / 2;
}

/* Run the clock until free frames reach high or a sweep frees nothing;
 * returns false when the last sweep freed nothing (kswapd's and fork's). */
static bool reclaim_to_high(void)
{
	uint64_t free, freed = 1;

	while ((free = nr_free_pages()) < zone_wmark[WMARK_HIGH] && freed)
		freed = try_to_free_pages(zone_wmark[WMARK_HIGH] - free);
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
	if (nr_free_pages() < zone_wmark[WMARK_LOW])
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
