/*
 * fs/namei_ops.c - the calls that change names: mkdir, rmdir, unlink,
 * rename, symlink, link, mknod, with Linux's errors in Linux's order:
 *
 *   mkdir   EEXIST if the name exists (also ".", "..", "/"); ENOENT for a
 *           new name in /proc (whose lookup fails every name it does not
 *           have) and in a removed directory; EACCES
 *   rmdir   EINVAL for ".", ENOTEMPTY for "..", EBUSY for "/" and mount
 *           points; ENOENT, ENOTDIR; EPERM outside the ramfs; ENOTEMPTY
 *   unlink  EISDIR for a directory (and ".", "..", "/"); ENOTDIR for
 *           "file/"; ENOENT; EPERM outside the ramfs
 *   rename  EXDEV across file systems; EBUSY for ".", ".." or "/"; ENOENT;
 *           EEXIST with RENAME_NOREPLACE; ENOTDIR for "file/"; EINVAL to
 *           move a directory below itself; ENOTEMPTY to replace an
 *           ancestor; then, replacing an existing name: ENOTDIR/EISDIR when
 *           the types differ, ENOTEMPTY for a non-empty directory.  Renaming
 *           a name onto itself (or a link of the same inode) does nothing.
 *   symlink, link (and mkdir, mknod): the new name as Linux's
 *           filename_create and may_create: EEXIST if it exists (or is
 *           ".", "..", "/"), ENOENT in /proc, for "name/" (but mkdir) and
 *           in a removed directory, EACCES without write and search
 *           permission on it.  link also: EXDEV across file
 *           systems, EPERM for a directory or (fs.protected_hardlinks) a
 *           file a non-owner may not read and write or that is set-id,
 *           ENOENT for an unlinked file; it follows a symlink only with
 *           AT_SYMLINK_FOLLOW.  mknod first: EPERM for S_IFDIR, EINVAL
 *           for an unknown type; after the name's checks, EPERM for a
 *           device node without root.
 */
#include "fs.h"
#include "../kernel/syscalls.h"

static bool in_ramfs(struct dentry *dir)
{
	return dir->d_inode->i_dev == DEV_RAMFS;
}

/* May the name nd->last (looked up: d, or NULL) be made in nd->dir?
 * Linux's filename_create and may_create (above); dir: a mkdir, which
 * allows a trailing slash. */
static int may_create(struct nameidata *nd, struct dentry *d, bool dir)
{
	if (nd->last_type != LAST_NORM || d)
		return -EEXIST;
	if (!in_ramfs(nd->dir) || (nd->trailing_slash && !dir))
		return -ENOENT;
	if (nd->dir->d_inode->i_nlink == 0)
		return -ENOENT;
	return inode_permission(nd->dir->d_inode, MAY_WRITE | MAY_EXEC);
}

/* mkdir of a kernel path: mode & ~umask, Linux's errors (above). */
int do_mkdirat(int dfd, const char *path, int mode)
{
	struct nameidata nd;
	int err = path_parentat(dfd, path, &nd);

	if (err)
		return err;
	struct dentry *d = lookup_last(&nd);
	err = may_create(&nd, d, true);
	if (!err)
		err = ramfs_create(nd.dir, nd.last, S_IFDIR |
				   (mode & 01777 & ~current_umask()), 0, NULL);
	if (d)
		dput(d);
	dput(nd.dir);
	return err;
}

/* rmdir's checks on the looked-up name d of nd. */
static int may_rmdir(struct nameidata *nd, struct dentry *d)
{
	if (nd->last_type == LAST_DOT)
		return -EINVAL;
	if (nd->last_type == LAST_DOTDOT)
		return -ENOTEMPTY;
	if (nd->last_type == LAST_ROOT)
		return -EBUSY;
	if (!d)
		return -ENOENT;
	if (!is_dir(d))
		return -ENOTDIR;
	if (!in_ramfs(nd->dir))
		return -EPERM;
	if (d->d_flags & D_MOUNT)
		return -EBUSY;
	return ramfs_dir_empty(d) ? 0 : -ENOTEMPTY;
}

/* rmdir of a kernel path; the directory lives on while it is a cwd. */
int do_rmdir(int dfd, const char *path)
{
	struct nameidata nd;
	int err = path_parentat(dfd, path, &nd);

	if (err)
		return err;
	struct dentry *d = lookup_last(&nd);
	err = may_rmdir(&nd, d);
	if (!err)
		ramfs_unlink(d);
	if (d)
		dput(d);
	dput(nd.dir);
	return err;
}

