/*
 * mm/page-writeback.c - dirty pages and their writeback.
 *
 * A cached page is dirty (PG_dirty) when it is newer than its backing
 * store.  Dirtiness is known when it happens, never searched for:
 *   write()           dirties each page it copies into (mm/filemap.c);
 *   a shared mapping  maps a file's pages read-only until written: the
 *                     first write faults, and vm_ops->page_mkwrite
 *                     (filemap_page_mkwrite) dirties the page before the
 *                     fault makes it writable (mm/fault.c, Linux's
 *                     do_shared_fault and wp_page_shared).
 * set_page_dirty asks the page's address_space how it tracks dirt
 * (a_ops->dirty_folio): a file's filemap_dirty_folio tags the page
 * PAGECACHE_TAG_DIRTY in the page cache index (mapping->i_pages, a radix
 * tree whose tags lead to the tagged pages only) and puts its inode on
 * the flusher's list (fs/fs-writeback.c); shmem ignores it
 * (noop_dirty_folio): its store is swap, and a page that goes there is
 * always written (mm/shmem.c).
 *
 * Writeback of a range first tags its dirty pages PAGECACHE_TAG_TOWRITE
 * (Linux's tag_pages_for_writeback: the set to write is fixed before the
 * first one is written), then for each: folio_mkclean (mm/rmap.c)
 * write-protects every shared PTE of the page and clears its Dirty bit,
 * so the next write through a mapping faults and dirties the page again;
 * a_ops->writepage copies it to the store; the page is clean.  The cost
 * is per dirty page, whatever the size of the file or of its mappings.
 *   fsync, fdatasync  the file's pages (fs/ramfs.c)
 *   msync             a range (mm/msync.c)
 *   sync, flusher     every file, or those dirty for long (fs/fs-writeback.c)
 *   reclaim           one page it evicts (pageout, nr_vmscan_write)
 * A writeback that finds the store full leaves the page dirty and reports
 * -ENOSPC to the next fsync of the file.
 */
#include "mm.h"
#include "../fs/fs.h"

static uint64_t nr_dirty;

uint64_t nr_dirty_pages(void)
{
	return nr_dirty;
}

/* Mark a page newer than its backing store (no-op unless it belongs to
 * an address_space). */
void set_page_dirty(struct page *page)
{
	struct address_space *mapping = page_mapping(page);

	if (mapping)
		mapping->a_ops->dirty_folio(mapping, page);
}

/* a_ops->dirty_folio of a file in the page cache: tag the page dirty and
 * tell the flusher about its inode. */
void filemap_dirty_folio(struct address_space *mapping, struct page *page)
{
	if (page->flags & PG_dirty)
		return;
	page->flags |= PG_dirty;
	nr_dirty++;
	mapping->nrdirty++;
	radix_tag_set(&mapping->i_pages, page->index, PAGECACHE_TAG_DIRTY);
	__mark_inode_dirty(mapping->host);
}

/* a_ops->dirty_folio of memory with no backing store (shmem): nothing to
 * write back, so nothing to remember. */
void noop_dirty_folio(struct address_space *mapping, struct page *page)
{
	(void)mapping, (void)page;
}

/* The page is as new as its store again (written back, or dropped); its
 * dirty tag goes (a page already out of the index has no tags left). */
void clear_page_dirty(struct page *page)
{
	struct address_space *mapping = page->mapping;

	if (!(page->flags & PG_dirty))
		return;
	page->flags &= ~PG_dirty;
	radix_tag_clear(&mapping->i_pages, page->index, PAGECACHE_TAG_DIRTY);
	nr_dirty--;
	if (--mapping->nrdirty == 0)
		inode_io_list_del(mapping->host);
}

typedef void (*tagged_fn)(struct address_space *mapping, struct page *page,
			  void *arg);

/* Call fn for each page of mapping with index in [first, last] that
 * carries tag, in index order; fn may clear the tag (pages are visited in
 * batches found beforehand). */
static void for_each_tagged(struct address_space *mapping, uint64_t first,
			    uint64_t last, unsigned tag, tagged_fn fn, void *arg)
{
	void *batch[16];
	uint64_t idx[16];
	unsigned n;

	while (first <= last &&
	       (n = radix_gang_lookup_tag(&mapping->i_pages, first, batch, idx,
					  16, tag))) {
		for (unsigned i = 0; i < n && idx[i] <= last; i++)
			fn(mapping, batch[i], arg);
		if (idx[n - 1] >= last)
			break;
		first = idx[n - 1] + 1;
	}
}

static void tag_towrite(struct address_space *mapping, struct page *page,
			void *arg)
{
	(void)arg;
	radix_tag_set(&mapping->i_pages, page->index, PAGECACHE_TAG_TOWRITE);
}

struct writeback {
	int written;
	int err;			/* the first error */
};

/* Write one page tagged for writeback: write-protect its mappings, copy
 * it to the store, and clean it (left dirty if the store refuses). */
static void writeout(struct address_space *mapping, struct page *page,
		     void *arg)
{
	struct writeback *wb = arg;

	radix_tag_clear(&mapping->i_pages, page->index, PAGECACHE_TAG_TOWRITE);
	folio_mkclean(page);
	int err = mapping->a_ops->writepage(mapping, page);
	if (err) {
		if (!wb->err)
			wb->err = err;
		return;
	}
	clear_page_dirty(page);
	count_vm_event(PGPGOUT);
	wb->written++;
}

/*
 * Write back the dirty cached pages of mapping with index in
 * [first_index, last_index], visiting only those (the index's dirty tag).
 * Returns the number of pages written, or -errno (the first error, also
 * one left by an earlier background writeback).
 */
int filemap_write_and_wait_range(struct address_space *mapping,
				 uint64_t first_index, uint64_t last_index)
{
	struct writeback wb = { 0, mapping->wb_err };

	mapping->wb_err = 0;
	if (!mapping->nrdirty)
		return wb.err;
	for_each_tagged(mapping, first_index, last_index, PAGECACHE_TAG_DIRTY,
			tag_towrite, NULL);
	for_each_tagged(mapping, first_index, last_index, PAGECACHE_TAG_TOWRITE,
			writeout, &wb);
	return wb.err ? wb.err : wb.written;
}

/*
 * Reclaim of a file page that is mapped or dirty (Linux's pageout(), in
 * its mm/vmscan.c): taken out of every mapping (try_to_unmap_file: not
 * when used lately or locked), then written to the store if dirty.
 * Returns 0 when the page is clean and unmapped, for the caller to drop;
 * -EBUSY if it stays mapped; the writepage error (-ENOSPC, -ENOMEM) if it
 * stays dirty, for a later writeback to retry.
 */
int pageout(struct page *page)
{
	struct address_space *mapping = page->mapping;

	if (page_mapcount(page) && try_to_unmap_file(page))
		return -EBUSY;
	if (!(page->flags & PG_dirty))
		return 0;
	int err = mapping->a_ops->writepage(mapping, page);
	if (err)
		return err;
	clear_page_dirty(page);
	count_vm_event(PGPGOUT);
	count_vm_event(NR_VMSCAN_WRITE);
	return 0;
}
