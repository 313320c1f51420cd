/*
 * fs/open.c - open, creat, access, truncate, fallocate, chdir, getcwd,
 * umask, and the small questions other subsystems ask about an open file.
 *
 * open(2) in Linux's order of checks:
 *   O_CREAT   look up the parent; create the file if the name is free
 *             (mode & ~umask), EEXIST with O_EXCL, EISDIR for a directory
 *             or a name ending in '/'; a symlink is followed unless
 *             O_EXCL/O_NOFOLLOW (ELOOP), and a dangling one creates its
 *             target, as Linux does
 *   else      look the path up, following a final symlink unless
 *             O_NOFOLLOW (then ELOOP); O_DIRECTORY wants a directory
 *   then      a directory cannot be opened for writing or O_TRUNC
 *             (EISDIR); the permission bits must allow the access
 *             (EACCES; not for a file the open created); O_TRUNC empties
 *             a regular file.
 * Permissions are inode_permission()'s (fs/namei.c): root may read and
 * write anything, and exec needs an x bit, as for root on Linux.
 */
#include "fs.h"
#include "../kernel/syscalls.h"
#include <uapi/unistd.h>

#define ACC_WRITE(flags) (((flags) & O_ACCMODE) != O_RDONLY || ((flags) & O_TRUNC))
#define ACC_READ(flags)	(((flags) & O_ACCMODE) != O_WRONLY)
#define ACC_MASK(flags)	((ACC_READ(flags) ? MAY_READ : 0) | \
			 (ACC_WRITE(flags) ? MAY_WRITE : 0))

struct dentry *cwd_dentry(void)
{
	if (current && current->fs && current->fs->pwd->i_dentry)
		return current->fs->pwd->i_dentry;
	return root_dentry;
}

/* Create nd's last name as a regular file (mode & ~umask); 0 or -errno. */
static int create_last(struct nameidata *nd, int mode, struct dentry **res)
{
	int err = nd->dir->d_inode->i_dev != DEV_RAMFS ? -EACCES
		  : inode_permission(nd->dir->d_inode, MAY_WRITE | MAY_EXEC);

	if (err)
		return err;
	return ramfs_create(nd->dir, nd->last, S_IFREG |
			    (mode & 07777 & ~current_umask()), 0, res);
}

/* Find or create the file of an O_CREAT open; a new reference or ERR_PTR.
 * A symlink is followed to its target, which is created if missing.
 * *created says the open made it (and then needs no permission on it). */
static struct dentry *open_create(int dfd, const char *path, int flags,
				  int mode, bool *created)
{
	struct nameidata nd;
	struct dentry *d;
	int links = 0, err = path_parentat(dfd, path, &nd);

	if (err)
		return ERR_PTR(err);
	for (;;) {			/* follow symlinks to the name to open */
		d = lookup_last(&nd);
		if (!d || !S_ISLNK(d->d_inode->i_mode) || nd.trailing_slash ||
		    (flags & (O_EXCL | O_NOFOLLOW)))
			break;
		struct dentry *magic = magic_link(d);
		if (magic) {		/* /proc/PID/fd/N: the open file */
			dput(d);
			d = magic;
			if (IS_ERR(d)) {
				dput(nd.dir);
				return d;
			}
			break;
		}
		err = follow_last_link(&nd, d, &links);
		dput(d);
		if (err)
			return ERR_PTR(err);
	}
	if (nd.last_type != LAST_NORM || nd.trailing_slash)
		err = -EISDIR;
	else if (!d)
		*created = !(err = create_last(&nd, mode, &d));
	else if (flags & O_EXCL)
		err = -EEXIST;
	else if (S_ISLNK(d->d_inode->i_mode))
		err = -ELOOP;		/* O_NOFOLLOW */
	if (!err && is_dir(d))
		err = -EISDIR;
	dput(nd.dir);
	if (err && d)
		dput(d);
	return err ? ERR_PTR(err) : d;
}

