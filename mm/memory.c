/*
 * mm/memory.c - page-level work on ranges of an address space: unmapping
 * (zap), copying at fork (copy-on-write), reaching into another process's
 * memory, and unmapping a file's pages from every process that maps them.
 *
 * Fork and zap walk the page tables as Linux's do, one function a level
 * (copy_page_range -> copy_pud_range -> copy_pmd_range -> copy_pte_range,
 * and zap_ likewise), so the per-page work is one tight loop over a page
 * table with the inline accessors of pgtable.h: no call per entry, the
 * RSS counted once a table.  A huge PMD (pmd_leaf: a transparent huge
 * page) is huge_memory.c's: fork copies it whole (copy_huge_pmd), a zap
 * that covers its 2 MiB clears it (zap_huge_pmd) and one that covers part
 * splits it first, then clears the PTEs in range.
 * A non-zero PTE either maps a frame (pte_present, PROT_NONE too) or is
 * a swap entry (pgtable.h): fork gives the child's copy a count of the
 * slot (swap_duplicate), zap gives the count back (swap_free), and both
 * change the mm's swapents once a table, as they do its RSS.
 */
#include "mm.h"
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

/* Above this many pages, one flush of the whole TLB is cheaper than an
 * invlpg a page (Linux's tlb_single_page_flush_ceiling is 33). */
#define TLB_FLUSH_CEILING	32

struct zap_details {
	struct vm_area_struct *vma;
	bool flush_each;	/* the mm is loaded: invlpg each entry cleared */
	bool pfnmap;		/* VM_PFNMAP: the frames are not counted */
	bool shared;		/* VM_SHARED: a Dirty bit dirties the page */
	uint64_t cleared;	/* entries cleared */
};

/*
 * Clear the entries of one page table in [addr, end) and release the
 * frames they map and the swap slots they name: one tight loop, the RSS
 * counters (anon, file, shmem) and swapents changed once for the table.
 * A swap entry is not in any TLB (the CPU caches only present entries).
 */
static void zap_pte_range(struct zap_details *z, pmd_t *pmd, uint64_t addr,
			  uint64_t end)
{
	struct mm_struct *mm = z->vma->vm_mm;
	pte_t *ptep = pte_offset(pmd, addr);
	uint64_t anon = 0, file = 0, shmem = 0, swap = 0;

	for (; addr != end; addr += PAGE_SIZE, ptep++) {
		pte_t pte = *ptep;
		if (pte_none(pte))
			continue;
		set_pte(ptep, 0);
		if (!pte_present(pte)) {
			swap_free(pte_to_swp_entry(pte));
			swap++;
			continue;
		}
		z->cleared++;
		if (z->flush_each)
			flush_tlb_page(addr);
		if (z->pfnmap)
			continue;
		struct page *page = pte_page(pte);
		if (page->flags & PG_zero)
			continue;	/* never counted (page_add_map) */
		if (z->shared && pte_dirty(pte))
			set_page_dirty(page);	/* a write through the PTE is kept */
		page->mapcount--;
		if (PageAnon(page))
			anon++;
		else if (PageShmem(page))
			shmem++;
		else
			file++;
		put_page(page);
	}
	mm->rss_anon -= anon;
	mm->rss_file -= file;
	mm->rss_shmem -= shmem;
	mm->swapents -= swap;
}

/* The page tables below one page directory, in [addr, end). */
static void zap_pmd_range(struct zap_details *z, pud_t *pud, uint64_t addr,
			  uint64_t end)
{
	pmd_t *pmd = pmd_offset(pud, addr);
	uint64_t next;

	for (; addr != end; addr = next, pmd++) {
		next = pgtable_addr_end(addr, end, PMD_SIZE);
		if (pmd_none(*pmd))
			continue;
		if (pmd_leaf(*pmd)) {
			if (next - addr == HPAGE_PMD_SIZE) {
				zap_huge_pmd(z->vma, pmd, addr);
				continue;
			}
			split_huge_pmd(z->vma->vm_mm, pmd, addr & HPAGE_PMD_MASK);
		}
		zap_pte_range(z, pmd, addr, next);
	}
}

/* The page directories below one PML4 entry, in [addr, end). */
static void zap_pud_range(struct zap_details *z, pgd_t *pgd, uint64_t addr,
			  uint64_t end)
{
	pud_t *pud = pud_offset(pgd, addr);
	uint64_t next;

	for (; addr != end; addr = next, pud++) {
		next = pgtable_addr_end(addr, end, PUD_SIZE);
		if (!pud_none(*pud))
			zap_pmd_range(z, pud, addr, next);
	}
}

