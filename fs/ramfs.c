/*
 * fs/ramfs.c - the RAM file system: regular files, directories, symlinks
 * and device nodes.
 *
 * Directories are dentry lists (dcache.c); regular files keep their data
 * in the store and are read, written and mapped through the page cache
 * (mm/filemap.c), which reaches the store through ramfs_aops; a symlink
 * keeps its target in i_private; a device node chooses its driver at open
 * by its device number (dev.c); a FIFO's opens share a pipe (pipe.c).
 */
#include "fs.h"
#include <uapi/unistd.h>

/* Pages that hold size bytes. */
static uint64_t pages_in(uint64_t size)
{
	return PAGE_ALIGN(size) >> PAGE_SHIFT;
}

/* a_ops->read_folio: the page's block from the store (zeros for a hole);
 * returns the blocks read. */
static int ramfs_read_folio(struct address_space *mapping, struct page *page)
{
	return store_read(mapping->host, page->index, page_address(page));
}

/* Zero the bytes of the last page beyond size, in the cache and the store. */
static void zero_tail(struct inode *inode, uint64_t size)
{
	size_t off = size & (PAGE_SIZE - 1);

	if (!off)
		return;
	struct page *page = find_get_page(inode->i_mapping, size >> PAGE_SHIFT);
	if (page) {
		memset((char *)page_address(page) + off, 0, PAGE_SIZE - off);
		put_page(page);
	}
	store_zero_tail(inode, size >> PAGE_SHIFT, off);
}

/* a_ops->write_begin: a write past the end first clears the old tail;
 * the page's store block is reserved (-ENOSPC when the store is full)
 * before the page cache gives the page. */
static int ramfs_write_begin(struct address_space *mapping, uint64_t pos,
			     size_t len, struct page **pagep)
{
	struct inode *inode = mapping->host;
	uint64_t index = pos >> PAGE_SHIFT;
	bool fresh;

	if (pos > inode->i_size)
		zero_tail(inode, inode->i_size);
	int err = store_reserve(inode, index, &fresh);
	if (err)
		return err;
	*pagep = grab_cache_page_write_begin(mapping, index, pos & (PAGE_SIZE - 1),
					     len, fresh);
	return IS_ERR(*pagep) ? (int)PTR_ERR(*pagep) : 0;
}

/* a_ops->writepage: copy a dirty page to its block (only the bytes below
 * i_size, and the rest of the page is zeroed, keeping the invariant of
 * mm/filemap.c). */
static int ramfs_writepage(struct address_space *mapping, struct page *page)
{
	struct inode *inode = mapping->host;
	uint64_t start = page->index << PAGE_SHIFT;
	size_t len = start < inode->i_size ? MIN(PAGE_SIZE, inode->i_size - start)
					   : 0;
	int err = store_write(inode, page->index, page_address(page), len);

	if (err)
		return err;
	if (len < PAGE_SIZE)
		memset((char *)page_address(page) + len, 0, PAGE_SIZE - len);
	return 0;
}

static const struct address_space_operations ramfs_aops = {
	.read_folio = ramfs_read_folio,
	.write_begin = ramfs_write_begin,
	.writepage = ramfs_writepage,
	.dirty_folio = filemap_dirty_folio,
};

/*
 * Set the size of a regular file.  Shrinking unmaps the cut pages from
 * every mapping, drops them from the cache and the store and zeroes the
 * tail of the new last page; growing leaves a hole that reads as zeros.
 */
int do_truncate(struct inode *inode, uint64_t size)
{
	if (size > MAX_LFS_FILESIZE)
		return -EFBIG;
	int err = inode_newsize_ok(inode, size);
	if (err)
		return err;
	if (size < inode->i_size) {
		uint64_t first_cut = pages_in(size);
		unmap_mapping_range(inode->i_mapping, first_cut, UINT64_MAX);
		truncate_inode_pages(inode->i_mapping, first_cut);
		store_truncate(inode, first_cut);
	}
	zero_tail(inode, MIN(size, inode->i_size));
	inode->i_size = size;
	inode_touch(inode, true);
	return 0;
}

/* fsync: write every dirty page (written through a mapping or not). */
static int ramfs_fsync(struct file *f, bool datasync)
{
	(void)datasync;
	int n = filemap_write_and_wait_range(f->f_mapping, 0, UINT64_MAX);

	if (n < 0)
		return n;
	vm_events[WRITEBACK_PAGES] += n;
	return 0;
}