/* unlink of a kernel path; the inode lives on while it is open. */
int do_unlinkat(int dfd, const char *path)
{
	struct nameidata nd;
	int err = path_parentat(dfd, path, &nd);

	if (err)
		return err;
	struct dentry *d = lookup_last(&nd);
	if (nd.last_type != LAST_NORM)
		err = -EISDIR;
	else if (!d)
		err = -ENOENT;
	else if (is_dir(d))
		err = -EISDIR;
	else if (nd.trailing_slash)
		err = -ENOTDIR;
	else if (!in_ramfs(nd.dir))
		err = -EPERM;
	else
		ramfs_unlink(d);
	if (d)
		dput(d);
	dput(nd.dir);
	return err;
}

/* The checks of rename once both names are looked up (victim may be NULL);
 * returns 1 for "nothing to do". */
static int may_rename(struct nameidata *o, struct nameidata *n,
		      struct dentry *old, struct dentry *victim, unsigned flags)
{
	bool dir = is_dir(old);

	if (victim && (flags & RENAME_NOREPLACE))
		return -EEXIST;
	if (!dir && (o->trailing_slash || n->trailing_slash))
		return -ENOTDIR;
	if (d_is_ancestor(old, n->dir))
		return -EINVAL;
	if (victim && d_is_ancestor(victim, o->dir))
		return -ENOTEMPTY;
	if (victim && victim->d_inode == old->d_inode)
		return 1;
	if ((old->d_flags & D_MOUNT) || (victim && (victim->d_flags & D_MOUNT)))
		return -EBUSY;
	if (!in_ramfs(o->dir))
		return -EPERM;
	if (n->dir->d_inode->i_nlink == 0)
		return -ENOENT;
	if (victim && dir != is_dir(victim))
		return dir ? -ENOTDIR : -EISDIR;
	if (victim && dir && !ramfs_dir_empty(victim))
		return -ENOTEMPTY;
	return 0;
}

/* Move old (in o->dir) to n->last in n->dir, replacing victim. */
static int rename_names(struct nameidata *o, struct nameidata *n,
			struct dentry *old, struct dentry *victim)
{
	int err = d_move(old, n->dir, n->last);

	if (err)
		return err;
	if (victim)
		ramfs_unlink(victim);
	if (is_dir(old) && o->dir != n->dir) {
		o->dir->d_inode->i_nlink--;
		n->dir->d_inode->i_nlink++;
	}
	inode_touch(old->d_inode, false);
	inode_touch(o->dir->d_inode, true);
	inode_touch(n->dir->d_inode, true);
	return 0;
}

/* rename between two looked-up parents: the checks, then the move. */
static int do_rename(struct nameidata *o, struct nameidata *n, unsigned flags)
{
	if (o->dir->d_inode->i_dev != n->dir->d_inode->i_dev)
		return -EXDEV;
	if (o->last_type != LAST_NORM)
		return -EBUSY;
	if (n->last_type != LAST_NORM)
		return (flags & RENAME_NOREPLACE) ? -EEXIST : -EBUSY;
	struct dentry *old = lookup_last(o);
	if (!old)
		return -ENOENT;
	struct dentry *victim = lookup_last(n);
	int err = may_rename(o, n, old, victim, flags);
	if (!err)
		err = rename_names(o, n, old, victim);
	if (victim)
		dput(victim);
	dput(old);
	return err > 0 ? 0 : err;
}

/* rename of kernel paths; flags 0 or RENAME_NOREPLACE. */
int do_renameat2(int olddfd, const char *oldpath, int newdfd,
		 const char *newpath, unsigned int flags)
{
	struct nameidata o, n;

	if (flags & ~RENAME_NOREPLACE)
		return -EINVAL;
	int err = path_parentat(olddfd, oldpath, &o);
	if (err)
		return err;
	err = path_parentat(newdfd, newpath, &n);
	if (!err) {
		err = do_rename(&o, &n, flags);
		dput(n.dir);
	}
	dput(o.dir);
	return err;
}

/* mknod of a kernel path, as Linux's may_mknod and vfs_mknod: a regular
 * file (type 0 too), FIFO or socket, or for root a character or block
 * device; EPERM for a directory (or a device without root), EINVAL for
 * no type at all; mode & ~umask. */