/*
 * Unmap every page of [start, end) inside vma, releasing the frames, a
 * page table at a time (Linux's unmap_page_range).  A TLB can only hold
 * entries of the page tables in use: an mm that is not current (exit)
 * needs no flush; a loaded one gets an invlpg a page for a small range,
 * one full flush after a large one.
 */
void zap_page_range(struct vm_area_struct *vma, uint64_t start, uint64_t end)
{
	bool loaded = vma->vm_mm == current->mm;
	struct zap_details z = {
		.vma = vma,
		.flush_each = loaded &&
			      (end - start) >> PAGE_SHIFT <= TLB_FLUSH_CEILING,
		.pfnmap = vma->vm_flags & VM_PFNMAP,
		.shared = vma->vm_flags & VM_SHARED,
	};
	pgd_t *pgd = pgd_offset(vma->vm_mm->pml4, start);
	uint64_t addr, next;

	if (is_vm_hugetlb_page(vma)) {
		unmap_hugepage_range(vma, start, end);
		return;
	}
	update_hiwater_rss(vma->vm_mm);
	for (addr = start; addr != end; addr = next, pgd++) {
		next = pgtable_addr_end(addr, end, PGDIR_SIZE);
		if (!pgd_none(*pgd))
			zap_pud_range(&z, pgd, addr, next);
	}
	if (loaded && !z.flush_each && z.cleared)
		flush_tlb_all();
}

struct copy_ctx {
	struct mm_struct *dst;
	struct vm_area_struct *vma;	/* the child's copy of the VMA */
	bool cow;			/* private: share writable pages COW */
	bool pfnmap;			/* VM_PFNMAP: entries copied, uncounted */
};

/* fork=eager: the child's own copy of a private anonymous page, mapped
 * at *dptep with the parent's protection; 0 or -ENOMEM. */
static int copy_present_page(struct copy_ctx *c, pte_t *dptep, pte_t pte,
			     uint64_t addr)
{
	struct page *copy = alloc_page(PU_ANON);

	if (!copy)
		return -ENOMEM;
	memcpy(page_address(copy), page_address(pte_page(pte)), PAGE_SIZE);
	__page_set_anon_rmap(copy, c->vma, addr);
	set_pte(dptep, mk_pte(page_to_phys(copy), pte_prot(pte)));
	page_add_map(c->dst, copy);
	lru_cache_add_inactive_or_unevictable(copy, c->vma);
	return 0;
}

/*
 * Fork one page table's entries in [addr, end) in one tight loop: share
 * each frame (a reference and a mapcount each, the child's RSS added once
 * for the table), write-protecting the writable private ones in parent
 * and child for copy-on-write - or, with fork=eager, copying them now;
 * a swap entry is copied with one more count of its slot (swapents added
 * once too).  0 or -ENOMEM (no frame, or the slot's count is full).
 */
static int copy_pte_range(struct copy_ctx *c, pmd_t *dst_pmd, pmd_t *src_pmd,
			  uint64_t addr, uint64_t end)
{
	/* LAB cow BEGIN: fork's copy of one page table: share the pages copy-on-write */
	pte_t *dst = pte_alloc(dst_pmd, addr), *src = pte_offset(src_pmd, addr);
	uint64_t anon = 0, file = 0, shmem = 0, swap = 0;
	int err = 0;

	if (!dst)
		return -ENOMEM;
	for (; addr != end; addr += PAGE_SIZE, src++, dst++) {
		pte_t pte = *src;
		if (pte_none(pte))
			continue;
		if (!pte_present(pte)) {
			if ((err = swap_duplicate(pte_to_swp_entry(pte))))
				break;
			set_pte(dst, pte);
			swap++;
			continue;
		}
		struct page *page = pte_page(pte);
		if (!c->pfnmap && c->cow && pte_write(pte)) {
			if (fork_eager_copy && PageAnon(page)) {
				if ((err = copy_present_page(c, dst, pte, addr)))
					break;
				continue;
			}
			pte = pte_wrprotect(pte);
			set_pte(src, pte);
		}
		set_pte(dst, pte);
		if (c->pfnmap || (page->flags & PG_zero))
			continue;	/* uncounted, as in page_add_map */
		get_page(page);
		page->mapcount++;
		if (PageAnon(page))
			anon++;
		else if (PageShmem(page))
			shmem++;
		else
			file++;
	}
	c->dst->rss_anon += anon;
	c->dst->rss_file += file;
	c->dst->rss_shmem += shmem;
	c->dst->swapents += swap;
	return err;
	/* LAB cow STUB BEGIN
	pte_t *dst = pte_alloc(dst_pmd, addr), *src = pte_offset(src_pmd, addr);
	uint64_t anon = 0, file = 0, shmem = 0, swap = 0;
	int err = 0;

	if (!dst)
		return -ENOMEM;
	for (; addr != end; addr += PAGE_SIZE, src++, dst++) {
		pte_t pte = *src;
		if (pte_none(pte))
			continue;
		if (!pte_present(pte)) {
			if ((err = swap_duplicate(pte_to_swp_entry(pte))))
				break;
			set_pte(dst, pte);
			swap++;
			continue;
		}
		struct page *page = pte_page(pte);
		if (!c->pfnmap && c->cow && pte_write(pte)) {
			if ((err = copy_present_page(c, dst, pte, addr)))
				break;
			continue;
		}
		set_pte(dst, pte);
		if (c->pfnmap || (page->flags & PG_zero))
			continue;
		get_page(page);
		page->mapcount++;
		if (PageAnon(page))
			anon++;
		else if (PageShmem(page))
			shmem++;
		else
			file++;
	}
	c->dst->rss_anon += anon;
	c->dst->rss_file += file;
	c->dst->rss_shmem += shmem;
	c->dst->swapents += swap;
	return err;
	   LAB cow STUB END */
	/* LAB cow END */
}

