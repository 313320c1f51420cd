/*
 * mm/pgtable.c - x86-64 4-level page tables.  The only file in mm/ that
 * knows what the bits of a page-table entry mean.
 *
 *   virtual address: | PML4 9 | PDPT 9 | PD 9 | PT 9 | offset 12 |
 *
 * Each level is a 4 KiB page of 512 entries.  An entry holds the physical
 * address of the next level (or of the final frame) plus flag bits:
 * Present, Writable, User, Accessed, Dirty, Page-Size (a 2 MiB or 1 GiB
 * leaf), Global, and No-eXecute in bit 63.  The upper half of every
 * address space (PML4 entries 256-511) is the kernel's and is shared: new
 * PML4s copy those entries from kernel_pml4, whose PDPTs never change.
 * Callers describe protections with VM_PROT_* and read entries through
 * the pte_* accessors, so the bit layout stays in this file.
 */
#include "mm.h"
#include "../kernel/x86.h"
#include <uapi/errno.h>

#define USER_HALF_END	0x0000800000000000ull
#define PML4_KERNEL	256
#define INDEX(va, level) (((va) >> (12 + 9 * (level))) & 511)

uint64_t *kernel_pml4;
static bool nx_enabled;

/* ---- PTE accessors ---------------------------------------------------- */

unsigned pte_prot(pte_t pte)
{
	unsigned prot = 0;

	if (!(pte & PTE_P))
		return 0;		/* absent or PROT_NONE: no access */
	prot |= VM_PROT_READ;
	if (pte & PTE_W)
		prot |= VM_PROT_WRITE;
	if (!(pte & PTE_NX))
		prot |= VM_PROT_EXEC;
	if (pte & PTE_U)
		prot |= VM_PROT_USER;
	return prot;
}

pte_t pte_prot_bits[VM_PROT_ALL + 1];

/* The entry bits for prot.  Without any access right it is a PROT_NONE
 * entry: hardware-not-present, but still holding the frame. */
static pte_t prot_to_pte_bits(unsigned prot)
{
	pte_t pte = 0;

	if (!(prot & (VM_PROT_READ | VM_PROT_WRITE | VM_PROT_EXEC)))
		return PTE_PROTNONE;
	pte |= PTE_P;
	if (prot & VM_PROT_WRITE)
		pte |= PTE_W;
	if (prot & VM_PROT_USER)
		pte |= PTE_U;
	if (prot & VM_PROT_GLOBAL)
		pte |= PTE_G;
	if (prot & VM_PROT_NOCACHE)
		pte |= PTE_PCD;
	if (!(prot & VM_PROT_EXEC) && nx_enabled)
		pte |= PTE_NX;
	return pte;
}

/* ---- TLB ------------------------------------------------------------ */

void flush_tlb_page(uint64_t va)
{
	__asm__ volatile("invlpg (%0)" : : "r"(va) : "memory");
}

/* Flush va of mm if mm's tables are the ones loaded: other mms' TLB
 * entries went at their last CR3 load.  "Loaded" is CR3, not current->mm:
 * a kernel thread (kswapd, the flusher) runs on the tables of the task
 * before it (lazy TLB), which get them back without a reload. */
void flush_tlb_mm_page(struct mm_struct *mm, uint64_t va)
{
	if (virt_to_phys(mm->pml4) == read_cr3())
		flush_tlb_page(va);
}

/* Reload CR3: drops every non-global translation. */
void flush_tlb_all(void)
{
	write_cr3(read_cr3());
}

void pgtable_switch(uint64_t *pml4)
{
	write_cr3(virt_to_phys(pml4));
}

/* ---- walking -------------------------------------------------------- */

/* A zeroed page for one table level; user tables are counted apart. */
static uint64_t new_table(bool user)
{
	if (!nr_total_pages())
		return early_alloc_frame();
	struct page *p = alloc_zeroed_page(user ? PU_PGTABLE : PU_KERNEL);
	return p ? page_to_phys(p) : 0;
}

