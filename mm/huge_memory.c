/*
 * mm/huge_memory.c - transparent huge pages for private anonymous memory,
 * as Linux's mm/huge_memory.c.
 *
 * A fault in an anonymous VMA that covers the whole 2 MiB-aligned range
 * around the address, where the page directory has no page table yet,
 * maps that range with one PMD leaf entry (pgtable_pmd.c): a write
 * faults in an order-9 block of zeroed frames from the buddy allocator
 * (thp_fault_alloc; when there is none, 4 KiB pages: thp_fault_fallback),
 * a read the huge zero page.  Policy: /sys/kernel/mm/transparent_hugepage/
 * enabled (always, madvise: only VM_HUGEPAGE VMAs, never), the
 * transparent_hugepage= boot option, MADV_NOHUGEPAGE and
 * prctl(PR_SET_THP_DISABLE).
 *
 * Counting.  The first frame's pmd_maps counts the PMDs that map the
 * block, and each PMD stands for one reference and one mapping of every
 * one of the 512 frames (page_count, page_mapcount: huge_mm.h), as Linux's
 * entire mapcount: so fork and exit of a huge entry touch one counter,
 * not 512.  A frame's own refcount and mapcount are the rest: its PTEs
 * after a split, and kernel references.  Splitting a PMD
 * (split_huge_pmd) turns its share into each frame's own counts; the
 * last PMD of a block to go frees the frames nothing else holds (all 512
 * as one block when none is held).  A block with one or more PMDs is a
 * THP (AnonHugePages in meminfo); when the last PMD is split it stops
 * being one (thp_split_page).  The block's first frame is on the LRU for
 * all of it, counted as 512 pages (thp_nr_pages); reclaim splits it to
 * swap it (split_huge_page_to_list), and a split block's frames join the
 * LRU one by one, the first one then counting 1 (lru_thp_split).
 *
 * Splits.  A page table for the split is set aside (deposited on the mm's
 * pmd_huge_pte list) when a huge entry is made, so a split never fails.
 * A range operation that covers a huge page whole works on the PMD
 * (zap_huge_pmd from memory.c's zap_pmd_range, change_huge_pmds for
 * mprotect, copy_huge_pmd from copy_pmd_range at fork, a move by mremap);
 * one that covers part of it splits it first: __split_vma at an
 * unaligned address, zap_pmd_range for MADV_DONTNEED of part, mremap of
 * part.
 * Copy-on-write of a shared huge page copies all of it
 * (do_huge_pmd_wp_page); without memory for that it splits and copies
 * 4 KiB.  A write to the huge zero page maps a new zeroed block in its
 * place (Linux 6.16's do_huge_zero_wp_pmd), or splits it.
 */
#include "mm.h"
#include <uapi/errno.h>

int thp_enabled = THP_MADVISE;	/* as the Linux host the tests compare with */
int thp_defrag = THP_DEFRAG_MADVISE;
static struct page *huge_zero_page;
static uint64_t anon_thps;	/* blocks mapped by a PMD somewhere */

/* The pinned 2 MiB of zeros that read faults map, made at boot so that
 * no test's leak check sees it appear; NULL if there was no block. */
static struct page *alloc_huge_zero_page(void)
{
	struct page *p = alloc_pages(HPAGE_PMD_ORDER, PU_KERNEL);

	if (!p)
		return NULL;
	memset(page_address(p), 0, HPAGE_PMD_SIZE);
	for (int i = 0; i < HPAGE_PMD_NR; i++) {
		p[i].flags |= PG_zero;
		p[i].refcount = INT32_MAX;	/* never freed */
	}
	count_vm_event(THP_ZERO_PAGE_ALLOC);
	return p;
}

/* At boot, after the allocators: the transparent_hugepage= option
 * (always, madvise or never) and the huge zero page - not with less than
 * 64 MiB of RAM, where its 2 MiB would be an eighth of memory or more
 * (a swap test boots with 16 MiB): read faults then map 4 KiB zero pages,
 * as when the block cannot be had. */