/* The page tables below one page directory, in [addr, end). */
static int copy_pmd_range(struct copy_ctx *c, pud_t *dst_pud, pud_t *src_pud,
			  uint64_t addr, uint64_t end)
{
	pmd_t *dst = pmd_alloc(dst_pud, addr), *src = pmd_offset(src_pud, addr);
	uint64_t next;
	int err;

	if (!dst)
		return -ENOMEM;
	for (; addr != end; addr = next, src++, dst++) {
		next = pgtable_addr_end(addr, end, PMD_SIZE);
		if (pmd_none(*src))
			continue;
		if (pmd_leaf(*src))	/* a huge page: its VMA covers it whole */
			err = copy_huge_pmd(c->dst, dst, src, addr, c->vma);
		else
			err = copy_pte_range(c, dst, src, addr, next);
		if (err)
			return err;
	}
	return 0;
}

/* The page directories below one PML4 entry, in [addr, end). */
static int copy_pud_range(struct copy_ctx *c, pgd_t *dst_pgd, pgd_t *src_pgd,
			  uint64_t addr, uint64_t end)
{
	pud_t *dst = pud_alloc(dst_pgd, addr), *src = pud_offset(src_pgd, addr);
	uint64_t next;
	int err;

	if (!dst)
		return -ENOMEM;
	for (; addr != end; addr = next, src++, dst++) {
		next = pgtable_addr_end(addr, end, PUD_SIZE);
		if (!pud_none(*src) && (err = copy_pmd_range(c, dst, src, addr, next)))
			return err;
	}
	return 0;
}

/*
 * Copy vma's page-table entries from src into dst for fork, a page table
 * at a time (Linux's copy_page_range; 4-level paging has no p4d level).
 * 0 or -ENOMEM.  The caller flushes src's TLB afterwards (entries were
 * write-protected).
 */
int copy_page_range(struct mm_struct *dst, struct mm_struct *src,
		    struct vm_area_struct *vma)
{
	struct copy_ctx c = { dst, vma, !(vma->vm_flags & VM_SHARED),
			      vma->vm_flags & VM_PFNMAP };
	uint64_t addr, next, end = vma->vm_end;
	pgd_t *src_pgd = pgd_offset(src->pml4, vma->vm_start);
	pgd_t *dst_pgd = pgd_offset(dst->pml4, vma->vm_start);
	int err;

	if (is_vm_hugetlb_page(vma))
		return copy_hugetlb_page_range(dst, src, vma);
	for (addr = vma->vm_start; addr != end; addr = next, src_pgd++, dst_pgd++) {
		next = pgtable_addr_end(addr, end, PGDIR_SIZE);
		if (!pgd_none(*src_pgd) &&
		    (err = copy_pud_range(&c, dst_pgd, src_pgd, addr, next)))
			return err;
	}
	return 0;
}

/*
 * The pages [first, last] of mapping are going away (truncate, a hole
 * punched in shmem): unmap them from every VMA on the mapping's i_mmap,
 * private copies too, so that later accesses fault (SIGBUS past the end).
 * Linux's unmap_mapping_range takes bytes; this takes page indices.
 */
void unmap_mapping_range(struct address_space *mapping, uint64_t first,
			 uint64_t last)
{
	struct vm_area_struct *v;
	uint64_t start, end;

	i_mmap_foreach(v, mapping, first, last) {
		vma_mapped_range(v, first, last, &start, &end);
		zap_page_range(v, start, end);
	}
}

/* Free the page tables of [start, end), just unmapped, that cover only
 * the hole [floor, ceiling) between the neighbouring VMAs. */
void free_pgtables(struct mm_struct *mm, uint64_t start, uint64_t end,
		   uint64_t floor, uint64_t ceiling)
{
	pgtable_free_range(mm->pml4, start, end, floor, ceiling);
}
