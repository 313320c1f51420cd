/*
 * mm/brk.c - the program break: the end of the heap that malloc grows
 * with small requests.
 *
 * The flow is Linux's (and the seed articles'): page-align the request;
 * shrinking always works (do_munmap the top of the heap); growing must
 * neither pass RLIMIT_DATA nor come within a page of the next mapping,
 * and then do_brk_flags extends the heap VMA.  On any failure brk returns
 * the old break unchanged - that is how malloc learns it must mmap.
 * brk(0) returns the current break.
 */
#include "mm.h"
#include "../kernel/syscalls.h"
#include <uapi/errno.h>
#include <uapi/resource.h>

/*
 * Map [addr, addr + len) as heap: extend the heap VMA below it or create
 * one.  Returns 0 or -ENOMEM.
 */
int do_brk_flags(uint64_t addr, uint64_t len, uint64_t flags)
{
	struct mm_struct *mm = current->mm;
	uint64_t vm_flags = VM_READ | VM_WRITE | VM_MAYREAD | VM_MAYWRITE |
			    VM_MAYEXEC | VM_ACCOUNT | flags | mm->def_flags;
	uint64_t pages;

	len = PAGE_ALIGN(len);
	if (!len)
		return 0;
	if (addr + len > TASK_SIZE || addr + len < addr)
		return -ENOMEM;
	pages = len >> PAGE_SHIFT;
	if (!may_expand_vm(mm, vm_flags, pages) ||
	    mm->map_count > (int)sysctl_max_map_count)
		return -ENOMEM;
	if (security_vm_enough_memory(mm, pages))
		return -ENOMEM;
	struct vm_area_struct *prev, *vma = find_vma_prev(mm, addr, &prev);
	(void)vma;
	if (prev && prev->vm_end == addr && prev->vm_flags == vm_flags &&
	    !prev->vm_file) {	/* may be .bss, as Linux */
		prev->vm_end = addr + len;
		vma_gap_update_bounds(mm, prev);
		vma = prev;
	} else {
		vma = vm_area_alloc(mm);
		if (!vma) {
			vm_unacct_memory(mm, pages);
			return -ENOMEM;
		}
		vma->vm_start = addr;
		vma->vm_end = addr + len;
		vma->vm_flags = vm_flags;
		vma->vm_pgoff = addr >> PAGE_SHIFT;
		vma_link(mm, vma);
	}
	vm_stat_account(mm, vm_flags, pages);
	if (vm_flags & VM_LOCKED)
		populate_range(mm, addr, addr + len);
	return 0;
}

/* The whole syscall; returns the new break, or the old one on failure. */
static uint64_t brk_common(uint64_t brk)
{
	/* LAB aspace BEGIN: brk: move the break, grow or shrink the heap VMA */
	struct mm_struct *mm = current->mm;
	uint64_t origbrk = mm->brk;

	if (brk < mm->start_brk)
		return origbrk;
	if (rlimit(RLIMIT_DATA) != RLIM_INFINITY &&
	    (brk - mm->start_brk) + (mm->end_data - mm->start_data) >
	    rlimit(RLIMIT_DATA))
		return origbrk;
	uint64_t newbrk = PAGE_ALIGN(brk), oldbrk = PAGE_ALIGN(mm->brk);
	if (oldbrk == newbrk) {
		mm->brk = brk;
		return brk;
	}
	if (brk <= mm->brk) {		/* shrinking always works */
		mm->brk = brk;
		if (do_munmap(mm, newbrk, oldbrk - newbrk)) {
			mm->brk = origbrk;
			return origbrk;
		}
		return brk;
	}
	struct vm_area_struct *next = find_vma(mm, oldbrk);
	if (next && newbrk + PAGE_SIZE > vm_start_gap(next))
		return origbrk;
	if (do_brk_flags(oldbrk, newbrk - oldbrk, 0))
		return origbrk;
	mm->brk = brk;
	return brk;
	/* LAB aspace STUB BEGIN
	(void)brk;
	return current->mm->brk;
	   LAB aspace STUB END */
	/* LAB aspace END */
}

SYSCALL_DEFINE1(brk, uint64_t, brk)
{
	return (long)brk_common(brk);
}
