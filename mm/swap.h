/*
 * mm/swap.h - swap and reclaim (Linux's include/linux/swap.h), included by
 * mm.h: swap areas, swap I/O, swap entries in page tables, the LRU lists
 * and page reclaim, grouped by file.
 */
#ifndef MM_SWAP_H
#define MM_SWAP_H

#include "mm_types.h"

/* swapfile.c: swap areas (swapon, swapoff), the swap map, /proc/swaps. */
struct seqbuf;
struct task;
swp_entry_t get_swap_page(void);
int swap_duplicate(swp_entry_t entry);
void swap_free(swp_entry_t entry);
int swap_count(swp_entry_t entry);
struct block_device *swap_bdev(swp_entry_t entry, uint64_t *sector);
uint64_t nr_swap_used(void);
uint64_t total_swap_pages(void);
int do_swapon(const char *path, int flags);
int swaps_show(struct seqbuf *m, struct task *t);

/* page_io.c: a page to and from its swap slot. */
int swap_writepage(struct page *page, swp_entry_t entry);
int swap_readpage(struct page *page, swp_entry_t entry);

/* swap_state.c: swap entries in page tables. */
int do_swap_page(struct vm_area_struct *vma, uint64_t addr, pte_t *ptep);
int try_to_unuse(unsigned type, uint64_t pages);

/* swap.c: the LRU lists reclaim takes pages from, and mlocked pages. */
enum lru_list {
	LRU_INACTIVE_ANON, LRU_ACTIVE_ANON, LRU_INACTIVE_FILE, LRU_ACTIVE_FILE,
	LRU_UNEVICTABLE, NR_LRU_LISTS
};
#define LRU_ACTIVE	1		/* inactive list + 1: its active list */
struct lruvec {
	struct list_head lists[NR_LRU_LISTS];
	uint64_t nr[NR_LRU_LISTS];
	uint64_t nonresident_age;	/* evictions + activations (workingset.c) */
};
struct lruvec *page_lruvec(void);
uint64_t lruvec_size(enum lru_list lru);
uint64_t nr_mlock_pages(void);
bool page_evictable(struct page *page);
void check_move_unevictable_pages(void);
void putback_lru_page(struct page *page);
void lru_cache_add(struct page *page);
void lru_cache_add_inactive_or_unevictable(struct page *page,
					   struct vm_area_struct *vma);
bool isolate_lru_page(struct page *page);
void mark_page_accessed(struct page *page);
void deactivate_page(struct page *page);
void mlock_page(struct page *page);
void munlock_page(struct page *page);
void __page_cache_release(struct page *page);
void lru_thp_split(struct page *head);
int lru_validate(void);

/* workingset.c: shadow entries of evicted pages, refault distance. */
void workingset_age_nonresident(uint64_t nr_pages);
void *workingset_eviction(struct page *page);
void workingset_refault(struct page *page, void *shadow);
void swap_cache_set_shadow(swp_entry_t entry, void *shadow);
void clear_shadow_from_swap_cache(swp_entry_t entry);
void workingset_refault_swap(struct page *page, swp_entry_t entry);
void clear_swap_shadows(void);

/* vmscan.c: page reclaim by a replacement policy, before the OOM killer. */
#define SWAP_CLUSTER_MAX	32	/* pages direct reclaim asks for */
enum reclaim_policy { RECLAIM_LRU, RECLAIM_CLOCK, RECLAIM_FIFO, RECLAIM_RANDOM };
extern int reclaim_policy;		/* reclaim= and /proc/sys/vm/reclaim */
extern int vm_swappiness;		/* /proc/sys/vm/swappiness, 0..200 */
extern const char *const reclaim_policy_names[];
int set_reclaim_policy(const char *name);
uint64_t try_to_free_pages(uint64_t nr);
uint64_t reclaim_pages(struct list_head *page_list);
enum zone_watermarks { WMARK_MIN, WMARK_LOW, WMARK_HIGH, NR_WMARK };
void setup_per_zone_wmarks(void);
extern uint64_t zone_wmark[NR_WMARK];	/* set by setup_per_zone_wmarks only */
/* Inline: every page allocation compares free frames with low. */
static inline uint64_t wmark_pages(enum zone_watermarks w) { return zone_wmark[w]; }
#define low_wmark_pages()	wmark_pages(WMARK_LOW)
void wakeup_kswapd(void);
void reclaim_before_copy(void);
void kswapd_init(void);

#endif
