/*
 * fs/statfs.c - statfs and fstatfs: what a file system holds and has left.
 *
 * Each of Pagoda's file systems answers as its Linux counterpart, with the
 * numbers it really has:
 *   ramfs   RAMFS_MAGIC; the blocks are the store's (fs/store.c: capacity,
 *           and what is not in use), the inodes are the ramfs's limit
 *           (ramfs_max_inodes) and what is left of it.  Linux's ramfs
 *           reports zeros; Pagoda's store has a size, as a tmpfs has
 *   /proc   PROC_SUPER_MAGIC, no blocks or inodes, as Linux's simple_statfs
 *   pipes   PIPEFS_MAGIC, likewise empty
 * f_fsid is the device number (st_dev), f_flags the mount's flags as
 * /proc/mounts shows them, with ST_VALID.
 */
#include "fs.h"
#include "../kernel/syscalls.h"
#include <uapi/statfs.h>

/* Fill *buf for the file system inode lives on. */
static void vfs_statfs(struct inode *inode, struct statfs *buf)
{
	*buf = (struct statfs){
		.f_bsize = PAGE_SIZE,
		.f_frsize = PAGE_SIZE,
		.f_namelen = NAME_MAX,
		.f_fsid = { (int32_t)inode->i_dev, 0 },
		.f_flags = ST_VALID,
	};
	if (inode->i_dev == DEV_RAMFS) {
		buf->f_type = RAMFS_MAGIC;
		buf->f_blocks = store_capacity();
		buf->f_bfree = buf->f_bavail = store_capacity() - store_used();
		buf->f_files = ramfs_max_inodes();
		buf->f_ffree = buf->f_files - nr_ramfs_inodes();
	} else if (inode->i_dev == DEV_PROC) {
		buf->f_type = PROC_SUPER_MAGIC;
		buf->f_flags |= ST_NOSUID | ST_NODEV | ST_NOEXEC | ST_RELATIME;
	} else {
		buf->f_type = PIPEFS_MAGIC;
	}
}

static long copy_statfs(struct inode *inode, struct statfs *ubuf)
{
	struct statfs st;

	vfs_statfs(inode, &st);
	return copy_to_user(ubuf, &st, sizeof(st)) ? -EFAULT : 0;
}

/* statfs: the file system of path, following a final symlink. */
SYSCALL_DEFINE2(statfs, const char *, upath, struct statfs *, ubuf)
{
	struct dentry *d = user_path_at(AT_FDCWD, upath, LOOKUP_FOLLOW);
	if (IS_ERR(d))
		return PTR_ERR(d);
	long err = copy_statfs(d->d_inode, ubuf);
	dput(d);
	return err;
}

/* fstatfs: the file system of an open file (O_PATH ones too). */
SYSCALL_DEFINE2(fstatfs, unsigned int, fd, struct statfs *, ubuf)
{
	struct file *f = fget_raw(fd);

	if (!f)
		return -EBADF;
	long err = copy_statfs(f->f_inode, ubuf);
	fput(f);
	return err;
}
