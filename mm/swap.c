/*
 * mm/swap.c - the LRU lists (Linux's mm/swap.c and mm_inline.h): which
 * pages reclaim (mm/vmscan.c) may evict, in the order it should look.
 *
 * Every page of user memory that reclaim could ever free is on exactly one
 * of five lists, linked through page->list (PG_lru set):
 *   inactive anon, active anon    private anonymous and shmem pages
 *                                 (swapped out)
 *   inactive file, active file    page-cache pages of files with a
 *                                 backing store (dropped, read again)
 *   unevictable                   pages reclaim must not touch: mlocked
 *                                 ones (PG_mlocked, a VM_LOCKED VMA maps
 *                                 them), and shmem pages while no swap
 *                                 is on or their segment is SHM_LOCKed
 * A new page goes to the head of an inactive list (lru_cache_add: at a
 * first-touch fault, a COW copy, a swap-in, a page-cache insertion);
 * reclaim takes pages from the tails.  A page seen in use twice while
 * inactive moves to the active list (PG_active; mark_page_accessed for
 * read(), the PTE Accessed bits for mapped pages, see vmscan.c), and when
 * the inactive list of a kind grows shorter than its active list, pages
 * go back from the active tail (shrink_active_list).  So a page that was
 * used once, long ago, is evicted before one in steady use: an
 * approximation of least-recently-used that costs nothing per access.
 * Linux has one such set of lists per memory cgroup per NUMA node (the
 * lruvec); Pagoda has one node, one zone, no cgroups, so one lruvec.
 *
 * A page leaves its list when it is freed (free_pages calls
 * __page_cache_release) or while reclaim holds it isolated (PG_lru
 * clear, on reclaim's private list).  The counts are /proc/meminfo's
 * Active/Inactive/Unevictable and /proc/vmstat's nr_*, in 4 KiB pages:
 * a transparent huge page is one entry, its first frame, that counts
 * 512 (thp_nr_pages) until its last PMD goes (lru_thp_split), as Linux
 * counts a folio by folio_nr_pages; lru_validate checks them against the
 * lists in debug builds.
 */
#include "mm.h"

static struct lruvec lruvec = {
	.lists = {
		LIST_HEAD_INIT(lruvec.lists[LRU_INACTIVE_ANON]),
		LIST_HEAD_INIT(lruvec.lists[LRU_ACTIVE_ANON]),
		LIST_HEAD_INIT(lruvec.lists[LRU_INACTIVE_FILE]),
		LIST_HEAD_INIT(lruvec.lists[LRU_ACTIVE_FILE]),
		LIST_HEAD_INIT(lruvec.lists[LRU_UNEVICTABLE]),
	},
};
static uint64_t nr_mlock;		/* PG_mlocked pages (Mlocked) */

/* The only lruvec (reclaim walks its lists). */
struct lruvec *page_lruvec(void)
{
	return &lruvec;
}

/* Pages on list lru. */
uint64_t lruvec_size(enum lru_list lru)
{
	return lruvec.nr[lru];
}

uint64_t nr_mlock_pages(void)
{
	return nr_mlock;
}

/* May reclaim evict page at all?  Not if mlocked, nor a shmem page while
 * no swap is on or its segment is SHM_LOCKed, nor a cache page of a file
 * with nothing to read it back from (Linux's folio_evictable with
 * mapping_unevictable). */
bool page_evictable(struct page *page)
{
	struct address_space *mapping = page_mapping(page);

	if (page->flags & PG_mlocked)
		return false;
	if (page->use == PU_ANON)
		return !PageShmem(page) || (total_swap_pages() && !mapping->unevictable);
	return !mapping || (mapping->a_ops && mapping->a_ops->read_folio);
}

/* The list page belongs on, from its flags and kind. */
static enum lru_list page_lru(struct page *page)
{
	if (page->flags & PG_unevictable)
		return LRU_UNEVICTABLE;
	enum lru_list lru = page->use == PU_ANON ? LRU_INACTIVE_ANON
						 : LRU_INACTIVE_FILE;
	return page->flags & PG_active ? lru + LRU_ACTIVE : lru;
}

