/*
 * mm/fault.c - the page-fault handler.
 *
 * handle_mm_fault() is a short dispatcher over these cases (docs/design.md),
 * each one function named as in Linux:
 *
 * | case                                         | action                      |
 * |----------------------------------------------|-----------------------------|
 * | no VMA, or access not allowed by the VMA     | SIGSEGV (MAPERR / ACCERR)   |
 * | below a VM_GROWSDOWN VMA within the limit    | expand_stack, then go on    |
 * | not present, anonymous, read                 | map the shared zero page RO |
 * | not present, anonymous, write                | do_anonymous_page           |
 * | not present, file, shmem, [vdso] or [vvar]   | do_fault: vm_ops->fault     |
 * |   ... read, pages cached around it           | do_fault_around: map them   |
 * |   ... read, or a shared mapping              | map the object's page       |
 * |   ... shared, written back: read, or write   | read-only, or page_mkwrite  |
 * |   ... write to a private mapping             | do_cow_fault: a copy        |
 * | beyond end of file in a file mapping         | SIGBUS                      |
 * | present, write, private, page shared         | do_wp_page: copy or reuse   |
 * | present, write, shared mapping               | page_mkwrite, make writable |
 * | kernel access to a user address in uaccess   | as above, else -EFAULT      |
 * | anything else in kernel mode                 | panic                       |
 *
 * vm_ops->fault is filemap_fault (mm/filemap.c) for files, shmem_fault
 * (mm/shmem.c) for shared anonymous memory, special_mapping_fault
 * (mm/mmap.c) for [vdso] and [vvar]; vm_ops->map_pages, for fault-around,
 * is filemap_map_pages for files and shmem.
 *
 * Reference counting: every PTE that maps a frame holds one reference
 * (refcount) and counts in mapcount; the page cache (of a file or of
 * shmem) holds one more for its pages.  The zero page is never counted or
 * freed.  Each new private page joins the reverse map (mm/rmap.c).
 */
#include "mm.h"
#include <uapi/errno.h>
#include <uapi/signal.h>
#include <uapi/resource.h>

/* Record what this fault does, for its trace=mm line (kinds in mm.h),
 * keeping the flags (FK_STACK_GROW) set on the way. */
#define set_fault_kind(k) \
	(current->fault_kind = (current->fault_kind & ~FK_KIND) | (k))

/* Install page at addr; the caller has taken the mapping's reference. */
static void map_page(struct vm_area_struct *vma, pte_t *ptep, struct page *page,
		     bool writable)
{
	unsigned prot = vma_pte_prot(vma);

	if (!writable)
		prot &= ~VM_PROT_WRITE;
	set_pte(ptep, mk_pte(page_to_phys(page), prot));
	page_add_map(vma->vm_mm, page);
}

/* A private copy of src for vma at addr (copy-on-write); NULL if out of
 * memory.  The copy joins vma's anon_vma.  Inline: a COW fault is this
 * and little else. */
static inline struct page *cow_copy_page(struct vm_area_struct *vma,
					 uint64_t addr, struct page *src)
{
	if (anon_vma_prepare(vma))
		return NULL;
	struct page *page = alloc_page(PU_ANON);
	if (!page)
		return NULL;
	memcpy(page_address(page), page_address(src), PAGE_SIZE);
	__page_set_anon_rmap(page, vma, addr);
	lru_cache_add_inactive_or_unevictable(page, vma);
	return page;
}

/* First touch of private anonymous memory. */
static int do_anonymous_page(struct vm_area_struct *vma, uint64_t addr,
			     pte_t *ptep, unsigned flags)
{
	/* LAB demand BEGIN: the first touch of anonymous memory: the zero page on a read */
	if (!(flags & FAULT_FLAG_WRITE)) {
		count_vm_event(ZERO_PAGE_MAP);
		set_fault_kind(FK_ZERO_PAGE);
		map_page(vma, ptep, zero_page(), false);
		return VM_FAULT_OK;
	}
	if (anon_vma_prepare(vma))
		return VM_FAULT_OOM;
	struct page *page = alloc_zeroed_page(PU_ANON);
	if (!page)
		return VM_FAULT_OOM;
	__page_set_anon_rmap(page, vma, addr);
	set_fault_kind(FK_ANON);
	map_page(vma, ptep, page, true);
	lru_cache_add_inactive_or_unevictable(page, vma);
	return VM_FAULT_OK;
	/* LAB demand STUB BEGIN
	(void)flags;
	if (anon_vma_prepare(vma))
		return VM_FAULT_OOM;
	struct page *page = alloc_zeroed_page(PU_ANON);
	if (!page)
		return VM_FAULT_OOM;
	__page_set_anon_rmap(page, vma, addr);
	map_page(vma, ptep, page, true);
	lru_cache_add_inactive_or_unevictable(page, vma);
	return VM_FAULT_OK;
	   LAB demand STUB END */
	/* LAB demand END */
}

