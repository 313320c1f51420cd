/*
 * fs/sync.c - fsync, fdatasync and sync.
 */
#include "fs.h"
#include "../kernel/syscalls.h"

/* fsync/fdatasync: the file's dirty pages (there is no separate metadata). */
int vfs_fsync(struct file *f, bool datasync)
{
	if (!f->f_op || !f->f_op->fsync)
		return -EINVAL;
	return f->f_op->fsync(f, datasync);
}

static long do_fsync(unsigned int fd, bool datasync)
{
	struct file *f = fget(fd);

	if (!f)
		return -EBADF;
	long err = vfs_fsync(f, datasync);
	fput(f);
	return err;
}

SYSCALL_DEFINE1(fsync, unsigned int, fd)
{
	return do_fsync(fd, false);
}

SYSCALL_DEFINE1(fdatasync, unsigned int, fd)
{
	return do_fsync(fd, true);
}

SYSCALL_DEFINE0(sync)
{
	sync_all();
	return 0;
}
