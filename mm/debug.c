/*
 * mm/debug.c - watching mm work: the invariants of an address space
 * (mm_validate), checked in debug builds (the trace=mm lines: trace.c).
 *
 * What is checked when, so that a debug kernel costs a bounded factor
 * over the release one however many areas a program maps:
 *
 *   after every mm syscall  the range it named (mm_validate_range): each
 *                           VMA that meets it and the VMA on either side
 *                           - its fields, its place in the tree and list
 *                           (O(log n)), its reverse-map links - and every
 *                           present PTE and swap entry of the range: work
 *                           in proportion to what the call touched;
 *   now and then            the whole address space (mm_validate): after
 *                           every call while it is small (its size, the
 *                           VMAs plus a quarter of the resident pages and
 *                           swap entries, the PTEs the check reads, at
 *                           most MM_CHECK_SMALL, as in most tests), then
 *                           once in size / MM_CHECK_BUDGET calls, so that
 *                           a call pays about MM_CHECK_BUDGET steps for
 *                           it, however large the address space;
 *   always in full          at exec, at exit (exit_mmap: every test
 *                           program's last state), and after every call
 *                           under mm_debug=full.
 * A failure is a kernel bug: mm_check panics.
 */
#include "mm.h"
#include "../fs/fs.h"
#include "../kernel/syscalls.h"
#include <uapi/mman.h>

bool mm_debug_checks = DEBUG;
bool mm_debug_full;

/* Can the reverse map find page at va in v?  It belongs to v's anon_vma,
 * or to the mapping of v's file (a private mapping may map either), at the
 * index of va - or it is a special mapping's own page ([vdso]: the
 * kernel's, on no reverse map, as in Linux). */
static bool page_in_rmap(struct page *page, struct vm_area_struct *v,
			 uint64_t va)
{
	if (PageAnon(page))
		return v->anon_vma && page_anon_vma(page) == v->anon_vma &&
		       page->index == vma_index(v, va);
	if (v->vm_special)
		return !page->mapping;
	return v->vm_file && page->mapping == v->vm_file->f_mapping &&
	       page->index == vma_index(v, va);
}

/* One frame mapped at va in v by a PTE or a huge entry: counts that
 * hold, and on the reverse map; 0 or -1. */
static int check_frame(struct page *page, struct vm_area_struct *v, uint64_t va)
{
	if (page_count(page) < page_mapcount(page) || page_mapcount(page) < 1 ||
	    page->use == PU_FREE) {
		printk("mm_validate: page at %lx: refcount %d mapcount %d use %d\n",
		       va, page_count(page), page_mapcount(page), page->use);
		return -1;
	}
	if (!page_in_rmap(page, v, va)) {
		printk("mm_validate: page at %lx (mapping %p index %lx) is not "
		       "on the reverse map of vma %lx-%lx\n", va,
		       (void *)page->mapping, page->index, v->vm_start, v->vm_end);
		return -1;
	}
	return 0;
}

struct check {
	struct mm_struct *mm;
	struct vm_area_struct *vma;
	uint64_t rss_anon, rss_file, rss_shmem;	/* present PTEs, by kind */
	uint64_t swapents;			/* swap entries */
	uint64_t huge;				/* huge entries */
	int bad;
};

/* A swap entry at va of v (a private mapping with an anon_vma, where
 * do_swap_page puts the page back) must name a slot in use;
 * it counts in swapents. */
static int check_swap_pte(struct check *c, struct vm_area_struct *v,
			  uint64_t va, pte_t pte)
{
	c->swapents++;
	if (!(v->vm_flags & VM_SHARED) && v->anon_vma &&
	    swap_count(pte_to_swp_entry(pte)) > 0)
		return 0;
	printk("mm_validate: swap entry %lx at %lx: slot count %d in vma "
	       "%lx-%lx flags %lx\n", pte, va, swap_count(pte_to_swp_entry(pte)),
	       v->vm_start, v->vm_end, v->vm_flags);
	return c->bad = -1;
}

/* Each non-zero user PTE must lie in a VMA.  A present one must be no
 * more permissive than it and map a page the reverse map can find; it
 * counts in the RSS of its kind, as page_add_map counts it. */
