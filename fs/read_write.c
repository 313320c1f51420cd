/*
 * fs/read_write.c - read, write, pread64, pwrite64, readv, writev, lseek,
 * and their kernel-buffer twins kernel_read/kernel_write.
 *
 * Each syscall takes a reference to the file, wraps the user buffer(s) in
 * an iov_iter and calls vfs_read/vfs_write, which check the open mode and
 * call the file's operation with a position: the file's own offset for
 * read/write, a private one for pread/pwrite.
 */
#include "fs.h"
#include "../kernel/syscalls.h"
#include <uapi/unistd.h>

#define UIO_MAXIOV	1024

/* Does f's open mode and operation allow the transfer?  0, -EBADF or
 * -EINVAL, as the first checks of Linux's vfs_read and vfs_write. */
static int rw_allowed(struct file *f, bool write)
{
	if (!(f->f_mode & (write ? FMODE_WRITE : FMODE_READ)))
		return -EBADF;
	if (!f->f_op || !(write ? f->f_op->write : f->f_op->read))
		return -EINVAL;
	return 0;
}

/* Read into an iterator at *pos; returns bytes read or -errno. */
static long vfs_read(struct file *f, struct iov_iter *to, uint64_t *pos)
{
	int err = rw_allowed(f, false);

	if (err)
		return err;
	if (!to->count)
		return 0;
	to->count = MIN(to->count, MAX_RW_COUNT);
	return f->f_op->read(f, to, pos);
}

static long vfs_write(struct file *f, struct iov_iter *from, uint64_t *pos)
{
	int err = rw_allowed(f, true);

	if (err)
		return err;
	if (!from->count)
		return 0;
	from->count = MIN(from->count, MAX_RW_COUNT);
	return f->f_op->write(f, from, pos);
}

long kernel_read(struct file *f, void *kbuf, size_t n, uint64_t off)
{
	struct kvec v = { kbuf, n };
	struct iov_iter it;

	iov_iter_init(&it, false, &v, 1, n);
	return vfs_read(f, &it, &off);
}

long kernel_write(struct file *f, const void *kbuf, size_t n, uint64_t off)
{
	struct kvec v = { (void *)kbuf, n };
	struct iov_iter it;

	iov_iter_init(&it, false, &v, 1, n);
	return vfs_write(f, &it, &off);
}

/* One user buffer: read or write through the file's offset or at pos.
 * The whole buffer must lie in user space before anything moves (Linux's
 * access_ok): a kernel pointer is -EFAULT even at end of file. */
static long rw_user(unsigned int fd, void *buf, size_t count, int64_t pos,
		    bool write, bool positional)
{
	if (positional && pos < 0)
		return -EINVAL;		/* before the fd, as ksys_pread64 */
	struct file *f = fget(fd);
	if (!f)
		return -EBADF;
	long ret = 0;
	if (positional && (!f->f_op || !f->f_op->llseek))
		ret = -ESPIPE;
	if (!ret)
		ret = rw_allowed(f, write);
	if (!ret && !access_ok((uint64_t)buf, count))
		ret = -EFAULT;
	if (!ret) {
		struct kvec v = { buf, count };
		struct iov_iter it;
		uint64_t p = positional ? (uint64_t)pos : f->f_pos;
		iov_iter_init(&it, true, &v, 1, count);
		ret = write ? vfs_write(f, &it, &p) : vfs_read(f, &it, &p);
		if (!positional)
			f->f_pos = p;
	}
	fput(f);
	return ret;
}

SYSCALL_DEFINE3(read, unsigned int, fd, char *, buf, size_t, count)
{
	return rw_user(fd, buf, count, 0, false, false);
}

SYSCALL_DEFINE3(write, unsigned int, fd, const char *, buf, size_t, count)
{
	return rw_user(fd, (void *)buf, count, 0, true, false);
}

SYSCALL_DEFINE4(pread64, unsigned int, fd, char *, buf, size_t, count,
		int64_t, pos)
{
	return rw_user(fd, buf, count, pos, false, true);
}

SYSCALL_DEFINE4(pwrite64, unsigned int, fd, const char *, buf, size_t, count,
		int64_t, pos)
{
	return rw_user(fd, (void *)buf, count, pos, true, true);
}

/* readv/writev: copy in the iovec array, check it as Linux's
 * import_iovec (a negative length is -EINVAL, a segment outside user space
 * -EFAULT, the total is capped at MAX_RW_COUNT), do one transfer. */
static long rw_vec(unsigned long fd, const struct kvec *uvec,
		   unsigned long vlen, bool write)
{
	struct file *f = fget(fd);
	if (!f)
		return -EBADF;
	struct kvec *vec = NULL;
	long ret = vlen > UIO_MAXIOV ? -EINVAL : 0;
	if (!ret && !(vec = kmalloc(MAX(vlen, 1ul) * sizeof(*vec))))
		ret = -ENOMEM;
	if (!ret && copy_from_user(vec, uvec, vlen * sizeof(*vec)))
		ret = -EFAULT;
	for (unsigned long i = 0; !ret && i < vlen; i++)
		if ((int64_t)vec[i].iov_len < 0)
			ret = -EINVAL;
	size_t total = 0;
	for (unsigned long i = 0; !ret && i < vlen; i++) {
		if (!access_ok((uint64_t)vec[i].iov_base, vec[i].iov_len))
			ret = -EFAULT;
		vec[i].iov_len = MIN(vec[i].iov_len, MAX_RW_COUNT - total);
		total += vec[i].iov_len;
	}
	if (!ret) {
		struct iov_iter it;
		iov_iter_init(&it, true, vec, vlen, total);
		ret = write ? vfs_write(f, &it, &f->f_pos)
			    : vfs_read(f, &it, &f->f_pos);
	}
	kfree(vec);
	fput(f);
	return ret;
}

SYSCALL_DEFINE3(readv, unsigned long, fd, const struct kvec *, vec,
		unsigned long, vlen)
{
	return rw_vec(fd, vec, vlen, false);
}

SYSCALL_DEFINE3(writev, unsigned long, fd, const struct kvec *, vec,
		unsigned long, vlen)
{
	return rw_vec(fd, vec, vlen, true);
}

/* lseek of files with a size: SEEK_SET/CUR/END, and DATA/HOLE (no holes
 * are reported: the data runs to the end of the file). */
int64_t generic_file_llseek(struct file *f, int64_t off, int whence)
{
	int64_t size = (int64_t)f->f_inode->i_size;

	switch (whence) {
	case SEEK_SET:
		break;
	case SEEK_CUR:
		off += (int64_t)f->f_pos;
		break;
	case SEEK_END:
		off += size;
		break;
	case SEEK_DATA:
	case SEEK_HOLE:
		if (off < 0 || off >= size)
			return -ENXIO;
		if (whence == SEEK_HOLE)
			off = size;
		break;
	default:
		return -EINVAL;
	}
	if (off < 0)
		return -EINVAL;
	f->f_pos = off;
	return off;
}

SYSCALL_DEFINE3(lseek, unsigned int, fd, int64_t, offset, unsigned int, whence)
{
	struct file *f = fget(fd);

	if (!f)
		return -EBADF;
	long ret = whence > SEEK_HOLE ? -EINVAL
		   : !f->f_op || !f->f_op->llseek ? -ESPIPE
		   : f->f_op->llseek(f, offset, whence);
	fput(f);
	return ret;
}
