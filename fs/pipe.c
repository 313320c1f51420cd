/*
 * fs/pipe.c - pipes: a 64 KiB ring buffer between a read end and a write
 * end (Linux's default capacity).
 *
 *   read   returns what is there (at least one byte); blocks while the pipe
 *          is empty and has writers; 0 (end of file) once every write end
 *          is closed; -EAGAIN with O_NONBLOCK
 *   write  blocks while the pipe is full; a write of at most PIPE_BUF bytes
 *          goes in whole or not at all (atomic); with no read end left it
 *          raises SIGPIPE and fails with -EPIPE
 * A signal ends a blocked call: -EINTR, or the bytes already moved.
 * Readers and writers sleep on the pipe itself; every change wakes both.
 */
#include "fs.h"
#include "../kernel/syscalls.h"
#include <uapi/ioctl.h>
#include <uapi/signal.h>
#include <uapi/poll.h>

#define PIPE_SIZE	(16 * PAGE_SIZE)
#define PIPE_BUF	4096

struct pipe {
	char *buf;
	uint64_t head, tail;		/* bytes ever written, ever read */
	int readers, writers;		/* open ends */
};

/* Wait for data (or the last writer to leave), then take what is there. */
static long pipe_read(struct file *f, struct iov_iter *to, uint64_t *pos)
{
	struct pipe *p = f->f_inode->i_private;
	(void)pos;

	while (p->head == p->tail) {
		if (!p->writers)
			return 0;
		if (f->f_flags & O_NONBLOCK)
			return -EAGAIN;
		if (sleep_on_interruptible(p))
			return -EINTR;
	}
	size_t done = 0;
	while (p->head != p->tail && to->count) {
		size_t off = p->tail % PIPE_SIZE;
		size_t n = MIN(MIN(p->head - p->tail, PIPE_SIZE - off), to->count);
		size_t copied = copy_to_iter(p->buf + off, n, to);
		p->tail += copied;
		done += copied;
		if (copied < n)
			break;
	}
	wakeup(p);
	return done ? (long)done : -EFAULT;
}

/* Copy up to `room` bytes into the ring; returns bytes or -EFAULT. */
static long pipe_fill(struct pipe *p, struct iov_iter *from, size_t room)
{
	size_t done = 0;

	while (done < room && from->count) {
		size_t off = p->head % PIPE_SIZE;
		size_t n = MIN(MIN(room - done, PIPE_SIZE - off), from->count);
		size_t copied = copy_from_iter(p->buf + off, n, from);
		p->head += copied;
		done += copied;
		if (copied < n)
			return done ? (long)done : -EFAULT;
	}
	return done;
}

/* Put all of the buffer in, waiting for room; small writes are atomic. */
static long pipe_write(struct file *f, struct iov_iter *from, uint64_t *pos)
{
	struct pipe *p = f->f_inode->i_private;
	size_t total = from->count, done = 0;
	(void)pos;

	while (from->count) {
		if (!p->readers) {
			send_sig_current(SIGPIPE);
			return done ? (long)done : -EPIPE;
		}
		size_t room = PIPE_SIZE - (p->head - p->tail);
		size_t need = total <= PIPE_BUF ? total : 1;
		if (room >= need) {
			long n = pipe_fill(p, from, room);
			wakeup(p);
			if (n < 0)
				return done ? (long)done : n;
			done += n;
			continue;
		}
		if (f->f_flags & O_NONBLOCK)
			return done ? (long)done : -EAGAIN;
		if (sleep_on_interruptible(p))
			return done ? (long)done : -EINTR;
	}
	return done;
}

static long pipe_ioctl(struct file *f, unsigned int cmd, unsigned long arg)
{
	struct pipe *p = f->f_inode->i_private;
	int avail = (int)(p->head - p->tail);

	if (cmd != FIONREAD)
		return -ENOTTY;
	return copy_to_user((void *)arg, &avail, sizeof(avail)) ? -EFAULT : 0;
}