static int check_pte(uint64_t va, pte_t *ptep, void *arg)
{
	struct check *c = arg;
	pte_t pte = *ptep;

	if (pte_none(pte))
		return 0;
	if (!c->vma || va >= c->vma->vm_end || va < c->vma->vm_start)
		c->vma = find_vma(c->mm, va);
	struct vm_area_struct *v = c->vma;
	if (!v || v->vm_start > va) {
		printk("mm_validate: pte %lx for %lx outside any vma\n", pte, va);
		return c->bad = -1;
	}
	if (is_swap_pte(pte))
		return check_swap_pte(c, v, va, pte);
	if (!pte_present(pte)) {
		printk("mm_validate: pte %lx at %lx is neither present nor a "
		       "swap entry\n", pte, va);
		return c->bad = -1;
	}
	unsigned allowed = vma_pte_prot(v), prot = pte_prot(pte);
	if ((prot & ~allowed) & (VM_PROT_READ | VM_PROT_WRITE | VM_PROT_EXEC)) {
		printk("mm_validate: pte %lx at %lx more permissive than vma "
		       "%lx-%lx flags %lx\n", pte, va, v->vm_start, v->vm_end,
		       v->vm_flags);
		return c->bad = -1;
	}
	struct page *page = vm_normal_page(v, pte);
	if (!page || (page->flags & PG_zero))	/* [vvar], the zero pages */
		return 0;
	if (check_frame(page, v, va))
		return c->bad = -1;
	if ((pte_write(pte) || pte_dirty(pte)) && vma_wants_writenotify(v) &&
	    (!(page->flags & PG_dirty) ||
	     !radix_tag_get(&page->mapping->i_pages, page->index,
			    PAGECACHE_TAG_DIRTY))) {
		printk("mm_validate: shared file page at %lx writable or dirty "
		       "in its pte but not dirty-tagged in the page cache\n", va);
		return c->bad = -1;
	}
	if (PageAnon(page))
		c->rss_anon++;
	else if (PageShmem(page))
		c->rss_shmem++;
	else
		c->rss_file++;
	return 0;
}

/* Each huge entry lies in an anonymous VMA that covers its 2 MiB, is no
 * more permissive, and maps the huge zero page or an aligned block of
 * anonymous frames (check_frame each) that knows it is PMD-mapped. */
static int check_pmd(uint64_t va, pmd_t *pmdp, void *arg)
{
	struct check *c = arg;
	struct vm_area_struct *v = find_vma(c->mm, va);
	struct page *head = pmd_page(*pmdp);
	unsigned extra = 0;

	if (v && v->vm_start <= va && is_vm_hugetlb_page(v))
		return hugetlb_check_pmd(v, va, *pmdp) ? (c->bad = -1) : 0;
	c->huge++;
	if (v && v->vm_start <= va)
		extra = pmd_prot(*pmdp) & ~vma_pte_prot(v);
	if (!v || v->vm_start > va || va + HPAGE_PMD_SIZE > v->vm_end ||
	    !vma_is_anonymous(v) || page_to_pfn(head) % HPAGE_PMD_NR ||
	    (extra & (VM_PROT_READ | VM_PROT_WRITE | VM_PROT_EXEC))) {
		printk("mm_validate: huge entry %lx at %lx: not aligned, outside "
		       "an anonymous vma or more permissive\n", *pmdp, va);
		return c->bad = -1;
	}
	if (is_huge_zero_page(head))
		return 0;
	if (!head->pmd_maps) {
		printk("mm_validate: huge page at %lx has pmd_maps 0\n", va);
		return c->bad = -1;
	}
	for (int i = 0; i < HPAGE_PMD_NR; i++)
		if (check_frame(&head[i], v, va + i * PAGE_SIZE))
			return c->bad = -1;
	c->rss_anon += HPAGE_PMD_NR;
	return 0;
}

/* The deposited page tables: one per huge entry. */
static uint64_t count_deposited(struct mm_struct *mm)
{
	uint64_t n = 0;

	for (struct list_head *l = mm->pmd_huge_pte.next; l != &mm->pmd_huge_pte;
	     l = l->next)
		n++;
	return n;
}

