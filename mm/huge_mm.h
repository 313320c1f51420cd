/*
 * mm/huge_mm.h - 2 MiB pages (Linux's include/linux/huge_mm.h), included
 * by mm.h: the huge page-table entries of pgtable_pmd.c, the transparent
 * huge pages of huge_memory.c and khugepaged.c, and the MAP_HUGETLB pool of
 * hugetlb.c, grouped by file.
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
bool pmdp_test_and_clear_young(pmd_t *pmdp);
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
int do_huge_pmd_fault(struct vm_area_struct *vma, uint64_t addr, pmd_t *pmdp,
		      unsigned flags);
void split_huge_pmd(struct mm_struct *mm, pmd_t *pmdp, uint64_t haddr);
void split_huge_pmd_range(struct mm_struct *mm, uint64_t start, uint64_t end,
			  bool keep_whole);
void split_huge_pmd_address(struct mm_struct *mm, uint64_t addr);
void zap_huge_pmd(struct vm_area_struct *vma, pmd_t *pmdp, uint64_t haddr);
void change_huge_pmds(struct vm_area_struct *vma, uint64_t start, uint64_t end,
		      unsigned prot);
int copy_huge_pmd(struct mm_struct *dst_mm, pmd_t *dst_pmd, pmd_t *src_pmd,
		  uint64_t haddr, struct vm_area_struct *dst_vma);
struct page *alloc_huge_page(struct vm_area_struct *vma, uint64_t haddr,
			     const struct page *src);
void thp_add_map(struct vm_area_struct *vma, struct page *head);
bool split_huge_page_to_list(struct page *head, struct list_head *list);

/* The first frame of the aligned 512 that page is in: the head of a
 * transparent huge page when its pmd_maps is not 0. */
static inline const struct page *thp_head(const struct page *page)
{
	return page - page_to_pfn(page) % HPAGE_PMD_NR;
}

/* page's references and mappings: its own (refcount, mapcount: page
 * tables, the page cache, kernel users) and one of each for every PMD
 * that maps its block whole (huge_memory.c), as Linux's folio_ref_count
 * and the entire mapcount.  Read these, not the fields. */
static inline int thp_pmd_maps(const struct page *page)
{
	return unlikely(page->flags & PG_thp) ? thp_head(page)->pmd_maps : 0;
}

/* The 4 KiB pages page stands for on the LRU and in the mlock count: the
 * block's 512 for the first frame of a THP, else 1 (Linux's
 * folio_nr_pages).  It falls to 1 when the last PMD goes (lru_thp_split). */
static inline int thp_nr_pages(const struct page *page)
{
	return unlikely(page->flags & PG_thp) && page->pmd_maps ? HPAGE_PMD_NR : 1;
}

static inline int page_count(const struct page *page)
{
	return page->refcount + thp_pmd_maps(page);
}

static inline int page_mapcount(const struct page *page)
{
	return page->mapcount + thp_pmd_maps(page);
}
void pgtable_trans_huge_deposit(struct mm_struct *mm, struct page *pt);

/* khugepaged.c: the thread that collapses small pages into huge ones,
 * and its knobs (/sys/kernel/mm/transparent_hugepage/khugepaged/). */
extern unsigned khugepaged_pages_to_scan, khugepaged_scan_sleep_millisecs;
extern unsigned khugepaged_max_ptes_none;
extern uint64_t khugepaged_full_scans, khugepaged_pages_collapsed;
void khugepaged_enter(struct mm_struct *mm);
void khugepaged_fork(struct mm_struct *mm, struct mm_struct *oldmm);
void khugepaged_exit(struct mm_struct *mm);
int madvise_collapse(struct vm_area_struct *vma, uint64_t start, uint64_t end);
void khugepaged_wake(void);
void khugepaged_init(void);

/* hugetlb.c: MAP_HUGETLB pages from the pool (/proc/sys/vm/nr_hugepages);
 * their files are fs/hugetlbfs.c's. */
static inline bool is_vm_hugetlb_page(const struct vm_area_struct *vma)
{
	return vma->vm_flags & VM_HUGETLB;
}
struct resv_map;
struct seqbuf;
struct hugetlbfs_inode_info;
uint64_t hugetlb_nr_persistent(void);
void set_max_huge_pages(uint64_t count);
void hugetlb_report_meminfo(struct seqbuf *m);
struct resv_map *resv_map_alloc(void);
int hugetlb_reserve_pages(struct resv_map *map, uint64_t from, uint64_t to);
void hugetlb_unreserve_pages(struct resv_map *map, uint64_t from, uint64_t to);
void resv_map_release(struct resv_map *map);
void hugetlb_release_pages(struct hugetlbfs_inode_info *info);
int hugetlb_fault(struct vm_area_struct *vma, uint64_t addr, unsigned flags);
void unmap_hugepage_range(struct vm_area_struct *vma, uint64_t start, uint64_t end);
int copy_hugetlb_page_range(struct mm_struct *dst, struct mm_struct *src,
			    struct vm_area_struct *vma);
void hugetlb_change_protection(struct vm_area_struct *vma, uint64_t start,
			       uint64_t end, unsigned prot);
uint64_t hugetlb_usage(struct mm_struct *mm);
int hugetlb_check_pmd(struct vm_area_struct *v, uint64_t va, pmd_t pmd);

#endif
