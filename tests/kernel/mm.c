/*
 * tests/kernel/mm.c - boot-time tests of physical memory, the kernel page
 * tables, kmalloc, kernel stacks, and mm_validate's counter checks.
 */
#include "../../mm/mm.h"

/*
 * mm_validate accepts an mm whose counters match its VMAs, and rejects it
 * when any one counter drifts by one page (printing the counter's name).
 */
static int test_mm_validate_counters(void)
{
	struct mm_struct *mm = mm_alloc();
	struct vm_area_struct *v = mm ? vm_area_alloc(mm) : NULL;
	int err = 0;

	if (!v) {
		if (mm)
			mmput(mm);
		return ktest_fail("out of memory");
	}
	uint64_t *fields[] = { &mm->total_vm, &mm->data_vm, &mm->stack_vm,
			       &mm->exec_vm, &mm->locked_vm, &mm->committed,
			       &mm->rss_anon, &mm->rss_file, &mm->rss_shmem };
	v->vm_start = 0x400000;
	v->vm_end = 0x404000;
	v->vm_flags = VM_READ | VM_WRITE | VM_MAYREAD | VM_MAYWRITE | VM_LOCKED |
		      VM_ACCOUNT;
	vma_link(mm, v);
	vm_stat_account(mm, v->vm_flags, vma_pages(v));
	mm->committed = vma_pages(v);
	if (mm_validate(mm))
		err = ktest_fail("a consistent mm is rejected");
	for (size_t i = 0; i < ARRAY_SIZE(fields) && !err; i++) {
		(*fields[i])++;
		if (!mm_validate(mm))
			err = ktest_fail("counter %zu off by one is not found", i);
		(*fields[i])--;
	}
	mm->committed = 0;		/* nothing was charged */
	v->vm_flags &= ~VM_ACCOUNT;	/* so exit's check agrees */
	mmput(mm);
	return err;
}
KTEST("mm/validate-counters", test_mm_validate_counters);

/*
 * mm_validate_range checks the VMAs of its range and their neighbours,
 * not the rest: with four VMAs A..D, a misaligned D is found from C's
 * range (D is C's neighbour) and by mm_validate, not from A's.
 */
static int test_mm_validate_range(void)
{
	struct mm_struct *mm = mm_alloc();
	struct vm_area_struct *v[4] = { NULL };
	int err = 0;

	for (int i = 0; i < 4 && mm; i++) {
		if (!(v[i] = vm_area_alloc(mm)))
			break;
		v[i]->vm_start = 0x400000ull * (i + 1);
		v[i]->vm_end = v[i]->vm_start + 4 * PAGE_SIZE;
		v[i]->vm_flags = VM_READ | VM_MAYREAD;
		vma_link(mm, v[i]);
		vm_stat_account(mm, v[i]->vm_flags, vma_pages(v[i]));
	}
	if (!v[3]) {
		if (mm)
			mmput(mm);
		return ktest_fail("out of memory");
	}
	if (mm_validate_range(mm, v[2]->vm_start, v[2]->vm_end) || mm_validate(mm))
		err = ktest_fail("a consistent mm is rejected");
	v[3]->vm_end += 1;
	if (!err && mm_validate_range(mm, v[0]->vm_start, v[0]->vm_end))
		err = ktest_fail("a VMA two away from the range was checked");
	if (!err && !mm_validate_range(mm, v[2]->vm_start, v[2]->vm_end))
		err = ktest_fail("the neighbour of the range was not checked");
	if (!err && !mm_validate(mm))
		err = ktest_fail("mm_validate accepts a misaligned VMA");
	v[3]->vm_end -= 1;
	mmput(mm);
	return err;
}
KTEST("mm/validate-range", test_mm_validate_range);

/* Allocate every free frame, check each is distinct and writable, free all. */
static int test_pmm_alloc_all(void)
{
	uint64_t start = nr_free_pages(), n = 0;
	struct page *head = NULL;

	for (;;) {
		struct page *p = alloc_page(PU_KERNEL);
		if (!p)
			break;
		uint64_t *mem = page_address(p);
		mem[0] = (uint64_t)head;	/* chain through the frames */
		mem[1] = page_to_pfn(p);
		head = p;
		n++;
	}
	if (nr_free_pages() != 0)
		return ktest_fail("alloc failed with %lu frames free", nr_free_pages());
	if (n != start)
		return ktest_fail("got %lu frames, %lu were free", n, start);
	while (head) {
		uint64_t *mem = page_address(head);
		if (mem[1] != page_to_pfn(head))
			return ktest_fail("frame %lu was overwritten", page_to_pfn(head));
		struct page *next = (struct page *)mem[0];
		put_page(head);
		head = next;
	}
	if (nr_free_pages() != start)
		return ktest_fail("free count %lu after, %lu before", nr_free_pages(), start);
	return 0;
}
KTEST("pmm/alloc-all", test_pmm_alloc_all);