/* A counter of mm against its value recomputed from the VMAs or PTEs. */
static int check_counter(const char *field, uint64_t have, uint64_t want)
{
	if (have == want)
		return 0;
	printk("mm_validate: %s is %lu, the mappings say %lu\n", field, have, want);
	return -1;
}

/* The VMA-derived counters (VmSize, VmData, VmStk, VmExe + VmLib, VmLck,
 * the overcommit charge) recomputed by vm_stat_account's rules from a
 * zero start. */
static int check_vm_counters(struct mm_struct *mm)
{
	struct mm_struct want = { 0 };
	int bad = 0;

	for (struct vm_area_struct *v = mm->mmap; v; v = v->vm_next) {
		vm_stat_account(&want, v->vm_flags, vma_pages(v));
		if (v->vm_flags & VM_ACCOUNT)
			want.committed += vma_pages(v);
	}
	bad |= check_counter("total_vm", mm->total_vm, want.total_vm);
	bad |= check_counter("data_vm", mm->data_vm, want.data_vm);
	bad |= check_counter("stack_vm", mm->stack_vm, want.stack_vm);
	bad |= check_counter("exec_vm", mm->exec_vm, want.exec_vm);
	bad |= check_counter("locked_vm", mm->locked_vm, want.locked_vm);
	bad |= check_counter("committed", mm->committed, want.committed);
	return bad;
}

/* A VMA's own fields: page-aligned, non-empty, in user space, of mm. */
static int check_vma(struct mm_struct *mm, struct vm_area_struct *v)
{
	if (v->vm_end <= TASK_SIZE &&
	    v->vm_start < v->vm_end && !((v->vm_start | v->vm_end) & ~PAGE_MASK) &&
	    v->vm_mm == mm)
		return 0;
	printk("mm_validate: bad vma %lx-%lx\n", v->vm_start, v->vm_end);
	return -1;
}

/*
 * The invariants of an address space: the VMA set is sound
 * (vma_tree_validate), VMAs are page-aligned and in user space, the
 * reverse map holds every VMA (rmap_validate), every present PTE is
 * inside a VMA and no more permissive than it, every swap entry is inside
 * a VMA and holds a count of its slot, each huge entry is aligned in an
 * anonymous VMA (check_pmd) with a deposited table, page counts are
 * consistent, each page can be found from its owner's reverse map, a
 * shared file page that a PTE may have written (Writable or Dirty) is
 * dirty-tagged for writeback, the LRU lists hold what their flags and
 * counts say (lru_validate), and the counters (total_vm, data_vm,
 * stack_vm, exec_vm, locked_vm, committed, rss_anon, rss_file, rss_shmem,
 * swapents, nr_huge_pmds) equal what the VMAs and PTEs add up to.
 * Returns 0 or -1 (after printing what is wrong, naming the counter).
 */
int mm_validate(struct mm_struct *mm)
{
	if (vma_tree_validate(mm) || rmap_validate(mm) || lru_validate())
		return -1;
	for (struct vm_area_struct *v = mm->mmap; v; v = v->vm_next)
		if (check_vma(mm, v))
			return -1;
	struct check c = { .mm = mm };
	pgtable_for_each_pmd(mm->pml4, 0, TASK_SIZE, check_pmd, &c);
	pgtable_for_each(mm->pml4, 0, TASK_SIZE, check_pte, &c);
	if (c.bad)
		return -1;
	int bad = check_vm_counters(mm);
	bad |= check_counter("nr_huge_pmds", mm->nr_huge_pmds, c.huge);
	bad |= check_counter("deposited page tables", count_deposited(mm), c.huge);
	bad |= check_counter("rss_anon", mm->rss_anon, c.rss_anon);
	bad |= check_counter("rss_file", mm->rss_file, c.rss_file);
	bad |= check_counter("rss_shmem", mm->rss_shmem, c.rss_shmem);
	bad |= check_counter("swapents", mm->swapents, c.swapents);
	return bad;
}

/*
 * mm_validate's checks that concern the addresses [start, end): each VMA
 * that meets them and the one on either side (its fields, its place in
 * the tree and list, its reverse-map links), and each present PTE and
 * swap entry in them.  What the range cannot show (the counters, map_count, whether
 * every VMA is on its list) is left to the full check.  O(log n) per VMA
 * plus the page tables of the range.  Returns 0 or -1 after printing.
 */
