/*
 * fs/utimes.c - setting a file's access and modification times:
 * utimensat, futimens (utimensat with a NULL path), utimes, futimesat and
 * utime, as Linux's fs/utimes.c.
 *
 * Each time is a timespec, or UTIME_NOW (the current time) or UTIME_OMIT
 * (leave it); no times at all means both UTIME_NOW.  Any tv_nsec outside
 * 0..999999999 that is neither is EINVAL.  Setting both to now needs the
 * owner, write permission or fsuid 0 (else EACCES); any other change the
 * owner or fsuid 0 (else EPERM).  The change time becomes now.
 * AT_SYMLINK_NOFOLLOW changes a symlink itself; AT_EMPTY_PATH with an
 * empty path (or a NULL path, without flags) changes the file of dfd.
 */
#include "fs.h"
#include "../kernel/syscalls.h"

static bool nsec_valid(long nsec)
{
	return nsec == UTIME_NOW || nsec == UTIME_OMIT ||
	       (nsec >= 0 && nsec <= 999999999);
}

/* Set inode's times (NULL: both now), with the checks above. */
static int vfs_utimes(struct inode *inode, struct timespec *times)
{
	bool owner = current->cred.fsuid == inode->i_uid || fs_capable();
	struct timespec now = current_time();

	if (times && (!nsec_valid(times[0].tv_nsec) ||
		      !nsec_valid(times[1].tv_nsec)))
		return -EINVAL;
	if (times && times[0].tv_nsec == UTIME_NOW &&
	    times[1].tv_nsec == UTIME_NOW)
		times = NULL;
	if (!owner && times)
		return -EPERM;
	if (!owner && inode_permission(inode, MAY_WRITE))
		return -EACCES;
	if (!times || times[0].tv_nsec != UTIME_OMIT)
		inode->i_atime = !times || times[0].tv_nsec == UTIME_NOW ? now
								: times[0];
	if (!times || times[1].tv_nsec != UTIME_OMIT)
		inode->i_mtime = !times || times[1].tv_nsec == UTIME_NOW ? now
								: times[1];
	inode->i_ctime = now;
	return 0;
}

/* The file of descriptor fd (no O_PATH ones): futimens. */
static long utimes_fd(int fd, struct timespec *times, int flags)
{
	if (flags)
		return -EINVAL;
	struct file *f = fget(fd);
	if (!f)
		return -EBADF;
	long err = vfs_utimes(f->f_inode, times);
	fput(f);
	return err;
}

/* The inode path names relative to dfd ("" with AT_EMPTY_PATH: the file
 * of dfd, or the cwd); a new reference or ERR_PTR. */
static struct inode *utimes_lookup(int dfd, const char *path, int flags)
{
	struct inode *inode;

	if (*path) {
		struct dentry *d = path_lookupat(dfd, path,
			(flags & AT_SYMLINK_NOFOLLOW) ? 0 : LOOKUP_FOLLOW);
		if (IS_ERR(d))
			return (struct inode *)d;
		inode = d->d_inode;
		inode_get(inode);
		dput(d);
		return inode;
	}
	if (dfd == AT_FDCWD) {
		inode = cwd_dentry()->d_inode;
		inode_get(inode);
		return inode;
	}
	struct file *f = fget_raw(dfd);
	if (!f)
		return ERR_PTR(-EBADF);
	inode = f->f_inode;
	inode_get(inode);
	fput(f);
	return inode;
}

/* The file a user path names, relative to dfd. */
static long utimes_path(int dfd, const char *upath, struct timespec *times,
			int flags)
{
	if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	char *path = getname(upath, flags & AT_EMPTY_PATH);
	if (IS_ERR(path))
		return PTR_ERR(path);
	struct inode *inode = utimes_lookup(dfd, path, flags);
	putname(path);
	if (IS_ERR(inode))
		return PTR_ERR(inode);
	long err = vfs_utimes(inode, times);
	inode_put(inode);
	return err;
}

/* utimes, utime and futimesat all end here, as Linux's do_utimes. */
static long do_utimes(int dfd, const char *upath, struct timespec *times,
		      int flags)
{
	if (!upath && dfd != AT_FDCWD)
		return utimes_fd(dfd, times, flags);
	return utimes_path(dfd, upath, times, flags);
}

SYSCALL_DEFINE4(utimensat, int, dfd, const char *, upath,
		const struct timespec *, utimes, int, flags)
{
	struct timespec t[2];

	if (utimes && copy_from_user(t, utimes, sizeof(t)))
		return -EFAULT;
	return do_utimes(dfd, upath, utimes ? t : NULL, flags);
}

/* The timevals of utimes/futimesat as timespecs; EINVAL for a tv_usec
 * outside 0..999999. */
static long utimes_timeval(int dfd, const char *upath,
			   const struct timeval *utv)
{
	struct timeval tv[2];
	struct timespec t[2];

	if (!utv)
		return do_utimes(dfd, upath, NULL, 0);
	if (copy_from_user(tv, utv, sizeof(tv)))
		return -EFAULT;
	for (int i = 0; i < 2; i++) {
		if (tv[i].tv_usec < 0 || tv[i].tv_usec >= 1000000)
			return -EINVAL;
		t[i] = (struct timespec){ tv[i].tv_sec, tv[i].tv_usec * 1000 };
	}
	return do_utimes(dfd, upath, t, 0);
}

SYSCALL_DEFINE3(futimesat, int, dfd, const char *, upath,
		const struct timeval *, utv)
{
	return utimes_timeval(dfd, upath, utv);
}

SYSCALL_DEFINE2(utimes, const char *, upath, const struct timeval *, utv)
{
	return utimes_timeval(AT_FDCWD, upath, utv);
}

/* utime: struct utimbuf, whole seconds. */
SYSCALL_DEFINE2(utime, const char *, upath, const int64_t *, ubuf)
{
	int64_t secs[2];
	struct timespec t[2];

	if (!ubuf)
		return do_utimes(AT_FDCWD, upath, NULL, 0);
	if (copy_from_user(secs, ubuf, sizeof(secs)))
		return -EFAULT;
	t[0] = (struct timespec){ secs[0], 0 };
	t[1] = (struct timespec){ secs[1], 0 };
	return do_utimes(AT_FDCWD, upath, t, 0);
}