/* The entry for va at level stop (0: the PTE, 1: the page-directory entry
 * that points at its page table), creating missing tables above it when
 * alloc is set; NULL if a table is missing (or out of memory), or if a
 * huge page maps va. */
static uint64_t *walk_to_level(uint64_t *pml4, uint64_t va, int stop, bool alloc)
{
	uint64_t *table = pml4;
	bool user = va < USER_HALF_END;

	for (int level = 3; level > stop; level--) {
		uint64_t *e = &table[INDEX(va, level)];
		if (*e & PTE_PS)	/* a huge page, PROT_NONE ones too */
			return NULL;
		if (!(*e & PTE_P)) {
			if (!alloc)
				return NULL;
			uint64_t phys = new_table(user);
			if (!phys)
				return NULL;
			*e = phys | PTE_P | PTE_W | (user ? PTE_U : 0);
		}
		table = phys_to_virt(*e & PTE_ADDR);
	}
	return &table[INDEX(va, stop)];
}

/* A zeroed user table for the absent upper-level entry *entry (fork's
 * copy, through pud_alloc/pmd_alloc/pte_alloc); 0 or -ENOMEM. */
int __pgtable_alloc(uint64_t *entry)
{
	uint64_t phys = new_table(true);

	if (!phys)
		return -ENOMEM;
	*entry = phys | PTE_P | PTE_W | PTE_U;
	return 0;
}

/* The leaf PTE for va, creating missing tables when alloc is set; NULL if
 * a table is missing (or out of memory), or if a huge page maps va. */
pte_t *pgtable_walk(uint64_t *pml4, uint64_t va, bool alloc)
{
	return walk_to_level(pml4, va, 0, alloc);
}

/* The page-directory entry for va - a pointer to its page table or a
 * 2 MiB leaf (pgtable_pmd.c) - creating the levels above when alloc is
 * set; NULL if one is missing (or out of memory). */
pmd_t *pmd_walk(uint64_t *pml4, uint64_t va, bool alloc)
{
	return walk_to_level(pml4, va, 1, alloc);
}

/* pgtable_walk for runs of neighbouring addresses (fork's copy): the last
 * page table found is remembered in *c, so only a new 2 MiB region costs
 * a walk from the root. */
pte_t *pgtable_walk_cached(uint64_t *pml4, uint64_t va, bool alloc,
			   struct pgtable_cache *c)
{
	uint64_t base = va & ~((1ull << 21) - 1);

	if (!c->table || c->base != base) {
		pte_t *pte = pgtable_walk(pml4, va, alloc);
		if (!pte)
			return NULL;
		c->table = pte - INDEX(va, 0);
		c->base = base;
	}
	return &c->table[INDEX(va, 0)];
}

/* Map one 4 KiB page; returns 0 or -ENOMEM (no memory for a table). */
int pgtable_map(uint64_t *pml4, uint64_t va, uint64_t phys, unsigned prot)
{
	pte_t *pte = pgtable_walk(pml4, va, true);

	if (!pte)
		return -ENOMEM;
	pte_t old = *pte;
	set_pte(pte, mk_pte(phys, prot));
	if (old & PTE_P)
		flush_tlb_page(va);
	return 0;
}

/* Remove one mapping; returns the old entry (0 if nothing was mapped). */
pte_t pgtable_unmap(uint64_t *pml4, uint64_t va)
{
	pte_t *pte = pgtable_walk(pml4, va, false);

	if (!pte || !pte_present(*pte))
		return 0;
	pte_t old = *pte;
	set_pte(pte, 0);
	flush_tlb_page(va);
	return old;
}

/* Give the entry a new protection, keeping its frame and its Accessed and
 * Dirty bits.  The caller flushes the TLB entry if the mm is loaded. */
void pte_modify(pte_t *ptep, unsigned prot)
{
	pte_t keep = *ptep & (PTE_A | PTE_D);

	set_pte(ptep, mk_pte(*ptep & PTE_ADDR, prot) | keep);
}

