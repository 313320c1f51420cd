/*
 * mm/khugepaged.c - the khugepaged kernel thread, as Linux's: it turns
 * runs of 4 KiB pages back into transparent huge pages.
 *
 * A region faulted in before it became eligible (MADV_HUGEPAGE after the
 * writes, or a page table already there when the fault came) is mapped
 * by a page table, and the fault path never makes it huge.  khugepaged
 * finds such regions: an mm joins its list (khugepaged_enter) when a VMA
 * is given MADV_HUGEPAGE, or when a fault where no page table is yet
 * finds its VMA eligible (as Linux's do_huge_pmd_anonymous_page), and
 * leaves it when the mm goes (khugepaged_exit; fork's copy joins too).
 * Every scan_sleep_millisecs the thread looks at up to pages_to_scan
 * pages, resuming where it stopped: for each 2 MiB-aligned
 * range inside an eligible VMA (thp_vma_allowable) mapped by a page
 * table it checks the 512 entries (hpage_collapse_scan_pmd) and, if
 * they qualify, collapses them (collapse_huge_page): a new order-9 block
 * gets a copy of each page (zeros where nothing or the zero page was
 * mapped), one PMD maps it, the small pages are freed and the page table
 * becomes the one set aside for a later split.  A pass over every mm on
 * the list is a full scan (full_scans); pages_collapsed counts the huge
 * pages made, and vmstat thp_collapse_alloc the blocks allocated.
 *
 * What qualifies: at most max_ptes_none empty or zero-page entries (511
 * by default, as Linux: one resident page suffices), and every other
 * entry a present private anonymous page that only this mapping holds
 * (Linux also takes up to max_ptes_shared shared pages and swaps in up to
 * max_ptes_swap; here a shared or swapped page leaves the range alone).
 * VM_LOCKED VMAs are left alone.
 *
 * madvise(MADV_COLLAPSE) (Linux 6.1's madvise_collapse) does the same
 * collapse at once for a range, whatever the THP policy (but not against
 * MADV_NOHUGEPAGE or PR_SET_THP_DISABLE), and, as Linux, without
 * khugepaged's limits: any number of empty entries, pages shared with
 * another process (the range gets copies), swapped-out pages (brought
 * back first), mlocked or read-only ranges; only a page held by more
 * than its mappings (page_count above page_mapcount) stops it, and a VMA
 * nothing was ever written to (no anon_vma for the new page: EINVAL).
 *
 * Safe without locks: the kernel is not preemptive, and khugepaged only
 * runs when another task calls schedule(), where no one holds a PTE
 * pointer (see vmscan.c's kswapd); a scan never sleeps.
 */
#include "mm.h"
#include <uapi/errno.h>

unsigned khugepaged_pages_to_scan = HPAGE_PMD_NR * 8;
unsigned khugepaged_scan_sleep_millisecs = 10000;
unsigned khugepaged_max_ptes_none = HPAGE_PMD_NR - 1;
uint64_t khugepaged_full_scans, khugepaged_pages_collapsed;

static struct list_head khugepaged_mms = LIST_HEAD_INIT(khugepaged_mms);
static struct mm_struct *scan_mm;	/* where the scan resumes ... */
static uint64_t scan_address;		/* ... and at which address */

/* Let khugepaged look at mm (Linux's __khugepaged_enter); a thread
 * asleep on an empty list starts its wait for the next scan. */
void khugepaged_enter(struct mm_struct *mm)
{
	bool was_empty = list_empty(&khugepaged_mms);

	if (!list_empty(&mm->khugepaged_node))
		return;
	list_add_tail(&mm->khugepaged_node, &khugepaged_mms);
	if (was_empty)
		wakeup(&khugepaged_mms);
}

/* fork: the child is scanned if the parent was. */
void khugepaged_fork(struct mm_struct *mm, struct mm_struct *oldmm)
{
	list_init(&mm->khugepaged_node);
	if (!list_empty(&oldmm->khugepaged_node))
		khugepaged_enter(mm);
}

/* mm is going: off the list, and the scan resumes with the next one. */
void khugepaged_exit(struct mm_struct *mm)
{
	if (list_empty(&mm->khugepaged_node))
		return;
	if (scan_mm == mm) {
		scan_mm = NULL;
		if (mm->khugepaged_node.next != &khugepaged_mms)
			scan_mm = list_entry(mm->khugepaged_node.next,
					     struct mm_struct, khugepaged_node);
		scan_address = 0;
	}
	list_del(&mm->khugepaged_node);
	list_init(&mm->khugepaged_node);
}

