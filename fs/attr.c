/*
 * fs/attr.c - changing a file's permission bits: chmod, fchmod, fchmodat.
 *
 * Everything runs as root in Pagoda, so the only checks are Linux's for
 * root: the file must exist, and /proc files keep their modes (EPERM).
 * Ownership is not modelled (there are no other users), so chown and
 * friends are not provided.
 */
#include "fs.h"
#include "../kernel/syscalls.h"

#define S_IALLUGO	07777

/* Set the permission bits of inode, keeping its type. */
static int change_mode(struct inode *inode, int mode)
{
	if (inode->i_dev == DEV_PROC)
		return -EPERM;
	inode->i_mode = (inode->i_mode & ~S_IALLUGO) | (mode & S_IALLUGO);
	inode_touch(inode, false);
	return 0;
}

SYSCALL_DEFINE3(fchmodat, int, dfd, const char *, upath, int, mode)
{
	char *path = getname(upath, false);

	if (IS_ERR(path))
		return PTR_ERR(path);
	struct dentry *d = path_lookupat(dfd, path, LOOKUP_FOLLOW);
	putname(path);
	if (IS_ERR(d))
		return PTR_ERR(d);
	int err = change_mode(d->d_inode, mode);
	dput(d);
	return err;
}

SYSCALL_DEFINE2(chmod, const char *, upath, int, mode)
{
	return sys_fchmodat(AT_FDCWD, upath, mode);
}

SYSCALL_DEFINE2(fchmod, unsigned int, fd, int, mode)
{
	struct file *f = fget(fd);

	if (!f)
		return -EBADF;
	int err = change_mode(f->f_inode, mode);
	fput(f);
	return err;
}