int mm_validate_range(struct mm_struct *mm, uint64_t start, uint64_t end)
{
	struct vm_area_struct *prev, *v;

	start = MIN(start & PAGE_MASK, TASK_SIZE);
	end = end < start ? TASK_SIZE : MIN(PAGE_ALIGN(end), TASK_SIZE);
	v = find_vma_prev(mm, start, &prev);
	for (v = prev ? prev : v; v; v = v->vm_next) {
		if (check_vma(mm, v) || vma_tree_validate_vma(mm, v) ||
		    rmap_validate_vma(v))
			return -1;
		if (v->vm_start >= end)
			break;			/* the one after the range */
	}
	struct check c = { .mm = mm };
	if (start < end)
		pgtable_for_each(mm->pml4, start, end, check_pte, &c);
	return c.bad;
}

/* Full check of mm in debug builds (exec, exit); panics on a failure. */
void mm_check(struct mm_struct *mm)
{
	if (mm_debug_checks && mm && mm_validate(mm))
		panic("mm_check: address space of pid %d is inconsistent",
		      current ? current->pid : 0);
	if (mm)
		mm->checked_brk = mm->brk;
}

/* The ranges syscall nr (arguments args, result ret) may have changed;
 * returns how many (at most 2), or -1 for "any": check it all. */
static int syscall_ranges(struct mm_struct *mm, unsigned nr,
			  const uint64_t *args, long ret, uint64_t r[2][2])
{
	bool ok = ret >= 0;		/* an address, or 0 */

	switch (nr) {
	case __NR_brk:		/* from the break last checked to the new one */
		r[0][0] = MIN(mm->checked_brk, mm->brk);
		r[0][1] = MAX(mm->checked_brk, mm->brk);
		return 1;
	case __NR_mmap:		/* a failed MAP_FIXED may have unmapped */
		r[0][0] = ok ? (uint64_t)ret : args[0];
		r[0][1] = r[0][0] + args[1];
		return ok || (args[3] & MAP_FIXED);
	case __NR_mremap:
		r[0][0] = args[0], r[0][1] = args[0] + args[1];
		r[1][0] = ok ? (uint64_t)ret : args[4];
		r[1][1] = r[1][0] + args[2];
		return ok || (args[3] & MREMAP_FIXED) ? 2 : 1;
	case __NR_munmap: case __NR_mprotect: case __NR_msync:
	case __NR_madvise: case __NR_mincore: case __NR_mlock:
	case __NR_mlock2: case __NR_munlock:
		r[0][0] = args[0], r[0][1] = args[0] + args[1];
		return 1;
	default:		/* mlockall, munlockall, ... */
		return -1;
	}
}

/*
 * The check after mm syscall nr (the dispatcher's, debug builds): the
 * ranges it touched; the whole address space instead when it is small,
 * once in size / MM_CHECK_BUDGET calls when it is large, after every call
 * under mm_debug=full, and when the call may have touched anything (see
 * the top of this file).  Panics on a failure.
 */
#define MM_CHECK_SMALL	64
#define MM_CHECK_BUDGET	8
void mm_check_syscall(struct mm_struct *mm, unsigned nr, const uint64_t *args,
		      long ret)
{
	uint64_t r[2][2];

	if (!mm_debug_checks || !mm)
		return;
	uint64_t size = mm->map_count + (get_mm_rss(mm) + mm->swapents) / 4;
	int n = syscall_ranges(mm, nr, args, ret, r);
	if (n < 0 || mm_debug_full || size <= MM_CHECK_SMALL ||
	    ++mm->checks_skipped * MM_CHECK_BUDGET >= size) {
		mm->checks_skipped = 0;
		mm_check(mm);
		return;
	}
	for (int i = 0; i < n; i++)
		if (mm_validate_range(mm, r[i][0], r[i][1]))
			panic("mm_check: address space of pid %d is inconsistent "
			      "in [%lx, %lx) after syscall %u", current->pid,
			      r[i][0], r[i][1], nr);
	mm->checked_brk = mm->brk;
}