/* The dentry an open names; a new reference or ERR_PTR. */
static struct dentry *open_lookup(int dfd, const char *path, int flags,
				  int mode, bool *created)
{
	if (flags & O_CREAT)
		return open_create(dfd, path, flags, mode, created);
	unsigned lf = (flags & O_NOFOLLOW) ? 0 : LOOKUP_FOLLOW;
	if (flags & O_DIRECTORY)
		lf |= LOOKUP_DIRECTORY;
	struct dentry *d = path_lookupat(dfd, path, lf);
	if (!IS_ERR(d) && S_ISLNK(d->d_inode->i_mode) && !(flags & O_PATH)) {
		dput(d);
		return ERR_PTR(-ELOOP);
	}
	return d;
}

/* Open path relative to dfd (a kernel string); a new file or ERR_PTR. */
static struct file *do_filp_open(int dfd, const char *path, int flags,
				  int mode)
{
	if ((flags & O_TMPFILE) == O_TMPFILE)
		return ERR_PTR(-EOPNOTSUPP);
	bool created = false;
	struct dentry *d = open_lookup(dfd, path, flags, mode, &created);
	if (IS_ERR(d))
		return (struct file *)d;
	struct inode *inode = d->d_inode;
	int err = 0;
	if (!(flags & O_PATH) && S_ISDIR(inode->i_mode) && ACC_WRITE(flags))
		err = -EISDIR;
	if (!err && !(flags & O_PATH) && !created)
		err = inode_permission(inode, ACC_MASK(flags));
	struct file *f = NULL;
	if (!err) {
		unsigned keep = flags & ~(O_CREAT | O_EXCL | O_NOCTTY | O_TRUNC |
					  O_CLOEXEC);
		f = alloc_file(inode->i_dev == DEV_PIPE ? NULL : d, inode,
			       keep | O_LARGEFILE);
		err = f ? 0 : -ENOMEM;
	}
	if (!err && !(flags & O_PATH) && S_ISREG(inode->i_mode) &&
	    ACC_WRITE(flags) && !(err = get_write_access(inode)))
		f->f_mode |= FMODE_WRITER;
	if (!err && !(flags & O_PATH) && f->f_op && f->f_op->open)
		err = f->f_op->open(inode, f);
	if (!err && !(flags & O_PATH) && (flags & O_TRUNC) &&
	    S_ISREG(inode->i_mode))
		err = do_truncate(inode, 0);
	dput(d);
	if (err) {
		if (f)
			fput(f);
		return ERR_PTR(err);
	}
	return f;
}

struct file *filp_open(const char *kpath, int flags, int mode)
{
	return do_filp_open(AT_FDCWD, kpath, flags, mode);
}

/* openat: the lowest free fd first (EMFILE before any lookup), as Linux. */
SYSCALL_DEFINE4(openat, int, dfd, const char *, upath, int, flags, int, mode)
{
	char *path = getname(upath, false);

	if (IS_ERR(path))
		return PTR_ERR(path);
	long fd = get_unused_fd(0);
	if (fd >= 0) {
		struct file *f = do_filp_open(dfd, path, flags, mode);
		if (IS_ERR(f))
			fd = PTR_ERR(f);
		else
			fd_install(fd, f, flags & O_CLOEXEC);
	}
	putname(path);
	return fd;
}

SYSCALL_DEFINE3(open, const char *, path, int, flags, int, mode)
{
	return sys_openat(AT_FDCWD, path, flags, mode);
}

SYSCALL_DEFINE2(creat, const char *, path, int, mode)
{
	return sys_openat(AT_FDCWD, path, O_CREAT | O_WRONLY | O_TRUNC, mode);
}

/* access(2) once the credentials are set: look up, check the bits. */
static long access_check(int dfd, const char *upath, int mode, int flags)
{
	char *path = getname(upath, flags & AT_EMPTY_PATH);
	if (IS_ERR(path))
		return PTR_ERR(path);
	struct dentry *d;
	if (!*path) {
		struct file *f = fget_raw(dfd);
		d = f && f->f_dentry ? dget(f->f_dentry) : ERR_PTR(-EBADF);
		if (f)
			fput(f);
	} else {
		d = path_lookupat(dfd, path, (flags & AT_SYMLINK_NOFOLLOW) ? 0
							: LOOKUP_FOLLOW);
	}
	putname(path);
	if (IS_ERR(d))
		return PTR_ERR(d);
	int err = mode ? inode_permission(d->d_inode, mode) : 0;
	dput(d);
	return err;
}