/* The fault-around window (Linux's fault_around_bytes, 64 KiB): a power
 * of two pages, at most a page table; a page turns it off. */
uint64_t fault_around_bytes = 16 * PAGE_SIZE;

/* Set the window as Linux's debugfs file does: -EINVAL above a page
 * table's worth, else rounded down to a power of two pages, and anything
 * below two pages is one page (off). */
int set_fault_around_bytes(uint64_t bytes)
{
	uint64_t pow = PAGE_SIZE;

	if (bytes / PAGE_SIZE > PTRS_PER_TABLE)
		return -EINVAL;
	while (pow * 2 <= bytes)
		pow *= 2;
	fault_around_bytes = pow;
	return 0;
}

/*
 * A read fault in a VMA whose object can map its cached pages (Linux's
 * do_fault_around): map those of the fault_around_bytes window, aligned,
 * that holds the address - from the VMA's start if later, and within the
 * VMA and the page table.  Returns whether that mapped the faulting page
 * (it was cached); else do_fault asks vm_ops->fault for it.
 */
static bool do_fault_around(struct vm_fault *vmf)
{
	struct vm_area_struct *vma = vmf->vma;
	uint64_t addr = vmf->address & PAGE_MASK;
	uint64_t from = MAX(addr & ~(fault_around_bytes - 1), vma->vm_start);
	uint64_t to = MIN(MIN(from + fault_around_bytes, vma->vm_end),
			  (addr & ~(PMD_SIZE - 1)) + PMD_SIZE);
	unsigned mapped = vma->vm_ops->map_pages(vmf, vma_index(vma, from),
						 vma_index(vma, to) - 1);

	if (pte_none(*vmf->pte)) {
		vm_events[FAULT_AROUND_PAGES] += mapped;
		return false;
	}
	vm_events[FAULT_AROUND_PAGES] += mapped - 1;
	count_vm_event(PGCACHE_HIT);	/* the faulting page's lookup */
	return true;
}

/*
 * Not present in a VMA with an object (a file, shmem, or a special
 * mapping's pages): its vm_ops->fault finds the page.  A read, or any
 * access to a shared mapping, maps that page; a write to a private mapping
 * maps a copy (Linux's do_read_fault, do_shared_fault, do_cow_fault),
 * since a private mapping must never write into the object.  A shared
 * mapping whose writes must be seen (vma_wants_writenotify) maps the page
 * read-only on a read, and on a write lets vm_ops->page_mkwrite dirty it
 * first.  A VM_PFNMAP page ([vvar]) stays the kernel's: mapped, neither
 * referenced nor counted.
 */
static int do_fault(struct vm_area_struct *vma, uint64_t addr, pte_t *ptep,
		    unsigned flags)
{
	struct vm_fault vmf = { vma, addr, vma_index(vma, addr), flags, NULL,
				ptep };

	set_fault_kind(vma_is_shmem(vma) ? FK_SHMEM :
		       vma->vm_special ? FK_SPECIAL : FK_FILE);
	if (!(flags & FAULT_FLAG_WRITE) && vma->vm_ops->map_pages &&
	    fault_around_bytes > PAGE_SIZE && do_fault_around(&vmf)) {
		current->fault_kind |= FK_AROUND;
		return VM_FAULT_OK;
	}
	int r = vma->vm_ops->fault(&vmf);
	if (r != VM_FAULT_OK)
		return r;
	if (vma->vm_flags & VM_PFNMAP) {
		set_pte(ptep, mk_pte(page_to_phys(vmf.page), vma_pte_prot(vma)));
		return VM_FAULT_OK;
	}
	if ((vma->vm_flags & VM_SHARED) || !(flags & FAULT_FLAG_WRITE)) {
		bool writable = vma->vm_flags & VM_SHARED;
		if (writable && vma_wants_writenotify(vma)) {
			writable = flags & FAULT_FLAG_WRITE;
			if (writable && (r = vma->vm_ops->page_mkwrite(&vmf))) {
				put_page(vmf.page);
				return r;
			}
			if (writable)
				set_fault_kind(FK_PAGE_MKWRITE);
		}
		map_page(vma, ptep, vmf.page, writable);
		return VM_FAULT_OK;
	}
	struct page *copy = cow_copy_page(vma, addr, vmf.page);
	put_page(vmf.page);
	if (!copy)
		return VM_FAULT_OOM;
	set_fault_kind(FK_FILE_COW);
	map_page(vma, ptep, copy, true);
	return VM_FAULT_OK;
}

/* May a write fault take over old instead of copying it: an anonymous
 * page that no other mapping, swap slot or kernel user holds?  (Linux's
 * wp_can_reuse_anon_folio.) */
