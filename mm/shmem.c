/*
 * mm/shmem.c - shared anonymous memory (MAP_SHARED|MAP_ANONYMOUS, and
 * MAP_SHARED of /dev/zero), as a file of its own; SysV shared memory
 * segments (ipc/shm.c) are such files too, named "SYSV<key>".
 *
 * As Linux's shmem_zero_setup, each such mapping gets a new file: an
 * unlinked inode on the RAM file system whose dentry is named "dev/zero",
 * so that /proc/PID/maps shows "/dev/zero (deleted)" with the inode's
 * number, as Linux does.  The pages live in the inode's page cache
 * (i_mapping) like a file's, and the VMA maps the file (vm_file, vm_ops),
 * so that fork, splits, truncation by MADV_REMOVE, mincore and the
 * reverse map treat it as they treat any file: every VMA that maps it
 * holds a file reference, and the last one frees the pages.  A page
 * appears zeroed on first touch (shmem_fault); dirtying it is a no-op,
 * since a page that leaves memory is always written.  Its frames are
 * counted as anonymous memory (PU_ANON) and it sits on the anon LRU lists
 * (Linux's swap-backed pages); /proc/meminfo's Shmem counts them.
 *
 * Its backing store is swap, as Linux's (shmem_writepage): with swap on,
 * reclaim may take a page out of every mapping (try_to_unmap_file: the
 * PTEs become none, not swap entries), write it to a free slot and leave
 * the slot's swap entry as a value entry (xa_mk_value) in the page's
 * page-cache slot; the slot's count is that entry's.  A fault on the
 * index finds the entry and reads the page back into the cache (a major
 * fault), and the slot is freed at once (Linux's shmem_swapin_folio
 * also drops it from the swap cache then): Pagoda has no swap cache, so
 * the page is written again whenever it goes out.  Truncation, the last
 * reference to the file (a segment's removal, the last munmap) and
 * MADV_REMOVE free the slots of the range (shmem_free_swap); swapoff
 * reads every page back (shmem_unuse).  Without swap, and in a segment
 * locked by SHM_LOCK, pages are unevictable (mm/swap.c).
 */
#include "mm.h"
#include "../fs/fs.h"

static const struct address_space_operations shmem_aops = {
	.dirty_folio = noop_dirty_folio,
};

/* Every shmem inode, through its i_sb_list (Linux: the shmem super
 * block's s_inodes); evict() takes an inode off. */
static LIST_HEAD(shmem_inodes);

/* A swap entry as a page-cache value entry, and back (Linux's
 * swp_to_radix_entry, radix_to_swp_entry). */
static void *swp_to_radix_entry(swp_entry_t entry)
{
	return xa_mk_value(entry.val);
}

static swp_entry_t radix_to_swp_entry(const void *radswap)
{
	return (swp_entry_t){ xa_to_value(radswap) };
}

/*
 * The page of mapping at index is out in swap (radswap, its value entry):
 * read it into a new page, put that in the entry's place in the cache, and
 * free the slot (Linux's shmem_swapin_folio).  Returns the page, held by
 * the cache only, or ERR_PTR(-ENOMEM) (no frame) or ERR_PTR(-EIO) (the
 * disk failed); then the entry stays.
 */
static struct page *shmem_swapin_page(struct address_space *mapping,
				      uint64_t index, void *radswap)
{
	swp_entry_t swap = radix_to_swp_entry(radswap);
	struct page *page = alloc_page(PU_ANON);

	if (!page)
		return ERR_PTR(-ENOMEM);
	if (swap_readpage(page, swap)) {
		put_page(page);
		return ERR_PTR(-EIO);
	}
	radix_replace(&mapping->i_pages, index, page);
	page->mapping = mapping;
	page->index = index;
	page->flags |= PG_uptodate;
	mapping->nrpages++;
	lru_cache_add(page);
	swap_free(swap);
	return page;
}

/* The page at pgoff of a shmem mapping's object, with a reference: read
 * back from swap (*major set), or new and zeroed on first touch.  NULL
 * beyond the object's size, or ERR_PTR(-errno). */
