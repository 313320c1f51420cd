/*
 * fs/hugetlbfs.c - the files behind MAP_HUGETLB mappings, as Linux's
 * fs/hugetlbfs/inode.c does them for its internal mount: every
 * MAP_HUGETLB|MAP_ANONYMOUS mmap gets an unlinked file of its own, named
 * "anon_hugepage" (so /proc/PID/maps shows "/anon_hugepage (deleted)"),
 * whose mmap makes the VMA VM_HUGETLB and reserves its pages in the pool
 * (mm/hugetlb.c).  There is no mountable hugetlbfs.
 *
 * The inode's hugetlbfs_inode_info holds what the mapping needs: for a
 * shared mapping the file's pages (its page cache, by huge index) and
 * its reservations; for a private one the reservations of the owner, the
 * mm that called mmap, and how many of its VMAs (pieces after splits)
 * still map the file.  When the owner's last such VMA goes, the mapping
 * has no owner: a child that outlives it has no reservations, as in
 * Linux.  The last reference to the file frees its pages and whatever
 * reservations are left.
 */
#include "fs.h"
#include <uapi/mman.h>

static const struct file_operations hugetlbfs_file_operations;

struct hugetlbfs_inode_info *hugetlb_vma_info(const struct vm_area_struct *vma)
{
	return vma->vm_file->f_inode->i_private;
}

bool is_file_hugepages(const struct file *file)
{
	return file->f_op == &hugetlbfs_file_operations;
}

/* The file's last reference went: its pages and reservations go. */
static void hugetlbfs_evict_inode(struct inode *inode)
{
	struct hugetlbfs_inode_info *info = inode->i_private;

	hugetlb_release_pages(info);
	resv_map_release(info->resv);
	kfree(info);
}

static const struct inode_operations hugetlbfs_inode_operations = {
	.evict = hugetlbfs_evict_inode,
};

/* vm_ops->open: a copy of vma appeared (a split, or fork's copy in the
 * child, which is not the owner). */
static void hugetlb_vm_op_open(struct vm_area_struct *vma)
{
	struct hugetlbfs_inode_info *info = hugetlb_vma_info(vma);

	if (info->owner == vma->vm_mm)
		info->owner_vmas++;
}

/* vm_ops->close: an owner's VMA is going (munmap, exit; having a close,
 * it never merges away): give back the reservations of its range.
 * (Linux's hugetlb_vm_op_close.) */
static void hugetlb_vm_op_close(struct vm_area_struct *vma)
{
	struct hugetlbfs_inode_info *info = hugetlb_vma_info(vma);
	uint64_t from = vma->vm_pgoff >> HPAGE_PMD_ORDER;

	if (!info->resv || info->owner != vma->vm_mm)
		return;
	hugetlb_unreserve_pages(info->resv, from, from + (vma_pages(vma) >> HPAGE_PMD_ORDER));
	if (--info->owner_vmas == 0)
		info->owner = NULL;
}

static const struct vm_operations_struct hugetlb_vm_ops = {
	.open = hugetlb_vm_op_open,
	.close = hugetlb_vm_op_close,
};

/*
 * f_op->mmap: the VMA maps huge pages (VM_HUGETLB; never expanded by
 * mremap), at a huge-page-aligned offset, with its pages reserved unless
 * VM_NORESERVE.  0, -EINVAL or -ENOMEM (the pool is short).
 * (Linux's hugetlbfs_file_mmap.)
 */
static int hugetlbfs_file_mmap(struct file *file, struct vm_area_struct *vma)
{
	struct hugetlbfs_inode_info *info = file->f_inode->i_private;
	uint64_t from = vma->vm_pgoff >> HPAGE_PMD_ORDER;
	uint64_t to = from + (vma_pages(vma) >> HPAGE_PMD_ORDER);
	bool shared = vma->vm_flags & VM_SHARED;

	if (vma->vm_pgoff & (HPAGE_PMD_NR - 1))
		return -EINVAL;
	vma->vm_flags |= VM_HUGETLB | VM_DONTEXPAND;
	vma->vm_ops = &hugetlb_vm_ops;
	if (vma->vm_flags & VM_NORESERVE)
		return 0;
	if (!info->resv && !(info->resv = resv_map_alloc()))
		return -ENOMEM;
	if (hugetlb_reserve_pages(info->resv, from, to))
		return -ENOMEM;
	if (!shared) {
		info->owner = vma->vm_mm;
		info->owner_vmas = 1;
	}
	return 0;
}

static const struct file_operations hugetlbfs_file_operations = {
	.mmap = hugetlbfs_file_mmap,
};

/* A new file of size bytes for an anonymous MAP_HUGETLB mapping, open
 * read-write; ERR_PTR(-ENOMEM) without memory for it.  (Linux's
 * hugetlb_file_setup.) */
struct file *hugetlb_file_setup(uint64_t size)
{
	struct hugetlbfs_inode_info *info = kzalloc(sizeof(*info));
	struct inode *inode = info ? new_inode(DEV_HUGETLBFS, S_IFREG | 0600) : NULL;
	struct dentry *d = inode ? d_alloc(root_dentry, "anon_hugepage", 13) : NULL;

	if (!d) {
		if (inode)
			inode_put(inode);
		kfree(info);
		return ERR_PTR(-ENOMEM);
	}
	inode->i_size = size;
	inode->i_private = info;
	inode->i_op = &hugetlbfs_inode_operations;
	inode->i_fop = &hugetlbfs_file_operations;
	d_instantiate(d, inode);	/* d holds the inode */
	d->d_flags |= D_DELETED;	/* never linked into a directory */
	struct file *f = alloc_file(d, inode, O_RDWR);
	dput(d);			/* the file holds it now */
	return f ? f : ERR_PTR(-ENOMEM);
}
