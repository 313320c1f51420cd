/*
 * mm/hugetlb.c - MAP_HUGETLB: 2 MiB pages from a pool set aside by the
 * administrator, as Linux's mm/hugetlb.c (one page size, 2 MiB).
 *
 * The pool.  /proc/sys/vm/nr_hugepages asks for a number of persistent
 * pages: growing it takes order-9 blocks from the buddy allocator
 * (PU_HUGETLB frames), shrinking it gives free ones back.  Pages that
 * reservations or mappings still need cannot go: they become surplus
 * pages (HugePages_Surp), freed as soon as they are no longer needed.
 * HugePages_Free counts the free pages, HugePages_Rsvd those of them
 * promised to mappings (so Rsvd <= Free).
 *
 * The object.  As in Linux, a MAP_HUGETLB mapping maps a file of its own
 * (hugetlbfs.c: an unlinked "anon_hugepage", VM_HUGETLB); each huge page
 * is mapped by one PMD leaf entry (pgtable_pmd.c), never split.  A page's
 * head frame carries the counts: refcount (each PMD, and for a shared
 * mapping the file's cache) and mapcount (the PMDs).  A page whose last
 * reference goes returns to the pool (free_huge_page).
 *
 * Reservations are made at mmap time (hugetlb_reserve_pages), so that a
 * fault never finds the pool empty: -ENOMEM when the free pages not yet
 * promised are too few, as Linux.  A resv_map records the huge indices of
 * a mapping still reserved.  Shared mappings: the file's map, consumed by
 * the first fault of each index, released with the file.  Private
 * mappings: the map belongs to the mm that called mmap (the owner, Linux's
 * HPAGE_RESV_OWNER); a child after fork has no reservations, so its
 * copy-on-write faults take unreserved pages or get SIGBUS.  When the
 * owner unmaps a page it had faulted in (munmap, MADV_DONTNEED), the
 * reservation comes back (PG_restore_reserve, counted when the page is
 * freed); the owner's VMA release gives back what its range still holds.
 *
 * Like Linux's MAP_NORESERVE, a mapping can go without reservations and
 * then gets SIGBUS at a fault when the pool is empty.  Linux also lets
 * the owner's copy-on-write steal a page back from its children
 * (unmap_ref_private); here that fault gets SIGBUS (docs/divergences.md).
 */
#include "mm.h"
#include "../fs/fs.h"
#include <uapi/errno.h>

static struct list_head hugepage_freelist = LIST_HEAD_INIT(hugepage_freelist);
static uint64_t nr_huge_pages, free_huge_pages, resv_huge_pages;
static uint64_t surplus_huge_pages;

/* Pages that stay when nothing uses them (nr_hugepages). */
uint64_t hugetlb_nr_persistent(void)
{
	return nr_huge_pages - surplus_huge_pages;
}

static void enqueue_huge_page(struct page *page)
{
	page->refcount = 0;
	page->mapcount = 0;
	list_add(&page->list, &hugepage_freelist);
	free_huge_pages++;
}

static struct page *dequeue_huge_page(void)
{
	struct page *page;

	if (list_empty(&hugepage_freelist))
		return NULL;
	page = list_entry(hugepage_freelist.next, struct page, list);
	list_del(&page->list);
	free_huge_pages--;
	return page;
}

/* Give a page of the pool back to the buddy allocator. */
static void update_and_free_huge_page(struct page *page)
{
	nr_huge_pages--;
	free_pages(page, HPAGE_PMD_ORDER);
}

/* A new page for the pool from the buddy allocator; false if none. */
static bool alloc_pool_huge_page(void)
{
	struct page *page = alloc_pages(HPAGE_PMD_ORDER, PU_HUGETLB);

	if (!page)
		return false;
	nr_huge_pages++;
	enqueue_huge_page(page);
	return true;
}

/* The last reference to a huge page went: back to the pool (its
 * reservation too, if it was an owner's), or to the buddy allocator if
 * it was a surplus page (Linux's free_huge_folio). */
