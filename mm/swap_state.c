/*
 * mm/swap_state.c - swap entries in page tables: a fault on one reads the
 * page back (do_swap_page), and swapoff brings every page of an area back
 * (try_to_unuse); fork copies them and munmap and exit drop them in the
 * page-table loops of mm/memory.c.  Each swap entry in a PTE holds one
 * count of its slot (mm/swapfile.c) and counts in its mm's swapents
 * (VmSwap, smaps Swap:).
 */
#include "mm.h"
#include "../kernel/kernel.h"
#include <uapi/errno.h>

/* LAB swap BEGIN: swap-in: read the page back, map it, share it with fork's copies */
/* The other PTEs that name entry at the page's index - fork's copies,
 * found through the anon_vma - map the new page too, read-only: it is
 * shared copy-on-write again, as before it left (Linux's swap cache gives
 * the same sharing).  Returns how many were found. */
static int swapin_share(struct vm_area_struct *vma, struct page *page,
			swp_entry_t entry)
{
	struct vm_area_struct *v;
	int shared = 0;

	list_for_each_entry(v, &vma->anon_vma->head, anon_vma_node) {
		if (v == vma || page->index < v->vm_pgoff ||
		    page->index - v->vm_pgoff >= vma_pages(v))
			continue;
		uint64_t addr = v->vm_start + ((page->index - v->vm_pgoff) << PAGE_SHIFT);
		pte_t *ptep = pgtable_walk(v->vm_mm->pml4, addr, false);
		if (!ptep || !is_swap_pte(*ptep) ||
		    pte_to_swp_entry(*ptep).val != entry.val)
			continue;
		set_pte(ptep, mk_pte(page_to_phys(page),
				     vma_pte_prot(v) & ~VM_PROT_WRITE));
		get_page(page);
		page_add_map(v->vm_mm, page);
		v->vm_mm->swapents--;
		swap_free(entry);
		shared++;
	}
	return shared;
}

/*
 * The swap entry at addr of vma (*ptep) becomes a present page again: a
 * new private page read from its slot, mapped with vma's protection, and
 * by every other PTE that names the slot (swapin_share).  Returns
 * VM_FAULT_OK, VM_FAULT_OOM (no frame: the entry stays) or VM_FAULT_SIGBUS
 * (the disk failed to read it, as Linux).
 */
static int swapin_pte(struct vm_area_struct *vma, uint64_t addr, pte_t *ptep)
{
	swp_entry_t entry = pte_to_swp_entry(*ptep);

	if (anon_vma_prepare(vma))
		return VM_FAULT_OOM;
	struct page *page = alloc_page(PU_ANON);
	if (!page)
		return VM_FAULT_OOM;
	if (swap_readpage(page, entry)) {
		put_page(page);
		return VM_FAULT_SIGBUS;
	}
	workingset_refault_swap(page, entry);	/* may make it active */
	__page_set_anon_rmap(page, vma, addr);
	unsigned prot = vma_pte_prot(vma);
	if (swap_count(entry) > 1 && swapin_share(vma, page, entry))
		prot &= ~VM_PROT_WRITE;
	set_pte(ptep, mk_pte(page_to_phys(page), prot));
	page_add_map(vma->vm_mm, page);	/* alloc's reference is the PTE's */
	lru_cache_add_inactive_or_unevictable(page, vma);
	vma->vm_mm->swapents--;
	swap_free(entry);
	return VM_FAULT_OK;
}
/* LAB swap STUB BEGIN
static int swapin_pte(struct vm_area_struct *vma, uint64_t addr, pte_t *ptep)
{
	(void)vma;
	(void)addr;
	(void)ptep;
	return VM_FAULT_SIGBUS;
}
   LAB swap STUB END */
/* LAB swap END */

/* A fault on a swap entry: read the page in (a major fault). */
int do_swap_page(struct vm_area_struct *vma, uint64_t addr, pte_t *ptep)
{
	int r = swapin_pte(vma, addr, ptep);

	if (r == VM_FAULT_OK) {
		count_vm_event(PGMAJFAULT);
		current->maj_flt++;
	}
	return r;
}

struct unuse_arg {
	struct vm_area_struct *vma;
	unsigned type;
};

static int unuse_one(uint64_t va, pte_t *ptep, void *arg)
{
	struct unuse_arg *u = arg;

	if (!is_swap_pte(*ptep) || swp_type(pte_to_swp_entry(*ptep)) != u->type)
		return 0;
	if (nr_free_pages() < low_wmark_pages())
		return -ENOMEM;		/* leave the kernel frames to work with */
	int r = swapin_pte(u->vma, va, ptep);
	return r == VM_FAULT_OK ? 0 : r == VM_FAULT_OOM ? -ENOMEM : -EIO;
}

/* swapoff: read every page of area type (pages of them in use) back into
 * its shmem object (shmem_unuse) and each process that names it; 0, or
 * -ENOMEM (or -EIO) with the rest left in the area.  Fails at once if
 * they cannot fit above the low watermark. */
int try_to_unuse(unsigned type, uint64_t pages)
{
	if (pages + low_wmark_pages() > nr_free_pages())
		return -ENOMEM;
	int err = shmem_unuse(type);
	if (err)
		return err;
	for (struct task *t = task_next(NULL); t; t = task_next(t)) {
		struct mm_struct *mm = t->mm;
		if (!mm || !mm->swapents)
			continue;
		for (struct vm_area_struct *v = mm->mmap; v; v = v->vm_next) {
			struct unuse_arg u = { v, type };
			err = pgtable_for_each(mm->pml4, v->vm_start, v->vm_end,
					       unuse_one, &u);
			if (err)
				return err;
		}
	}
	return 0;
}