void thp_init(void)
{
	const char *opt = cmdline_get("transparent_hugepage");

	for (int m = 0; opt && m < THP_NR_MODES; m++)
		if (!strcmp(opt, thp_mode_names[m]))
			thp_enabled = m;
	if (nr_total_pages() >= (64ull << 20) / PAGE_SIZE)
		huge_zero_page = alloc_huge_zero_page();
}

const char *const thp_mode_names[THP_NR_MODES] = {
	[THP_ALWAYS] = "always", [THP_MADVISE] = "madvise", [THP_NEVER] = "never",
};

/* May the 2 MiB at haddr of vma be one huge page?  (Linux's
 * thp_vma_allowable_order with thp_vma_suitable_order.) */
bool thp_vma_allowable(const struct vm_area_struct *vma, uint64_t haddr)
{
	if (!vma_is_anonymous(vma) || (vma->vm_flags & (VM_NOHUGEPAGE | VM_SPECIAL)) ||
	    vma->vm_mm->thp_disabled || thp_enabled == THP_NEVER)
		return false;
	if (thp_enabled == THP_MADVISE && !(vma->vm_flags & VM_HUGEPAGE))
		return false;
	return haddr >= vma->vm_start && haddr + HPAGE_PMD_SIZE <= vma->vm_end;
}

/* smaps' THPeligible: could the last aligned 2 MiB of vma be huge? */
bool thp_vma_eligible(const struct vm_area_struct *vma)
{
	if (vma->vm_end - vma->vm_start < HPAGE_PMD_SIZE)
		return false;
	return thp_vma_allowable(vma, (vma->vm_end - HPAGE_PMD_SIZE) & HPAGE_PMD_MASK);
}

uint64_t nr_anon_thps(void)
{
	return anon_thps;
}

bool is_huge_zero_page(const struct page *page)
{
	return huge_zero_page && page >= huge_zero_page &&
	       page < huge_zero_page + HPAGE_PMD_NR;
}

/* Set aside the page table pt for a later split of a new huge entry of
 * mm (khugepaged gives the table it collapsed). */
void pgtable_trans_huge_deposit(struct mm_struct *mm, struct page *pt)
{
	list_add(&pt->list, &mm->pmd_huge_pte);
	mm->nr_huge_pmds++;
}

/* ... a new one; 0 or -ENOMEM. */
static int pgtable_deposit(struct mm_struct *mm)
{
	struct page *pt = alloc_page(PU_PGTABLE);

	if (!pt)
		return -ENOMEM;
	pgtable_trans_huge_deposit(mm, pt);
	return 0;
}

/* Take back a deposited table: a huge entry of mm is going away. */
static struct page *pgtable_withdraw(struct mm_struct *mm)
{
	struct page *pt = list_entry(mm->pmd_huge_pte.next, struct page, list);

	if (list_empty(&mm->pmd_huge_pte))
		panic("pgtable_withdraw: no deposited table");
	list_del(&pt->list);
	mm->nr_huge_pmds--;
	return pt;
}

/* A PMD of vma now maps the block at head: one more PMD on the block (a
 * reference and a mapping of each frame), 512 pages of RSS.  A new
 * block's head joins the LRU, standing for all of it (Linux's folio), so
 * that reclaim finds it (and splits it to swap it: split_huge_page_to_list);
 * mlocked, on the unevictable list, in a VM_LOCKED vma. */
void thp_add_map(struct vm_area_struct *vma, struct page *head)
{
	vma->vm_mm->rss_anon += HPAGE_PMD_NR;
	if (!head->pmd_maps++) {
		anon_thps++;
		lru_cache_add_inactive_or_unevictable(head, vma);
	}
}

