/*
 * mm/memory.c - page-level work on ranges of an address space: unmapping
 * (zap), copying at fork (copy-on-write), reaching into another process's
 * memory, and unmapping a file's pages when it is truncated.
 */
#include "mm.h"
#include "../fs/fs.h"
#include <uapi/errno.h>

static struct page *the_zero_page;
bool fork_eager_copy;		/* fork=eager on the command line: no COW */

/* The shared read-only page of zeros that anonymous reads map. */
struct page *zero_page(void)
{
	if (!the_zero_page) {
		the_zero_page = alloc_zeroed_page(PU_KERNEL);
		if (!the_zero_page)
			panic("zero_page: out of memory at boot");
		the_zero_page->flags |= PG_zero;
		the_zero_page->refcount = INT32_MAX;	/* never freed */
	}
	return the_zero_page;
}

/* The struct page a PTE of vma maps, or NULL when the frame is not the
 * mapping's to count: a VM_PFNMAP mapping ([vvar]) maps a page of the
 * kernel's, with no reference or mapcount (as Linux's vm_normal_page). */
struct page *vm_normal_page(struct vm_area_struct *vma, pte_t pte)
{
	if (vma->vm_flags & VM_PFNMAP)
		return NULL;
	return pte_page(pte);
}

/* Drop the mapping's claim on a page (rss, mapcount, reference). */
static void release_mapping(struct vm_area_struct *vma, struct page *page)
{
	page_remove_map(vma->vm_mm, page);
	put_page(page);			/* the zero page is pinned: no-op */
}

/* Called for every non-zero entry, and a non-zero leaf entry always maps
 * a frame (present or PROT_NONE: Pagoda has no swap entries). */
static int zap_one(uint64_t va, pte_t *ptep, void *arg)
{
	struct vm_area_struct *vma = arg;
	pte_t pte = *ptep;
	struct page *page = vm_normal_page(vma, pte);
	set_pte(ptep, 0);
	/* A TLB can only hold entries of the page tables in use: an mm that
	 * is not current (exit, after the switch to the kernel's tables) has
	 * none left, since loading CR3 dropped them. */
	if (vma->vm_mm == current->mm)
		flush_tlb_page(va);
	if (!page)
		return 0;
	if (pte_dirty(pte) && (vma->vm_flags & VM_SHARED) && vma->vm_file)
		set_page_dirty(page);	/* a write through the PTE is not lost */
	release_mapping(vma, page);
	return 0;
}

/* Unmap every page of [start, end) inside vma, releasing the frames. */
void zap_page_range(struct vm_area_struct *vma, uint64_t start, uint64_t end)
{
	update_hiwater_rss(vma->vm_mm);
	pgtable_for_each(vma->vm_mm->pml4, start, end, zap_one, vma);
}

struct copy_arg {
	struct mm_struct *dst;
	struct vm_area_struct *vma;
	struct pgtable_cache cache;	/* the child's current page table */
	int err;
};

/* Fork one entry: share the frame, write-protecting private pages in
 * both parent and child (or copy it at once with fork=eager).  The
 * parent's TLB is flushed once, by dup_mm, after all VMAs are copied. */
static int copy_one(uint64_t va, pte_t *ptep, void *arg)
{
	struct copy_arg *c = arg;
	pte_t pte = *ptep;		/* non-zero: maps a frame (see zap_one) */
	pte_t *dptep = pgtable_walk_cached(c->dst->pml4, va, true, &c->cache);
	if (!dptep)
		return c->err = -ENOMEM;
	struct page *page = vm_normal_page(c->vma, pte);
	if (!page) {
		set_pte(dptep, pte);
		return 0;
	}
	bool cow = !(c->vma->vm_flags & VM_SHARED) && pte_write(pte);
	if (cow && fork_eager_copy && page->use == PU_ANON) {
		struct page *copy = alloc_page(PU_ANON);
		if (!copy)
			return c->err = -ENOMEM;
		memcpy(page_address(copy), page_address(page), PAGE_SIZE);
		page = copy;
		set_pte(dptep, mk_pte(page_to_phys(copy), pte_prot(pte)));
	} else {
		if (cow) {
			pte = pte_wrprotect(pte);
			set_pte(ptep, pte);
		}
		set_pte(dptep, pte);
		get_page(page);		/* the zero page is pinned: no-op */
	}
	page_add_map(c->dst, page);
	return 0;
}