static struct page *shmem_get_page(struct address_space *mapping,
				   uint64_t pgoff, bool *major)
{
	void *entry = radix_lookup(&mapping->i_pages, pgoff);
	struct page *page;

	*major = false;
	if (entry && xa_is_value(entry)) {
		page = shmem_swapin_page(mapping, pgoff, entry);
		if (IS_ERR(page))
			return page;
		*major = true;
		get_page(page);
		return page;
	}
	if (entry) {
		get_page(entry);
		return entry;
	}
	if (pgoff >= PAGE_ALIGN(mapping->host->i_size) >> PAGE_SHIFT)
		return NULL;
	page = alloc_zeroed_page(PU_ANON);
	if (!page)
		return ERR_PTR(-ENOMEM);
	if (add_to_page_cache(page, mapping, pgoff)) {
		put_page(page);
		return ERR_PTR(-ENOMEM);
	}
	page->flags |= PG_uptodate;
	get_page(page);			/* the caller's, beside the cache's */
	return page;
}

/* vm_ops->fault: the page at vmf->pgoff (shmem_get_page); a read from
 * swap is a major fault, a failed one SIGBUS, as beyond the object's
 * size. */
static int shmem_fault(struct vm_fault *vmf)
{
	bool major;
	struct page *page = shmem_get_page(vmf->vma->vm_file->f_mapping,
					   vmf->pgoff, &major);

	if (page == ERR_PTR(-EIO))
		page = NULL;		/* the read from swap failed: SIGBUS */
	return filemap_fault_result(vmf, page, major);
}
static const struct vm_operations_struct shmem_vm_ops = {
	.fault = shmem_fault,
	.map_pages = filemap_map_pages,
};

bool vma_is_shmem(const struct vm_area_struct *vma)
{
	return vma->vm_ops == &shmem_vm_ops;
}

/* Is mapping a shmem object's (its value entries are swap entries)? */
bool shmem_mapping(const struct address_space *mapping)
{
	return mapping->a_ops == &shmem_aops;
}

/* A new shmem file of size bytes named name (as /proc/PID/maps shows it,
 * "(deleted)"), open read-write; NULL if out of memory.  Also the object
 * of a SysV shared memory segment (ipc/shm.c). */
struct file *shmem_kernel_file_setup(const char *name, uint64_t size)
{
	struct inode *inode = new_inode(DEV_RAMFS, S_IFREG | 0777);
	struct dentry *d = inode ? d_alloc(root_dentry, name, strlen(name)) : NULL;

	if (!d) {
		if (inode)
			inode_put(inode);
		return NULL;
	}
	inode->i_size = size;
	inode->i_mapping->a_ops = &shmem_aops;
	list_add_tail(&inode->i_sb_list, &shmem_inodes);
	d_instantiate(d, inode);	/* d holds the inode */
	d->d_flags |= D_DELETED;	/* never linked into a directory */
	struct file *f = alloc_file(d, inode, O_RDWR);
	dput(d);			/* the file holds it now */
	return f;
}

/* f_op->mmap of a file on a shmem inode: its pages are the inode's. */
int shmem_mmap(struct file *f, struct vm_area_struct *vma)
{
	(void)f;
	vma->vm_ops = &shmem_vm_ops;
	return 0;
}

/* Make a new shared anonymous VMA map a shmem file of its size (its
 * vm_pgoff is 0).  Returns 0 or -ENOMEM. */
int shmem_zero_setup(struct vm_area_struct *vma)
{
	struct file *f = shmem_kernel_file_setup("dev/zero",
						 vma->vm_end - vma->vm_start);

	if (!f)
		return -ENOMEM;
	vma->vm_file = f;
	vma->vm_ops = &shmem_vm_ops;
	vma_link_file(vma);
	return 0;
}

/*
 * Reclaim of a shmem page it isolated (Linux's pageout of a shmem folio:
 * try_to_unmap, then shmem_writepage): out of every mapping
 * (try_to_unmap_file: not when used lately or locked), written to a free
 * swap slot, its cache slot left holding the swap entry; the page is
 * freed.  Returns 1 if it was, 0 if it stays (the kernel holds it, it is
 * still mapped, swap is full or the write failed).
 */
