/*
 * mm/pgtable_pmd.c - 2 MiB leaf entries in a page directory (the PMD level,
 * Linux's pmd_t), which map transparent huge pages.  With pgtable.c, the
 * only code that knows page-table bits.
 *
 * A huge entry is a page-directory entry with Page-Size set: it maps 512
 * frames at once, with no page table below.  It has the same Present,
 * Writable, User, Accessed, Dirty, NX and PROT_NONE bits as a PTE, so it is
 * built with mk_pte() plus PS; the bits, and the inline accessors that
 * only test or set them (pmd_trans_huge, pmd_write, set_pmd, ...), are
 * pgtable.h's.  Splitting one writes a page table of 512 PTEs that map
 * the same frames with the same rights and bits, and puts the table in
 * the entry's place (Linux's __split_huge_pmd_locked).
 */
#include "mm.h"

unsigned pmd_prot(pmd_t pmd) { return pte_prot(pmd); }

/* The first frame a huge entry maps. */
struct page *pmd_page(pmd_t pmd)
{
	return pfn_to_page((pmd & PTE_ADDR) >> PAGE_SHIFT);
}

/* A huge entry for the 512 frames from phys (2 MiB aligned). */
pmd_t mk_huge_pmd(uint64_t phys, unsigned prot)
{
	return mk_pte(phys, prot) | PTE_PS;
}

/* A new protection for a huge entry, keeping frames, Accessed and Dirty.
 * The caller flushes the TLB. */
void pmd_modify(pmd_t *pmdp, unsigned prot)
{
	pmd_t keep = *pmdp & (PTE_A | PTE_D);

	set_pmd(pmdp, mk_huge_pmd(*pmdp & PTE_ADDR, prot) | keep);
}

/* Clear the Accessed bit of the huge entry *pmdp; was it set?  The
 * caller flushes the TLB (as ptep_test_and_clear_young). */
bool pmdp_test_and_clear_young(pmd_t *pmdp)
{
	if (!(*pmdp & PTE_A))
		return false;
	set_pmd(pmdp, *pmdp & ~PTE_A);
	return true;
}

/*
 * Replace the huge entry *pmdp by the page table pt, filled with 512
 * PTEs mapping the same frames with the same rights, Accessed and Dirty
 * bits - or, when zero_phys is not 0 (the huge zero page), the 4 KiB
 * zero page at zero_phys read-only in each.  The caller flushes the TLB
 * and moves no counts: each frame stays mapped once.
 */
void pgtable_split_pmd(pmd_t *pmdp, struct page *pt, uint64_t zero_phys)
{
	pmd_t pmd = *pmdp;
	pte_t *table = page_address(pt);
	pte_t bits = pmd & ~(PTE_ADDR | PTE_PS);
	if (zero_phys)
		bits &= ~(PTE_W | PTE_D);
	for (uint64_t i = 0; i < 512; i++)
		table[i] = bits | (zero_phys ? zero_phys
				   : (pmd & PTE_ADDR) + i * PAGE_SIZE);
	set_pmd(pmdp, page_to_phys(pt) | PTE_P | PTE_W | PTE_U);
}

/*
 * The leaf entry that maps the 4 KiB page at va, as a PTE: inside a huge
 * page the 4 KiB part of it, with the same bits (read-only lookups:
 * mincore, pagemap, access_remote_vm).  0 if nothing maps va.
 */
pte_t pgtable_lookup(uint64_t *pml4, uint64_t va)
{
	pmd_t *pmdp = pmd_walk(pml4, va, false);

	if (!pmdp)
		return 0;
	if (pmd_trans_huge(*pmdp))
		return (*pmdp & ~(PTE_ADDR | PTE_PS)) |
		       ((*pmdp & PTE_ADDR) + (va & (HPAGE_PMD_SIZE - 1) & PAGE_MASK));
	if (pmd_none(*pmdp))
		return 0;
	return *pte_offset(pmdp, va);
}
