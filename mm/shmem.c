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
 * holds a file reference, and the last one frees the pages.
 *
 * There is no backing store: a page appears zeroed on first touch
 * (shmem_fault), is never read or written back, and dirtying it is a
 * no-op.  Its frames are counted as anonymous memory (PU_ANON), as before
 * shmem had a page cache; Linux counts them as Shmem.
 */
#include "mm.h"
#include "../fs/fs.h"

static const struct address_space_operations shmem_aops = {
	.dirty_folio = noop_dirty_folio,
};

/* vm_ops->fault: the page at vmf->pgoff, zeroed and added to the cache on
 * first touch; SIGBUS beyond the object's size. */
static int shmem_fault(struct vm_fault *vmf)
{
	struct address_space *mapping = vmf->vma->vm_file->f_mapping;
	struct page *page = find_get_page(mapping, vmf->pgoff);

	if (page) {
		vmf->page = page;
		return VM_FAULT_OK;
	}
	if (vmf->pgoff >= PAGE_ALIGN(mapping->host->i_size) >> PAGE_SHIFT)
		return VM_FAULT_SIGBUS;
	page = alloc_zeroed_page(PU_ANON);
	if (!page)
		return VM_FAULT_OOM;
	if (add_to_page_cache(page, mapping, vmf->pgoff)) {
		put_page(page);
		return VM_FAULT_OOM;
	}
	page->flags |= PG_uptodate;
	get_page(page);			/* the mapping's, beside the cache's */
	vmf->page = page;
	return VM_FAULT_OK;
}

static const struct vm_operations_struct shmem_vm_ops = {
	.fault = shmem_fault,
	.map_pages = filemap_map_pages,
};

bool vma_is_shmem(const struct vm_area_struct *vma)
{
	return vma->vm_ops == &shmem_vm_ops;
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