static bool wp_can_reuse_anon_page(struct page *old)
{
	/* LAB cow BEGIN: reuse the page when this mapping holds the only reference */
	return PageAnon(old) && page_count(old) == 1;
	/* LAB cow STUB BEGIN
	(void)old;
	return false;
	   LAB cow STUB END */
	/* LAB cow END */
}

/*
 * A write to a present, write-protected page of a writable VMA.  Shared
 * mapping: allow it, after vm_ops->page_mkwrite has dirtied the page if
 * the mapping wants to know (Linux's wp_page_shared).  Private: reuse the
 * page if this mapping holds the only reference to an anonymous page,
 * else copy it (copy-on-write).
 */
static int do_wp_page(struct vm_area_struct *vma, uint64_t addr, pte_t *ptep)
{
	struct page *old = pte_page(*ptep);
	unsigned prot = vma_pte_prot(vma);

	if (vma->vm_flags & VM_SHARED) {
		set_fault_kind(FK_SHARED_WRITE);
		if (vma_wants_writenotify(vma)) {
			struct vm_fault vmf = { vma, addr, vma_index(vma, addr),
						FAULT_FLAG_WRITE, old, ptep };
			int r = vma->vm_ops->page_mkwrite(&vmf);
			if (r)
				return r;
			set_fault_kind(FK_PAGE_MKWRITE);
		}
		set_pte(ptep, mk_pte(pte_phys(*ptep), prot));
		flush_tlb_page(addr);
		return VM_FAULT_OK;
	}
	count_vm_event(COW_FAULT);
	if (wp_can_reuse_anon_page(old)) {
		count_vm_event(COW_REUSE);
		set_fault_kind(FK_COW_REUSE);
		set_pte(ptep, mk_pte(pte_phys(*ptep), prot));
		flush_tlb_page(addr);
		return VM_FAULT_OK;
	}
	struct page *copy = cow_copy_page(vma, addr, old);	/* or zeros */
	if (!copy)
		return VM_FAULT_OOM;
	count_vm_event(COW_COPY);
	set_fault_kind(old == zero_page() ? FK_COW_ZERO : FK_COW_COPY);
	page_remove_map(vma->vm_mm, old);
	map_page(vma, ptep, copy, true);
	flush_tlb_page(addr);
	put_page(old);			/* the zero page is pinned: no-op */
	return VM_FAULT_OK;
}

/*
 * Grow a VM_GROWSDOWN VMA down to cover addr.  Returns 0, or -ENOMEM when
 * the stack limit, the guard gap below it, or memory accounting says no.
 * Only a VM_ACCOUNT (private writable) stack is charged for the growth:
 * munmap gives back the charge of VM_ACCOUNT VMAs only.
 */
static int expand_stack(struct vm_area_struct *vma, uint64_t addr)
{
	/* LAB demand BEGIN: stack growth: the limits, the guard gap, the accounting */
	struct mm_struct *mm = vma->vm_mm;
	uint64_t start = addr & PAGE_MASK;
	uint64_t grow = (vma->vm_start - start) >> PAGE_SHIFT;

	if (start < MMAP_MIN_ADDR ||
	    vma->vm_end - start > rlimit(RLIMIT_STACK))
		return -ENOMEM;
	if (vma->vm_prev && vma->vm_prev->vm_end + STACK_GUARD_GAP > start &&
	    !(vma->vm_prev->vm_flags & VM_GROWSDOWN))
		return -ENOMEM;
	if (!may_expand_vm(mm, vma->vm_flags, grow) ||
	    ((vma->vm_flags & VM_ACCOUNT) && security_vm_enough_memory(mm, grow)))
		return -ENOMEM;
	vma->vm_start = start;
	vma->vm_pgoff -= grow;
	vma_gap_update_bounds(mm, vma);
	vm_stat_account(mm, vma->vm_flags, grow);
	current->fault_kind |= FK_STACK_GROW;
	return 0;
	/* LAB demand STUB BEGIN
	(void)vma;
	(void)addr;
	return -ENOMEM;
	   LAB demand STUB END */
	/* LAB demand END */
}

/* Is this access allowed by the VMA's protection? */
static bool access_allowed(struct vm_area_struct *vma, unsigned flags)
{
	if (flags & FAULT_FLAG_WRITE)
		return vma->vm_flags & VM_WRITE;
	if (flags & FAULT_FLAG_INSTRUCTION)
		return vma->vm_flags & VM_EXEC;
	return vma->vm_flags & (VM_READ | VM_WRITE | VM_EXEC);
}

/* Is the PMD-level step of a fault in vma worth taking: an empty entry
 * (a huge page may go there) or a huge one?  A fault under a page table
 * is a 4 KiB matter, as in Linux's __handle_mm_fault.  Inline: the common
 * fault skips do_huge_pmd_fault in a few instructions. */