/* A scan_sleep_millisecs write takes effect at once, as in Linux. */
void khugepaged_wake(void)
{
	wakeup(&khugepaged_mms);
}

/* May the 512 entries of the page table pt (at haddr of vma) become one
 * huge page?  (Linux's hpage_collapse_scan_pmd, see the file comment.) */
static bool hpage_collapse_scan_pmd(struct vm_area_struct *vma, pte_t *pt)
{
	unsigned none = 0;

	for (int i = 0; i < HPAGE_PMD_NR; i++) {
		pte_t pte = pt[i];
		if (pte_none(pte) || (pte_present(pte) && (pte_page(pte)->flags & PG_zero))) {
			if (++none > khugepaged_max_ptes_none)
				return false;
			continue;
		}
		if (!pte_present(pte))
			return false;	/* swapped out */
		struct page *page = vm_normal_page(vma, pte);
		if (!page || !PageAnon(page) || page_count(page) != 1 ||
		    page_mapcount(page) != 1 || page->use != PU_ANON)
			return false;
	}
	return none < HPAGE_PMD_NR;
}

/*
 * Replace the page table *pmdp of vma at haddr by one huge page holding
 * the same data (Linux's collapse_huge_page): copy the pages, free them,
 * keep the table as the huge entry's deposit.  Returns 0 or -ENOMEM (no
 * free order-9 block: thp_collapse_alloc_failed, tried again next pass).
 */
static int collapse_huge_page(struct vm_area_struct *vma, uint64_t haddr,
			      pmd_t *pmdp, bool by_khugepaged)
{
	struct mm_struct *mm = vma->vm_mm;
	pte_t *pt = pte_offset(pmdp, haddr);
	struct page *table = virt_to_page(pt);
	struct page *huge = alloc_huge_page(vma, haddr, NULL);

	if (!huge) {
		count_vm_event(THP_COLLAPSE_ALLOC_FAILED);
		return -ENOMEM;
	}
	count_vm_event(THP_COLLAPSE_ALLOC);
	for (int i = 0; i < HPAGE_PMD_NR; i++) {
		pte_t pte = pt[i];
		if (pte_none(pte) || (pte_page(pte)->flags & PG_zero))
			continue;
		struct page *page = pte_page(pte);
		memcpy(page_address(&huge[i]), page_address(page), PAGE_SIZE);
		page_remove_map(mm, page);
		put_page(page);
	}
	memset(pt, 0, PAGE_SIZE);
	pgtable_trans_huge_deposit(mm, table);
	thp_add_map(vma, huge);
	set_pmd(pmdp, mk_huge_pmd(page_to_phys(huge), vma_pte_prot(vma)));
	flush_tlb_all();	/* mm's tables may be the ones loaded */
	khugepaged_pages_collapsed += by_khugepaged;
	return 0;
}

/* Bring back the swapped-out pages of the page table *pmdp of vma at
 * haddr; 0, or -ENOMEM if one cannot be. */
static int collapse_swapin(struct vm_area_struct *vma, uint64_t haddr, pmd_t *pmdp)
{
	for (int i = 0; i < HPAGE_PMD_NR; i++) {
		pte_t pte = pte_offset(pmdp, haddr)[i];
		if (!pte_none(pte) && !pte_present(pte) &&
		    handle_mm_fault(vma->vm_mm, haddr + i * PAGE_SIZE, 0))
			return -ENOMEM;
	}
	return 0;
}

/* May MADV_COLLAPSE make the page table pt (of vma) huge?  0, -EINVAL
 * (a page not private anonymous, or vma has no anon_vma for the new
 * page's reverse map: nothing was ever written there, Linux's
 * SCAN_PAGE_ANON) or -EAGAIN (a page held by more than its mappings). */
static int collapse_scan_madvise(struct vm_area_struct *vma, pte_t *pt)
{
	if (!vma->anon_vma)
		return -EINVAL;
	for (int i = 0; i < HPAGE_PMD_NR; i++) {
		pte_t pte = pt[i];
		if (pte_none(pte) || (pte_page(pte)->flags & PG_zero))
			continue;
		struct page *page = vm_normal_page(vma, pte);
		if (!page || !PageAnon(page) || page->use != PU_ANON)
			return -EINVAL;
		if (page_count(page) != page_mapcount(page))
			return -EAGAIN;
	}
	return 0;
}

/*
 * madvise(MADV_COLLAPSE) of [start, end) in vma: every 2 MiB-aligned
 * extent inside it made huge now (see the file comment).  0 if all are
 * huge at the end; else the error of the last that is not: -EINVAL (no
 * page table there, or vma not eligible), -EAGAIN, -ENOMEM (no free
 * order-9 block, or a page could not be swapped in).
 */
