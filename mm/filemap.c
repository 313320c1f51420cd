/*
 * mm/filemap.c - the page cache: every read, write and mapping of a file
 * goes through it.
 *
 * The cache of a file is its address_space (inode->i_mapping): a cached
 * page sits in mapping->i_pages with page->mapping = mapping and
 * page->index = its page number; the slot of a page reclaim evicted may
 * hold its shadow entry instead (mm/workingset.c), which no lookup
 * returns and a new page at that index replaces (a refault).  The cache holds one reference; whoever
 * uses a page (read, write, a mapping) takes another for the time it
 * does.  A lookup that finds the page is a hit (PGCACHE_HIT); a miss
 * makes a new page and fills it through a_ops->read_folio (PGCACHE_MISS,
 * and PGPGIN when a block was actually read; a hole is just zero-filled).
 * write() gets each page through a_ops->write_begin, copies into it and
 * marks it dirty (page-writeback.c has it written back later); a page
 * written in full is not read first.  Shared anonymous memory keeps its
 * pages in a cache too (mm/shmem.c), and uses the lookup and truncate
 * parts only.
 *
 * Invariant: the bytes of the last page beyond i_size are zero, in the
 * cache and in the store, so that a file that grows again reads zeros
 * there.  The ramfs (truncate, write_begin) and the writeback of the last
 * page maintain it.
 */
#include "mm.h"
#include "../fs/fs.h"

/* Pages that hold size bytes. */
static uint64_t pages_in(uint64_t size)
{
	return PAGE_ALIGN(size) >> PAGE_SHIFT;
}

/* The cached page at index with a new reference, or NULL (also where
 * shmem has a swap entry, a value entry). */
struct page *find_get_page(struct address_space *mapping, uint64_t index)
{
	struct page *page = radix_lookup(&mapping->i_pages, index);

	if (!page || xa_is_value(page))
		return NULL;		/* nothing, or an evicted page's shadow */
	get_page(page);
	return page;
}

/* Put a new page into the cache at index; the cache takes over the
 * caller's reference.  In place of a shadow entry it is a refault
 * (mm/workingset.c).  0, or -ENOMEM (the page is not taken).  The tree's
 * nodes come without reclaim, which could delete from this tree and free
 * the nodes of the insert's path. */
int add_to_page_cache(struct page *page, struct address_space *mapping,
		      uint64_t index)
{
	void *shadow = radix_lookup(&mapping->i_pages, index);

	if (shadow && xa_is_value(shadow)) {
		radix_replace(&mapping->i_pages, index, page);
	} else {
		shadow = NULL;
		bool noreclaim = memalloc_noreclaim_save();
		int err = radix_insert(&mapping->i_pages, index, page);
		memalloc_noreclaim_restore(noreclaim);
		if (err)
			return -ENOMEM;
	}
	page->mapping = mapping;
	page->index = index;
	mapping->nrpages++;
	if (shadow)
		workingset_refault(page, shadow);
	lru_cache_add(page);
	return 0;
}

/* A new cache page at index (not yet filled); the cache's reference only. */
static struct page *page_cache_alloc(struct address_space *mapping,
				     uint64_t index)
{
	struct page *page = alloc_page(PU_CACHE);

	if (!page)
		return ERR_PTR(-ENOMEM);
	if (add_to_page_cache(page, mapping, index)) {
		put_page(page);
		return ERR_PTR(-ENOMEM);
	}
	count_vm_event(PGCACHE_MISS);
	return page;
}

/* Take page out of its cache, leaving shadow in its slot if not NULL
 * (reclaim's, mm/workingset.c), and drop the cache's reference (Linux's
 * __filemap_remove_folio). */
void __delete_from_page_cache(struct page *page, void *shadow)
{
	struct address_space *mapping = page->mapping;

	if (shadow)
		radix_replace(&mapping->i_pages, page->index, shadow);
	else
		radix_delete(&mapping->i_pages, page->index);
	if (page->flags & PG_dirty)
		clear_page_dirty(page);
	page->mapping = NULL;
	page->flags &= ~PG_uptodate;
	mapping->nrpages--;
	put_page(page);
}

