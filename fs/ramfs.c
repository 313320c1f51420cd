/*
 * fs/ramfs.c - the RAM file system: regular files, directories, symlinks
 * and device nodes.
 *
 * Directories are dentry lists (dcache.c); regular files keep their data
 * in the store and are read and written through the page cache
 * (filemap.c); a symlink keeps its target in i_private; a device node
 * chooses its driver at open by its device number (dev.c).
 */
#include "fs.h"
#include <uapi/unistd.h>

/* fsync: gather the Dirty bits of shared mappings, write every dirty page. */
static int ramfs_fsync(struct file *f, bool datasync)
{
	(void)datasync;
	mapping_gather_dirty(f->f_inode, 0, UINT64_MAX);
	int n = filemap_write_and_wait_range(f->f_inode, 0, UINT64_MAX);

	if (n < 0)
		return n;
	vm_events[WRITEBACK_PAGES] += n;
	return 0;
}

static const struct file_operations ramfs_file_fops = {
	.read = filemap_read,
	.write = filemap_write,
	.llseek = generic_file_llseek,
	.fsync = ramfs_fsync,
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

/*
 * Create name in ramfs directory dir: a regular file, a directory or a
 * character device (rdev).  Returns 0 with a new reference in *res (if
 * res is not NULL), or -ENOENT if dir was removed, or -ENOMEM.
 */
int ramfs_create(struct dentry *dir, const char *name, uint32_t mode,
		 uint32_t rdev, struct dentry **res)
{
	if (dir->d_inode->i_nlink == 0)
		return -ENOENT;
	struct inode *inode = new_inode(DEV_RAMFS, mode);
	if (!inode)
		return -ENOMEM;
	if (S_ISDIR(mode)) {
		inode->i_nlink = 2;
		inode->i_fop = &ramfs_dir_fops;
	} else if (S_ISREG(mode)) {
		inode->i_fop = &ramfs_file_fops;
		inode_add_to_sb(inode);
	} else {
		inode->i_rdev = rdev;
		inode->i_fop = &chrdev_fops;
	}
	return ramfs_link_new(dir, name, inode, res);
}

/* Create a symlink name -> target[0..len) in dir. */
int ramfs_symlink(struct dentry *dir, const char *name, const char *target,
		  size_t len)
{
	if (dir->d_inode->i_nlink == 0)
		return -ENOENT;
	struct inode *inode = new_inode(DEV_RAMFS, S_IFLNK | 0777);
	char *copy = kmalloc(len ? len : 1);
	if (!inode || !copy) {
		kfree(copy);
		if (inode)
			inode_put(inode);
		return -ENOMEM;
	}
	memcpy(copy, target, len);
	inode->i_private = copy;
	inode->i_size = len;
	inode->i_op = &ramfs_symlink_iops;
	return ramfs_link_new(dir, name, inode, NULL);
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