static void free_huge_page(struct page *page)
{
	if (page->flags & PG_restore_reserve)
		resv_huge_pages++;
	page->flags = 0;
	if (surplus_huge_pages) {
		surplus_huge_pages--;
		update_and_free_huge_page(page);
	} else {
		enqueue_huge_page(page);
	}
}

static void put_huge_page(struct page *page)
{
	if (page->refcount <= 0)
		panic("put_huge_page: pfn %lu refcount %d", page_to_pfn(page),
		      page->refcount);
	if (--page->refcount == 0)
		free_huge_page(page);
}

/*
 * Set the persistent pool size to count pages, as far as memory and use
 * allow (Linux's set_max_huge_pages): grow by turning surplus pages
 * persistent, then with fresh blocks; shrink by freeing free pages not
 * promised to a reservation, and turn what must stay into surplus.
 */
void set_max_huge_pages(uint64_t count)
{
	while (count > hugetlb_nr_persistent()) {
		if (surplus_huge_pages)
			surplus_huge_pages--;
		else if (!alloc_pool_huge_page())
			break;
	}
	uint64_t min_count = resv_huge_pages + nr_huge_pages - free_huge_pages;
	min_count = MAX(count, min_count);
	while (min_count < hugetlb_nr_persistent() && free_huge_pages)
		update_and_free_huge_page(dequeue_huge_page());
	while (count < hugetlb_nr_persistent() && surplus_huge_pages < nr_huge_pages)
		surplus_huge_pages++;
}

/* Free surplus pages that a released reservation no longer needs. */
static void return_unused_surplus_pages(uint64_t unused)
{
	resv_huge_pages -= unused;
	while (unused-- && surplus_huge_pages && free_huge_pages > resv_huge_pages) {
		surplus_huge_pages--;
		update_and_free_huge_page(dequeue_huge_page());
	}
}

/* Reserve delta more pages (0 or -ENOMEM), or release -delta. */
static int hugetlb_acct_memory(int64_t delta)
{
	if (delta < 0) {
		return_unused_surplus_pages(-delta);
		return 0;
	}
	if (free_huge_pages - resv_huge_pages < (uint64_t)delta)
		return -ENOMEM;
	resv_huge_pages += delta;
	return 0;
}

/* A zeroed page from the pool for a fault, with one reference: a
 * reserved one, or else one nobody was promised; NULL if there is none. */
static struct page *alloc_hugetlb_page(bool reserved)
{
	struct page *page;

	if (!reserved && free_huge_pages <= resv_huge_pages)
		return NULL;
	page = dequeue_huge_page();
	if (!page)
		return NULL;
	if (reserved)
		resv_huge_pages--;
	page->refcount = 1;
	memset(page_address(page), 0, HPAGE_PMD_SIZE);
	return page;
}

/* The HugePages_* lines of /proc/meminfo, in Linux's format. */
void hugetlb_report_meminfo(struct seqbuf *m)
{
	seq_printf(m, "HugePages_Total:   %5lu\nHugePages_Free:    %5lu\n"
		   "HugePages_Rsvd:    %5lu\nHugePages_Surp:    %5lu\n"
		   "Hugepagesize:   %8lu kB\nHugetlb:        %8lu kB\n",
		   nr_huge_pages, free_huge_pages, resv_huge_pages,
		   surplus_huge_pages, HPAGE_PMD_SIZE >> 10,
		   nr_huge_pages * (HPAGE_PMD_SIZE >> 10));
}

/* ---- reservation maps ------------------------------------------------ */

/* The huge indices of a mapping that are reserved and not yet consumed
 * (Linux's resv_map, as a set). */
struct resv_map {
	struct radix_root reserved;	/* index -> the map itself: reserved */
	uint64_t count;
};

struct resv_map *resv_map_alloc(void)
{
	return kzalloc(sizeof(struct resv_map));
}

