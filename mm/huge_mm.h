/*
 * mm/huge_mm.h - 2 MiB pages (Linux's include/linux/huge_mm.h), included
 * by mm.h: the huge page-table entries of pgtable_pmd.c and the transparent
 * huge pages of huge_memory.c, grouped by file.
 */
#ifndef MM_HUGE_MM_H
#define MM_HUGE_MM_H

#include "mm_types.h"

/* pgtable_pmd.c: 2 MiB leaf entries (transparent huge pages); the bit
 * accessors (pmd_trans_huge, pmd_write, set_pmd, ...) are pgtable.h's. */
#define HPAGE_PMD_ORDER	9
#define HPAGE_PMD_NR	(1 << HPAGE_PMD_ORDER)
#define HPAGE_PMD_SIZE	(PAGE_SIZE << HPAGE_PMD_ORDER)
#define HPAGE_PMD_MASK	(~(HPAGE_PMD_SIZE - 1))
unsigned pmd_prot(pmd_t pmd);
struct page *pmd_page(pmd_t pmd);
pmd_t mk_huge_pmd(uint64_t phys, unsigned prot);
void pmd_modify(pmd_t *pmdp, unsigned prot);
void pgtable_split_pmd(pmd_t *pmdp, struct page *table, uint64_t zero_phys);
pte_t pgtable_lookup(uint64_t *pml4, uint64_t va);

/* huge_memory.c: transparent huge pages (private anonymous memory).
 * __split_vma calls split_huge_pmd_address, as Linux's vma_adjust_trans_huge. */
enum { THP_ALWAYS, THP_MADVISE, THP_NEVER, THP_NR_MODES };
enum { THP_DEFRAG_ALWAYS, THP_DEFRAG_DEFER, THP_DEFRAG_DEFER_MADVISE,
       THP_DEFRAG_MADVISE, THP_DEFRAG_NEVER, THP_DEFRAG_NR };
extern int thp_enabled;		/* /sys/kernel/mm/transparent_hugepage/enabled */
extern int thp_defrag;		/* ... defrag (no compaction: no effect) */
extern const char *const thp_mode_names[THP_NR_MODES];
void thp_init(void);
bool thp_vma_allowable(const struct vm_area_struct *vma, uint64_t haddr);
bool thp_vma_eligible(const struct vm_area_struct *vma);
uint64_t nr_anon_thps(void);
bool is_huge_zero_page(const struct page *page);
int do_huge_pmd_fault(struct vm_area_struct *vma, uint64_t addr, unsigned flags);
void split_huge_pmd(struct mm_struct *mm, pmd_t *pmdp, uint64_t haddr);
void split_huge_pmd_range(struct mm_struct *mm, uint64_t start, uint64_t end,
			  bool keep_whole);
void split_huge_pmd_address(struct mm_struct *mm, uint64_t addr);
void zap_huge_pmd(struct vm_area_struct *vma, pmd_t *pmdp, uint64_t haddr);
void change_huge_pmds(struct vm_area_struct *vma, uint64_t start, uint64_t end,
		      unsigned prot);
int copy_huge_pmd(struct mm_struct *dst_mm, pmd_t *dst_pmd, pmd_t *src_pmd,
		  uint64_t haddr, struct vm_area_struct *dst_vma);

#endif
