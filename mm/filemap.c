/*
 * mm/filemap.c - the page cache: every read, write and file mapping of a
 * regular file goes through it.
 *
 * A cached page is a PU_CACHE frame in inode->i_pages with page->mapping =
 * inode and page->index = its page number.  The cache holds one reference;
 * whoever uses a page (read, write, a mapping) takes another for the time
 * it does.  A lookup that finds the page is a hit (PGCACHE_HIT); a miss
 * makes a new page and fills it from the store (PGCACHE_MISS, and PGPGIN
 * when a block was actually read; a hole is just zero-filled).  write()
 * copies into the cached page and marks it dirty (writeback.c copies it
 * back to the store later); a page written in full is not read first.
 *
 * Invariant: the bytes of the last page beyond i_size are zero, in the
 * cache and in the store, so that a file that grows again reads zeros
 * there.  do_truncate and the writeback of the last page maintain it.
 */
#include "../fs/fs.h"

#define MAX_FILE_SIZE	0x7fffffffffffffffull

static uint64_t pages_in(uint64_t size)
{
	return (size + PAGE_SIZE - 1) >> PAGE_SHIFT;
}

/* The cached page at index with a new reference, or NULL. */
struct page *find_get_page(struct inode *inode, uint64_t index)
{
	struct page *page = radix_lookup(&inode->i_pages, index);

	if (page)
		get_page(page);
	return page;
}

/* A new cache page at index (not yet filled); the cache's reference only. */
static struct page *page_cache_alloc(struct inode *inode, uint64_t index)
{
	struct page *page = alloc_page(PU_CACHE);

	if (!page)
		return ERR_PTR(-ENOMEM);
	if (radix_insert(&inode->i_pages, index, page)) {
		put_page(page);
		return ERR_PTR(-ENOMEM);
	}
	page->mapping = inode;
	page->index = index;
	inode->i_nrpages++;
	count_vm_event(PGCACHE_MISS);
	return page;
}

/* Take page out of the cache and drop the cache's reference. */
void delete_from_page_cache(struct inode *inode, struct page *page)
{
	radix_delete(&inode->i_pages, page->index);
	if (page->flags & PG_dirty)
		clear_page_dirty(page);
	page->mapping = NULL;
	page->flags &= ~PG_uptodate;
	inode->i_nrpages--;
	put_page(page);
}

/*
 * The page at index of inode with a new reference (get_page), up to date:
 * read from the store on a miss (then *major is set when a block was
 * read).  NULL if index is at or beyond the end of the file (a fault
 * there is SIGBUS); ERR_PTR(-ENOMEM) if no frame is left.
 */
struct page *filemap_get_page(struct inode *inode, uint64_t index, bool *major)
{
	struct page *page;

	if (major)
		*major = false;
	if (index >= pages_in(inode->i_size))
		return NULL;
	if ((page = find_get_page(inode, index))) {
		count_vm_event(PGCACHE_HIT);
		return page;
	}
	page = page_cache_alloc(inode, index);
	if (IS_ERR(page))
		return page;
	if (store_read(inode, index, page_address(page))) {
		count_vm_event(PGPGIN);
		if (major)
			*major = true;
	}
	page->flags |= PG_uptodate;
	get_page(page);
	return page;
}

/* read() of a regular file: copy from cached pages up to the end of file. */
long filemap_read(struct file *f, struct iov_iter *to, uint64_t *ppos)
{
	struct inode *inode = f->f_inode;
	uint64_t pos = *ppos;
	size_t done = 0;
	long err = 0;

	while (to->count && pos < inode->i_size) {
		size_t off = pos & (PAGE_SIZE - 1);
		size_t n = MIN(MIN(PAGE_SIZE - off, inode->i_size - pos), to->count);
		struct page *page = filemap_get_page(inode, pos >> PAGE_SHIFT, NULL);
		if (!page || IS_ERR(page)) {
			err = page ? PTR_ERR(page) : 0;
			break;
		}
		size_t copied = copy_to_iter((char *)page_address(page) + off, n, to);
		put_page(page);
		done += copied;
		pos += copied;
		if (copied < n) {
			err = -EFAULT;
			break;
		}
	}
	*ppos = pos;
	return done ? (long)done : err;
}

/*
 * The page at index for a write of [off, off+len) within it: found, or
 * new and zeroed when its block is fresh or the write covers it all
 * (then not up to date until the copy completes), else read from store.
 */