int madvise_collapse(struct vm_area_struct *vma, uint64_t start, uint64_t end)
{
	struct mm_struct *mm = vma->vm_mm;
	int err = 0;

	uint64_t last = (vma->vm_end - HPAGE_PMD_SIZE) & HPAGE_PMD_MASK;

	/* as Linux's thp_vma_allowable_order: can vma hold a huge page at
	 * all (its last aligned 2 MiB inside it), sysfs policy aside? */
	if (!vma_is_anonymous(vma) || mm->thp_disabled ||
	    (vma->vm_flags & (VM_NOHUGEPAGE | VM_SPECIAL)) ||
	    vma->vm_end - vma->vm_start < HPAGE_PMD_SIZE || last < vma->vm_start)
		return -EINVAL;
	for (uint64_t a = ALIGN_UP(start, HPAGE_PMD_SIZE);
	     a + HPAGE_PMD_SIZE <= end; a += HPAGE_PMD_SIZE) {
		pmd_t *pmdp = pmd_walk(mm->pml4, a, false);
		int r = !pmdp || pmd_none(*pmdp) ? -EINVAL : 0;
		if (r || pmd_leaf(*pmdp)) {
			err = r ? r : err;
			continue;
		}
		if (!(r = collapse_swapin(vma, a, pmdp)) &&
		    !(r = collapse_scan_madvise(vma, pte_offset(pmdp, a))))
			r = collapse_huge_page(vma, a, pmdp, false);
		err = r ? r : err;
	}
	return err;
}

/* Scan mm from scan_address for at most budget pages' worth; returns the
 * pages counted, with scan_address where it stopped (0: mm is done). */
static unsigned scan_mm_slot(struct mm_struct *mm, unsigned budget)
{
	unsigned progress = 0;

	for (struct vm_area_struct *v = find_vma(mm, scan_address); v; v = v->vm_next) {
		uint64_t a = MAX(ALIGN_UP(v->vm_start, HPAGE_PMD_SIZE), scan_address);
		for (; a + HPAGE_PMD_SIZE <= v->vm_end; a += HPAGE_PMD_SIZE) {
			if (progress >= budget) {
				scan_address = a;
				return progress;
			}
			if (!thp_vma_allowable(v, a) || (v->vm_flags & VM_LOCKED)) {
				progress++;
				continue;
			}
			progress += HPAGE_PMD_NR;
			pmd_t *pmdp = pmd_walk(mm->pml4, a, false);
			if (pmdp && !pmd_none(*pmdp) && !pmd_leaf(*pmdp) &&
			    hpage_collapse_scan_pmd(v, pte_offset(pmdp, a)))
				collapse_huge_page(v, a, pmdp, true);
		}
		progress++;
	}
	scan_address = 0;
	return progress;
}

/* One wake's work: pages_to_scan pages over the mms on the list, from
 * where the last one stopped (Linux's khugepaged_do_scan). */
static void khugepaged_do_scan(void)
{
	unsigned progress = 0;

	while (progress < khugepaged_pages_to_scan && !list_empty(&khugepaged_mms)) {
		if (!scan_mm)
			scan_mm = list_entry(khugepaged_mms.next, struct mm_struct,
					     khugepaged_node);
		progress += scan_mm_slot(scan_mm, khugepaged_pages_to_scan - progress);
		if (scan_address)
			continue;	/* out of budget inside this mm */
		struct list_head *next = scan_mm->khugepaged_node.next;
		scan_mm = NULL;
		if (next == &khugepaged_mms) {
			khugepaged_full_scans++;
			break;
		}
		scan_mm = list_entry(next, struct mm_struct, khugepaged_node);
	}
}

/* The thread: while some mm is on the list, scan_sleep_millisecs of
 * sleep, then a scan; asleep until one joins when none is. */
static int khugepaged(uint64_t unused)
{
	(void)unused;
	for (;;) {
		if (list_empty(&khugepaged_mms)) {
			sleep_on(&khugepaged_mms);
			continue;
		}
		sleep_on_deadline(&khugepaged_mms, timer_ns() +
				  khugepaged_scan_sleep_millisecs * 1000000ull);
		khugepaged_do_scan();
	}
	return 0;
}

/* Start khugepaged (from kernel_main, after kswapd: pid 4). */
void khugepaged_init(void)
{
	kthread_create(khugepaged, 0, "khugepaged");
}