static void pipe_release(struct file *f)
{
	struct pipe *p = f->f_inode->i_private;

	if (f->f_mode & FMODE_READ)
		p->readers--;
	if (f->f_mode & FMODE_WRITE)
		p->writers--;
	wakeup(p);
}

/* Ready events, as Linux's pipe_poll: data to read (or no writer left:
 * hang-up), room to write (or no reader left: error). */
static unsigned pipe_poll(struct file *f)
{
	struct pipe *p = f->f_inode->i_private;
	unsigned mask = 0;

	if (f->f_mode & FMODE_READ) {
		if (p->head != p->tail)
			mask |= POLLIN | POLLRDNORM;
		if (!p->writers)
			mask |= POLLHUP;
	}
	if (f->f_mode & FMODE_WRITE) {
		if (p->head - p->tail < PIPE_SIZE)
			mask |= POLLOUT | POLLWRNORM;
		if (!p->readers)
			mask |= POLLERR;
	}
	return mask;
}

static const struct file_operations pipe_fops = {
	.read = pipe_read,
	.write = pipe_write,
	.poll = pipe_poll,
	.ioctl = pipe_ioctl,
	.release = pipe_release,
};

static void pipe_evict(struct inode *inode)
{
	struct pipe *p = inode->i_private;

	kfree(p->buf);
	kfree(p);
}

static const struct inode_operations pipe_iops = {
	.evict = pipe_evict,
};

/* A new pipe inode; NULL if out of memory. */
static struct inode *pipe_inode(void)
{
	struct inode *inode = new_inode(DEV_PIPE, S_IFIFO | 0600);
	struct pipe *p = kzalloc(sizeof(*p));
	char *buf = kmalloc(PIPE_SIZE);

	if (!inode || !p || !buf) {
		kfree(buf);
		kfree(p);
		if (inode)
			inode_put(inode);
		return NULL;
	}
	p->buf = buf;
	inode->i_private = p;
	inode->i_op = &pipe_iops;
	inode->i_fop = &pipe_fops;
	return inode;
}

/* The two ends of a new pipe in res[0] (read) and res[1] (write). */
static int create_pipe_files(struct file **res, int flags)
{
	struct inode *inode = pipe_inode();

	if (!inode)
		return -ENOMEM;
	struct pipe *p = inode->i_private;
	res[0] = alloc_file(NULL, inode, O_RDONLY | (flags & O_NONBLOCK));
	res[1] = alloc_file(NULL, inode, O_WRONLY | (flags & O_NONBLOCK));
	if (res[0])
		p->readers++;
	if (res[1])
		p->writers++;
	inode_put(inode);		/* the files hold it now */
	if (res[0] && res[1])
		return 0;
	if (res[0])
		fput(res[0]);
	if (res[1])
		fput(res[1]);
	return -ENOMEM;
}

/* pipe2: two files, two fds, then the fd pair to user memory. */
SYSCALL_DEFINE2(pipe2, int *, ufds, int, flags)
{
	struct file *files[2];
	int fds[2];
	bool cloexec = flags & O_CLOEXEC;

	if (flags & ~(O_CLOEXEC | O_NONBLOCK | O_DIRECT))
		return -EINVAL;
	int err = create_pipe_files(files, flags);
	if (err)
		return err;
	fds[0] = get_unused_fd(0);
	if (fds[0] < 0) {
		fput(files[0]);
		fput(files[1]);
		return fds[0];
	}
	fd_install(fds[0], files[0], cloexec);
	fds[1] = get_unused_fd(0);
	if (fds[1] < 0) {
		fd_uninstall(fds[0]);
		fput(files[1]);
		return fds[1];
	}
	fd_install(fds[1], files[1], cloexec);
	if (copy_to_user(ufds, fds, sizeof(fds))) {
		fd_uninstall(fds[0]);
		fd_uninstall(fds[1]);
		return -EFAULT;
	}
	return 0;
}

SYSCALL_DEFINE1(pipe, int *, fds)
{
	return sys_pipe2(fds, 0);
}