/* Take page out of its cache, leaving nothing in its slot. */
void delete_from_page_cache(struct page *page)
{
	__delete_from_page_cache(page, NULL);
}

/*
 * The page at index of mapping with a new reference (get_page), up to
 * date: read through a_ops->read_folio on a miss (then *major is set when
 * a block was read).  NULL if index is at or beyond the end of the file
 * (a fault there is SIGBUS); ERR_PTR(-errno) if it cannot be read or no
 * frame is left.
 */
struct page *filemap_get_page(struct address_space *mapping, uint64_t index,
			      bool *major)
{
	struct page *page;

	if (major)
		*major = false;
	if (index >= pages_in(mapping->host->i_size))
		return NULL;
	if ((page = find_get_page(mapping, index))) {
		count_vm_event(PGCACHE_HIT);
		return page;
	}
	page = page_cache_alloc(mapping, index);
	if (IS_ERR(page))
		return page;
	int blocks = mapping->a_ops->read_folio(mapping, page);
	if (blocks < 0) {
		delete_from_page_cache(page);
		return ERR_PTR(blocks);
	}
	if (blocks) {
		count_vm_event(PGPGIN);
		if (major)
			*major = true;
	}
	page->flags |= PG_uptodate;
	get_page(page);
	return page;
}

/* How a ->fault that looked up page ends (filemap's and shmem's): NULL
 * is SIGBUS (beyond the end, or a failed read), an ERR_PTR is OOM; else
 * the page goes to vmf, a major fault counted if it was read in. */
int filemap_fault_result(struct vm_fault *vmf, struct page *page, bool major)
{
	if (!page)
		return VM_FAULT_SIGBUS;
	if (IS_ERR(page))
		return VM_FAULT_OOM;
	if (major) {
		count_vm_event(PGMAJFAULT);
		current->maj_flt++;
	}
	vmf->page = page;
	return VM_FAULT_OK;
}

/* vm_ops->fault of a file mapping: the page from the page cache, read
 * from the store on a miss (a major fault).  SIGBUS beyond the end of the
 * file.  Mapping it, or a private copy, is do_fault's (mm/fault.c). */
static int filemap_fault(struct vm_fault *vmf)
{
	bool major;
	struct page *page = filemap_get_page(vmf->vma->vm_file->f_mapping,
					     vmf->pgoff, &major);

	return filemap_fault_result(vmf, page, major);
}

/* vm_ops->page_mkwrite of a file mapping (Linux's filemap_page_mkwrite):
 * the first write through a shared mapping to a page since it was last
 * written back modifies the file and dirties the page. */
static int filemap_page_mkwrite(struct vm_fault *vmf)
{
	/* LAB filemap BEGIN: the first write to a shared file page since writeback modifies the file */
	inode_touch(vmf->vma->vm_file->f_inode, true);
	set_page_dirty(vmf->page);
	return VM_FAULT_OK;
	/* LAB filemap STUB BEGIN
	set_page_dirty(vmf->page);
	return VM_FAULT_OK;
	   LAB filemap STUB END */
	/* LAB filemap END */
}

/*
 * vm_ops->map_pages of a file or shmem mapping (Linux's filemap_map_pages,
 * for do_fault_around): map read-only, counted as a fault would (a
 * reference, mapcount, RSS), each page of [start, end] that is in the
 * cache (not in swap) and up to date, below the end of file, whose entry is empty.  The
 * entries all lie in the page table of vmf->pte.  A write to one of them
 * faults (copy-on-write, or the shared write fault).  Returns how many.
 */