int do_mknodat(int dfd, const char *path, int mode, unsigned int dev)
{
	uint32_t type = mode & S_IFMT;

	if (type == S_IFDIR)
		return -EPERM;
	if (type && type != S_IFREG && type != S_IFCHR && type != S_IFBLK &&
	    type != S_IFIFO && type != S_IFSOCK)
		return -EINVAL;
	struct nameidata nd;
	int err = path_parentat(dfd, path, &nd);
	if (err)
		return err;
	struct dentry *d = lookup_last(&nd);
	err = may_create(&nd, d, false);
	if (!err && (type == S_IFCHR || type == S_IFBLK) && !capable())
		err = -EPERM;
	if (!err)
		err = ramfs_create(nd.dir, nd.last, (type ? type : S_IFREG) |
				   (mode & 07777 & ~current_umask()),
				   type == S_IFCHR || type == S_IFBLK ? dev : 0,
				   NULL);
	if (d)
		dput(d);
	dput(nd.dir);
	return err;
}

/* symlink of kernel strings: a link newpath whose body is target. */
int do_symlinkat(const char *target, int newdfd, const char *newpath)
{
	struct nameidata nd;
	int err = path_parentat(newdfd, newpath, &nd);

	if (err)
		return err;
	struct dentry *d = lookup_last(&nd);
	err = may_create(&nd, d, false);
	if (!err)
		err = ramfs_symlink(nd.dir, nd.last, target, strlen(target));
	if (d)
		dput(d);
	dput(nd.dir);
	return err;
}

/* fs.protected_hardlinks, as Linux's may_linkat: the owner (or fsuid 0)
 * may link anything; others only a regular file that is not set-id and
 * that they may read and write.  0 or -EPERM. */
static int may_linkat(struct inode *inode)
{
	if (current->cred.fsuid == inode->i_uid || fs_capable())
		return 0;
	if (!S_ISREG(inode->i_mode) || (inode->i_mode & S_ISUID) ||
	    (inode->i_mode & (S_ISGID | S_IXGRP)) == (S_ISGID | S_IXGRP) ||
	    inode_permission(inode, MAY_READ | MAY_WRITE))
		return -EPERM;
	return 0;
}

/* Link old (looked up) as nd's last name: Linux's order of checks. */
static int link_to(struct dentry *old, struct nameidata *nd)
{
	struct dentry *d = lookup_last(nd);
	int err = 0;

	if (nd->last_type != LAST_NORM || d)
		err = -EEXIST;
	else if (nd->trailing_slash || !in_ramfs(nd->dir))
		err = -ENOENT;
	else if (old->d_inode->i_dev != nd->dir->d_inode->i_dev)
		err = -EXDEV;
	if (!err)
		err = may_linkat(old->d_inode);
	if (!err)
		err = may_create(nd, d, false);
	if (!err && is_dir(old))
		err = -EPERM;
	if (!err && old->d_inode->i_nlink == 0)
		err = -ENOENT;
	if (!err)
		err = ramfs_link(old, nd->dir, nd->last);
	if (d)
		dput(d);
	return err;
}

/* link of kernel paths; flags AT_SYMLINK_FOLLOW, AT_EMPTY_PATH (oldpath ""
 * names olddfd's file itself). */
int do_linkat(int olddfd, const char *oldpath, int newdfd,
	      const char *newpath, int flags)
{
	struct dentry *old;

	if (!*oldpath && (flags & AT_EMPTY_PATH)) {
		struct file *f = fget_raw(olddfd);
		old = f && f->f_dentry ? dget(f->f_dentry) : ERR_PTR(-EBADF);
		if (f)
			fput(f);
	} else {
		old = path_lookupat(olddfd, oldpath, (flags & AT_SYMLINK_FOLLOW)
						     ? LOOKUP_FOLLOW : 0);
	}
	if (IS_ERR(old))
		return PTR_ERR(old);
	struct nameidata nd;
	int err = path_parentat(newdfd, newpath, &nd);
	if (!err) {
		err = link_to(old, &nd);
		dput(nd.dir);
	}
	dput(old);
	return err;
}

/* ---- the system calls: copy the paths in, call the above ---------- */