/* The block is a THP no more, but its frames still held live on as 4 KiB
 * pages: each joins the LRU beside the head (Linux's lru_add_page_tail). */
static void thp_tails_to_lru(struct page *head)
{
	for (int i = 1; i < HPAGE_PMD_NR; i++)
		if (head[i].refcount && !(head[i].flags & PG_lru))
			lru_cache_add(&head[i]);
}

/* One PMD fewer maps the block; it is a THP no more after the last. */
static void thp_dec_pmd_maps(struct page *head, bool split)
{
	if (--head->pmd_maps)
		return;
	anon_thps--;
	lru_thp_split(head);
	if (split) {
		count_vm_event(THP_SPLIT_PAGE);
		thp_tails_to_lru(head);
	}
}

/* Is any of the block's frames held other than by its PMDs?  (No early
 * exit: one OR per frame is the cheapest walk of 512.) */
static bool thp_frames_held(const struct page *head)
{
	int32_t held = 0;

	for (int i = 0; i < HPAGE_PMD_NR; i++)
		held |= head[i].refcount;
	return held != 0;
}

/* The reverse of thp_add_map.  After the last PMD, the frames nothing
 * else holds are freed: the block whole when that is all of them. */
static void thp_remove_map(struct mm_struct *mm, struct page *head)
{
	mm->rss_anon -= HPAGE_PMD_NR;
	thp_dec_pmd_maps(head, false);
	if (head->pmd_maps)
		return;
	if (!thp_frames_held(head)) {
		free_pages(head, HPAGE_PMD_ORDER);
		return;
	}
	thp_tails_to_lru(head);
	for (int i = 0; i < HPAGE_PMD_NR; i++)
		if (!head[i].refcount)
			free_pages(&head[i], 0);
}

/* A new block of 512 frames for vma at haddr, on vma's reverse map,
 * filled from src (or zeroed when src is NULL), for thp_add_map to give
 * its first PMD; NULL if there is no free order-9 block. */
struct page *alloc_huge_page(struct vm_area_struct *vma, uint64_t haddr,
			     const struct page *src)
{
	struct page *p = alloc_pages(HPAGE_PMD_ORDER, PU_ANON);

	if (!p)
		return NULL;
	if (src)
		memcpy(page_address(p), page_address(src), HPAGE_PMD_SIZE);
	else
		memset(page_address(p), 0, HPAGE_PMD_SIZE);
	for (int i = 0; i < HPAGE_PMD_NR; i++) {
		p[i].refcount = 0;
		p[i].flags |= PG_thp;	/* until freed: page_count asks */
		__page_set_anon_rmap(&p[i], vma, haddr + i * PAGE_SIZE);
	}
	return p;
}

/*
 * Replace the huge entry *pmdp of vma (at haddr) by a page table of 512
 * PTEs for the same frames (the huge zero page: the 4 KiB zero page in
 * each), and flush its translation.  Never fails: the table was
 * deposited.  (Linux's __split_huge_pmd.)
 */
void split_huge_pmd(struct mm_struct *mm, pmd_t *pmdp, uint64_t haddr)
{
	struct page *head = pmd_page(*pmdp);
	bool zero = is_huge_zero_page(head);

	pgtable_split_pmd(pmdp, pgtable_withdraw(mm),
			  zero ? page_to_phys(zero_page()) : 0);
	flush_tlb_mm_page(mm, haddr);
	count_vm_event(THP_SPLIT_PMD);
	if (zero)
		return;
	for (int i = 0; i < HPAGE_PMD_NR; i++) {	/* the PMD's share, */
		head[i].refcount++;			/* now the PTEs' */
		head[i].mapcount++;
	}
	thp_dec_pmd_maps(head, true);
}