unsigned filemap_map_pages(struct vm_fault *vmf, uint64_t start, uint64_t end)
{
	/* LAB filemap BEGIN: fault-around: map the cached pages around a read fault */
	struct vm_area_struct *vma = vmf->vma;
	struct address_space *mapping = vma->vm_file->f_mapping;
	uint64_t size = pages_in(mapping->host->i_size), idx[16];
	unsigned prot = vma_pte_prot(vma) & ~VM_PROT_WRITE, mapped = 0, n;
	void *batch[16];

	if (end >= size)
		end = size - 1;		/* never past the end of file */
	while (start <= end && size &&
	       (n = radix_gang_lookup(&mapping->i_pages, start, batch, idx, 16))) {
		for (unsigned i = 0; i < n && idx[i] <= end; i++) {
			struct page *page = batch[i];
			pte_t *ptep = vmf->pte + (idx[i] - vmf->pgoff);
			if (xa_is_value(page) || !(page->flags & PG_uptodate) ||
			    !pte_none(*ptep))
				continue;
			get_page(page);
			set_pte(ptep, mk_pte(page_to_phys(page), prot));
			page_add_map(vma->vm_mm, page);
			mapped++;
		}
		start = idx[n - 1] + 1;
	}
	return mapped;
	/* LAB filemap STUB BEGIN
	(void)vmf;
	(void)start;
	(void)end;
	return 0;
	   LAB filemap STUB END */
	/* LAB filemap END */
}

static const struct vm_operations_struct generic_file_vm_ops = {
	.fault = filemap_fault,
	.page_mkwrite = filemap_page_mkwrite,
	.map_pages = filemap_map_pages,
};

/* f_op->mmap of a file in the page cache: its pages come from
 * filemap_fault; shared ones are written back (filemap_page_mkwrite). */
int generic_file_mmap(struct file *f, struct vm_area_struct *vma)
{
	(void)f;
	vma->vm_ops = &generic_file_vm_ops;
	return 0;
}

/*
 * Direct reclaim for read() and write(), which may need two frames a page
 * (the cache page and its store block) for many pages in one call: they
 * are safe points (no PTE held), so below the low watermark, reclaim up
 * to high before the next page, as the fault path and fork do, and as
 * Linux's allocator does below min.  Left to kswapd, which runs only when
 * the writer sleeps, one large write() would take the last frame and the
 * next task's allocation would fail.
 */
static void reclaim_if_low(void)
{
	uint64_t free = nr_free_pages();

	if (unlikely(free < low_wmark_pages()))
		try_to_free_pages(wmark_pages(WMARK_HIGH) - free);
}