/* Put page at the head (tail if at_tail) of the list its flags name. */
static void add_page_to_lru_list(struct page *page, bool at_tail)
{
	enum lru_list lru = page_lru(page);

	if (at_tail)
		list_add_tail(&page->list, &lruvec.lists[lru]);
	else
		list_add(&page->list, &lruvec.lists[lru]);
	lruvec.nr[lru] += thp_nr_pages(page);
	page->flags |= PG_lru;
}

/* Take page off its list (it must be on one). */
static void del_page_from_lru_list(struct page *page)
{
	lruvec.nr[page_lru(page)] -= thp_nr_pages(page);
	list_del(&page->list);
	page->flags &= ~PG_lru;
}

/* A page reclaim held isolated (or a new one) goes back: to the
 * unevictable list if it may not be evicted now, else to the head of the
 * list its PG_active names (Linux's folio_putback_lru). */
void putback_lru_page(struct page *page)
{
	if (page_evictable(page)) {
		page->flags &= ~PG_unevictable;
	} else {
		if (!(page->flags & PG_unevictable))
			count_vm_event(UNEVICTABLE_PGCULLED);
		page->flags = (page->flags | PG_unevictable) & ~PG_active;
	}
	add_page_to_lru_list(page, false);
}

/* A new page of user memory joins the LRU, inactive unless a refault
 * made it active (mm/workingset.c; Linux's folio_add_lru). */
void lru_cache_add(struct page *page)
{
	page->flags &= ~(PG_referenced | PG_unevictable);
	putback_lru_page(page);
}

static void page_set_mlocked(struct page *page)
{
	page->flags |= PG_mlocked;
	nr_mlock += thp_nr_pages(page);
	count_vm_event(UNEVICTABLE_PGMLOCKED);
}

/* A new anonymous page just mapped in vma: mlocked at once if vma is
 * VM_LOCKED, else inactive (Linux's lru_cache_add_inactive_or_unevictable). */
void lru_cache_add_inactive_or_unevictable(struct page *page,
					   struct vm_area_struct *vma)
{
	if (vma->vm_flags & VM_LOCKED)
		page_set_mlocked(page);
	lru_cache_add(page);
}

/* Pages on the unevictable list that may be evicted now (shmem pages at
 * swapon or SHM_UNLOCK) go back to their inactive lists (Linux's
 * check_move_unevictable_folios). */
void check_move_unevictable_pages(void)
{
	struct list_head *pos, *next;

	list_for_each_safe(pos, next, &lruvec.lists[LRU_UNEVICTABLE]) {
		struct page *page = list_entry(pos, struct page, list);
		if (!page_evictable(page))
			continue;
		del_page_from_lru_list(page);
		putback_lru_page(page);
	}
}

/* Take page off its list for reclaim (PG_lru clear); false if it is on
 * none (Linux's folio_isolate_lru).  The caller links it on its own list
 * and gives it back with putback_lru_page, unless it frees it. */
bool isolate_lru_page(struct page *page)
{
	if (!(page->flags & PG_lru))
		return false;
	del_page_from_lru_list(page);
	return true;
}

/* Move an inactive, evictable page to the head of its active list. */
static void activate_page(struct page *page)
{
	if ((page->flags & (PG_lru | PG_active | PG_unevictable)) != PG_lru)
		return;
	del_page_from_lru_list(page);
	page->flags |= PG_active;
	add_page_to_lru_list(page, false);
	count_vm_event(PGACTIVATE);
}

/* MADV_COLD: an active, evictable page goes to the head of its inactive
 * list, unreferenced, marked as once active (Linux's folio_deactivate). */
void deactivate_page(struct page *page)
{
	if ((page->flags & (PG_lru | PG_active | PG_unevictable)) != (PG_lru | PG_active))
		return;
	del_page_from_lru_list(page);
	page->flags = (page->flags | PG_workingset) & ~(PG_active | PG_referenced);
	add_page_to_lru_list(page, false);
	count_vm_event(PGDEACTIVATE);
}

/*
 * A use of page the PTEs do not see (read() of a cache page): the first
 * marks it referenced, the second, if inactive, activates it - two uses
 * before promotion, so a file read once does not push out pages in use
 * (Linux's folio_mark_accessed).  Only the lru policy ages this way.
 */
