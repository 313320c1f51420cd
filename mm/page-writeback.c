/*
 * mm/page-writeback.c - dirty pages and their writeback.
 *
 * A cached page is dirty (PG_dirty) when it is newer than its backing
 * store: write() dirties the pages it copies into; a write through a
 * shared mapping only sets the PTE's Dirty bit, which mapping_gather_dirty()
 * moves into PG_dirty before any writeback looks.  set_page_dirty asks the
 * page's address_space how it tracks dirt (a_ops->dirty_folio): a file's
 * filemap_dirty_folio puts the page on mapping->dirty_pages (Linux's
 * PAGECACHE_TAG_DIRTY) and its inode on the flusher's list
 * (fs/fs-writeback.c); shmem has no store to write to and ignores it
 * (noop_dirty_folio).  Writeback copies a dirty page to the store through
 * a_ops->writepage and cleans it:
 *   fsync, fdatasync  the file's pages (fs/ramfs.c)
 *   msync             a range (mm/msync.c)
 *   sync, flusher     every file, or those dirty for long (fs/fs-writeback.c)
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
	list_add_tail(&page->list, &mapping->dirty_pages);
	__mark_inode_dirty(mapping->host);
}

/* a_ops->dirty_folio of memory with no backing store (shmem): nothing to
 * write back, so nothing to remember. */
void noop_dirty_folio(struct address_space *mapping, struct page *page)
{
	(void)mapping, (void)page;
}

/* The page is as new as its store again (written back, or dropped). */
void clear_page_dirty(struct page *page)
{
	struct address_space *mapping = page->mapping;

	if (!(page->flags & PG_dirty))
		return;
	page->flags &= ~PG_dirty;
	list_del(&page->list);
	nr_dirty--;
	if (--mapping->nrdirty == 0)
		inode_io_list_del(mapping->host);
}

/* Write one dirty page through a_ops->writepage and clean it. */
static int writeout(struct address_space *mapping, struct page *page)
{
	int err = mapping->a_ops->writepage(mapping, page);

	if (err)
		return err;
	clear_page_dirty(page);
	count_vm_event(PGPGOUT);
	return 0;
}

/* Write back the dirty pages of mapping in [first, last] by walking its
 * dirty list: cheaper than a lookup of the range when few pages are dirty. */
static int write_dirty_list(struct address_space *mapping, uint64_t first,
			    uint64_t last, int err)
{
	struct list_head *pos, *n;
	int written = 0;

	list_for_each_safe(pos, n, &mapping->dirty_pages) {
		struct page *page = list_entry(pos, struct page, list);
		if (page->index < first || page->index > last)
			continue;
		int e = writeout(mapping, page);	/* takes it off the list */
		if (!e)
			written++;
		else if (!err)
			err = e;
	}
	return err ? err : written;
}

/*
 * Write back the dirty cached pages of mapping with index in
 * [first_index, last_index].  Returns the number of pages written, or
 * -errno (the first error, also one left by an earlier background
 * writeback).
 */
int filemap_write_and_wait_range(struct address_space *mapping,
				 uint64_t first_index, uint64_t last_index)
{
	void *batch[16];
	uint64_t idx[16];
	unsigned n;
	int written = 0, err = mapping->wb_err;

	mapping->wb_err = 0;
	if (mapping->nrdirty <= last_index - first_index)
		return write_dirty_list(mapping, first_index, last_index, err);
	while (mapping->nrdirty && first_index <= last_index &&
	       (n = radix_gang_lookup(&mapping->i_pages, first_index, batch, idx,
				      16))) {
		for (unsigned i = 0; i < n && idx[i] <= last_index; i++) {
			if (!(((struct page *)batch[i])->flags & PG_dirty))
				continue;
			int e = writeout(mapping, batch[i]);
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

static int gather_one(uint64_t va, pte_t *ptep, void *arg)
{
	struct vm_area_struct *vma = arg;

	if (!pte_test_and_clear_dirty(ptep))
		return 0;
	if (vma->vm_mm == current->mm)	/* other mms' TLBs hold nothing */
		flush_tlb_page(va);
	set_page_dirty(pte_page(*ptep));
	return 0;
}

/*
 * Move the PTE Dirty bits of mapping's pages [first, last] into the pages
 * (PG_dirty) and clear them, so that a later write sets them again and is
 * seen by the next writeback.  Every VMA on the mapping's i_mmap, in every
 * process; shared ones only, since a private page is not the file's.
 */
void mapping_gather_dirty(struct address_space *mapping, uint64_t first,
			  uint64_t last)
{
	struct vm_area_struct *v;
	uint64_t start, end;

	i_mmap_foreach(v, mapping, first, last) {
		if (!(v->vm_flags & VM_SHARED))
			continue;
		vma_mapped_range(v, first, last, &start, &end);
		pgtable_for_each_dirty(v->vm_mm->pml4, start, end, gather_one, v);
	}
}