static bool resv_test_and_clear(struct resv_map *map, uint64_t idx)
{
	if (!map || !radix_delete(&map->reserved, idx))
		return false;
	map->count--;
	return true;
}

/* Mark idx reserved again; false if it was (or no memory for the map). */
static bool resv_add(struct resv_map *map, uint64_t idx)
{
	if (radix_lookup(&map->reserved, idx) || radix_insert(&map->reserved, idx, map))
		return false;
	map->count++;
	return true;
}

/* Reserve the pages [from, to) of map: 0, or -ENOMEM with nothing held
 * when the pool cannot promise them (Linux's hugetlb_reserve_pages). */
int hugetlb_reserve_pages(struct resv_map *map, uint64_t from, uint64_t to)
{
	if (hugetlb_acct_memory(to - from))
		return -ENOMEM;
	for (uint64_t i = from; i < to; i++) {
		if (!resv_add(map, i)) {
			hugetlb_unreserve_pages(map, from, i);
			hugetlb_acct_memory(-(int64_t)(to - i));
			return -ENOMEM;
		}
	}
	return 0;
}

/* Give back the reservations map still holds in [from, to). */
void hugetlb_unreserve_pages(struct resv_map *map, uint64_t from, uint64_t to)
{
	void *items[16];
	uint64_t idx[16];
	unsigned n;
	int64_t released = 0;

	while (from < to && (n = radix_gang_lookup(&map->reserved, from, items, idx, 16))) {
		for (unsigned i = 0; i < n && idx[i] < to; i++)
			released += resv_test_and_clear(map, idx[i]);
		if (idx[n - 1] + 1 >= to)
			break;
		from = idx[n - 1] + 1;
	}
	hugetlb_acct_memory(-released);
}

/* Release all that map holds, and the map. */
void resv_map_release(struct resv_map *map)
{
	if (!map)
		return;
	hugetlb_unreserve_pages(map, 0, UINT64_MAX);
	kfree(map);
}

/* ---- faults ------------------------------------------------------------ */

/* Map page at the huge entry *pmdp of vma with vma's protection: one
 * more mapping of it. */
static void set_huge_pmd(struct vm_area_struct *vma, pmd_t *pmdp, struct page *page)
{
	page->mapcount++;
	set_pmd(pmdp, mk_huge_pmd(page_to_phys(page), vma_pte_prot(vma)));
}

/* A fault on an empty entry: the file's page (shared), else a new one;
 * a reservation is used where the mapping holds one. */
static int hugetlb_no_page(struct vm_area_struct *vma, uint64_t haddr,
			   pmd_t *pmdp)
{
	struct hugetlbfs_inode_info *obj = hugetlb_vma_info(vma);
	uint64_t idx = vma_index(vma, haddr) >> HPAGE_PMD_ORDER;
	struct page *page = NULL;

	if (vma->vm_flags & VM_SHARED)
		page = radix_lookup(&obj->pages, idx);
	if (!page) {
		bool owner = (vma->vm_flags & VM_SHARED) || obj->owner == vma->vm_mm;
		bool reserved = owner && resv_test_and_clear(obj->resv, idx);
		page = alloc_hugetlb_page(reserved && resv_huge_pages);
		if (!page)
			return VM_FAULT_SIGBUS;
		if ((vma->vm_flags & VM_SHARED) && radix_insert(&obj->pages, idx, page)) {
			put_huge_page(page);
			return VM_FAULT_OOM;
		}
	}
	if (vma->vm_flags & VM_SHARED)
		page->refcount++;	/* the mapping's, beside the file's */
	set_huge_pmd(vma, pmdp, page);
	return VM_FAULT_OK;
}

/* A write to a read-only private entry (shared with a child since fork):
 * reuse the page if only we hold it, else copy it to an unreserved one
 * (none: SIGBUS).  (Linux's hugetlb_wp.) */