void mark_page_accessed(struct page *page)
{
	if (reclaim_policy != RECLAIM_LRU)
		return;
	if (!(page->flags & PG_referenced)) {
		page->flags |= PG_referenced;
	} else if (!(page->flags & PG_active)) {
		activate_page(page);
		page->flags &= ~PG_referenced;
		workingset_age_nonresident(1);	/* Linux's workingset_activation */
	}
}

/* page, mapped by a VM_LOCKED VMA, becomes mlocked: it moves to the
 * unevictable list (Linux's mlock_folio).  Pages on no list (the frames
 * of a huge page) are left alone. */
void mlock_page(struct page *page)
{
	if ((page->flags & PG_mlocked) || !isolate_lru_page(page))
		return;
	page_set_mlocked(page);
	putback_lru_page(page);
}

/* The lock on page is gone (munlock): back to an inactive list if it may
 * be evicted again (Linux's munlock_folio). */
void munlock_page(struct page *page)
{
	if (!(page->flags & PG_mlocked))
		return;
	page->flags &= ~PG_mlocked;
	nr_mlock -= thp_nr_pages(page);
	count_vm_event(UNEVICTABLE_PGMUNLOCKED);
	if (isolate_lru_page(page)) {
		page->flags &= ~PG_active;
		putback_lru_page(page);
	}
}

/* The last reference to page is going (free_pages): off its list and
 * out of the mlock count (Linux's __page_cache_release). */
void __page_cache_release(struct page *page)
{
	if (page->flags & PG_lru)
		del_page_from_lru_list(page);
	if (page->flags & PG_mlocked)
		nr_mlock -= thp_nr_pages(page);
	page->flags &= ~(PG_active | PG_referenced | PG_unevictable | PG_mlocked |
			 PG_workingset);
}

/* The block at head is a THP no more (its last PMD was split or unmapped,
 * pmd_maps is now 0: huge_memory.c): on its list, or isolated, and in the
 * mlock count head now stands for its own 4 KiB only; the frames still
 * held join the LRU one by one after this (Linux's __split_huge_page
 * moves their share from the folio to the tail pages). */
void lru_thp_split(struct page *head)
{
	if (head->flags & PG_lru)
		lruvec.nr[page_lru(head)] -= HPAGE_PMD_NR - 1;
	if (head->flags & PG_mlocked)
		nr_mlock -= HPAGE_PMD_NR - 1;
}

/* One list: each page carries PG_lru, the flags and kind of the list,
 * and the list's count is the 4 KiB pages its entries stand for (512 for
 * a THP's head: thp_nr_pages).  0 or -1 after printing. */
static int lru_validate_list(enum lru_list lru, uint64_t *mlocked)
{
	struct page *page;
	uint64_t n = 0;

	list_for_each_entry(page, &lruvec.lists[lru], list) {
		n += thp_nr_pages(page);
		*mlocked += page->flags & PG_mlocked ? thp_nr_pages(page) : 0;
		if (!(page->flags & PG_lru) || page_lru(page) != lru ||
		    (page->use != PU_ANON && page->use != PU_CACHE)) {
			printk("lru_validate: pfn %lu on list %d: flags %x use %d\n",
			       page_to_pfn(page), lru, page->flags, page->use);
			return -1;
		}
	}
	if (n != lruvec.nr[lru]) {
		printk("lru_validate: list %d has %lu pages, counted %lu\n",
		       lru, n, lruvec.nr[lru]);
		return -1;
	}
	return 0;
}

/* The LRU invariants (debug builds, from mm_validate; O(pages on the
 * lists)): every list as lru_validate_list says, and nr_mlock the 4 KiB
 * pages of the PG_mlocked entries on them (an mlocked page is always on
 * a list).  0 or -1 after printing. */
int lru_validate(void)
{
	uint64_t mlocked = 0;

	for (int lru = 0; lru < NR_LRU_LISTS; lru++)
		if (lru_validate_list(lru, &mlocked))
			return -1;
	if (mlocked != nr_mlock) {
		printk("lru_validate: %lu mlocked pages on the lists, nr_mlock %lu\n",
		       mlocked, nr_mlock);
		return -1;
	}
	return 0;
}