/*
 * fallocate: reserve the store blocks of [off, off + len) (they read as
 * zeros) and, unless FALLOC_FL_KEEP_SIZE, grow the file to cover them, as
 * tmpfs does.  ENOSPC, before anything is reserved, when the store lacks
 * the blocks.  Other modes (hole punching, zeroing, collapsing,
 * inserting) are EOPNOTSUPP.
 */
static long ramfs_fallocate(struct file *f, int mode, uint64_t off,
			    uint64_t len)
{
	struct inode *inode = f->f_inode;
	uint64_t first = off >> PAGE_SHIFT, end = pages_in(off + len), missing = 0;
	bool fresh;

	if (mode & ~FALLOC_FL_KEEP_SIZE)
		return -EOPNOTSUPP;
	int err = (mode & FALLOC_FL_KEEP_SIZE) ? 0
		  : inode_newsize_ok(inode, off + len);
	if (err)
		return err;
	uint64_t avail = store_capacity() - store_used();
	if (end - first > avail + inode->i_nrblocks)	/* cannot fit at all */
		return -ENOSPC;
	for (uint64_t i = first; i < end; i++)
		missing += !radix_lookup(&inode->i_blocks, i);
	if (missing > avail)
		return -ENOSPC;
	for (uint64_t i = first; i < end && !err; i++)
		err = store_reserve(inode, i, &fresh);
	if (!err && !(mode & FALLOC_FL_KEEP_SIZE) && off + len > inode->i_size)
		inode->i_size = off + len;
	inode_touch(inode, !err && !(mode & FALLOC_FL_KEEP_SIZE));
	return err;
}

static const struct file_operations ramfs_file_fops = {
	.read = filemap_read,
	.write = filemap_write,
	.llseek = generic_file_llseek,
	.fsync = ramfs_fsync,
	.mmap = generic_file_mmap,
	.fallocate = ramfs_fallocate,
};

/* List a tree directory: ".", "..", then the children by cookie. */
static int dcache_readdir(struct file *f, struct dir_context *ctx)
{
	struct dentry *dir = f->f_dentry;
	struct list_head *pos;

	if (!dir_emit_dots(ctx, dir))
		return 0;
	list_for_each(pos, &dir->d_subdirs) {
		struct dentry *d = list_entry(pos, struct dentry, d_child);
		if (d->d_cookie < ctx->pos)
			continue;
		if (!dir_emit(ctx, d->d_name, strlen(d->d_name), d->d_cookie + 1,
			      d->d_inode->i_ino, d->d_inode->i_mode))
			return 0;
		ctx->pos = d->d_cookie + 1;
	}
	return 0;
}

static long dir_read(struct file *f, struct iov_iter *to, uint64_t *pos)
{
	(void)f, (void)to, (void)pos;
	return -EISDIR;
}

/* Directory offsets are readdir cookies: any value >= 0 may be set. */
static int64_t dir_llseek(struct file *f, int64_t off, int whence)
{
	if (whence == SEEK_CUR)
		off += (int64_t)f->f_pos;
	else if (whence != SEEK_SET)
		return -EINVAL;
	if (off < 0)
		return -EINVAL;
	f->f_pos = off;
	return off;
}

static int dir_fsync(struct file *f, bool datasync)
{
	(void)f, (void)datasync;
	return 0;
}

const struct file_operations ramfs_dir_fops = {
	.read = dir_read,
	.llseek = dir_llseek,
	.iterate = dcache_readdir,
	.fsync = dir_fsync,
};

static const struct file_operations chrdev_fops = {
	.open = chrdev_open,
};

/* Block devices (no drivers) and sockets (no socket layer): ENXIO. */
static int no_device_open(struct inode *inode, struct file *f)
{
	(void)inode, (void)f;
	return -ENXIO;
}

static const struct file_operations no_device_fops = {
	.open = no_device_open,
};

static int ramfs_readlink(struct inode *inode, char *buf, size_t len)
{
	size_t n = MIN(len, inode->i_size);

	memcpy(buf, inode->i_private, n);
	return (int)n;
}

static const struct inode_operations ramfs_symlink_iops = {
	.readlink = ramfs_readlink,
};