/* The huge entry of v that maps the block at head (at *haddrp), or NULL. */
static pmd_t *thp_vma_pmd(struct page *head, struct vm_area_struct *v,
			  uint64_t *haddrp)
{
	if (head->index < v->vm_pgoff || head->index - v->vm_pgoff >= vma_pages(v))
		return NULL;
	uint64_t haddr = v->vm_start + ((head->index - v->vm_pgoff) << PAGE_SHIFT);
	pmd_t *pmdp = pmd_walk(v->vm_mm->pml4, haddr, false);
	if (!pmdp || !pmd_trans_huge(*pmdp) || pmd_page(*pmdp) != head)
		return NULL;
	*haddrp = haddr;
	return pmdp;
}

/*
 * Split the THP at head, which reclaim holds isolated, into 512 pages for
 * it to evict one by one: every PMD that maps it (found through its
 * anon_vma) becomes a page table, and the other frames join list,
 * isolated, behind head (Linux's split_huge_page_to_list, which reclaim
 * calls when it cannot swap the folio whole).  false, changing nothing,
 * if a VM_LOCKED VMA maps it; also false if the reverse map did not find
 * every PMD (the block stays a THP).
 */
bool split_huge_page_to_list(struct page *head, struct list_head *list)
{
	struct anon_vma *av = page_anon_vma(head);
	struct vm_area_struct *v;
	uint64_t haddr;

	list_for_each_entry(v, &av->head, anon_vma_node)
		if ((v->vm_flags & VM_LOCKED) && thp_vma_pmd(head, v, &haddr))
			return false;
	list_for_each_entry(v, &av->head, anon_vma_node) {
		pmd_t *pmdp = thp_vma_pmd(head, v, &haddr);
		if (pmdp)
			split_huge_pmd(v->vm_mm, pmdp, haddr);
	}
	if (head->pmd_maps)
		return false;
	for (int i = 1; i < HPAGE_PMD_NR; i++)
		if (isolate_lru_page(&head[i]))
			list_add_tail(&head[i].list, list);
	return true;
}

/* Unmap a whole huge entry of vma at haddr, releasing its frames
 * (zap_pmd_range's huge case; Linux's zap_huge_pmd). */
void zap_huge_pmd(struct vm_area_struct *vma, pmd_t *pmdp, uint64_t haddr)
{
	struct mm_struct *mm = vma->vm_mm;
	struct page *head = pmd_page(*pmdp);

	set_pmd(pmdp, 0);
	flush_tlb_mm_page(mm, haddr);
	put_page(pgtable_withdraw(mm));
	if (!is_huge_zero_page(head))
		thp_remove_map(mm, head);
}

/*
 * Map the huge page of a fault at addr in vma, whose PMD *pmdp is empty:
 * the huge zero page for a read, a new zeroed block for a write.
 * Returns VM_FAULT_OK, VM_FAULT_OOM, or VM_FAULT_FALLBACK when there is
 * no free order-9 block (4 KiB pages then).
 */
static int do_huge_pmd_anonymous_page(struct vm_area_struct *vma,
				      uint64_t addr, pmd_t *pmdp, unsigned flags)
{
	/* LAB huge BEGIN: a transparent huge page on the first touch of a 2 MiB extent */
	struct mm_struct *mm = vma->vm_mm;
	uint64_t haddr = addr & HPAGE_PMD_MASK;
	unsigned prot = vma_pte_prot(vma);
	struct page *page;

	if (!(flags & FAULT_FLAG_WRITE)) {
		if (!huge_zero_page || pgtable_deposit(mm))
			return VM_FAULT_FALLBACK;	/* the 4 KiB zero page */
		set_pmd(pmdp, mk_huge_pmd(page_to_phys(huge_zero_page),
					  prot & ~VM_PROT_WRITE));
		return VM_FAULT_OK;
	}
	if (anon_vma_prepare(vma))
		return VM_FAULT_OOM;
	page = alloc_huge_page(vma, haddr, NULL);
	if (!page || pgtable_deposit(mm)) {
		if (page)
			free_pages(page, HPAGE_PMD_ORDER);
		count_vm_event(THP_FAULT_FALLBACK);
		return VM_FAULT_FALLBACK;
	}
	count_vm_event(THP_FAULT_ALLOC);
	thp_add_map(vma, page);
	set_pmd(pmdp, mk_huge_pmd(page_to_phys(page), prot));
	return VM_FAULT_OK;
	/* LAB huge STUB BEGIN
	(void)vma;
	(void)addr;
	(void)pmdp;
	(void)flags;
	return VM_FAULT_FALLBACK;
	   LAB huge STUB END */
	/* LAB huge END */
}