static int hugetlb_wp(struct vm_area_struct *vma, uint64_t haddr, pmd_t *pmdp)
{
	struct page *old = pmd_page(*pmdp), *new;

	if (old->refcount == 1) {
		pmd_modify(pmdp, vma_pte_prot(vma));
		flush_tlb_page(haddr);
		return VM_FAULT_OK;
	}
	new = alloc_hugetlb_page(false);
	if (!new)
		return VM_FAULT_SIGBUS;
	memcpy(page_address(new), page_address(old), HPAGE_PMD_SIZE);
	set_huge_pmd(vma, pmdp, new);
	flush_tlb_page(haddr);
	old->mapcount--;
	put_huge_page(old);
	return VM_FAULT_OK;
}

/* handle_mm_fault for a VM_HUGETLB vma, the access allowed: VM_FAULT_OK,
 * VM_FAULT_SIGBUS (no page for it) or VM_FAULT_OOM. */
int hugetlb_fault(struct vm_area_struct *vma, uint64_t addr, unsigned flags)
{
	uint64_t haddr = addr & HPAGE_PMD_MASK;
	pmd_t *pmdp = pmd_walk(vma->vm_mm->pml4, addr, true);

	if (!pmdp)
		return VM_FAULT_OOM;
	if (pmd_none(*pmdp))
		return hugetlb_no_page(vma, haddr, pmdp);
	if (!pmd_leaf(*pmdp))
		return VM_FAULT_SIGBUS;	/* a page table: mm_validate forbids it */
	if ((flags & FAULT_FLAG_WRITE) && !pmd_write(*pmdp))
		return hugetlb_wp(vma, haddr, pmdp);
	flush_tlb_page(addr);		/* a stale TLB entry: retry */
	return VM_FAULT_OK;
}

/* ---- ranges ------------------------------------------------------------ */

struct hugetlb_walk {
	struct vm_area_struct *vma;
	struct mm_struct *dst;		/* copy: the child */
	unsigned prot;			/* change_protection */
	uint64_t count;			/* hugetlb_usage */
};

static int unmap_one(uint64_t haddr, pmd_t *pmdp, void *arg)
{
	struct hugetlb_walk *w = arg;
	struct vm_area_struct *vma = w->vma;
	struct page *page = pmd_page(*pmdp);

	set_pmd(pmdp, 0);
	flush_tlb_mm_page(vma->vm_mm, haddr);
	page->mapcount--;
	if (!(vma->vm_flags & VM_SHARED) && !surplus_huge_pages) {
		struct hugetlbfs_inode_info *obj = hugetlb_vma_info(vma);
		if (obj->owner == vma->vm_mm && obj->resv &&
		    resv_add(obj->resv, vma_index(vma, haddr) >> HPAGE_PMD_ORDER))
			page->flags |= PG_restore_reserve;
	}
	put_huge_page(page);
	return 0;
}

/* Unmap the huge pages of vma in [start, end), both 2 MiB aligned
 * (zap_page_range's hugetlb case; Linux's unmap_hugepage_range). */
void unmap_hugepage_range(struct vm_area_struct *vma, uint64_t start, uint64_t end)
{
	struct hugetlb_walk w = { .vma = vma };

	pgtable_for_each_pmd(vma->vm_mm->pml4, start, end, unmap_one, &w);
}

static int copy_one(uint64_t haddr, pmd_t *pmdp, void *arg)
{
	struct hugetlb_walk *w = arg;
	pmd_t *dst = pmd_walk(w->dst->pml4, haddr, true);
	pmd_t pmd = pmd_wrprotect(*pmdp);
	struct page *page = pmd_page(pmd);

	if (!dst)
		return -ENOMEM;
	set_pmd(pmdp, pmd);
	set_pmd(dst, pmd);
	page->refcount++;
	page->mapcount++;
	return 0;
}

/*
 * fork's copy of a hugetlb vma: a private one shares its pages
 * write-protected in both (copy-on-write); a shared one copies no entry,
 * the child faults its own in from the file (as Linux, which copies only
 * VMAs with an anon_vma).  0 or -ENOMEM.  The caller flushes src's TLB.
 */
