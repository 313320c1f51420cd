/*
 * fs/attr.c - changing a file's attributes: its permission bits (the chmod
 * family) and its owner and group (the chown family), and the
 * RLIMIT_FSIZE checks on growing it.
 *
 * As Linux's setattr_prepare: only the owner (or fsuid 0) may chmod, and
 * a group it is not in loses S_ISGID; only fsuid 0 may give a file away,
 * the owner may change the group to one of its own; a chown of anything
 * but a directory clears S_ISUID, and S_ISGID when group-executable.
 * /proc files keep their modes and owners (EPERM).
 */
#include "fs.h"
#include "../kernel/syscalls.h"
#include <uapi/resource.h>
#include <uapi/signal.h>

#define S_IALLUGO	07777

/* RLIMIT_FSIZE of the current task; kernel threads (the boot-time
 * unpacking) have none, as Linux's init_task. */
static uint64_t fsize_limit(void)
{
	return current && current->mm ? rlimit(RLIMIT_FSIZE) : RLIM_INFINITY;
}

/* May a file of the current process grow to size?  Past RLIMIT_FSIZE it
 * raises SIGXFSZ and fails with -EFBIG, as Linux's inode_newsize_ok. */
int inode_newsize_ok(struct inode *inode, uint64_t size)
{
	uint64_t limit = fsize_limit();

	if (size <= inode->i_size || limit == RLIM_INFINITY || size <= limit)
		return 0;
	send_signal(current, SIGXFSZ);
	return -EFBIG;
}

/* RLIMIT_FSIZE for a write of *count bytes at pos, as Linux's
 * generic_write_check_limits: starting at or past the limit raises SIGXFSZ
 * and fails with -EFBIG; otherwise the write is cut short at the limit. */
int write_check_limits(uint64_t pos, size_t *count)
{
	uint64_t limit = fsize_limit();

	if (limit == RLIM_INFINITY)
		return 0;
	if (pos >= limit) {
		send_signal(current, SIGXFSZ);
		return -EFBIG;
	}
	*count = MIN(*count, limit - pos);
	return 0;
}

static bool is_owner(struct inode *inode)
{
	return current->cred.fsuid == inode->i_uid || fs_capable();
}

/* Set the permission bits of inode, keeping its type. */
static int change_mode(struct inode *inode, int mode)
{
	if (inode->i_dev == DEV_PROC || !is_owner(inode))
		return -EPERM;
	if (!in_group_p(inode->i_gid) && !fs_capable())
		mode &= ~S_ISGID;
	inode->i_mode = (inode->i_mode & ~S_IALLUGO) | (mode & S_IALLUGO);
	inode_touch(inode, false);
	return 0;
}

SYSCALL_DEFINE3(fchmodat, int, dfd, const char *, upath, int, mode)
{
	struct dentry *d = user_path_at(dfd, upath, LOOKUP_FOLLOW);
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

/* Give inode to uid and/or gid ((uint32_t)-1: unchanged); 0 or -EPERM. */
static int chown_common(struct inode *inode, uint32_t uid, uint32_t gid)
{
	bool owner = current->cred.fsuid == inode->i_uid;
	bool uid_ok = uid == (uint32_t)-1 || (owner && uid == inode->i_uid);
	bool gid_ok = gid == (uint32_t)-1 ||
		      (owner && (gid == inode->i_gid || in_group_p(gid)));

	if (inode->i_dev == DEV_PROC)
		return -EPERM;
	if ((!uid_ok || !gid_ok) && !fs_capable())
		return -EPERM;
	if (!S_ISDIR(inode->i_mode)) {
		inode->i_mode &= ~S_ISUID;
		if (inode->i_mode & S_IXGRP)
			inode->i_mode &= ~S_ISGID;
	}
	if (uid != (uint32_t)-1)
		inode->i_uid = uid;
	if (gid != (uint32_t)-1)
		inode->i_gid = gid;
	inode_touch(inode, false);
	return 0;
}

SYSCALL_DEFINE3(fchown, unsigned int, fd, uint32_t, uid, uint32_t, gid)
{
	struct file *f = fget(fd);

	if (!f)
		return -EBADF;
	int err = chown_common(f->f_inode, uid, gid);
	fput(f);
	return err;
}

SYSCALL_DEFINE5(fchownat, int, dfd, const char *, upath, uint32_t, uid,
		uint32_t, gid, int, flags)
{
	if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	char *path = getname(upath, flags & AT_EMPTY_PATH);
	if (IS_ERR(path))
		return PTR_ERR(path);
	if (!*path) {			/* AT_EMPTY_PATH: dfd itself */
		putname(path);
		return sys_fchown(dfd, uid, gid);
	}
	struct dentry *d = path_lookupat(dfd, path, (flags & AT_SYMLINK_NOFOLLOW)
						    ? 0 : LOOKUP_FOLLOW);
	putname(path);
	if (IS_ERR(d))
		return PTR_ERR(d);
	int err = chown_common(d->d_inode, uid, gid);
	dput(d);
	return err;
}

SYSCALL_DEFINE3(chown, const char *, path, uint32_t, uid, uint32_t, gid)
{
	return sys_fchownat(AT_FDCWD, path, uid, gid, 0);
}

SYSCALL_DEFINE3(lchown, const char *, path, uint32_t, uid, uint32_t, gid)
{
	return sys_fchownat(AT_FDCWD, path, uid, gid, AT_SYMLINK_NOFOLLOW);
}