/* Is the block only this PMD's? */
static bool thp_exclusive(const struct page *head)
{
	return head->pmd_maps == 1 && !thp_frames_held(head);
}

/*
 * A write to a read-only huge entry of a private mapping: reuse the block
 * if it is only ours, else copy all 2 MiB to a new one (the huge zero
 * page: a new zeroed block).  No memory for that: split, and
 * VM_FAULT_FALLBACK lets the 4 KiB path copy one page.  (Linux's
 * do_huge_pmd_wp_page.)
 */
static int do_huge_pmd_wp_page(struct vm_area_struct *vma, uint64_t addr,
			       pmd_t *pmdp)
{
	struct mm_struct *mm = vma->vm_mm;
	uint64_t haddr = addr & HPAGE_PMD_MASK;
	struct page *old = pmd_page(*pmdp), *copy;
	bool zero = is_huge_zero_page(old);

	if (!zero && thp_exclusive(old)) {
		pmd_modify(pmdp, vma_pte_prot(vma));
		flush_tlb_page(haddr);
		return VM_FAULT_OK;
	}
	copy = anon_vma_prepare(vma) ? NULL
	       : alloc_huge_page(vma, haddr, zero ? NULL : old);
	if (!copy) {
		if (zero)
			count_vm_event(THP_FAULT_FALLBACK);
		split_huge_pmd(mm, pmdp, haddr);
		return VM_FAULT_FALLBACK;
	}
	if (zero)
		count_vm_event(THP_FAULT_ALLOC);
	thp_add_map(vma, copy);
	set_pmd(pmdp, mk_huge_pmd(page_to_phys(copy), vma_pte_prot(vma)));
	flush_tlb_page(haddr);
	if (!zero)
		thp_remove_map(mm, old);
	return VM_FAULT_OK;
}

/*
 * The huge-page part of handle_mm_fault, for an allowed access at addr in
 * anonymous vma whose page-directory entry is *pmdp (huge_pmd_fault_wanted
 * checked both): a fault on an empty PMD where a huge page may go, or on
 * a huge entry.  VM_FAULT_FALLBACK: a 4 KiB
 * matter (the PMD points at a page table, or no huge page here), left to
 * the PTE level.
 */
int do_huge_pmd_fault(struct vm_area_struct *vma, uint64_t addr, pmd_t *pmdp,
		      unsigned flags)
{
	bool allow = thp_vma_allowable(vma, addr & HPAGE_PMD_MASK);

	if (allow)
		khugepaged_enter(vma->vm_mm);	/* for what the fault maps small */
	if (pmd_none(*pmdp))
		return allow ? do_huge_pmd_anonymous_page(vma, addr, pmdp, flags)
			     : VM_FAULT_FALLBACK;
	if (!pmd_trans_huge(*pmdp))
		return VM_FAULT_FALLBACK;
	if ((flags & FAULT_FLAG_WRITE) && !pmd_write(*pmdp))
		return do_huge_pmd_wp_page(vma, addr, pmdp);
	flush_tlb_page(addr);		/* a stale TLB entry: retry */
	return VM_FAULT_OK;
}

/* ---- range operations: each huge entry whole, or split ---------------- */

struct huge_range {
	struct vm_area_struct *vma;
	struct mm_struct *mm;
	uint64_t start, end;
	unsigned prot;			/* change_huge_pmds */
	bool keep_whole;		/* split_huge_pmd_range */
};

