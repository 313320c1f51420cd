/*
 * mm/mlock.c - mlock, munlock, mlockall, munlockall.
 *
 * Locking a range marks its VMAs VM_LOCKED and faults every page in
 * (swapped-out pages too); each page mapped there is then mlocked
 * (PG_mlocked, on the unevictable LRU list, counted in Mlocked), as is a
 * page faulted in later.  Reclaim never swaps out a page a VM_LOCKED VMA
 * maps (mm/vmscan.c), so a locked page stays resident until unlocked (and
 * MADV_DONTNEED refuses).  Unlocking puts the range's pages back on the
 * evictable lists; a page another locked VMA still maps is culled again
 * when reclaim meets it.
 */
#include "mm.h"
#include "../kernel/syscalls.h"
#include <uapi/errno.h>
#include <uapi/mman.h>

#define MLOCK_ONFAULT	0x01

/* Set or clear VM_LOCKED on [start, end); -ENOMEM on a hole. */
static long apply_vma_lock_flags(uint64_t start, uint64_t end, bool lock)
{
	struct mm_struct *mm = current->mm;

	for (uint64_t a = start; a < end;) {
		struct vm_area_struct *vma = find_vma(mm, a);
		if (!vma || vma->vm_start > a)
			return -ENOMEM;
		uint64_t e = MIN(end, vma->vm_end);
		if (vma->vm_flags & (VM_SPECIAL | VM_HUGETLB)) {	/* as Linux */
			a = e;
			continue;
		}
		uint64_t flags = lock ? vma->vm_flags | VM_LOCKED
				      : vma->vm_flags & ~VM_LOCKED;
		if (flags != vma->vm_flags && IS_ERR(vma_modify_flags(mm, a, e, flags)))
			return -ENOMEM;
		a = e;
	}
	return 0;
}

/* Linux locks a PROT_NONE range but cannot fault it in, and says so:
 * -ENOMEM if any VMA of [start, end) allows no access. */
static long range_inaccessible(uint64_t start, uint64_t end)
{
	struct vm_area_struct *v;

	for (uint64_t a = start; a < end && (v = find_vma(current->mm, a));
	     a = v->vm_end)
		if (v->vm_start < end && !(v->vm_flags & (VM_READ | VM_WRITE | VM_EXEC)))
			return -ENOMEM;
	return 0;
}

/* mlock_page (lock) or munlock_page. */
static void mlock_or_munlock(struct page *page, bool lock)
{
	if (lock)
		mlock_page(page);
	else
		munlock_page(page);
}

static int mlock_pte(uint64_t va, pte_t *ptep, void *lock)
{
	(void)va;
	if (pte_present(*ptep))
		mlock_or_munlock(pte_page(*ptep), *(bool *)lock);
	return 0;
}

/* A huge entry: its block, whose head is on the LRU for all of it, as
 * Linux's mlock_pte_range does for a PMD-mapped folio. */
static int mlock_pmd(uint64_t haddr, pmd_t *pmdp, void *lock)
{
	struct page *head = pmd_page(*pmdp);
	(void)haddr;

	if (!is_huge_zero_page(head))
		mlock_or_munlock(head, *(bool *)lock);
	return 0;
}

/* Move every page mapped in [start, end) of mm to the unevictable list
 * (lock) or back (Linux's mlock_vma_pages_range), a transparent huge
 * page whole (the range's VMAs end at its edges: __split_vma splits one
 * across an edge); pages on no LRU list (the zero pages) are left alone. */
static void mlock_vma_pages_range(struct mm_struct *mm, uint64_t start,
				  uint64_t end, bool lock)
{
	if (mm->nr_huge_pmds)
		pgtable_for_each_pmd(mm->pml4, start, end, mlock_pmd, &lock);
	pgtable_for_each(mm->pml4, start, end, mlock_pte, &lock);
}

static long do_mlock(uint64_t start, uint64_t len, bool lock, bool populate)
{
	len = PAGE_ALIGN(len + (start & ~PAGE_MASK));
	start &= PAGE_MASK;
	if (start + len < start)
		return -EINVAL;
	if (!len)
		return 0;
	long err = apply_vma_lock_flags(start, start + len, lock);
	if (!err && lock && populate) {
		populate_range(current->mm, start, start + len);
		err = range_inaccessible(start, start + len);
	}
	if (!err)
		mlock_vma_pages_range(current->mm, start, start + len, lock);
	return err;
}

SYSCALL_DEFINE2(mlock, uint64_t, start, size_t, len)
{
	return do_mlock(start, len, true, true);
}

SYSCALL_DEFINE3(mlock2, uint64_t, start, size_t, len, int, flags)
{
	if (flags & ~MLOCK_ONFAULT)
		return -EINVAL;
	return do_mlock(start, len, true, !(flags & MLOCK_ONFAULT));
}

SYSCALL_DEFINE2(munlock, uint64_t, start, size_t, len)
{
	return do_mlock(start, len, false, false);
}

/* Lock or unlock every VMA.  A VMA may be merged away by the change,
 * so the walk goes on from the address where it ended. */
static void lock_all_vmas(struct mm_struct *mm, bool lock)
{
	struct vm_area_struct *v;

	for (uint64_t a = 0; (v = find_vma(mm, a));) {
		uint64_t end = v->vm_end;
		apply_vma_lock_flags(v->vm_start, end, lock);
		a = end;
	}
}

SYSCALL_DEFINE1(mlockall, int, flags)
{
	struct mm_struct *mm = current->mm;

	if (!flags || (flags & ~(MCL_CURRENT | MCL_FUTURE | MCL_ONFAULT)) ||
	    flags == MCL_ONFAULT)
		return -EINVAL;
	mm->def_flags = (flags & MCL_FUTURE) ? VM_LOCKED : 0;
	if (flags & MCL_CURRENT) {
		lock_all_vmas(mm, true);
		if (!(flags & MCL_ONFAULT))
			populate_range(mm, 0, TASK_SIZE);
		mlock_vma_pages_range(mm, 0, TASK_SIZE, true);
	}
	return 0;
}

SYSCALL_DEFINE0(munlockall)
{
	current->mm->def_flags = 0;
	lock_all_vmas(current->mm, false);
	mlock_vma_pages_range(current->mm, 0, TASK_SIZE, false);
	return 0;
}