/* Write-protect the entry and clear its Dirty bit (the work of Linux's
 * page_mkclean_one); returns whether it was writable or dirty.  The
 * caller flushes the TLB entry if the mm is loaded. */
bool ptep_mkclean(pte_t *ptep)
{
	if (!pte_present(*ptep) || !(*ptep & (PTE_W | PTE_D)))
		return false;
	set_pte(ptep, *ptep & ~(PTE_W | PTE_D));
	return true;
}

/* Clear the Accessed bit of a present entry; returns whether it was set
 * (the reclaim clock's second chance).  The caller flushes the TLB. */
bool ptep_test_and_clear_young(pte_t *ptep)
{
	if (!pte_present(*ptep) || !(*ptep & PTE_A))
		return false;
	set_pte(ptep, *ptep & ~PTE_A);
	return true;
}

/* ---- moving entries (mremap) ----------------------------------------- */

static bool table_empty(const uint64_t *table)
{
	for (int i = 0; i < PTRS_PER_TABLE; i++)
		if (table[i])
			return false;
	return true;
}

#define PT_SPAN		(512 * PAGE_SIZE)	/* what one page table maps */
#define PD_SPAN		(512 * PT_SPAN)		/* ... and one page directory */

/* LAB mremap BEGIN: mremap's page-table move: entries, whole tables, huge leaves */
/* Move the non-zero entries among n of one page table to another, as
 * they are (as Linux's move_ptes): same frame, same Accessed and Dirty
 * bits. */
static void move_ptes(pte_t *old_pte, pte_t *new_pte, uint64_t n)
{
	uint64_t moved = 0;

	for (uint64_t i = 0; i < n; i++) {
		if (old_pte[i]) {
			new_pte[i] = old_pte[i];
			old_pte[i] = 0;
			moved++;
		}
	}
	vm_events[MREMAP_MOVE_PTE] += moved;
}

/*
 * mremap's page-table work: move every entry of [old_addr, old_addr + len)
 * to the same offset from new_addr, so the frames change address without
 * being copied.  The ranges do not overlap.  Where a 2 MiB extent is one
 * whole page table on both sides and nothing is mapped there at the new
 * place, the table itself moves (one page-directory entry, as Linux's
 * move_normal_pmd); a 2 MiB leaf moves the same way (move_huge_pmd), into
 * an empty page table's place too.  Elsewhere entries move one by one; the
 * caller has split the huge pages that do not move whole.  The caller
 * flushes the TLB.  Returns the bytes done: len, or less if a table could
 * not be allocated (the entries before that point have moved).
 */
uint64_t pgtable_move_range(uint64_t *pml4, uint64_t old_addr,
			    uint64_t new_addr, uint64_t len)
{
	uint64_t done, extent;

	for (done = 0; done < len; done += extent) {
		uint64_t from = old_addr + done, to = new_addr + done;
		uint64_t *old_pde = walk_to_level(pml4, from, 1, false);
		if (!old_pde) {		/* no page directory: nothing up to 1 GiB */
			extent = MIN(len - done, PD_SPAN - (from & (PD_SPAN - 1)));
			continue;
		}
		extent = MIN(len - done, MIN(PT_SPAN - (from & (PT_SPAN - 1)),
					     PT_SPAN - (to & (PT_SPAN - 1))));
		if (!(*old_pde & (PTE_P | PTE_PROTNONE)))
			continue;
		uint64_t *new_pde = walk_to_level(pml4, to, 1, true);
		if (!new_pde)
			break;
		if (extent == PT_SPAN && (*old_pde & PTE_PS) && *new_pde &&
		    !(*new_pde & PTE_PS) &&
		    table_empty(phys_to_virt(*new_pde & PTE_ADDR))) {
			put_page(virt_to_page(phys_to_virt(*new_pde & PTE_ADDR)));
			*new_pde = 0;
		}
		if (extent == PT_SPAN && !*new_pde) {
			*new_pde = *old_pde;
			*old_pde = 0;
			count_vm_event(MREMAP_MOVE_PT);
			continue;
		}
		pte_t *new_pte = walk_to_level(pml4, to, 0, true);
		if (!new_pte || (*old_pde & PTE_PS))
			break;
		move_ptes(walk_to_level(pml4, from, 0, false), new_pte,
			  extent >> PAGE_SHIFT);
	}
	return done;
}
/* LAB mremap STUB BEGIN
uint64_t pgtable_move_range(uint64_t *pml4, uint64_t old_addr,
			    uint64_t new_addr, uint64_t len)
{
	(void)pml4, (void)old_addr, (void)new_addr, (void)len;
	return 0;
}
   LAB mremap STUB END */