static bool covers(const struct huge_range *r, uint64_t haddr)
{
	return haddr >= r->start && haddr + HPAGE_PMD_SIZE <= r->end;
}

static int split_one(uint64_t haddr, pmd_t *pmdp, void *arg)
{
	struct huge_range *r = arg;

	if (!r->keep_whole || !covers(r, haddr))
		split_huge_pmd(r->mm, pmdp, haddr);
	return 0;
}

/* Split the huge pages of mm that overlap [start, end) - all of them, or
 * with keep_whole only those the range covers in part (mremap). */
void split_huge_pmd_range(struct mm_struct *mm, uint64_t start, uint64_t end,
			  bool keep_whole)
{
	struct huge_range r = { NULL, mm, start, end, 0, keep_whole };

	if (mm->nr_huge_pmds)
		pgtable_for_each_pmd(mm->pml4, start, end, split_one, &r);
}

/* A VMA of mm is split at addr: a huge page across addr is split first
 * (Linux's vma_adjust_trans_huge). */
void split_huge_pmd_address(struct mm_struct *mm, uint64_t addr)
{
	if (addr & ~HPAGE_PMD_MASK)
		split_huge_pmd_range(mm, addr, addr + PAGE_SIZE, false);
}

static int change_huge_one(uint64_t haddr, pmd_t *pmdp, void *arg)
{
	struct huge_range *r = arg;
	unsigned prot = r->prot;

	if (!covers(r, haddr)) {
		split_huge_pmd(r->mm, pmdp, haddr);
		return 0;
	}
	if (!pmd_write(*pmdp))		/* private: write faults decide (COW) */
		prot &= ~VM_PROT_WRITE;
	pmd_modify(pmdp, prot);
	flush_tlb_mm_page(r->mm, haddr);
	return 0;
}

/* mprotect's PMD level: the huge pages [start, end) of vma covers whole
 * get prot (change_huge_pmd); those it covers in part are split. */
void change_huge_pmds(struct vm_area_struct *vma, uint64_t start, uint64_t end,
		      unsigned prot)
{
	struct huge_range r = { vma, vma->vm_mm, start, end, prot, false };

	if (vma->vm_mm->nr_huge_pmds)
		pgtable_for_each_pmd(r.mm->pml4, start, end, change_huge_one, &r);
}

/*
 * Fork the huge entry *src_pmd at haddr into dst_mm's empty *dst_pmd,
 * dst_vma the child's VMA: share the block write-protected in both, or
 * with fork=eager copy it (copy_pmd_range's huge case; Linux's
 * copy_huge_pmd).  0 or -ENOMEM.  The caller flushes the parent's TLB.
 */
int copy_huge_pmd(struct mm_struct *dst_mm, pmd_t *dst_pmd, pmd_t *src_pmd,
		  uint64_t haddr, struct vm_area_struct *dst_vma)
{
	pmd_t pmd = *src_pmd;
	struct page *page = pmd_page(pmd), *copy = NULL;

	if (fork_eager_copy && pmd_write(pmd) &&
	    !(copy = alloc_huge_page(dst_vma, haddr, page)))
		return -ENOMEM;
	if (pgtable_deposit(dst_mm)) {
		if (copy)
			free_pages(copy, HPAGE_PMD_ORDER);
		return -ENOMEM;
	}
	if (copy) {
		thp_add_map(dst_vma, copy);
		set_pmd(dst_pmd, mk_huge_pmd(page_to_phys(copy), pmd_prot(pmd)));
		return 0;
	}
	if (!is_huge_zero_page(page)) {
		pmd = pmd_wrprotect(pmd);
		set_pmd(src_pmd, pmd);
		thp_add_map(dst_vma, page);
	}
	set_pmd(dst_pmd, pmd);
	return 0;
}
