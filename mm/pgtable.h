/*
 * mm/pgtable.h - the bits of an x86-64 page-table entry and the inline
 * accessors that read and change them (Linux's asm/pgtable.h), included
 * by mm.h.  Only mm/pgtable.c and these helpers know the bit layout; the
 * loops that walk a table at a time (fork's copy_pte_range, zap_pte_range
 * in mm/memory.c) call them inline, so that no entry costs a call.
 *
 * The four levels, named as in Linux (no p4d: 4-level paging folds it):
 *   pgd_t  PML4 entry, 512 GiB      pud_t  PDPT entry, 1 GiB
 *   pmd_t  PD entry, 2 MiB          pte_t  PT entry, 4 KiB
 * An upper-level entry is zero, or present and pointing at the next
 * table - or, with the Page-Size bit, a leaf: a 2 MiB transparent huge
 * page (pmd_leaf, pmd_trans_huge; pgtable_pmd.c builds them), which a
 * PROT_NONE mapping keeps not present.
 */
#ifndef MM_PGTABLE_H
#define MM_PGTABLE_H

#define PTE_P		(1ull << 0)
#define PTE_W		(1ull << 1)
#define PTE_U		(1ull << 2)
#define PTE_PCD		(1ull << 4)
#define PTE_A		(1ull << 5)
#define PTE_D		(1ull << 6)
#define PTE_PS		(1ull << 7)
#define PTE_G		(1ull << 8)
#define PTE_PROTNONE	(1ull << 9)	/* software bit: PROT_NONE, frame kept */
#define PTE_SWP		(1ull << 10)	/* software bit: not present, a swap entry */
#define SWP_TYPE_SHIFT	1		/* a swap entry's type in bits 1-3 */
#define PTE_NX		(1ull << 63)
#define PTE_ADDR	0x000ffffffffff000ull

typedef uint64_t pte_t;
typedef uint64_t pmd_t;
typedef uint64_t pud_t;
typedef uint64_t pgd_t;

#define PTRS_PER_TABLE	512
#define PMD_SHIFT	21
#define PUD_SHIFT	30
#define PGDIR_SHIFT	39
#define PMD_SIZE	(1ull << PMD_SHIFT)	/* what one page table maps */
#define PUD_SIZE	(1ull << PUD_SHIFT)
#define PGDIR_SIZE	(1ull << PGDIR_SHIFT)

/* Present means "maps a frame": a PROT_NONE entry does, though the CPU
 * sees it as not present (any access faults), as in Linux. */
static inline bool pte_none(pte_t pte) { return !pte; }
static inline bool pte_present(pte_t pte) { return pte & (PTE_P | PTE_PROTNONE); }
static inline bool pte_write(pte_t pte) { return pte & PTE_W; }
static inline bool pte_user(pte_t pte) { return pte & PTE_U; }
static inline bool pte_exec(pte_t pte) { return !(pte & PTE_NX); }
static inline bool pte_dirty(pte_t pte) { return pte & PTE_D; }
static inline bool pte_young(pte_t pte) { return pte & PTE_A; }
static inline uint64_t pte_phys(pte_t pte) { return pte & PTE_ADDR; }

/* A swapped-out page: which swap area (type) and slot (offset) holds it
 * (Linux's swapops.h). */
typedef struct { uint64_t val; } swp_entry_t;
#define MAX_SWAPFILES	8
#define SWP_OFFSET_BITS	40

static inline swp_entry_t swp_entry(unsigned type, uint64_t offset)
{
	return (swp_entry_t){ (uint64_t)type << SWP_OFFSET_BITS | offset };
}

static inline unsigned swp_type(swp_entry_t e)
{
	return e.val >> SWP_OFFSET_BITS;
}

static inline uint64_t swp_offset(swp_entry_t e)
{
	return e.val & ((1ull << SWP_OFFSET_BITS) - 1);
}

/* A swap entry is a non-present PTE with PTE_SWP: the area (type) in bits
 * 1-3, the slot (offset) from bit 12 where a frame address would be.  No
 * bit the CPU or a dirty walk looks at (P, A, D) is set in it.  A non-zero
 * entry is either present (pte_present) or a swap entry. */
static inline bool is_swap_pte(pte_t pte)
{
	return (pte & (PTE_P | PTE_PROTNONE | PTE_SWP)) == PTE_SWP;
}