/* LAB mremap END */

/* The entry indices of a table at base (spanning span bytes per entry)
 * that overlap [start, end): [*lo, *hi).  Callers only descend into
 * entries that overlap the range, so end > base. */
static void index_range(uint64_t base, uint64_t span, uint64_t start,
			uint64_t end, int *lo, int *hi)
{
	*lo = start > base ? (int)((start - base) / span) : 0;
	*hi = end >= base + 512 * span ? 512 : (int)((end - base + span - 1) / span);
}

struct walk {
	uint64_t start, end;
	pgtable_visit_fn fn;		/* each PTE; NULL: page tables skipped */
	pgtable_visit_fn pmd_fn;	/* each 2 MiB leaf, or NULL */
	void *arg;
};

/* Visit the non-zero leaf entries of one table level that lie in
 * [start, end). */
static int visit(uint64_t *table, int level, uint64_t base, const struct walk *w)
{
	uint64_t span = 1ull << (12 + 9 * level);
	int lo, hi;

	index_range(base, span, w->start, w->end, &lo, &hi);
	for (int i = lo; i < hi; i++) {
		pte_t e = table[i];
		if (!e)
			continue;
		uint64_t va = base + (uint64_t)i * span;
		if (level == 0) {
			int r = w->fn(va, &table[i], w->arg);
			if (r)
				return r;
			continue;
		}
		if (level == 1 && (e & PTE_PS)) {	/* a huge page */
			int r = w->pmd_fn ? w->pmd_fn(va, &table[i], w->arg) : 0;
			if (r)
				return r;
			e = table[i];		/* pmd_fn may have split it */
		}
		if ((e & PTE_P) && !(e & PTE_PS) && (level > 1 || w->fn)) {
			int r = visit(phys_to_virt(e & PTE_ADDR), level - 1, va, w);
			if (r)
				return r;
		}
	}
	return 0;
}

/*
 * Call fn(va, ptep, arg) for every non-zero leaf entry of the user range
 * [start, end), skipping absent tables.  Stops at and returns fn's first
 * non-zero return.
 */
int pgtable_for_each(uint64_t *pml4, uint64_t start, uint64_t end,
		     pgtable_visit_fn fn, void *arg)
{
	struct walk w = { start, MIN(end, USER_HALF_END), fn, NULL, arg };

	return w.start < w.end ? visit(pml4, 3, 0, &w) : 0;
}

/* Call fn(va, pmdp, arg) for every 2 MiB leaf entry (a transparent huge
 * page) that overlaps [start, end), va its first address; page tables are
 * not entered.  fn may split the entry.  Stops at fn's first non-zero. */
int pgtable_for_each_pmd(uint64_t *pml4, uint64_t start, uint64_t end,
			 pgtable_visit_fn fn, void *arg)
{
	struct walk w = { start, MIN(end, USER_HALF_END), NULL, fn, arg };

	return w.start < w.end ? visit(pml4, 3, 0, &w) : 0;
}

