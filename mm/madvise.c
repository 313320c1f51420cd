/*
 * mm/madvise.c - advice about a range (madvise), and which of its pages
 * are resident (mincore: the tool that makes demand paging visible).
 */
#include "mm.h"
#include "../fs/fs.h"
#include "../kernel/syscalls.h"
#include <uapi/errno.h>
#include <uapi/mman.h>

/* The advice Pagoda knows; MADV_MERGEABLE and MADV_UNMERGEABLE are not
 * among them, as in a Linux built without KSM (CONFIG_KSM=n). */
static bool behavior_valid(int b)
{
	switch (b) {
	case MADV_NORMAL: case MADV_RANDOM: case MADV_SEQUENTIAL:
	case MADV_WILLNEED: case MADV_DONTNEED: case MADV_FREE: case MADV_REMOVE:
	case MADV_DONTFORK: case MADV_DOFORK:
	case MADV_HUGEPAGE: case MADV_NOHUGEPAGE:
	case MADV_DONTDUMP: case MADV_DODUMP: case MADV_WIPEONFORK:
	case MADV_KEEPONFORK: case MADV_COLD: case MADV_PAGEOUT:
	case MADV_POPULATE_READ: case MADV_POPULATE_WRITE: case MADV_COLLAPSE:
		return true;
	default:
		return false;
	}
}

/* MADV_REMOVE on shared anonymous memory: a hole punched in its shmem
 * file - the pages leave every mapping of it and its page cache, and read
 * back as zeros (Linux: fallocate(FALLOC_FL_PUNCH_HOLE) on the file). */
static int madvise_remove(struct vm_area_struct *vma, uint64_t start,
			  uint64_t end)
{
	if (!(vma->vm_flags & VM_SHARED) || !(vma->vm_flags & VM_WRITE))
		return -EINVAL;
	if (!vma_is_shmem(vma))
		return -EOPNOTSUPP;	/* ramfs files cannot punch holes */
	struct address_space *mapping = vma->vm_file->f_mapping;
	uint64_t first = vma_index(vma, start);
	uint64_t last = first + ((end - start) >> PAGE_SHIFT) - 1;
	unmap_mapping_range(mapping, first, last);
	truncate_inode_pages_range(mapping, first, last);
	return 0;
}

/* New vm_flags for the flag-setting advice; returns false for others. */
static bool advice_flags(int b, uint64_t *flags)
{
	uint64_t f = *flags;

	switch (b) {
	case MADV_NORMAL:	f &= ~(VM_SEQ_READ | VM_RAND_READ); break;
	case MADV_RANDOM:	f = (f & ~VM_SEQ_READ) | VM_RAND_READ; break;
	case MADV_SEQUENTIAL:	f = (f & ~VM_RAND_READ) | VM_SEQ_READ; break;
	case MADV_DONTFORK:	f |= VM_DONTCOPY; break;
	case MADV_DOFORK:	f &= ~VM_DONTCOPY; break;
	case MADV_WIPEONFORK:	f |= VM_WIPEONFORK; break;
	case MADV_KEEPONFORK:	f &= ~VM_WIPEONFORK; break;
	case MADV_HUGEPAGE:	f = (f & ~VM_NOHUGEPAGE) | VM_HUGEPAGE; break;
	case MADV_NOHUGEPAGE:	f = (f & ~VM_HUGEPAGE) | VM_NOHUGEPAGE; break;
	default:		return false;
	}
	*flags = f;
	return true;
}

/* MADV_WILLNEED on a file: bring [start, end) into the page cache without
 * mapping anything (a private page must stay linked to the file). */
static void readahead(struct vm_area_struct *vma, uint64_t start, uint64_t end)
{
	struct address_space *mapping = vma->vm_file->f_mapping;
	bool major;

	for (uint64_t a = start; a < end; a += PAGE_SIZE) {
		struct page *p = filemap_get_page(mapping, vma_index(vma, a), &major);
		if (!p || IS_ERR(p))
			return;		/* end of file, or out of memory */
		put_page(p);
	}
}

struct cold_walk {
	struct vm_area_struct *vma;
	bool pageout;
	struct list_head page_list;	/* pageout: isolated for reclaim_pages */
	uint64_t start, end;
};

/*
 * One PTE of MADV_COLD or MADV_PAGEOUT (Linux's
 * madvise_cold_or_pageout_pte_range): a present page mapped only here -
 * one that fork shares is left alone, as Linux leaves a folio likely
 * mapped shared - is made old: its Accessed bit cleared and, off the
 * active list, at the head of the inactive one (Linux's folio_deactivate);
 * with pageout a private anonymous or shmem one is isolated for
 * reclaim_pages() (Linux's pageout_anon_only_filter lets shmem through:
 * its file is always writable by its owner).
 * Huge-page entries are cold_or_pageout_pmd's.  Returns 0 (go on).
 */