static inline pte_t swp_entry_to_pte(swp_entry_t entry)
{
	return PTE_SWP | (pte_t)swp_type(entry) << SWP_TYPE_SHIFT |
	       (swp_offset(entry) << PAGE_SHIFT & PTE_ADDR);
}

static inline swp_entry_t pte_to_swp_entry(pte_t pte)
{
	return swp_entry((pte >> SWP_TYPE_SHIFT) & (MAX_SWAPFILES - 1),
			 (pte & PTE_ADDR) >> PAGE_SHIFT);
}

/* The same entry without the write right (for copy-on-write). */
static inline pte_t pte_wrprotect(pte_t pte) { return pte & ~PTE_W; }

static inline void set_pte(pte_t *ptep, pte_t pte)
{
	*(volatile pte_t *)ptep = pte;
}

/* An upper-level entry: absent, or a huge-page leaf (the PMD-level hook
 * for huge pages; a table walk does not descend into one).  A PROT_NONE
 * huge entry is not Present, but not none: it holds its frames. */
static inline bool pmd_none(pmd_t pmd) { return !pmd; }
static inline bool pmd_leaf(pmd_t pmd) { return pmd & PTE_PS; }
static inline bool pud_none(pud_t pud) { return !(pud & PTE_P); }
static inline bool pgd_none(pgd_t pgd) { return !(pgd & PTE_P); }

/* A huge entry's bits, as the pte_ ones (pgtable_pmd.c builds them). */
static inline bool pmd_trans_huge(pmd_t pmd)
{
	return (pmd & PTE_PS) && (pmd & (PTE_P | PTE_PROTNONE));
}
static inline bool pmd_write(pmd_t pmd) { return pmd & PTE_W; }
static inline bool pmd_dirty(pmd_t pmd) { return pmd & PTE_D; }
static inline bool pmd_young(pmd_t pmd) { return pmd & PTE_A; }
static inline pmd_t pmd_wrprotect(pmd_t pmd) { return pmd & ~PTE_W; }

static inline void set_pmd(pmd_t *pmdp, pmd_t pmd)
{
	*(volatile pmd_t *)pmdp = pmd;
}

/* The table an upper-level entry points at. */
static inline void *pgtable_next(uint64_t entry)
{
	return phys_to_virt(entry & PTE_ADDR);
}

/* The entry for addr in each level, given the entry above it. */
static inline pgd_t *pgd_offset(uint64_t *pml4, uint64_t addr)
{
	return &pml4[(addr >> PGDIR_SHIFT) & (PTRS_PER_TABLE - 1)];
}

static inline pud_t *pud_offset(pgd_t *pgd, uint64_t addr)
{
	return (pud_t *)pgtable_next(*pgd) + ((addr >> PUD_SHIFT) & (PTRS_PER_TABLE - 1));
}

static inline pmd_t *pmd_offset(pud_t *pud, uint64_t addr)
{
	return (pmd_t *)pgtable_next(*pud) + ((addr >> PMD_SHIFT) & (PTRS_PER_TABLE - 1));
}

static inline pte_t *pte_offset(pmd_t *pmd, uint64_t addr)
{
	return (pte_t *)pgtable_next(*pmd) + ((addr >> PAGE_SHIFT) & (PTRS_PER_TABLE - 1));
}

/* The end of the extent of one entry of size bytes at addr, or end if
 * sooner (Linux's p?d_addr_end). */
static inline uint64_t pgtable_addr_end(uint64_t addr, uint64_t end,
					uint64_t size)
{
	uint64_t next = (addr + size) & ~(size - 1);

	return next - 1 < end - 1 ? next : end;
}

/* pgtable.c: a zeroed user table for an absent upper-level entry; 0 or
 * -ENOMEM. */
int __pgtable_alloc(uint64_t *entry);

/* The entry for addr one level down, allocating the table if absent;
 * NULL if out of memory (Linux's pud_alloc, pmd_alloc, pte_alloc). */
static inline pud_t *pud_alloc(pgd_t *pgd, uint64_t addr)
{
	return pgd_none(*pgd) && __pgtable_alloc(pgd) ? NULL : pud_offset(pgd, addr);
}

static inline pmd_t *pmd_alloc(pud_t *pud, uint64_t addr)
{
	return pud_none(*pud) && __pgtable_alloc(pud) ? NULL : pmd_offset(pud, addr);
}

static inline pte_t *pte_alloc(pmd_t *pmd, uint64_t addr)
{
	return pmd_none(*pmd) && __pgtable_alloc(pmd) ? NULL : pte_offset(pmd, addr);
}

#endif
