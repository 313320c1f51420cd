/*
 * fs/attr.c - changing a file's permission bits (chmod, fchmod,
 * fchmodat), and the RLIMIT_FSIZE checks on growing a file.
 *
 * Everything runs as root in Pagoda, so the only checks are Linux's for
 * root: the file must exist, and /proc files keep their modes (EPERM).
 * Ownership is not modelled (there are no other users), so chown and
 * friends are not provided.
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
	return current && current->mm ? current->rlim_cur[RLIMIT_FSIZE]
				       : RLIM_INFINITY;
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
