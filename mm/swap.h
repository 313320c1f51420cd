/*
 * mm/swap.h - swap and reclaim (Linux's include/linux/swap.h), included by
 * mm.h: swap areas, swap I/O, swap entries in page tables and page
 * reclaim, grouped by file.
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

/* vmscan.c: page reclaim (the clock over frames), before the OOM killer. */
#define SWAP_CLUSTER_MAX	32	/* pages direct reclaim asks for */
uint64_t try_to_free_pages(uint64_t nr);
int reclaim_page(struct page *page);
enum zone_watermarks { WMARK_MIN, WMARK_LOW, WMARK_HIGH, NR_WMARK };
void setup_per_zone_wmarks(void);
uint64_t wmark_pages(enum zone_watermarks w);
#define low_wmark_pages()	wmark_pages(WMARK_LOW)
void wakeup_kswapd(void);
void reclaim_before_copy(void);
void kswapd_init(void);

#endif
