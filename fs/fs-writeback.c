/*
 * fs/fs-writeback.c - the inodes with dirty pages, the flusher, sync, and
 * drop_caches.
 *
 * Regular files are on all_inodes (Linux: the super block's s_inodes).  An
 * inode whose page cache has dirty pages (mm/page-writeback.c) sits on
 * dirty_inodes, stamped with when it became dirty, until its last dirty
 * page is clean again.  Writing back an inode writes its mapping's dirty
 * pages (filemap_write_and_wait_range):
 *   sync              every file
 *   writeback_tick    the flusher, called every second: files dirty for
 *                     more than DIRTY_EXPIRE (as Linux's dirty_expire)
 * A page written through a shared mapping is dirty from its write fault
 * on, so only dirty inodes are visited.
 *
 * Clean cached pages are only a copy of the store, so drop_pagecache()
 * (echo 1 > /proc/sys/vm/drop_caches) can free every one that nobody maps
 * or uses; the next access reads it again from the store.
 */
#include "fs.h"

#define DIRTY_EXPIRE	(5 * 1000000000ull)	/* ns */

static struct list_head all_inodes = LIST_HEAD_INIT(all_inodes);
static struct list_head dirty_inodes = LIST_HEAD_INIT(dirty_inodes);

/* Regular files join the list that sync and drop_caches walk. */
void inode_add_to_sb(struct inode *inode)
{
	list_add_tail(&inode->i_sb_list, &all_inodes);
}

/* inode's pages have become dirty: put it on the flusher's list (once). */
void __mark_inode_dirty(struct inode *inode)
{
	if (!list_empty(&inode->i_dirty_list))
		return;
	inode->i_dirtied_when = timer_ns();
	list_add_tail(&inode->i_dirty_list, &dirty_inodes);
}

/* inode has no dirty page left: off the flusher's list. */
void inode_io_list_del(struct inode *inode)
{
	list_del(&inode->i_dirty_list);
}

/*
 * Write back the dirty inodes that became dirty before `before` (ns);
 * returns pages written.  An inode whose writeback failed keeps its dirty
 * pages and the error, for its next fsync.
 */
static int writeback_inodes(uint64_t before)
{
	struct list_head skipped = LIST_HEAD_INIT(skipped);
	int total = 0;

	while (!list_empty(&dirty_inodes)) {
		struct inode *inode = list_entry(dirty_inodes.next, struct inode,
						 i_dirty_list);
		int n = inode->i_dirtied_when < before
			? filemap_write_and_wait_range(inode->i_mapping, 0,
						       UINT64_MAX) : 0;
		if (n > 0)
			total += n;
		if (n < 0)
			inode->i_mapping->wb_err = n;
		if (!list_empty(&inode->i_dirty_list)) {  /* still dirty */
			list_del(&inode->i_dirty_list);
			list_add_tail(&inode->i_dirty_list, &skipped);
		}
	}
	while (!list_empty(&skipped)) {
		struct list_head *l = skipped.next;
		list_del(l);
		list_add_tail(l, &dirty_inodes);
	}
	vm_events[WRITEBACK_PAGES] += total;
	return total;
}

/* sync: write back every file; returns pages written. */
int sync_all(void)
{
	return writeback_inodes(UINT64_MAX);
}

/* The flusher (kernel/main.c calls it every second from a kernel thread):
 * write back files that have been dirty for DIRTY_EXPIRE. */
void writeback_tick(void)
{
	uint64_t now = timer_ns();

	if (now > DIRTY_EXPIRE)
		writeback_inodes(now - DIRTY_EXPIRE);
}

/* Call fn(inode, page, arg) for every page in the page cache (not the
 * shadow entries of evicted ones); fn may delete the page (pages are
 * visited in batches found beforehand). */
static void for_each_cached_page(void (*fn)(struct inode *, struct page *, void *),
				 void *arg)
{
	struct list_head *pos;

	list_for_each(pos, &all_inodes) {
		struct inode *inode = list_entry(pos, struct inode, i_sb_list);
		void *batch[16];
		uint64_t idx[16], first = 0;
		unsigned n;
		while ((n = radix_gang_lookup(&inode->i_data.i_pages, first, batch,
					      idx, 16))) {
			for (unsigned i = 0; i < n; i++)
				if (!xa_is_value(batch[i]))
					fn(inode, batch[i], arg);
			first = idx[n - 1] + 1;
		}
	}
}

/* Drop page if only the cache holds it and it is clean. */
static void drop_one(struct inode *inode, struct page *page, void *arg)
{
	if ((page->flags & PG_dirty) || page->mapcount || page->refcount != 1)
		return;
	(void)inode;
	delete_from_page_cache(page);
	count_vm_event(PGDROP);
	(*(uint64_t *)arg)++;
}

/*
 * drop_caches: free every clean cached page that only the cache holds
 * (not mapped, no other user).  Returns the number of pages dropped.
 */
uint64_t drop_pagecache(void)
{
	uint64_t dropped = 0;

	for_each_cached_page(drop_one, &dropped);
	return dropped;
}

static void count_mapped(struct inode *inode, struct page *page, void *arg)
{
	(void)inode;
	*(uint64_t *)arg += page->mapcount > 0;
}

/* Cached pages that some process maps (/proc/meminfo Mapped). */
uint64_t nr_mapped_cache_pages(void)
{
	uint64_t mapped = 0;

	for_each_cached_page(count_mapped, &mapped);
	return mapped;
}

/* drop_caches 2: forget every shadow entry (mm/workingset.c), of the
 * files and of the swap slots, and the radix nodes that held them. */
void drop_shadow_entries(void)
{
	struct list_head *pos;

	list_for_each(pos, &all_inodes)
		clear_shadow_entries(&list_entry(pos, struct inode, i_sb_list)->i_data);
	clear_swap_shadows();
}