/* Link a new inode into directory dir under name. */
static int ramfs_link_new(struct dentry *dir, const char *name,
			  struct inode *inode, struct dentry **res)
{
	struct dentry *d = d_alloc(dir, name, strlen(name));

	if (!d) {
		inode_put(inode);
		return -ENOMEM;
	}
	d_instantiate(d, inode);
	d_add_child(d);
	if (S_ISDIR(inode->i_mode))
		dir->d_inode->i_nlink++;
	inode_touch(dir->d_inode, true);
	if (res)
		*res = d;
	else
		dput(d);
	return 0;
}

/* The most inodes the ramfs holds, as tmpfs's default nr_inodes: one
 * for every two pages of RAM. */
uint64_t ramfs_max_inodes(void)
{
	return nr_total_pages() / 2;
}

/* A new ramfs inode; NULL with *err -ENOSPC at the inode limit, or
 * -ENOMEM. */
static struct inode *ramfs_get_inode(uint32_t mode, int *err)
{
	struct inode *inode = NULL;

	*err = -ENOSPC;
	if (nr_ramfs_inodes() < ramfs_max_inodes()) {
		inode = new_inode(DEV_RAMFS, mode);
		*err = inode ? 0 : -ENOMEM;
	}
	return inode;
}

/*
 * Create name in ramfs directory dir: a regular file, a directory, a FIFO,
 * a socket, or a character or block device (rdev).  Returns 0 with a new
 * reference in *res (if res is not NULL), or -ENOENT if dir was removed,
 * -ENOSPC, -ENOMEM.
 */
int ramfs_create(struct dentry *dir, const char *name, uint32_t mode,
		 uint32_t rdev, struct dentry **res)
{
	int err;

	if (dir->d_inode->i_nlink == 0)
		return -ENOENT;
	struct inode *inode = ramfs_get_inode(mode, &err);
	if (!inode)
		return err;
	if (S_ISDIR(mode)) {
		inode->i_nlink = 2;
		inode->i_fop = &ramfs_dir_fops;
	} else if (S_ISREG(mode)) {
		inode->i_fop = &ramfs_file_fops;
		inode->i_mapping->a_ops = &ramfs_aops;
		inode_add_to_sb(inode);
	} else if (S_ISFIFO(mode)) {
		inode->i_fop = &fifo_fops;
	} else {
		inode->i_rdev = rdev;
		inode->i_fop = S_ISCHR(mode) ? &chrdev_fops : &no_device_fops;
	}
	return ramfs_link_new(dir, name, inode, res);
}

/* Create a symlink name -> target[0..len) in dir. */
int ramfs_symlink(struct dentry *dir, const char *name, const char *target,
		  size_t len)
{
	int err;

	if (dir->d_inode->i_nlink == 0)
		return -ENOENT;
	struct inode *inode = ramfs_get_inode(S_IFLNK | 0777, &err);
	if (!inode)
		return err;
	char *copy = kmalloc(len ? len : 1);
	if (!copy) {
		inode_put(inode);
		return -ENOMEM;
	}
	memcpy(copy, target, len);
	inode->i_private = copy;
	inode->i_size = len;
	inode->i_op = &ramfs_symlink_iops;
	return ramfs_link_new(dir, name, inode, NULL);
}

/* A new name for old's inode (not a directory) in dir: one link more. */
int ramfs_link(struct dentry *old, struct dentry *dir, const char *name)
{
	struct inode *inode = old->d_inode;

	inode_get(inode);
	int err = ramfs_link_new(dir, name, inode, NULL);
	if (!err) {
		inode->i_nlink++;
		inode_touch(inode, false);
	}
	return err;
}

/* Take d out of its directory: one link less (a directory loses all) and
 * the inode lives on only while it is open. */
void ramfs_unlink(struct dentry *d)
{
	struct inode *inode = d->d_inode, *dir = d->d_parent->d_inode;

	if (S_ISDIR(inode->i_mode)) {
		inode->i_nlink = 0;
		dir->i_nlink--;
	} else {
		inode->i_nlink--;
	}
	inode_touch(inode, false);
	inode_touch(dir, true);
	d_remove_child(d);
}

bool ramfs_dir_empty(struct dentry *d)
{
	return list_empty(&d->d_subdirs);
}
