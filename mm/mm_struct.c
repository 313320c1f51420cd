/*
 * mm/mm_struct.c - address spaces: create, copy for fork, destroy, and
 * check (mm_validate).
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

bool mm_debug_checks = DEBUG;

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
	mm->mm_users = mm->mm_count = 1;
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
	mm->mm_users = mm->mm_count = 1;
	mm->rss_anon = mm->rss_file = mm->hiwater_rss = 0;
	mm->hiwater_vm = old->total_vm;
	mm->locked_vm = 0;
	mm->def_flags = 0;
	mm_vma_init(mm);
	if (mm->exe_file) {
		get_file(mm->exe_file);
		deny_write_access(mm->exe_file);	/* the parent's holds */
	}
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
			n->anon_used = false;	/* the child starts with zeros */
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

/* Unmap and free every VMA, page and page table of the user half (the
 * last user has gone).  The PML4 stays for mmdrop. */
static void exit_mmap(struct mm_struct *mm)
{
	struct vm_area_struct *v = mm->mmap;

	while (v) {
		struct vm_area_struct *next = v->vm_next;
		zap_page_range(v, v->vm_start, v->vm_end);
		vma_unlink(mm, v);
		vm_area_free(v);
		v = next;
	}
	free_pgtables(mm, 0, TASK_SIZE, 0, UINT64_MAX);
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

struct check {
	struct mm_struct *mm;
	struct vm_area_struct *vma;
	uint64_t rss_anon, rss_file;	/* present PTEs, by page kind */
	int bad;
};

/* Each present user PTE must lie in a VMA and be no more permissive; it
 * counts in the RSS of its kind, as page_add_map counts it. */
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
	if (!page || (page->flags & PG_zero))	/* [vvar], the zero page */
		return 0;
	if (page->refcount < page->mapcount || page->mapcount < 1 ||
	    page->use == PU_FREE) {
		printk("mm_validate: page at %lx: refcount %d mapcount %d use %d\n",
		       va, page->refcount, page->mapcount, page->use);
		return c->bad = -1;
	}
	if (page_is_private_anon(page))
		c->rss_anon++;
	else
		c->rss_file++;
	return 0;
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
 * page-aligned and in user space, every present PTE is inside a VMA and
 * no more permissive than it, page counts are consistent, and the
 * counters (total_vm, data_vm, stack_vm, locked_vm, committed, rss_anon,
 * rss_file) equal what the VMAs and PTEs add up to.
 * Returns 0 or -1 (after printing what is wrong, naming the counter).
 */
int mm_validate(struct mm_struct *mm)
{
	if (vma_tree_validate(mm))
		return -1;
	for (struct vm_area_struct *v = mm->mmap; v; v = v->vm_next) {
		if (v->vm_start < MMAP_MIN_ADDR || v->vm_end > TASK_SIZE ||
		    (v->vm_start | v->vm_end) & (PAGE_SIZE - 1) || v->vm_mm != mm) {
			printk("mm_validate: bad vma %lx-%lx\n", v->vm_start, v->vm_end);
			return -1;
		}
	}
	struct check c = { .mm = mm };
	pgtable_for_each(mm->pml4, 0, TASK_SIZE, check_pte, &c);
	if (c.bad)
		return -1;
	int bad = check_vm_counters(mm);
	bad |= check_counter("rss_anon", mm->rss_anon, c.rss_anon);
	bad |= check_counter("rss_file", mm->rss_file, c.rss_file);
	return bad;
}