static int cold_or_pageout_pte(uint64_t va, pte_t *ptep, void *arg)
{
	struct cold_walk *w = arg;

	if (!pte_present(*ptep))
		return 0;		/* none, or already swapped out */
	struct page *page = vm_normal_page(w->vma, *ptep);
	if (!page || page_mapcount(page) != 1)
		return 0;
	if (w->pageout && (PageAnon(page) || PageShmem(page))) {
		if (isolate_lru_page(page))
			list_add_tail(&page->list, &w->page_list);
		return 0;
	}
	if (ptep_test_and_clear_young(ptep))
		flush_tlb_mm_page(w->vma->vm_mm, va);
	deactivate_page(page);
	return 0;
}

/* One transparent huge page of MADV_COLD or MADV_PAGEOUT, mapped only
 * here (as the PTE case): one the range covers whole is made old (its
 * entry's Accessed bit cleared) and deactivated or, for pageout, isolated
 * whole (reclaim splits it to swap it); one it covers in part is split -
 * its only entry, so it is a THP no more - and the PTE walk takes the
 * pages in the range (Linux's madvise_cold_or_pageout_pte_range, which
 * splits the folio for both).  Returns 0 (go on). */
static int cold_or_pageout_pmd(uint64_t haddr, pmd_t *pmdp, void *arg)
{
	struct cold_walk *w = arg;
	struct page *head = pmd_page(*pmdp);

	if (is_huge_zero_page(head) || page_mapcount(head) != 1)
		return 0;
	if (haddr < w->start || haddr + HPAGE_PMD_SIZE > w->end) {
		split_huge_pmd(w->vma->vm_mm, pmdp, haddr);
	} else if (!w->pageout) {
		if (pmdp_test_and_clear_young(pmdp))
			flush_tlb_mm_page(w->vma->vm_mm, haddr);
		deactivate_page(head);
	} else if (isolate_lru_page(head)) {
		list_add_tail(&head->list, &w->page_list);
	}
	return 0;
}

/* MADV_COLD / MADV_PAGEOUT over [start, end) of vma: -EINVAL for memory
 * reclaim may not take (VM_LOCKED, VM_PFNMAP, hugetlb), as Linux's
 * can_madv_lru_vma; else 0, whatever could be reclaimed (nothing without
 * swap).  Pagoda pages out private anonymous and shmem pages only: file
 * pages stay (divergences.md). */
static int madvise_cold_or_pageout(struct vm_area_struct *vma, uint64_t start,
				   uint64_t end, bool pageout)
{
	struct cold_walk w = { vma, pageout, LIST_HEAD_INIT(w.page_list),
			       start, end };

	if ((vma->vm_flags & (VM_LOCKED | VM_PFNMAP)) || is_vm_hugetlb_page(vma))
		return -EINVAL;
	if (vma->vm_mm->nr_huge_pmds)
		pgtable_for_each_pmd(vma->vm_mm->pml4, start, end,
				     cold_or_pageout_pmd, &w);
	pgtable_for_each(vma->vm_mm->pml4, start, end, cold_or_pageout_pte, &w);
	reclaim_pages(&w.page_list);	/* none, or the page is held: it stays */
	return 0;
}

