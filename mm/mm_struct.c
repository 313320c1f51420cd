/*
 * mm/mm_struct.c - address spaces: create, copy for fork, destroy.
 *
 * Two counts, as in Linux: mm_users is the number of tasks using the
 * address space (the threads of a process, a vfork child); when the last
 * one goes (mmput), exit_mmap tears down every mapping and page table.
 * mm_count counts references to the struct itself: the users together
 * hold one, and so does an exiting task still running on the page tables
 * until it is switched out (mmgrab/mmdrop).  The struct and its PML4 are
 * freed with the last mm_count.
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
	list_init(&mm->pmd_huge_pte);
	list_init(&mm->khugepaged_node);
	mm->mmap_base = STACK_TOP - 0x8000000ull;	/* 128 MiB below the stack */
	mm->mm_users = mm->mm_count = 1;
	return mm;
}

/*
 * fork's copy of an address space: the same VMAs, and page tables whose
 * private pages are shared copy-on-write (memory.c).  NULL if out of memory.
 */
struct mm_struct *dup_mm(struct mm_struct *old)
{
	reclaim_before_copy();
	struct mm_struct *mm = mm_alloc();

	if (!mm)
		return NULL;
	uint64_t *pml4 = mm->pml4;
	*mm = *old;
	mm->pml4 = pml4;
	mm->mm_users = mm->mm_count = 1;
	mm->rss_anon = mm->rss_file = mm->rss_shmem = mm->hiwater_rss = 0;
	mm->swapents = 0;
	mm->hiwater_vm = old->total_vm;
	mm->locked_vm = 0;
	mm->def_flags = 0;
	mm->nr_huge_pmds = 0;
	list_init(&mm->pmd_huge_pte);
	khugepaged_fork(mm, old);
	mm_vma_init(mm);
	if (mm->exe_file) {
		get_file(mm->exe_file);
		deny_write_access(mm->exe_file);	/* the parent's holds */
	}
	mm->committed = 0;
	struct vm_area_struct *uncopied = old->mmap;
	for (struct vm_area_struct *v = old->mmap; v; v = v->vm_next) {
		uncopied = v;
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
		uncopied = v->vm_next;
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
	/* The size counters came with *old: take out the areas not linked. */
	for (struct vm_area_struct *v = uncopied; v; v = v->vm_next)
		if (!(v->vm_flags & VM_DONTCOPY))
			vm_stat_account(mm, v->vm_flags & ~VM_LOCKED,
					-(int64_t)(vma_pages(v)));
	flush_tlb_all();
	mmput(mm);
	return NULL;
}

/*
 * Unmap and free every VMA, page and page table of the user half (the
 * last user has gone), after debug builds validate it all once more.
 * The tables go per run of VMAs closer than a page table apart, up to the
 * next run (Linux's free_pgtables), so only the entries the VMAs span are
 * read.  The PML4 stays for mmdrop.
 */
static void exit_mmap(struct mm_struct *mm)
{
	struct vm_area_struct *v = mm->mmap;
	uint64_t run = v ? v->vm_start : 0;

	mm_check(mm);			/* its last state, in full */
	while (v) {
		struct vm_area_struct *next = v->vm_next;
		zap_page_range(v, v->vm_start, v->vm_end);
		if (!next || next->vm_start > v->vm_end + PMD_SIZE) {
			free_pgtables(mm, run, v->vm_end, 0,
				      next ? next->vm_start : USER_PGTABLES_CEILING);
			run = next ? next->vm_start : 0;
		}
		vma_unlink(mm, v);
		vm_area_free(v);
		v = next;
	}
	vm_unacct_memory(mm, mm->committed);
	if (mm->exe_file) {
		allow_write_access(mm->exe_file);
		fput(mm->exe_file);
	}
	mm->exe_file = NULL;
}

/* A task stops using mm; the last user tears the address space down. */
void mmput(struct mm_struct *mm)
{
	if (--mm->mm_users > 0)
		return;
	khugepaged_exit(mm);
	exit_mmap(mm);
	mmdrop(mm);
}

/* Drop a reference to the struct; the last one frees it and its PML4,
 * which must not be loaded in CR3 any more. */
void mmdrop(struct mm_struct *mm)
{
	if (--mm->mm_count > 0)
		return;
	pgtable_free_user(mm->pml4);
	kfree(mm);
}