/* Blocks of every order are aligned to their size and merge back. */
static int test_pmm_orders(void)
{
	uint64_t start = nr_free_pages();
	struct page *blocks[MAX_ORDER + 1];

	for (unsigned o = 0; o <= MAX_ORDER; o++) {
		blocks[o] = alloc_pages(o, PU_KERNEL);
		if (!blocks[o])
			return ktest_fail("no block of order %u", o);
		if (page_to_pfn(blocks[o]) & ((1ull << o) - 1))
			return ktest_fail("order %u block at unaligned pfn %lu", o,
					  page_to_pfn(blocks[o]));
	}
	for (unsigned o = 0; o <= MAX_ORDER; o++)
		free_pages(blocks[o], o);
	if (nr_free_pages() != start)
		return ktest_fail("free count %lu after, %lu before", nr_free_pages(), start);
	return 0;
}
KTEST("pmm/orders", test_pmm_orders);

/* Free + total frames equal the usable RAM of the memory map, less what
 * the kernel keeps (first MiB, image, mem_map, modules). */
static int test_pmm_total(void)
{
	uint64_t usable = 0;

	for (int i = 0; i < boot_info.nmmap; i++)
		if (boot_info.mmap[i].type == 1)
			usable += boot_info.mmap[i].len;
	uint64_t kept = usable / PAGE_SIZE - nr_total_pages();
	uint64_t image = (virt_to_phys(_kernel_end) - 0x100000) / PAGE_SIZE;
	uint64_t memmap = PAGE_ALIGN(max_pfn * sizeof(struct page)) / PAGE_SIZE;
	uint64_t modules = 0;
	for (int i = 0; i < boot_info.nmodules; i++)
		modules += PAGE_ALIGN(boot_info.modules[i].end) / PAGE_SIZE -
			   boot_info.modules[i].start / PAGE_SIZE;
	if (kept > 256 + image + memmap + modules + 64)
		return ktest_fail("%lu of %lu usable frames unaccounted for", kept,
				  usable / PAGE_SIZE);
	return 0;
}
KTEST("pmm/total", test_pmm_total);

/* Map a frame at a kernel address, walk to it, change protection, unmap. */
static int test_pgtable_walk(void)
{
	uint64_t va = KSTACK_AREA + 0x40000000ull;	/* unused part of the area */
	struct page *p = alloc_zeroed_page(PU_KERNEL);
	uint64_t tables = nr_pages_used_for(PU_KERNEL);

	if (pgtable_walk(kernel_pml4, va, false) && pte_present(*pgtable_walk(kernel_pml4, va, false)))
		return ktest_fail("test address already mapped");
	if (pgtable_map(kernel_pml4, va, page_to_phys(p), VM_PROT_READ | VM_PROT_WRITE))
		return ktest_fail("pgtable_map failed");
	pte_t *pte = pgtable_walk(kernel_pml4, va, false);
	if (!pte || !pte_present(*pte) || pte_phys(*pte) != page_to_phys(p) ||
	    !pte_write(*pte) || pte_exec(*pte) || pte_user(*pte))
		return ktest_fail("walk found the wrong entry %lx", pte ? *pte : 0);
	*(volatile uint64_t *)va = 0x1234;
	if (*(uint64_t *)page_address(p) != 0x1234)
		return ktest_fail("write through the mapping not seen in the direct map");
	if (!pte_dirty(*pte) || !ptep_mkclean(pte) || pte_dirty(*pte) ||
	    pte_write(*pte) || ptep_mkclean(pte))
		return ktest_fail("dirty bit not set by a write, or mkclean left "
				  "it or the write right");
	pte_modify(pte, VM_PROT_READ);
	flush_tlb_page(va);
	if (probe_write_u8((void *)va, 1) != -14)
		return ktest_fail("write to a read-only mapping did not fault");
	pte_t old = pgtable_unmap(kernel_pml4, va);
	if (pte_phys(old) != page_to_phys(p) || pte_present(*pte))
		return ktest_fail("unmap left the entry");
	if (probe_write_u8((void *)va, 1) != -14)
		return ktest_fail("write to an unmapped address did not fault");
	put_page(p);
	if (nr_pages_used_for(PU_KERNEL) <= tables - 1)
		return ktest_fail("table accounting went down");
	return 0;
}
KTEST("pgtable/walk", test_pgtable_walk);