/*
 * Below one table: free the sub-tables reached from [start, end) that lie
 * entirely inside [floor, ceiling), the hole left by unmapped VMAs, which
 * therefore maps nothing (mm_validate: every entry lies inside a VMA), as
 * Linux's free_pgd_range trusts: only the entries overlapping the range
 * are read, so exit and munmap cost what the VMAs span, not 512 reads a
 * table.  Debug builds check the emptiness.  Returns the tables freed.
 */
static int free_range(uint64_t *table, int level, uint64_t base, uint64_t start,
		      uint64_t end, uint64_t floor, uint64_t ceiling)
{
	uint64_t span = 1ull << (12 + 9 * level);
	int lo, hi, freed = 0;

	index_range(base, span, start, end, &lo, &hi);
	for (int i = lo; i < hi; i++) {
		uint64_t va = base + (uint64_t)i * span;
		if (!table[i] || level == 0 || (table[i] & PTE_PS))
			continue;
		uint64_t *sub = phys_to_virt(table[i] & PTE_ADDR);
		if (level > 1)		/* a page table holds no tables */
			freed += free_range(sub, level - 1, va, start, end, floor,
					    ceiling);
		if (va < floor || va + span > ceiling)
			continue;	/* shared with a mapped neighbour */
		if (DEBUG && !table_empty(sub))
			panic("free_range: table at %lx still maps", va);
		table[i] = 0;
		put_page(virt_to_page(sub));
		freed++;
	}
	return freed;
}

/*
 * After munmap of [start, end), or exit: release the page-table pages
 * reached from that range which cover nothing but the hole [floor,
 * ceiling) between the neighbouring VMAs (as Linux's free_pgtables).
 * Tables shared with mapped neighbours stay.
 */
void pgtable_free_range(uint64_t *pml4, uint64_t start, uint64_t end,
			uint64_t floor, uint64_t ceiling)
{
	ceiling = MIN(ceiling, USER_HALF_END);	/* never the kernel half */
	if (free_range(pml4, 3, 0, start, MIN(end, ceiling), floor, ceiling))
		flush_tlb_all();	/* drop cached upper-level entries too */
}

static uint64_t count_tables(uint64_t *table, int level)
{
	uint64_t n = 1;

	if (level > 0)
		for (int i = 0; i < 512; i++)
			if ((table[i] & PTE_P) && !(table[i] & PTE_PS))
				n += count_tables(phys_to_virt(table[i] & PTE_ADDR),
						  level - 1);
	return n;
}

/* Page-table pages of a user half, the PML4 included (VmPTE). */
uint64_t pgtable_count_user(uint64_t *pml4)
{
	uint64_t n = 1;

	for (int i = 0; i < PML4_KERNEL; i++)
		if (pml4[i] & PTE_P)
			n += count_tables(phys_to_virt(pml4[i] & PTE_ADDR), 2);
	return n;
}

/* A new address space: an empty user half and the shared kernel half. */
uint64_t *pgtable_new_pml4(void)
{
	struct page *p = alloc_zeroed_page(PU_PGTABLE);

	if (!p)
		return NULL;
	uint64_t *pml4 = page_address(p);
	for (int i = PML4_KERNEL; i < 512; i++)
		pml4[i] = kernel_pml4[i];
	return pml4;
}

static void free_table(uint64_t *table, int level)
{
	for (int i = 0; i < 512; i++) {
		if (!table[i])
			continue;
		if (level == 0 || (table[i] & PTE_PS))
			panic("free_table: page %lx still mapped", table[i]);
		free_table(phys_to_virt(table[i] & PTE_ADDR), level - 1);
	}
	put_page(virt_to_page(table));
}

/*
 * Free every table page of the user half and the PML4 itself.  The caller
 * has already unmapped every page; a leaf still present is a kernel bug.
 */
void pgtable_free_user(uint64_t *pml4)
{
	for (int i = 0; i < PML4_KERNEL; i++)
		if (pml4[i])
			free_table(phys_to_virt(pml4[i] & PTE_ADDR), 2);
	put_page(virt_to_page(pml4));
}