/* Apply advice b to [start, end), all inside vma; 0 or -errno. */
static int madvise_vma(struct mm_struct *mm, struct vm_area_struct *vma,
		       uint64_t start, uint64_t end, int b)
{
	uint64_t flags = vma->vm_flags;

	if (b == MADV_WIPEONFORK && (vma->vm_file || (vma->vm_flags & VM_SHARED)))
		return -EINVAL;		/* private memory without a file only */
	if (advice_flags(b, &flags)) {
		if (flags == vma->vm_flags || ((vma->vm_flags & VM_SPECIAL) &&
		    (b == MADV_HUGEPAGE || b == MADV_NOHUGEPAGE)))
			return 0;
		vma = vma_modify_flags(mm, start, end, flags);
		if (IS_ERR(vma))
			return PTR_ERR(vma);
		if (b == MADV_HUGEPAGE && thp_enabled != THP_NEVER)
			khugepaged_enter(mm);	/* pages already there: collapse */
		return 0;
	}
	switch (b) {
	case MADV_DONTNEED:
	case MADV_FREE:
		if (vma->vm_flags & (VM_LOCKED | VM_PFNMAP))
			return -EINVAL;
		if (b == MADV_FREE && !vma_is_anonymous(vma))
			return -EINVAL;
		if (is_vm_hugetlb_page(vma)) {	/* whole huge pages, rounded down */
			if (start & ~HPAGE_PMD_MASK)
				return -EINVAL;
			end &= HPAGE_PMD_MASK;
		}
		zap_page_range(vma, start, end);
		return 0;
	case MADV_REMOVE:
		return madvise_remove(vma, start, end);
	case MADV_COLLAPSE:
		return madvise_collapse(vma, start, end);
	case MADV_COLD:
	case MADV_PAGEOUT:
		return madvise_cold_or_pageout(vma, start, end, b == MADV_PAGEOUT);
	case MADV_POPULATE_READ:
	case MADV_POPULATE_WRITE:
		if (!(vma->vm_flags & (b == MADV_POPULATE_WRITE ? VM_WRITE : VM_READ)))
			return -ENOMEM;
		for (uint64_t a = start; a < end; a += PAGE_SIZE)
			if (handle_mm_fault(mm, a, b == MADV_POPULATE_WRITE ?
					    FAULT_FLAG_WRITE : 0))
				return -ENOMEM;
		return 0;
	case MADV_WILLNEED:		/* read ahead into the page cache only */
		if (vma->vm_file && !vma_is_anonymous(vma) && !vma_is_shmem(vma))
			readahead(vma, start, end);
		return 0;
	default:			/* hints with no effect here */
		return 0;
	}
}

static long do_madvise(uint64_t start, uint64_t len_in, int behavior)
{
	struct mm_struct *mm = current->mm;
	int unmapped = 0;

	if (!behavior_valid(behavior) || (start & ~PAGE_MASK))
		return -EINVAL;
	uint64_t len = PAGE_ALIGN(len_in);
	if (len_in && !len)
		return -EINVAL;
	uint64_t end = start + len;
	if (end < start)
		return -EINVAL;
	if (end == start)
		return 0;
	for (uint64_t a = start; a < end;) {
		struct vm_area_struct *vma = find_vma(mm, a);
		if (!vma || vma->vm_start >= end)
			return -ENOMEM;
		if (vma->vm_start > a) {
			unmapped = -ENOMEM;
			a = vma->vm_start;
		}
		uint64_t e = MIN(end, vma->vm_end);
		int err = madvise_vma(mm, vma, a, e, behavior);
		if (err)
			return err;
		a = e;
	}
	return unmapped;
}

SYSCALL_DEFINE3(madvise, uint64_t, start, size_t, len, int, behavior)
{
	return do_madvise(start, len, behavior);
}

/* Is the page of vma at addr in memory (mapped, or in the page cache)?
 * A special mapping ([vdso], [vvar]) is reported resident, as Linux does
 * for what it cannot look into (can_do_mincore). */
static uint8_t page_resident(struct mm_struct *mm, struct vm_area_struct *vma,
			     uint64_t addr)
{
	if (!vma->vm_file && !vma_is_anonymous(vma))
		return 1;
	pte_t pte = pgtable_lookup(mm->pml4, addr);	/* a huge page's too */

	if (pte_present(pte))
		return 1;
	if (is_swap_pte(pte))
		return 0;		/* swapped out (Pagoda has no swap cache) */
	if (vma->vm_file) {		/* a file or shmem: in its cache? */
		struct page *p = find_get_page(vma->vm_file->f_mapping,
					       vma_index(vma, addr));
		if (p) {
			put_page(p);
			return 1;
		}
	}
	return 0;
}

/* mincore(addr, len, vec): one byte per page, 1 if resident. */
SYSCALL_DEFINE3(mincore, uint64_t, start, size_t, len, uint8_t *, uvec)
{
	struct mm_struct *mm = current->mm;
	uint8_t buf[64];

	if (start & ~PAGE_MASK)
		return -EINVAL;
	if (!access_ok(start, len))
		return -ENOMEM;
	uint64_t pages = (len >> PAGE_SHIFT) + ((len & ~PAGE_MASK) != 0);
	if (!access_ok((uint64_t)uvec, pages))
		return -EFAULT;
	for (uint64_t i = 0; i < pages;) {
		uint64_t n = MIN(pages - i, sizeof(buf));
		for (uint64_t j = 0; j < n; j++) {
			uint64_t a = start + ((i + j) << PAGE_SHIFT);
			struct vm_area_struct *vma = find_vma(mm, a);
			if (!vma || vma->vm_start > a)
				return -ENOMEM;
			buf[j] = page_resident(mm, vma, a);
		}
		if (copy_to_user(uvec + i, buf, n))
			return -EFAULT;
		i += n;
	}
	return 0;
}