/* access(2): the lookup and the permission bits for the real uid and gid
 * (the effective ones with AT_EACCESS), as Linux's do_faccessat. */
static long do_faccessat(int dfd, const char *upath, int mode, int flags)
{
	if (mode & ~(R_OK | W_OK | X_OK))
		return -EINVAL;
	if (flags & ~(AT_EACCESS | AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	uint32_t fsuid = current->cred.fsuid, fsgid = current->cred.fsgid;
	if (!(flags & AT_EACCESS)) {
		current->cred.fsuid = current->cred.uid;
		current->cred.fsgid = current->cred.gid;
	}
	long err = access_check(dfd, upath, mode, flags);
	current->cred.fsuid = fsuid;
	current->cred.fsgid = fsgid;
	return err;
}

SYSCALL_DEFINE4(faccessat2, int, dfd, const char *, path, int, mode, int, flags)
{
	return do_faccessat(dfd, path, mode, flags);
}

SYSCALL_DEFINE3(faccessat, int, dfd, const char *, path, int, mode)
{
	return do_faccessat(dfd, path, mode, 0);
}

SYSCALL_DEFINE2(access, const char *, path, int, mode)
{
	return do_faccessat(AT_FDCWD, path, mode, 0);
}

/* truncate by path: EISDIR for a directory, EINVAL for other non-files. */
SYSCALL_DEFINE2(truncate, const char *, upath, int64_t, length)
{
	if (length < 0)
		return -EINVAL;
	struct dentry *d = user_path_at(AT_FDCWD, upath, LOOKUP_FOLLOW);
	if (IS_ERR(d))
		return PTR_ERR(d);
	struct inode *inode = d->d_inode;
	long err = S_ISDIR(inode->i_mode) ? -EISDIR
		   : !S_ISREG(inode->i_mode) ? -EINVAL
		   : inode_permission(inode, MAY_WRITE);
	if (!err)
		err = get_write_access(inode);
	if (!err) {
		err = do_truncate(inode, length);
		put_write_access(inode);
	}
	dput(d);
	return err;
}

SYSCALL_DEFINE2(ftruncate, unsigned int, fd, int64_t, length)
{
	if (length < 0)
		return -EINVAL;
	struct file *f = fget(fd);
	if (!f)
		return -EBADF;
	long err = !S_ISREG(f->f_inode->i_mode) ||
		   !(f->f_mode & FMODE_WRITE) ? -EINVAL
		   : do_truncate(f->f_inode, length);
	fput(f);
	return err;
}

/* fallocate's checks of the mode alone, as Linux's vfs_fallocate: one
 * operation, with FALLOC_FL_KEEP_SIZE where it makes sense; 0 or
 * -EOPNOTSUPP. */
static long falloc_mode_ok(int mode)
{
	if (mode & ~(FALLOC_FL_KEEP_SIZE | FALLOC_FL_PUNCH_HOLE |
		     FALLOC_FL_COLLAPSE_RANGE | FALLOC_FL_ZERO_RANGE |
		     FALLOC_FL_INSERT_RANGE | FALLOC_FL_UNSHARE_RANGE |
		     FALLOC_FL_WRITE_ZEROES))
		return -EOPNOTSUPP;
	switch (mode & ~FALLOC_FL_KEEP_SIZE) {
	case 0:
	case FALLOC_FL_UNSHARE_RANGE:
	case FALLOC_FL_ZERO_RANGE:
		return 0;
	case FALLOC_FL_PUNCH_HOLE:
		return (mode & FALLOC_FL_KEEP_SIZE) ? 0 : -EOPNOTSUPP;
	case FALLOC_FL_COLLAPSE_RANGE:
	case FALLOC_FL_INSERT_RANGE:
	case FALLOC_FL_WRITE_ZEROES:
		return (mode & FALLOC_FL_KEEP_SIZE) ? -EOPNOTSUPP : 0;
	default:
		return -EOPNOTSUPP;
	}
}

/* fallocate: Linux's vfs_fallocate checks, then the file system's. */
SYSCALL_DEFINE4(fallocate, int, fd, int, mode, int64_t, offset, int64_t, len)
{
	if (offset < 0 || len <= 0)
		return -EINVAL;
	long err = falloc_mode_ok(mode);
	if (err)
		return err;
	struct file *f = fget(fd);
	if (!f)
		return -EBADF;
	uint32_t type = f->f_inode->i_mode & S_IFMT;
	err = !(f->f_mode & FMODE_WRITE) ? -EBADF
	      : type == S_IFIFO ? -ESPIPE : type == S_IFDIR ? -EISDIR
	      : type != S_IFREG ? -ENODEV
	      : (uint64_t)offset + (uint64_t)len > MAX_LFS_FILESIZE ? -EFBIG
	      : !f->f_op->fallocate ? -EOPNOTSUPP
	      : f->f_op->fallocate(f, mode, offset, len);
	fput(f);
	return err;
}

/* Make directory d (a reference we consume) the cwd. */
static long set_cwd(struct dentry *d)
{
	if (!is_dir(d)) {
		dput(d);
		return -ENOTDIR;
	}
	if (!current || !current->fs) {
		dput(d);
		return -ESRCH;
	}
	set_fs_pwd(current->fs, d->d_inode);
	dput(d);
	return 0;
}

SYSCALL_DEFINE1(chdir, const char *, upath)
{
	struct dentry *d = user_path_at(AT_FDCWD, upath, LOOKUP_FOLLOW);
	return IS_ERR(d) ? PTR_ERR(d) : set_cwd(d);
}

SYSCALL_DEFINE1(fchdir, unsigned int, fd)
{
	struct file *f = fget_raw(fd);

	if (!f)
		return -EBADF;
	struct dentry *d = f->f_dentry ? dget(f->f_dentry) : NULL;
	fput(f);
	return d ? set_cwd(d) : -ENOTDIR;
}

/* getcwd returns the length with the NUL; ENOENT if the cwd was removed. */
SYSCALL_DEFINE2(getcwd, char *, ubuf, unsigned long, size)
{
	struct dentry *cwd = cwd_dentry();
	char *buf = kmalloc(PATH_MAX);

	if (!buf)
		return -ENOMEM;
	char *p = d_path(cwd, buf, PATH_MAX);
	long ret = IS_ERR(p) ? PTR_ERR(p)
		   : (cwd->d_flags & D_DELETED) ? -ENOENT : 0;
	if (!ret) {
		size_t len = strlen(p) + 1;
		ret = len > size ? -ERANGE
		      : copy_to_user(ubuf, p, len) ? -EFAULT : (long)len;
	}
	kfree(buf);
	return ret;
}

SYSCALL_DEFINE1(umask, int, mask)
{
	struct fs_struct *fs = current ? current->fs : NULL;

	if (!fs)
		return 022;
	long old = fs->umask;
	fs->umask = mask & 0777;
	return old;
}

int file_mode_readable(struct file *f)
{
	return (f->f_mode & FMODE_READ) != 0;
}

int file_mode_writable(struct file *f)
{
	return (f->f_mode & FMODE_WRITE) != 0;
}

bool file_is_dev_zero(struct file *f)
{
	return S_ISCHR(f->f_inode->i_mode) && f->f_inode->i_rdev == MKDEV(1, 5);
}

/* execve's check: a regular file the task may execute (root needs an x
 * bit too). */
int file_may_exec(struct file *f)
{
	if (!S_ISREG(f->f_inode->i_mode))
		return -EACCES;
	return inode_permission(f->f_inode, MAY_EXEC);
}

/* The path of an open file (/proc/PID/maps, exe); "pipe:[ino]" for pipes.
 * Returns a pointer into buf. */
const char *file_path(struct file *f, char *buf, size_t len)
{
	if (!f->f_dentry) {
		snprintf(buf, len, "pipe:[%lu]", f->f_inode->i_ino);
		return buf;
	}
	char *p = d_path(f->f_dentry, buf, len);
	return IS_ERR(p) ? "?" : p;
}