/* Copy vma's page-table entries from src into dst for fork; 0 or -ENOMEM.
 * The caller flushes src's TLB afterwards (entries were write-protected). */
int copy_page_range(struct mm_struct *dst, struct mm_struct *src,
		    struct vm_area_struct *vma)
{
	struct copy_arg c = { dst, vma, { 0, NULL }, 0 };

	pgtable_for_each(src->pml4, vma->vm_start, vma->vm_end, copy_one, &c);
	return c.err;
}

/*
 * Copy to or from another address space, faulting pages in as needed
 * (used by /proc/PID/cmdline and fork's CLONE_CHILD_SETTID).  Returns the
 * number of bytes copied.
 */
int access_remote_vm(struct mm_struct *mm, uint64_t addr, void *buf,
		     size_t len, bool write)
{
	size_t done = 0;

	while (done < len) {
		uint64_t a = addr + done;
		pte_t *ptep = pgtable_walk(mm->pml4, a, false);
		bool ok = ptep && (pte_prot(*ptep) & VM_PROT_READ) &&
			  (!write || pte_write(*ptep));
		if (!ok) {		/* fault it in as the process would */
			if (a >= TASK_SIZE ||
			    handle_mm_fault(mm, a, write ? FAULT_FLAG_WRITE : 0))
				break;
			ptep = pgtable_walk(mm->pml4, a, false);
		}
		size_t n = MIN(len - done, PAGE_SIZE - (a & (PAGE_SIZE - 1)));
		char *k = (char *)phys_to_virt(pte_phys(*ptep)) + (a & (PAGE_SIZE - 1));
		if (write)
			memcpy(k, (char *)buf + done, n);
		else
			memcpy((char *)buf + done, k, n);
		done += n;
	}
	return (int)done;
}

/* Does vma map obj: its file's inode, or its shmem object? */
static bool vma_maps(struct vm_area_struct *vma, const void *obj)
{
	return vma->vm_private == obj ||
	       (vma->vm_file && (const void *)file_inode(vma->vm_file) == obj);
}

/*
 * Call fn(vma, start, end, arg) for every VMA, in every address space,
 * that maps some of the pages [first, end_index) of obj (a file's inode or
 * a shmem object), with [start, end) the addresses of those pages.  An mm
 * shared by a vfork child and its parent is visited once.
 */
void for_each_mapping(const void *obj, uint64_t first, uint64_t end_index,
		      void (*fn)(struct vm_area_struct *, uint64_t, uint64_t, void *),
		      void *arg)
{
	static uint64_t seq;

	seq++;
	for (struct task *t = task_next(NULL); t; t = task_next(t)) {
		if (!t->mm || t->mm->walk_seq == seq)
			continue;
		t->mm->walk_seq = seq;
		for (struct vm_area_struct *v = t->mm->mmap; v; v = v->vm_next) {
			uint64_t lo = MAX(first, v->vm_pgoff);
			uint64_t hi = MIN(end_index, v->vm_pgoff + vma_pages(v));
			if (lo < hi && vma_maps(v, obj))
				fn(v, v->vm_start + ((lo - v->vm_pgoff) << PAGE_SHIFT),
				   v->vm_start + ((hi - v->vm_pgoff) << PAGE_SHIFT), arg);
		}
	}
}

static void zap_mapping(struct vm_area_struct *vma, uint64_t start,
			uint64_t end, void *arg)
{
	(void)arg;
	zap_page_range(vma, start, end);
}

/*
 * The file's pages from first_index on are going away (truncate): unmap
 * them from every mapping of the file, so later accesses fault (SIGBUS).
 */
void unmap_mapping_range(struct inode *inode, uint64_t first_index)
{
	for_each_mapping(inode, first_index, UINT64_MAX, zap_mapping, NULL);
}

/* Unmap pages [first, end_index) of obj from every mapping (MADV_REMOVE). */
void unmap_object_range(const void *obj, uint64_t first, uint64_t end_index)
{
	for_each_mapping(obj, first, end_index, zap_mapping, NULL);
}

/* Free the page tables of [start, end), just unmapped, that cover only
 * the hole [floor, ceiling) between the neighbouring VMAs. */
void free_pgtables(struct mm_struct *mm, uint64_t start, uint64_t end,
		   uint64_t floor, uint64_t ceiling)
{
	pgtable_free_range(mm->pml4, start, end, floor, ceiling);
}