int shmem_writepage(struct page *page)
{
	struct address_space *mapping = page->mapping;

	if (page_count(page) != 1 + page_mapcount(page))
		return 0;
	if (page_mapcount(page) && try_to_unmap_file(page))
		return 0;
	if (page_count(page) != 1)
		return 0;		/* a kernel user came meanwhile */
	swp_entry_t swap = get_swap_page();
	if (!swap.val || swap_writepage(page, swap))
		return 0;		/* unmapped, still cached: it faults back */
	swap_duplicate(swap);		/* the cache's entry holds the slot */
	radix_replace(&mapping->i_pages, page->index, swp_to_radix_entry(swap));
	page->mapping = NULL;
	page->flags &= ~PG_uptodate;
	mapping->nrpages--;
	put_page(page);
	return 1;
}

/* Truncation found radswap, a swap entry, at index of mapping: the entry
 * goes and its slot is freed (Linux's shmem_free_swap). */
void shmem_free_swap(struct address_space *mapping, uint64_t index,
		     void *radswap)
{
	radix_delete(&mapping->i_pages, index);
	swap_free(radix_to_swp_entry(radswap));
}

/* Read back every page of mapping in swap area type; 0 or -errno. */
static int shmem_unuse_mapping(struct address_space *mapping, unsigned type)
{
	void *batch[16];
	uint64_t idx[16], first = 0;
	unsigned n;

	while ((n = radix_gang_lookup(&mapping->i_pages, first, batch, idx, 16))) {
		for (unsigned i = 0; i < n; i++) {
			if (!xa_is_value(batch[i]) ||
			    swp_type(radix_to_swp_entry(batch[i])) != type)
				continue;
			if (nr_free_pages() < low_wmark_pages())
				return -ENOMEM;	/* leave the kernel frames to work with */
			struct page *page = shmem_swapin_page(mapping, idx[i], batch[i]);
			if (IS_ERR(page))
				return PTR_ERR(page);
		}
		first = idx[n - 1] + 1;
	}
	return 0;
}

/* swapoff: read every shmem page in area type back into its page cache
 * (Linux's shmem_unuse); 0, or -ENOMEM (or -EIO) with the rest left out. */
int shmem_unuse(unsigned type)
{
	struct inode *inode;

	list_for_each_entry(inode, &shmem_inodes, i_sb_list) {
		int err = shmem_unuse_mapping(inode->i_mapping, type);
		if (err)
			return err;
	}
	return 0;
}

/* Pages of mapping, a shmem object's, with index in [first, last] that
 * are out in swap (Linux's shmem_partial_swap_usage). */
uint64_t shmem_partial_swap_usage(struct address_space *mapping,
				  uint64_t first, uint64_t last)
{
	uint64_t idx[16], swapped = 0;
	void *batch[16];
	unsigned n;

	while (first <= last &&
	       (n = radix_gang_lookup(&mapping->i_pages, first, batch, idx, 16))) {
		for (unsigned i = 0; i < n && idx[i] <= last; i++)
			swapped += xa_is_value(batch[i]);
		if (idx[n - 1] >= last)
			break;
		first = idx[n - 1] + 1;
	}
	return swapped;
}

/* Pages of vma's part of its shmem object that are out in swap (smaps
 * Swap:, Linux's shmem_swap_usage). */
uint64_t shmem_swap_usage(struct vm_area_struct *vma)
{
	return shmem_partial_swap_usage(vma->vm_file->f_mapping, vma->vm_pgoff,
					vma->vm_pgoff + vma_pages(vma) - 1);
}

/* Pages of shmem objects in memory (/proc/meminfo Shmem). */
uint64_t nr_shmem_pages(void)
{
	struct inode *inode;
	uint64_t n = 0;

	list_for_each_entry(inode, &shmem_inodes, i_sb_list)
		n += inode->i_mapping->nrpages;
	return n;
}

/* SHM_LOCK (lock) or SHM_UNLOCK of the shmem object of file: reclaim
 * leaves its pages alone while it is locked, culling them to the
 * unevictable list; unlocked, they go back to the anon lists (Linux's
 * shmem_lock and shmem_unlock_mapping). */
void shmem_lock(struct file *file, bool lock)
{
	file->f_mapping->unevictable = lock;
	if (!lock)
		check_move_unevictable_pages();
}
