/*
 * mm/debug.c - watching mm work: the trace=mm lines, and the invariants
 * of an address space (mm_validate), checked after each mm syscall in
 * debug builds.
 */
#include "mm.h"
#include "../fs/fs.h"

bool mm_tracing;
bool mm_debug_checks = DEBUG;
bool mm_debug_full;

/* trace=mm: one strace-like line per mm syscall and page fault. */
void mm_trace(const char *fmt, ...)
{
	va_list ap;

	if (!mm_tracing)
		return;
	printk("[%d] ", current->pid);
	va_start(ap, fmt);
	vprintk(fmt, ap);
	va_end(ap);
}

/*
 * mm_validate after an mm syscall in debug builds; a failure is a kernel
 * bug.  A full check walks every VMA and every present PTE, so checking
 * after every call makes a program that maps N areas pay O(N^2) (65,000
 * maps took longer than run-prog's timeout).  While the address space is
 * small (under MM_CHECK_BUDGET VMAs plus resident pages / 4, as every
 * test's) each call is checked; a larger one is checked after one call in
 * size / MM_CHECK_BUDGET, so the checks cost about MM_CHECK_BUDGET steps
 * a call.  mm_debug=full checks after every call.
 */
#define MM_CHECK_BUDGET	64
void mm_check(struct mm_struct *mm)
{
	if (!mm_debug_checks || !mm)
		return;
	uint64_t size = mm->map_count + (mm->rss_anon + mm->rss_file) / 4;
	if (!mm_debug_full && ++mm->checks_skipped * MM_CHECK_BUDGET < size)
		return;
	mm->checks_skipped = 0;
	if (mm_validate(mm))
		panic("mm_check: address space of pid %d is inconsistent",
		      current->pid);
}

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
	if (page->refcount < page->mapcount || page->mapcount < 1 ||
	    page->use == PU_FREE) {
		printk("mm_validate: page at %lx: refcount %d mapcount %d use %d\n",
		       va, page->refcount, page->mapcount, page->use);
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
	uint64_t rss_anon, rss_file;	/* present PTEs, by page kind */
	uint64_t huge;			/* huge entries */
	int bad;
};

/* Each present user PTE must lie in a VMA and be no more permissive, and
 * map a page the reverse map can find; it counts in the RSS of its kind,
 * as page_add_map counts it. */
static int check_pte(uint64_t va, pte_t *ptep, void *arg)
{
	struct check *c = arg;
	pte_t pte = *ptep;

	if (!pte_present(pte))
		return 0;
	if (!c->vma || va >= c->vma->vm_end || va < c->vma->vm_start)
		c->vma = find_vma(c->mm, va);
	struct vm_area_struct *v = c->vma;
	if (!v || v->vm_start > va) {
		printk("mm_validate: pte for %lx outside any vma\n", va);
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

/* The VMA-derived counters (VmSize, VmData, VmStk, VmLck, the overcommit
 * charge) recomputed by vm_stat_account's rules from a zero start. */
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
	bad |= check_counter("locked_vm", mm->locked_vm, want.locked_vm);
	bad |= check_counter("committed", mm->committed, want.committed);
	return bad;
}

/*
 * The invariants of an address space, checked after every mm syscall in
 * debug builds: the VMA set is sound (vma_tree_validate), VMAs are
 * page-aligned and in user space, the reverse map holds every VMA
 * (rmap_validate), every present PTE is inside a VMA and no more
 * permissive than it, page counts are consistent, each page can be
 * found from its owner's reverse map, a shared file page that a PTE may
 * have written (Writable or Dirty) is dirty-tagged for writeback, each
 * huge entry is aligned in an anonymous VMA (check_pmd) with a deposited
 * table, and the counters (total_vm,
 * data_vm, stack_vm, locked_vm, committed, rss_anon, rss_file) equal what
 * the VMAs and PTEs add up to.
 * Returns 0 or -1 (after printing what is wrong, naming the counter).
 */
int mm_validate(struct mm_struct *mm)
{
	if (vma_tree_validate(mm) || rmap_validate(mm))
		return -1;
	for (struct vm_area_struct *v = mm->mmap; v; v = v->vm_next) {
		if (v->vm_start < MMAP_MIN_ADDR || v->vm_end > TASK_SIZE ||
		    (v->vm_start | v->vm_end) & (PAGE_SIZE - 1) || v->vm_mm != mm) {
			printk("mm_validate: bad vma %lx-%lx\n", v->vm_start, v->vm_end);
			return -1;
		}
	}
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
	return bad;
}
