/*
 * mm/mm_struct.c - address spaces: create, copy for fork, destroy.
 */
#include "mm.h"
#include "../fs/fs.h"

/* A new empty address space; NULL if out of memory. */
struct mm_struct *mm_alloc(void)
{
	struct mm_struct *mm = kzalloc(sizeof(*mm));

	if (!mm)
		return NULL;
	mm->pml4 = pgtable_new_pml4();
	if (!mm->pml4) {
		kfree(mm);
		return NULL;
	}
	mm_vma_init(mm);
	mm->mmap_base = STACK_TOP - 0x8000000ull;	/* 128 MiB below the stack */
	mm->users = 1;
	return mm;
}

/*
 * fork's copy of an address space: the same VMAs, and page tables whose
 * private pages are shared copy-on-write (memory.c).  NULL if out of memory.
 */
struct mm_struct *dup_mm(struct mm_struct *old)
{
	struct mm_struct *mm = mm_alloc();

	if (!mm)
		return NULL;
	uint64_t *pml4 = mm->pml4;
	*mm = *old;
	mm->pml4 = pml4;
	mm->users = 1;
	mm->rss_anon = mm->rss_file = mm->hiwater_rss = 0;
	mm->hiwater_vm = old->total_vm;
	mm->locked_vm = 0;
	mm->def_flags = 0;
	mm_vma_init(mm);
	if (mm->exe_file)
		get_file(mm->exe_file);
	mm->committed = 0;
	for (struct vm_area_struct *v = old->mmap; v; v = v->vm_next) {
		if (v->vm_flags & VM_DONTCOPY) {	/* locks are not inherited */
			vm_stat_account(mm, v->vm_flags & ~VM_LOCKED,
					-(int64_t)(vma_pages(v)));
			continue;
		}
		struct vm_area_struct *n = vm_area_dup(mm, v);
		if (!n)
			goto fail;
		n->vm_flags &= ~VM_LOCKED;	/* locks are not inherited */
		vma_link(mm, n);
		if ((n->vm_flags & VM_ACCOUNT) &&
		    security_vm_enough_memory(mm, vma_pages(n)))
			goto fail;
		if (n->vm_flags & VM_WIPEONFORK) {
			unlink_anon_vmas(n);	/* the child starts with zeros */
			continue;
		}
		if (copy_page_range(mm, old, n))
			goto fail;
	}
	flush_tlb_all();	/* the parent's private pages are read-only now */
	return mm;
fail:
	flush_tlb_all();
	mmput(mm);
	return NULL;
}

/* Drop a reference; the last one frees every page, VMA and table. */
void mmput(struct mm_struct *mm)
{
	if (--mm->users > 0)
		return;
	struct vm_area_struct *v = mm->mmap;
	while (v) {
		struct vm_area_struct *next = v->vm_next;
		zap_page_range(v, v->vm_start, v->vm_end);
		vma_unlink(mm, v);
		vm_area_free(v);
		v = next;
	}
	vm_unacct_memory(mm, mm->committed);
	if (mm->exe_file)
		fput(mm->exe_file);
	pgtable_free_user(mm->pml4);
	kfree(mm);
}
