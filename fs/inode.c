/*
 * fs/inode.c - inodes and their lifetime.
 *
 * i_count counts the in-memory references: the dentries that name the
 * inode, open files, and task cwds.  A ramfs inode is kept alive by its
 * dentries in the tree, so it dies when it has no name left and nobody
 * has it open: the last iput returns its cache pages and store blocks.
 * /proc and pipe inodes die with their last user.
 *
 * inode_get/inode_put are the fs-internal references.  igrab/iput are the
 * ones other subsystems hold (a task's cwd): on a directory they also pin
 * its dentry, so that getcwd can always walk the names up to the root.
 */
#include "fs.h"

static uint64_t next_ino = 1;
static uint64_t ramfs_inodes;		/* live inodes of the ramfs (statfs) */

/* The wall-clock time for timestamps. */
struct timespec current_time(void)
{
	uint64_t ns = realtime_ns();

	return (struct timespec){ .tv_sec = ns / 1000000000ull,
				  .tv_nsec = ns % 1000000000ull };
}

/* A new inode with one reference; NULL if out of memory. */
struct inode *new_inode(uint32_t dev, uint32_t mode)
{
	struct inode *inode = kzalloc(sizeof(*inode));

	if (!inode)
		return NULL;
	inode->i_ino = next_ino++;
	inode->i_dev = dev;
	inode->i_mode = mode;
	if (dev == DEV_RAMFS)
		ramfs_inodes++;
	if (current) {
		inode->i_uid = current->cred.fsuid;
		inode->i_gid = current->cred.fsgid;
	}
	inode->i_nlink = 1;
	inode->i_count = 1;
	inode->i_atime = inode->i_mtime = inode->i_ctime = current_time();
	list_init(&inode->i_sb_list);
	list_init(&inode->i_dirty_list);
	inode->i_data.host = inode;
	list_init(&inode->i_data.i_mmap);
	inode->i_mapping = &inode->i_data;
	return inode;
}

void inode_get(struct inode *inode)
{
	inode->i_count++;
}

/* The last reference is gone: return pages, blocks and the inode. */
static void evict(struct inode *inode)
{
	if (S_ISREG(inode->i_mode)) {
		truncate_inode_pages(inode->i_mapping, 0);
		store_truncate(inode, 0);
	}
	if (S_ISLNK(inode->i_mode) && inode->i_dev == DEV_RAMFS)
		kfree(inode->i_private);
	if (inode->i_op && inode->i_op->evict)
		inode->i_op->evict(inode);
	list_del(&inode->i_sb_list);
	list_del(&inode->i_dirty_list);
	if (inode->i_dev == DEV_RAMFS)
		ramfs_inodes--;
	kfree(inode);
}

/* The ramfs inodes alive now: named ones and unlinked ones still open. */
uint64_t nr_ramfs_inodes(void)
{
	return ramfs_inodes;
}

void inode_put(struct inode *inode)
{
	if (inode->i_count <= 0)
		panic("inode_put: inode %lu count %d", inode->i_ino, inode->i_count);
	if (--inode->i_count == 0)
		evict(inode);
}

/* A reference for outside fs/ (a cwd); NULL-safe. */
struct inode *igrab(struct inode *inode)
{
	if (!inode)
		return NULL;
	inode_get(inode);
	if (inode->i_dentry)
		dget(inode->i_dentry);
	return inode;
}

void iput(struct inode *inode)
{
	if (!inode)
		return;
	if (inode->i_dentry)
		dput(inode->i_dentry);
	inode_put(inode);
}

/* Note a change: ctime always, mtime too when the contents changed. */
void inode_touch(struct inode *inode, bool mtime)
{
	inode->i_ctime = current_time();
	if (mtime)
		inode->i_mtime = inode->i_ctime;
}

/* Fill a struct stat as Linux's generic_fillattr does. */
void fill_stat(struct inode *inode, struct stat *st)
{
	*st = (struct stat){
		.st_dev = inode->i_dev,
		.st_ino = inode->i_ino,
		.st_nlink = inode->i_nlink,
		.st_mode = inode->i_mode,
		.st_uid = inode->i_uid,
		.st_gid = inode->i_gid,
		.st_rdev = inode->i_rdev,
		.st_size = (int64_t)inode->i_size,
		.st_blksize = PAGE_SIZE,
		.st_blocks = (int64_t)(inode->i_nrblocks * (PAGE_SIZE / 512)),
		.st_atim = inode->i_atime,
		.st_mtim = inode->i_mtime,
		.st_ctim = inode->i_ctime,
	};
}