static struct page *write_begin(struct inode *inode, uint64_t index,
				size_t off, size_t len, bool fresh_block)
{
	struct page *page = find_get_page(inode, index);

	if (page) {
		count_vm_event(PGCACHE_HIT);
		return page;
	}
	page = page_cache_alloc(inode, index);
	if (IS_ERR(page))
		return page;
	bool full = off == 0 && len == PAGE_SIZE;
	if (fresh_block || full || index >= pages_in(inode->i_size))
		memset(page_address(page), 0, PAGE_SIZE);
	else if (store_read(inode, index, page_address(page)))
		count_vm_event(PGPGIN);
	if (!full)
		page->flags |= PG_uptodate;
	get_page(page);
	return page;
}

/* Zero the bytes of the last page beyond size, in the cache and the store. */
static void zero_tail(struct inode *inode, uint64_t size)
{
	size_t off = size & (PAGE_SIZE - 1);

	if (!off)
		return;
	struct page *page = radix_lookup(&inode->i_pages, size >> PAGE_SHIFT);
	if (page)
		memset((char *)page_address(page) + off, 0, PAGE_SIZE - off);
	store_zero_tail(inode, size >> PAGE_SHIFT, off);
}

/* Copy one page's worth of a write; returns bytes copied or -errno. */
static long write_one(struct inode *inode, uint64_t pos, struct iov_iter *from)
{
	uint64_t index = pos >> PAGE_SHIFT;
	size_t off = pos & (PAGE_SIZE - 1);
	size_t n = MIN(PAGE_SIZE - off, from->count);
	bool fresh;
	int err = store_reserve(inode, index, &fresh);

	if (err)
		return err;
	struct page *page = write_begin(inode, index, off, n, fresh);
	if (IS_ERR(page))
		return PTR_ERR(page);
	size_t copied = copy_from_iter((char *)page_address(page) + off, n, from);
	if (copied == n)
		page->flags |= PG_uptodate;
	if (!(page->flags & PG_uptodate)) {	/* a failed full-page write */
		put_page(page);
		delete_from_page_cache(inode, page);
		return -EFAULT;
	}
	if (copied)
		set_page_dirty(page);
	put_page(page);
	return copied ? (long)copied : -EFAULT;
}

/*
 * write() of a regular file: reserve store blocks, copy into cached pages,
 * dirty them.  Appends with O_APPEND (even pwrite, as Linux).  Returns the
 * bytes written, or -errno if none (-ENOSPC when the store is full).
 */
long filemap_write(struct file *f, struct iov_iter *from, uint64_t *ppos)
{
	struct inode *inode = f->f_inode;
	uint64_t pos = (f->f_flags & O_APPEND) ? inode->i_size : *ppos;
	size_t done = 0;
	long err = 0;

	if (pos >= MAX_FILE_SIZE)
		return from->count ? -EFBIG : 0;
	from->count = MIN(from->count, MAX_FILE_SIZE - pos);
	if (pos > inode->i_size)
		zero_tail(inode, inode->i_size);
	while (from->count) {
		long n = write_one(inode, pos, from);
		if (n < 0) {
			err = n;
			break;
		}
		done += n;
		pos += n;
		if (pos > inode->i_size)
			inode->i_size = pos;
	}
	if (done)
		inode_touch(inode, true);
	*ppos = pos;
	return done ? (long)done : err;
}

/* Remove the cached pages at or beyond index first (dirty or not). */
void truncate_inode_pages(struct inode *inode, uint64_t first)
{
	void *batch[16];
	unsigned n;

	while ((n = radix_gang_lookup(&inode->i_pages, first, batch, NULL, 16)))
		for (unsigned i = 0; i < n; i++)
			delete_from_page_cache(inode, batch[i]);
}

/*
 * Set the size of a regular file.  Shrinking unmaps the cut pages from
 * every mapping, drops them from the cache and the store and zeroes the
 * tail of the new last page; growing leaves a hole that reads as zeros.
 */
int do_truncate(struct inode *inode, uint64_t size)
{
	if (size > MAX_FILE_SIZE)
		return -EFBIG;
	if (size < inode->i_size) {
		uint64_t first_cut = pages_in(size);
		unmap_mapping_range(inode, first_cut);
		truncate_inode_pages(inode, first_cut);
		store_truncate(inode, first_cut);
	}
	zero_tail(inode, MIN(size, inode->i_size));
	inode->i_size = size;
	inode_touch(inode, true);
	return 0;
}
