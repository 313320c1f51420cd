/*
 * mm/mprotect.c - changing the protection of a range of pages.
 *
 * The range is split off into its own VMAs, their flags change, and the
 * page-table entries follow: a removed right is removed from every PTE at
 * once; an added write right is only given to PTEs of shared mappings.
 * Private pages stay write-protected and get it on the first write fault,
 * because they may be shared copy-on-write with another process; so do
 * the clean pages of a shared mapping that tracks writes
 * (vma_wants_writenotify), whose first write must dirty the page.
 */
#include "mm.h"
#include "../kernel/syscalls.h"
#include <uapi/errno.h>
#include <uapi/mman.h>

#define PROT_SEM	0x8

struct prot_arg {
	struct vm_area_struct *vma;
	unsigned prot;
};

static int change_one(uint64_t va, pte_t *ptep, void *arg)
{
	struct prot_arg *p = arg;
	unsigned prot = p->prot;

	if (!pte_present(*ptep))
		return 0;
	bool keep_wp = (p->vma->vm_flags & VM_SHARED)
		? vma_wants_writenotify(p->vma) &&
		  !(pte_page(*ptep)->flags & PG_dirty)
		: !pte_write(*ptep);
	if (keep_wp)
		prot &= ~VM_PROT_WRITE;
	pte_modify(ptep, prot);
	flush_tlb_mm_page(p->vma->vm_mm, va);
	return 0;
}

/* Give [start, end), inside vma, the flags newflags; 0 or -errno. */
static int mprotect_fixup(struct mm_struct *mm, struct vm_area_struct *vma,
			  uint64_t start, uint64_t end, uint64_t newflags)
{
	uint64_t pages = (end - start) >> PAGE_SHIFT, charged = 0;

	if (newflags == vma->vm_flags)
		return 0;
	if ((newflags & VM_WRITE) && !(vma->vm_flags & (VM_ACCOUNT | VM_WRITE | VM_HUGETLB |
							 VM_SHARED | VM_NORESERVE))) {
		if (security_vm_enough_memory(mm, pages))
			return -ENOMEM;
		charged = pages;
		newflags |= VM_ACCOUNT;
	} else if (!(newflags & VM_WRITE) && (vma->vm_flags & VM_ACCOUNT) &&
		   vma_is_anonymous(vma) && !vma->anon_vma) {
		/* Linux gives the charge back when an anonymous VMA that
		 * never had a page becomes read-only again */
		newflags &= ~VM_ACCOUNT;
	}
	bool give_back = (vma->vm_flags & VM_ACCOUNT) && !(newflags & VM_ACCOUNT);
	vma = vma_modify_flags(mm, start, end, newflags);
	if (IS_ERR(vma)) {
		vm_unacct_memory(mm, charged);
		return PTR_ERR(vma);
	}
	if (give_back)
		vm_unacct_memory(mm, pages);
	struct prot_arg p = { vma, vma_pte_prot(vma) };
	if (is_vm_hugetlb_page(vma)) {
		hugetlb_change_protection(vma, start, end, p.prot);
		return 0;
	}
	change_huge_pmds(vma, start, end, p.prot);
	pgtable_for_each(mm->pml4, start, end, change_one, &p);
	return 0;
}

/* mprotect's walk over the VMAs of the range, as Linux: earlier VMAs are
 * changed before a hole is found (-ENOMEM). */
static long do_mprotect(uint64_t start, uint64_t len, uint64_t prot)
{
	struct mm_struct *mm = current->mm;

	if (start & ~PAGE_MASK)
		return -EINVAL;
	if (!len)
		return 0;
	len = PAGE_ALIGN(len);
	uint64_t end = start + len;
	if (end <= start)
		return -ENOMEM;
	if (prot & ~(uint64_t)(PROT_GROWSDOWN | PROT_GROWSUP | PROT_READ |
			       PROT_WRITE | PROT_EXEC | PROT_SEM))
		return -EINVAL;
	uint64_t grows = prot & (PROT_GROWSDOWN | PROT_GROWSUP);
	if (grows == (PROT_GROWSDOWN | PROT_GROWSUP) || (prot & PROT_GROWSUP))
		return -EINVAL;
	struct vm_area_struct *vma = find_vma(mm, start);
	if (!vma)
		return -ENOMEM;
	if (grows) {
		if (vma->vm_start >= end)
			return -ENOMEM;
		start = vma->vm_start;
		if (!(vma->vm_flags & VM_GROWSDOWN))
			return -EINVAL;
	} else if (vma->vm_start > start) {
		return -ENOMEM;
	}
	for (uint64_t nstart = start;;) {
		uint64_t newflags = calc_vm_prot_bits(prot) |
				    (vma->vm_flags & ~(VM_READ | VM_WRITE | VM_EXEC));
		if ((newflags & ~(newflags >> 4)) & (VM_READ | VM_WRITE | VM_EXEC))
			return -EACCES;
		uint64_t tmp = MIN(vma->vm_end, end);
		int err = mprotect_fixup(mm, vma, nstart, tmp, newflags);
		if (err)
			return err;
		nstart = tmp;
		if (nstart >= end)
			return 0;
		vma = find_vma(mm, nstart);	/* may have merged across nstart */
		if (!vma || vma->vm_start > nstart)
			return -ENOMEM;
	}
}

SYSCALL_DEFINE3(mprotect, uint64_t, start, size_t, len, uint64_t, prot)
{
	return do_mprotect(start, len, prot);
}
