/*
 * mm/page-writeback.c - dirty pages, writeback to the store, and drop_caches.
 *
 * A cached page is dirty (PG_dirty) when it is newer than its store block:
 * write() dirties the pages it copies into; a write through a shared
 * mapping only sets the PTE's Dirty bit, which mapping_gather_dirty() (mm)
 * moves into PG_dirty before any writeback looks.  An inode with dirty
 * pages sits on dirty_inodes, stamped with when it became dirty.
 * Writeback copies a dirty page into its block (allocating it if needed)
 * and cleans it:
 *   fsync, fdatasync  the file's pages
 *   msync             a range (mm/msync.c calls filemap_write_and_wait_range)
 *   sync              every file
 *   writeback_tick    the flusher, called every second: files dirty for
 *                     more than DIRTY_EXPIRE (as Linux's dirty_expire)
 * A writeback that finds the store full leaves the page dirty and reports
 * -ENOSPC to the next fsync of the file.
 *
 * Clean cached pages are only a copy of the store, so drop_pagecache()
 * (echo 1 > /proc/sys/vm/drop_caches) can free every one that nobody maps
 * or uses; the next access reads it again from the store.
 */
#include "../fs/fs.h"
#include "../kernel/syscalls.h"

#define DIRTY_EXPIRE	(5 * 1000000000ull)	/* ns */

static struct list_head all_inodes = LIST_HEAD_INIT(all_inodes);
static struct list_head dirty_inodes = LIST_HEAD_INIT(dirty_inodes);
static uint64_t nr_dirty;

/* Regular files join the list that sync and drop_caches walk. */
void inode_add_to_sb(struct inode *inode)
{
	list_add_tail(&inode->i_sb_list, &all_inodes);
}

uint64_t nr_dirty_pages(void)
{
	return nr_dirty;
}

/* Mark a cache page newer than the store (no-op if not a cache page). */
void set_page_dirty(struct page *page)
{
	struct inode *inode = page->mapping;

	if (!inode || (page->flags & PG_dirty))
		return;
	page->flags |= PG_dirty;
	nr_dirty++;
	inode->i_nrdirty++;
	list_add_tail(&page->list, &inode->i_dirty_pages);
	if (list_empty(&inode->i_dirty_list)) {
		inode->i_dirtied_when = timer_ns();
		list_add_tail(&inode->i_dirty_list, &dirty_inodes);
	}
}

void clear_page_dirty(struct page *page)
{
	struct inode *inode = page->mapping;

	if (!(page->flags & PG_dirty))
		return;
	page->flags &= ~PG_dirty;
	list_del(&page->list);
	nr_dirty--;
	if (--inode->i_nrdirty == 0)
		list_del(&inode->i_dirty_list);
}

/* Copy one dirty page to its block (only the bytes below i_size). */
static int writepage(struct inode *inode, struct page *page)
{
	uint64_t start = page->index << PAGE_SHIFT;
	size_t len = start < inode->i_size ? MIN(PAGE_SIZE, inode->i_size - start)
					   : 0;
	int err = store_write(inode, page->index, page_address(page), len);

	if (err)
		return err;
	if (len < PAGE_SIZE)
		memset((char *)page_address(page) + len, 0, PAGE_SIZE - len);
	clear_page_dirty(page);
	count_vm_event(PGPGOUT);
	return 0;
}

/* Write back the dirty pages of inode in [first, last] by walking its dirty
 * list: cheaper than a lookup of the range when few pages are dirty. */
static int write_dirty_list(struct inode *inode, uint64_t first, uint64_t last,
			    int err)
{
	struct list_head *pos, *n;
	int written = 0;

	list_for_each_safe(pos, n, &inode->i_dirty_pages) {
		struct page *page = list_entry(pos, struct page, list);
		if (page->index < first || page->index > last)
			continue;
		int e = writepage(inode, page);	/* takes it off the list */
		if (!e)
			written++;
		else if (!err)
			err = e;
	}
	return err ? err : written;
}

/*
 * Write back the dirty cached pages of inode with index in [first_index,
 * last_index].  Returns the number of pages written, or -errno (the
 * first error, also one left by an earlier background writeback).
 */
int filemap_write_and_wait_range(struct inode *inode, uint64_t first_index,
				 uint64_t last_index)
{
	void *batch[16];
	uint64_t idx[16];
	unsigned n;
	int written = 0, err = inode->i_wb_err;

	inode->i_wb_err = 0;
	if (inode->i_nrdirty <= last_index - first_index)
		return write_dirty_list(inode, first_index, last_index, err);
	while (inode->i_nrdirty && first_index <= last_index &&
	       (n = radix_gang_lookup(&inode->i_pages, first_index, batch, idx,
				      16))) {
		for (unsigned i = 0; i < n && idx[i] <= last_index; i++) {
			if (!(((struct page *)batch[i])->flags & PG_dirty))
				continue;
			int e = writepage(inode, batch[i]);
			if (!e)
				written++;
			else if (!err)
				err = e;
		}
		if (idx[n - 1] >= last_index)
			break;
		first_index = idx[n - 1] + 1;
	}
	return err ? err : written;
}

/* fsync/fdatasync: the file's dirty pages (there is no separate metadata). */
int vfs_fsync(struct file *f, bool datasync)
{
	if (!f->f_op || !f->f_op->fsync)
		return -EINVAL;
	return f->f_op->fsync(f, datasync);
}

/* Move the Dirty bits of every shared file mapping into the pages. */
static void gather_mapped_dirty(void)
{
	struct list_head *pos;

	list_for_each(pos, &all_inodes) {
		struct inode *inode = list_entry(pos, struct inode, i_sb_list);
		if (inode->i_nrpages)
			mapping_gather_dirty(inode, 0, UINT64_MAX);
	}
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

	gather_mapped_dirty();
	while (!list_empty(&dirty_inodes)) {
		struct inode *inode = list_entry(dirty_inodes.next, struct inode,
						 i_dirty_list);
		int n = inode->i_dirtied_when < before
			? filemap_write_and_wait_range(inode, 0, UINT64_MAX) : 0;
		if (n > 0)
			total += n;
		if (n < 0)
			inode->i_wb_err = n;
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

/* Call fn(inode, page, arg) for every page in the page cache; fn may
 * delete the page (pages are visited in batches found beforehand). */
static void for_each_cached_page(void (*fn)(struct inode *, struct page *, void *),
				 void *arg)
{
	struct list_head *pos;

	list_for_each(pos, &all_inodes) {
		struct inode *inode = list_entry(pos, struct inode, i_sb_list);
		void *batch[16];
		uint64_t idx[16], first = 0;
		unsigned n;
		while ((n = radix_gang_lookup(&inode->i_pages, first, batch, idx,
					      16))) {
			for (unsigned i = 0; i < n; i++)
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
	delete_from_page_cache(inode, page);
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

static long do_fsync(unsigned int fd, bool datasync)
{
	struct file *f = fget(fd);

	if (!f)
		return -EBADF;
	long err = vfs_fsync(f, datasync);
	fput(f);
	return err;
}

SYSCALL_DEFINE1(fsync, unsigned int, fd)
{
	return do_fsync(fd, false);
}

SYSCALL_DEFINE1(fdatasync, unsigned int, fd)
{
	return do_fsync(fd, true);
}

SYSCALL_DEFINE0(sync)
{
	sync_all();
	return 0;
}