/* read() of a regular file: copy from cached pages up to the end of file. */
long filemap_read(struct file *f, struct iov_iter *to, uint64_t *ppos)
{
	struct inode *inode = f->f_inode;
	struct address_space *mapping = f->f_mapping;
	uint64_t pos = *ppos;
	size_t done = 0;
	long err = 0;

	while (to->count && pos < inode->i_size) {
		reclaim_if_low();
		size_t off = pos & (PAGE_SIZE - 1);
		size_t n = MIN(MIN(PAGE_SIZE - off, inode->i_size - pos), to->count);
		struct page *page = filemap_get_page(mapping, pos >> PAGE_SHIFT, NULL);
		if (!page || IS_ERR(page)) {
			err = page ? PTR_ERR(page) : 0;
			break;
		}
		size_t copied = copy_to_iter((char *)page_address(page) + off, n, to);
		mark_page_accessed(page);	/* read twice: active (mm/swap.c) */
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
 * The page at index for a write of [off, off+len) within it (Linux's
 * grab_cache_page_write_begin, for an a_ops->write_begin): found, or new
 * and zeroed when there is nothing to keep - its backing store is fresh,
 * the write covers it all (then it is not up to date until the copy
 * completes), or it lies beyond the end of file - else read.  Returns it
 * with a reference, or ERR_PTR(-errno).
 */
struct page *grab_cache_page_write_begin(struct address_space *mapping,
					 uint64_t index, size_t off, size_t len,
					 bool fresh)
{
	struct page *page = find_get_page(mapping, index);

	if (page) {
		count_vm_event(PGCACHE_HIT);
		return page;
	}
	page = page_cache_alloc(mapping, index);
	if (IS_ERR(page))
		return page;
	bool full = off == 0 && len == PAGE_SIZE;
	int blocks = 0;
	if (fresh || full || index >= pages_in(mapping->host->i_size))
		memset(page_address(page), 0, PAGE_SIZE);
	else
		blocks = mapping->a_ops->read_folio(mapping, page);
	if (blocks < 0) {
		delete_from_page_cache(page);
		return ERR_PTR(blocks);
	}
	if (blocks)
		count_vm_event(PGPGIN);
	if (!full)
		page->flags |= PG_uptodate;
	get_page(page);
	return page;
}

/* Copy one page's worth of a write; returns bytes copied or -errno. */
static long write_one(struct address_space *mapping, uint64_t pos,
		      struct iov_iter *from)
{
	size_t off = pos & (PAGE_SIZE - 1);
	size_t n = MIN(PAGE_SIZE - off, from->count);
	struct page *page;
	int err = mapping->a_ops->write_begin(mapping, pos, n, &page);

	if (err)
		return err;
	size_t copied = copy_from_iter((char *)page_address(page) + off, n, from);
	if (copied == n)
		page->flags |= PG_uptodate;
	if (!(page->flags & PG_uptodate)) {	/* a failed full-page write */
		put_page(page);
		delete_from_page_cache(page);
		return -EFAULT;
	}
	if (copied)
		set_page_dirty(page);
	put_page(page);
	return copied ? (long)copied : -EFAULT;
}

/*
 * write() of a regular file (Linux's generic_perform_write): each page
 * from a_ops->write_begin (which reserves its store block), copied into
 * and dirtied.  Appends with O_APPEND (even pwrite, as Linux).  Returns the
 * bytes written, or -errno if none (-ENOSPC when the store is full).
 */
long filemap_write(struct file *f, struct iov_iter *from, uint64_t *ppos)
{
	struct inode *inode = f->f_inode;
	uint64_t pos = (f->f_flags & O_APPEND) ? inode->i_size : *ppos;
	size_t done = 0;
	long err = 0;

	if (pos >= MAX_LFS_FILESIZE)
		return from->count ? -EFBIG : 0;
	from->count = MIN(from->count, MAX_LFS_FILESIZE - pos);
	if ((err = write_check_limits(pos, &from->count)))
		return err;
	while (from->count) {
		reclaim_if_low();
		long n = write_one(f->f_mapping, pos, from);
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

/* Remove the cached pages [first, last] (dirty or not) and the value
 * entries among them: shadows of evicted pages, or the swap entries of
 * shmem's pages out in swap (their slots freed); the caller has unmapped
 * them (unmap_mapping_range). */
void truncate_inode_pages_range(struct address_space *mapping, uint64_t first,
				uint64_t last)
{
	void *batch[16];
	uint64_t idx[16];
	unsigned n;

	while (first <= last &&
	       (n = radix_gang_lookup(&mapping->i_pages, first, batch, idx, 16))) {
		for (unsigned i = 0; i < n && idx[i] <= last; i++) {
			if (!xa_is_value(batch[i]))
				delete_from_page_cache(batch[i]);
			else if (shmem_mapping(mapping))
				shmem_free_swap(mapping, idx[i], batch[i]);
			else
				radix_delete(&mapping->i_pages, idx[i]);
		}
		if (idx[n - 1] >= last)
			break;
		first = idx[n - 1] + 1;
	}
}

/* Remove the cached pages at or beyond index first. */
void truncate_inode_pages(struct address_space *mapping, uint64_t first)
{
	truncate_inode_pages_range(mapping, first, UINT64_MAX);
}

/* Forget the shadow entries of mapping, keeping its pages (drop_caches 2;
 * Linux's clear_shadow_entries). */
void clear_shadow_entries(struct address_space *mapping)
{
	void *batch[16];
	uint64_t idx[16], first = 0;
	unsigned n;

	while ((n = radix_gang_lookup(&mapping->i_pages, first, batch, idx, 16))) {
		for (unsigned i = 0; i < n; i++)
			if (xa_is_value(batch[i]))
				radix_delete(&mapping->i_pages, idx[i]);
		first = idx[n - 1] + 1;
	}
}