int copy_hugetlb_page_range(struct mm_struct *dst, struct mm_struct *src,
			    struct vm_area_struct *vma)
{
	struct hugetlb_walk w = { .vma = vma, .dst = dst };

	if (vma->vm_flags & VM_SHARED)
		return 0;
	return pgtable_for_each_pmd(src->pml4, vma->vm_start, vma->vm_end,
				    copy_one, &w);
}

static int change_one(uint64_t haddr, pmd_t *pmdp, void *arg)
{
	struct hugetlb_walk *w = arg;
	unsigned prot = w->prot;

	if (!(w->vma->vm_flags & VM_SHARED) && !pmd_write(*pmdp))
		prot &= ~VM_PROT_WRITE;	/* private: write faults decide (COW) */
	pmd_modify(pmdp, prot);
	flush_tlb_mm_page(w->vma->vm_mm, haddr);
	return 0;
}

/* mprotect of [start, end) of a hugetlb vma (aligned): prot in each
 * entry (Linux's hugetlb_change_protection). */
void hugetlb_change_protection(struct vm_area_struct *vma, uint64_t start,
			       uint64_t end, unsigned prot)
{
	struct hugetlb_walk w = { .vma = vma, .prot = prot };

	pgtable_for_each_pmd(vma->vm_mm->pml4, start, end, change_one, &w);
}

static int count_one(uint64_t haddr, pmd_t *pmdp, void *arg)
{
	(void)haddr;
	(void)pmdp;
	((struct hugetlb_walk *)arg)->count++;
	return 0;
}

/* The huge pages mm maps, in 4 KiB pages (HugetlbPages in status). */
uint64_t hugetlb_usage(struct mm_struct *mm)
{
	struct hugetlb_walk w = { 0 };

	for (struct vm_area_struct *v = mm->mmap; v; v = v->vm_next)
		if (is_vm_hugetlb_page(v))
			pgtable_for_each_pmd(mm->pml4, v->vm_start, v->vm_end,
					     count_one, &w);
	return w.count * HPAGE_PMD_NR;
}

/* mm_validate's check of a huge entry at va in the hugetlb vma v: inside
 * it, no more permissive, mapping a pool page that counts the mapping;
 * a shared page is the file's at that index.  0 or -1 after printing. */
int hugetlb_check_pmd(struct vm_area_struct *v, uint64_t va, pmd_t pmd)
{
	struct page *page = pmd_page(pmd);
	unsigned extra = pmd_prot(pmd) & ~vma_pte_prot(v);
	uint64_t idx = vma_index(v, va) >> HPAGE_PMD_ORDER;

	if (va < v->vm_start || va + HPAGE_PMD_SIZE > v->vm_end ||
	    page_to_pfn(page) % HPAGE_PMD_NR || page->use != PU_HUGETLB ||
	    (extra & (VM_PROT_READ | VM_PROT_WRITE | VM_PROT_EXEC)) ||
	    page->mapcount < 1 || page->refcount < page->mapcount ||
	    ((v->vm_flags & VM_SHARED) &&
	     radix_lookup(&hugetlb_vma_info(v)->pages, idx) != page)) {
		printk("mm_validate: hugetlb entry %lx at %lx: outside its vma, "
		       "more permissive, or a page not counted as mapped\n", pmd, va);
		return -1;
	}
	return 0;
}

/* Drop the file's references to its pages (the file is going). */
void hugetlb_release_pages(struct hugetlbfs_inode_info *obj)
{
	void *items[16];
	uint64_t idx[16];
	unsigned n;

	while ((n = radix_gang_lookup(&obj->pages, 0, items, idx, 16)))
		for (unsigned i = 0; i < n; i++) {
			radix_delete(&obj->pages, idx[i]);
			put_huge_page(items[i]);
		}
}