static inline bool huge_pmd_fault_wanted(const struct vm_area_struct *vma,
					 pmd_t pmd)
{
	return vma_is_anonymous(vma) && (pmd_none(pmd) || pmd_leaf(pmd));
}

/* Resolve a fault at addr in mm; returns VM_FAULT_OK or why not. */
int handle_mm_fault(struct mm_struct *mm, uint64_t addr, unsigned flags)
{
	struct vm_area_struct *vma = find_vma(mm, addr);

	current->fault_kind = FK_NONE;
	if (!vma)
		return VM_FAULT_SIGSEGV;
	if (vma->vm_start > addr) {
		if (!(vma->vm_flags & VM_GROWSDOWN) || expand_stack(vma, addr))
			return VM_FAULT_SIGSEGV;
	}
	if (!access_allowed(vma, flags))
		return VM_FAULT_ACCERR;
	if (is_vm_hugetlb_page(vma)) {
		set_fault_kind(FK_HUGE);
		return hugetlb_fault(vma, addr, flags);
	}
	pud_t *pudp = pud_alloc(pgd_offset(mm->pml4, addr), addr);
	pmd_t *pmdp = pudp ? pmd_alloc(pudp, addr) : NULL;
	if (!pmdp)
		return VM_FAULT_OOM;
	if (huge_pmd_fault_wanted(vma, *pmdp)) {
		int r = do_huge_pmd_fault(vma, addr, pmdp, flags);
		if (r != VM_FAULT_FALLBACK) {
			set_fault_kind(FK_HUGE);
			return r;
		}
	}
	pte_t *ptep = pmd_leaf(*pmdp) ? NULL : pte_alloc(pmdp, addr);
	if (!ptep)
		return VM_FAULT_OOM;
	if (!pte_present(*ptep)) {
		if (is_swap_pte(*ptep)) {
			set_fault_kind(FK_SWAP_IN);
			return do_swap_page(vma, addr, ptep);
		}
		if (vma_is_anonymous(vma))
			return do_anonymous_page(vma, addr, ptep, flags);
		return do_fault(vma, addr, ptep, flags);
	}
	if ((flags & FAULT_FLAG_WRITE) && !pte_write(*ptep))
		return do_wp_page(vma, addr, ptep);
	set_fault_kind(FK_SPURIOUS);
	flush_tlb_page(addr);		/* a stale TLB entry: retry */
	return VM_FAULT_OK;
}

/*
 * The #PF entry (from kernel/trap.c).  A user fault that cannot be
 * resolved becomes a signal; a kernel fault at a user address is only
 * legal from a uaccess instruction (then -EFAULT); anything else panics.
 */
void do_page_fault(struct trapframe *tf, uint64_t addr, unsigned flags)
{
	bool user = flags & FAULT_FLAG_USER;
	int r = VM_FAULT_SIGSEGV;

	count_vm_event(PGFAULT);
	if (!user && addr >= TASK_SIZE) {
		if (fixup_exception(tf))
			return;
		panic_trap(tf, "kernel page fault");
	}
	if (!user && !search_exception_table(tf->rip))
		panic_trap(tf, "kernel access to user memory outside uaccess");
	uint64_t majors = current->maj_flt;
	current->fault_kind = FK_NONE;
	if (current->mm && addr < TASK_SIZE) {
		bool noreclaim = memalloc_noreclaim_save();	/* PTEs held */
		r = handle_mm_fault(current->mm, addr, flags);
		for (int tries = 0; r == VM_FAULT_OOM && tries < 16 &&
		     try_to_free_pages(SWAP_CLUSTER_MAX); tries++)
			r = handle_mm_fault(current->mm, addr, flags);
		memalloc_noreclaim_restore(noreclaim);
		if (current->maj_flt == majors)
			current->min_flt++;	/* minor: no read from the store */
	}
	if (mm_tracing)
		trace_fault(addr, flags, r, current->maj_flt != majors);
	if (r == VM_FAULT_OK)
		return;
	/* Out of memory: the OOM killer picks a victim (oom_kill.c).  A
	 * user-mode fault runs again once the victim is gone, or ends with
	 * the SIGKILL it was sent; in a uaccess the access fails with EFAULT
	 * (as Linux), and a task already exiting (clear_child_tid) just
	 * fails. */
	if (r == VM_FAULT_OOM && !current->exiting)
		out_of_memory(user);
	if (r == VM_FAULT_OOM && user)
		return;
	if (!user) {
		fixup_exception(tf);
		return;
	}
	if (r == VM_FAULT_SIGBUS)
		force_sig_fault(SIGBUS, BUS_ADRERR, addr);
	else
		force_sig_fault(SIGSEGV, r == VM_FAULT_ACCERR ? SEGV_ACCERR
				: SEGV_MAPERR, addr);
}