/* ---- the kernel's own tables ------------------------------------------ */

/* Map [va, va + len) to phys with 2 MiB pages (the direct map). */
static void map_huge(uint64_t va, uint64_t phys, uint64_t len, pte_t flags)
{
	for (uint64_t off = 0; off < len; off += 0x200000) {
		uint64_t *table = kernel_pml4;
		for (int level = 3; level > 1; level--) {
			uint64_t *e = &table[INDEX(va + off, level)];
			if (!*e)
				*e = new_table(false) | PTE_P | PTE_W;
			table = phys_to_virt(*e & PTE_ADDR);
		}
		table[INDEX(va + off, 1)] = (phys + off) | flags | PTE_P | PTE_PS;
	}
}

/* Map the pages of [start, end) of the kernel image with prot. */
static void map_image(const char *start, const char *end, unsigned prot)
{
	for (uint64_t va = (uint64_t)start; va < (uint64_t)end; va += PAGE_SIZE)
		if (pgtable_map(kernel_pml4, va, va - KERNEL_VMA,
				prot | VM_PROT_GLOBAL))
			panic("map_image: out of memory");
}

/*
 * Build the kernel's page tables and switch to them: the direct map of all
 * RAM (RW, NX) and the kernel image with least privilege (text RX, rodata
 * R, data and bss RW+NX).  The boot identity map is gone afterwards.
 */
void pgtable_init_kernel(void)
{
	nx_enabled = rdmsr(MSR_EFER) & EFER_NXE;
	for (unsigned prot = 0; prot <= VM_PROT_ALL; prot++)
		pte_prot_bits[prot] = prot_to_pte_bits(prot);
	kernel_pml4 = phys_to_virt(early_alloc_frame());
	map_huge(DIRECT_MAP_BASE, 0, ALIGN_UP(max_pfn << PAGE_SHIFT, 0x200000),
		 PTE_W | PTE_G | (nx_enabled ? PTE_NX : 0));
	map_image(_stext, _etext, VM_PROT_READ | VM_PROT_EXEC);
	map_image(_srodata, _erodata, VM_PROT_READ);
	map_image(_sdata, _ebss, VM_PROT_READ | VM_PROT_WRITE);
	map_image(_ebss, _kernel_end, VM_PROT_READ);
	/* The kernel-stack area's PDPT exists from the start, so every
	 * address space, which copies the PML4's upper half, sees new stacks. */
	kernel_pml4[INDEX(KSTACK_AREA, 3)] = new_table(false) | PTE_P | PTE_W;
	pgtable_switch(kernel_pml4);
}

/* Visit every leaf of the kernel half; fn gets (va, pte, arg). */
static int audit(uint64_t *table, int level, uint64_t base,
		 int (*fn)(uint64_t, pte_t, void *), void *arg)
{
	uint64_t span = 1ull << (12 + 9 * level);

	for (int i = 0; i < 512; i++) {
		uint64_t va = base + (uint64_t)i * span;
		if (level == 3 && i < PML4_KERNEL)
			continue;
		if (level == 3 && i >= PML4_KERNEL)
			va |= 0xffff000000000000ull;
		if (!(table[i] & PTE_P))
			continue;
		int r = (level == 0 || (table[i] & PTE_PS))
			? fn(va, table[i], arg)
			: audit(phys_to_virt(table[i] & PTE_ADDR), level - 1, va,
				fn, arg);
		if (r)
			return r;
	}
	return 0;
}

static int wx_check(uint64_t va, pte_t pte, void *arg)
{
	uint64_t *bad = arg;

	if ((pte & PTE_W) && !(pte & PTE_NX)) {
		*bad = va;
		return 1;
	}
	return 0;
}

/* Returns 0 if no kernel page is both writable and executable, else the
 * first offending address. */
uint64_t pgtable_audit_wx(void)
{
	uint64_t bad = 0;

	audit(kernel_pml4, 3, 0, wx_check, &bad);
	return bad;
}