static int test_wx_audit(void)
{
	uint64_t bad = pgtable_audit_wx();

	return bad ? ktest_fail("%lx is writable and executable", bad) : 0;
}
KTEST("pgtable/wx-audit", test_wx_audit);

static const char rodata_victim[] = "read-only";

static int test_rodata_fault(void)
{
	if (probe_write_u8((void *)rodata_victim, 'X') != -14)
		return ktest_fail("a write to .rodata did not fault");
	if (probe_write_u8((void *)test_rodata_fault, 0x90) != -14)
		return ktest_fail("a write to .text did not fault");
	if (rodata_victim[0] != 'r')
		return ktest_fail(".rodata changed");
	return 0;
}
KTEST("pgtable/rodata-fault", test_rodata_fault);

/* kmalloc: every size class, distinct objects, everything freed again. */
static int test_kmalloc(void)
{
	uint64_t frames = nr_free_pages(), live = kmalloc_live_objects();
	void *objs[64];
	size_t sizes[] = { 1, 16, 17, 100, 512, 1024, 1025, 5000, 20000 };

	for (size_t s = 0; s < ARRAY_SIZE(sizes); s++) {
		for (int i = 0; i < 64; i++) {
			objs[i] = kmalloc(sizes[s]);
			if (!objs[i])
				return ktest_fail("kmalloc(%zu) failed", sizes[s]);
			memset(objs[i], i, sizes[s]);
		}
		for (int i = 0; i < 64; i++)
			if (((unsigned char *)objs[i])[sizes[s] - 1] != i)
				return ktest_fail("kmalloc(%zu) objects overlap", sizes[s]);
		for (int i = 0; i < 64; i++)
			kfree(objs[i]);
	}
	if (kmalloc_live_objects() != live || nr_free_pages() != frames)
		return ktest_fail("leak: %lu objects, %lu frames",
				  kmalloc_live_objects() - live, frames - nr_free_pages());
	return 0;
}
KTEST("kmalloc/classes", test_kmalloc);

/* A guarded stack: the page below the stack is unmapped.  The first stack
 * also creates the area's page tables, which stay: measure the second. */
static int test_kstack_guard(void)
{
	kstack_free(kstack_alloc());
	uint64_t frames = nr_free_pages();
	char *stack = kstack_alloc();

	if (!stack)
		return ktest_fail("kstack_alloc failed");
	stack[0] = 1;
	stack[KSTACK_SIZE - 1] = 1;
	if (probe_write_u8(stack - 1, 1) != -14 || !kstack_is_guard((uint64_t)stack - 1))
		return ktest_fail("no guard page below the stack");
	kstack_free(stack);
	if (nr_free_pages() != frames)
		return ktest_fail("kstack leaked %lu frames", frames - nr_free_pages());
	return 0;
}
KTEST("kstack/guard", test_kstack_guard);

/* Manual: kfree of a pointer twice must panic with a clear message. */
static int test_kfree_double(void)
{
	void *p = kmalloc(32);

	kfree(p);
	kfree(p);
	return ktest_fail("double kfree went unnoticed");
}
KTEST_MANUAL("selftest-double-kfree", test_kfree_double);

/* Recurses until n reaches the (unreachable) limit: an overflow for sure. */
__attribute__((noinline)) static uint64_t recurse(uint64_t n)
{
	volatile char pad[256];

	pad[0] = (char)n;
	if (n == UINT64_MAX)
		return pad[0];
	return recurse(n + 1) + pad[0];
}

/* Manual: unbounded recursion on a guarded stack must report an overflow. */
static int test_stack_overflow(void)
{
	char *stack = kstack_alloc();

	__asm__ volatile("movq %0, %%rsp\n\t"
			 "xorl %%edi, %%edi\n\t"
			 "call *%1"
			 : : "r"(stack + KSTACK_SIZE), "r"(recurse) : "memory");
	return ktest_fail("recursion returned");
}
KTEST_MANUAL("selftest-stack-overflow", test_stack_overflow);