SYSCALL_DEFINE3(mkdirat, int, dfd, const char *, upath, int, mode)
{
	char *path = getname(upath, false);

	if (IS_ERR(path))
		return PTR_ERR(path);
	long err = do_mkdirat(dfd, path, mode);
	putname(path);
	return err;
}

SYSCALL_DEFINE2(mkdir, const char *, path, int, mode)
{
	return sys_mkdirat(AT_FDCWD, path, mode);
}

SYSCALL_DEFINE4(mknodat, int, dfd, const char *, upath, int, mode,
		unsigned int, dev)
{
	char *path = getname(upath, false);

	if (IS_ERR(path))
		return PTR_ERR(path);
	long err = do_mknodat(dfd, path, mode, dev);
	putname(path);
	return err;
}

SYSCALL_DEFINE3(mknod, const char *, path, int, mode, unsigned int, dev)
{
	return sys_mknodat(AT_FDCWD, path, mode, dev);
}

SYSCALL_DEFINE3(unlinkat, int, dfd, const char *, upath, int, flag)
{
	if (flag & ~AT_REMOVEDIR)
		return -EINVAL;
	char *path = getname(upath, false);
	if (IS_ERR(path))
		return PTR_ERR(path);
	long err = (flag & AT_REMOVEDIR) ? do_rmdir(dfd, path)
					 : do_unlinkat(dfd, path);
	putname(path);
	return err;
}

SYSCALL_DEFINE1(unlink, const char *, path)
{
	return sys_unlinkat(AT_FDCWD, path, 0);
}

SYSCALL_DEFINE1(rmdir, const char *, path)
{
	return sys_unlinkat(AT_FDCWD, path, AT_REMOVEDIR);
}

/* The three renames: copy both paths in, then do_renameat2. */
SYSCALL_DEFINE5(renameat2, int, olddfd, const char *, uold, int, newdfd,
		const char *, unew, unsigned int, flags)
{
	char *oldpath = getname(uold, false);

	if (IS_ERR(oldpath))
		return PTR_ERR(oldpath);
	char *newpath = getname(unew, false);
	long err = IS_ERR(newpath) ? PTR_ERR(newpath)
		   : do_renameat2(olddfd, oldpath, newdfd, newpath, flags);
	if (!IS_ERR(newpath))
		putname(newpath);
	putname(oldpath);
	return err;
}

SYSCALL_DEFINE4(renameat, int, olddfd, const char *, oldpath, int, newdfd,
		const char *, newpath)
{
	return sys_renameat2(olddfd, oldpath, newdfd, newpath, 0);
}

SYSCALL_DEFINE2(rename, const char *, oldpath, const char *, newpath)
{
	return sys_renameat2(AT_FDCWD, oldpath, AT_FDCWD, newpath, 0);
}

SYSCALL_DEFINE3(symlinkat, const char *, utarget, int, newdfd,
		const char *, unew)
{
	char *target = getname(utarget, false);

	if (IS_ERR(target))
		return PTR_ERR(target);
	char *newpath = getname(unew, false);
	long err = IS_ERR(newpath) ? PTR_ERR(newpath)
		   : do_symlinkat(target, newdfd, newpath);
	if (!IS_ERR(newpath))
		putname(newpath);
	putname(target);
	return err;
}

SYSCALL_DEFINE2(symlink, const char *, target, const char *, newpath)
{
	return sys_symlinkat(target, AT_FDCWD, newpath);
}

/* linkat: flags AT_SYMLINK_FOLLOW and AT_EMPTY_PATH, else EINVAL. */
SYSCALL_DEFINE5(linkat, int, olddfd, const char *, uold, int, newdfd,
		const char *, unew, int, flags)
{
	if (flags & ~(AT_SYMLINK_FOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	char *oldpath = getname(uold, flags & AT_EMPTY_PATH);
	if (IS_ERR(oldpath))
		return PTR_ERR(oldpath);
	char *newpath = getname(unew, false);
	long err = IS_ERR(newpath) ? PTR_ERR(newpath)
		   : do_linkat(olddfd, oldpath, newdfd, newpath, flags);
	if (!IS_ERR(newpath))
		putname(newpath);
	putname(oldpath);
	return err;
}

SYSCALL_DEFINE2(link, const char *, oldpath, const char *, newpath)
{
	return sys_linkat(AT_FDCWD, oldpath, AT_FDCWD, newpath, 0);
}