/* A page through the LRU lists (mm/swap.c): inactive when added, active
 * after two accesses, unevictable when mlocked, off every list when
 * freed; lru_validate accepts each state and catches a wrong count. */
static int test_lru_lists(void)
{
	uint64_t inactive = lruvec_size(LRU_INACTIVE_ANON);
	uint64_t active = lruvec_size(LRU_ACTIVE_ANON), mlocked = nr_mlock_pages();
	struct page *page = alloc_page(PU_ANON);
	int err = 0;

	if (!page)
		return ktest_fail("out of memory");
	lru_cache_add(page);
	if (lruvec_size(LRU_INACTIVE_ANON) != inactive + 1 || !(page->flags & PG_lru))
		err = ktest_fail("a new page is not on the inactive anon list");
	mark_page_accessed(page);
	mark_page_accessed(page);
	if (!err && (!(page->flags & PG_active) ||
		     lruvec_size(LRU_ACTIVE_ANON) != active + 1))
		err = ktest_fail("two accesses did not activate the page");
	mlock_page(page);
	if (!err && (!(page->flags & PG_unevictable) || nr_mlock_pages() != mlocked + 1))
		err = ktest_fail("mlock_page did not make the page unevictable");
	if (!err && lru_validate())
		err = ktest_fail("lru_validate rejects consistent lists");
	page_lruvec()->nr[LRU_UNEVICTABLE]++;
	if (!err && !lru_validate())
		err = ktest_fail("lru_validate accepts a wrong count");
	page_lruvec()->nr[LRU_UNEVICTABLE]--;
	put_page(page);
	if (!err && (lruvec_size(LRU_INACTIVE_ANON) != inactive ||
		     lruvec_size(LRU_ACTIVE_ANON) != active ||
		     nr_mlock_pages() != mlocked || lru_validate()))
		err = ktest_fail("the freed page is still counted");
	return err;
}
KTEST("mm/lru-lists", test_lru_lists);

/* A transparent huge page's head on the lists counts its 512 pages
 * (thp_nr_pages) through activation and mlock, and 1 once the block is a
 * THP no more (lru_thp_split); lru_validate agrees at each step. */
static int test_lru_thp(void)
{
	uint64_t inactive = lruvec_size(LRU_INACTIVE_ANON);
	uint64_t active = lruvec_size(LRU_ACTIVE_ANON);
	uint64_t unevictable = lruvec_size(LRU_UNEVICTABLE), mlocked = nr_mlock_pages();
	struct page *head = alloc_pages(HPAGE_PMD_ORDER, PU_ANON);
	int err = 0;

	if (!head)
		return ktest_fail("no free 2 MiB block");
	head->flags |= PG_thp;
	head->pmd_maps = 1;
	lru_cache_add(head);
	if (lruvec_size(LRU_INACTIVE_ANON) != inactive + HPAGE_PMD_NR || lru_validate())
		err = ktest_fail("a THP does not count 512 inactive pages");
	mark_page_accessed(head);
	mark_page_accessed(head);
	if (!err && (lruvec_size(LRU_ACTIVE_ANON) != active + HPAGE_PMD_NR ||
		     lruvec_size(LRU_INACTIVE_ANON) != inactive || lru_validate()))
		err = ktest_fail("an activated THP does not count 512 active pages");
	mlock_page(head);
	if (!err && (lruvec_size(LRU_UNEVICTABLE) != unevictable + HPAGE_PMD_NR ||
		     nr_mlock_pages() != mlocked + HPAGE_PMD_NR || lru_validate()))
		err = ktest_fail("an mlocked THP does not count 512 mlocked pages");
	head->pmd_maps = 0;
	lru_thp_split(head);
	if (!err && (lruvec_size(LRU_UNEVICTABLE) != unevictable + 1 ||
		     nr_mlock_pages() != mlocked + 1 || lru_validate()))
		err = ktest_fail("the head of a split THP does not count 1 page");
	free_pages(head, HPAGE_PMD_ORDER);
	if (!err && (lruvec_size(LRU_UNEVICTABLE) != unevictable ||
		     nr_mlock_pages() != mlocked || lru_validate()))
		err = ktest_fail("the freed block is still counted");
	return err;
}
KTEST("mm/lru-thp", test_lru_thp);
