/*
 * fs/pipe.c - pipes: a ring buffer between a read end and a write end,
 * 64 KiB by default (Linux's capacity), resized by fcntl F_SETPIPE_SZ.
 *
 *   read   returns what is there (at least one byte); blocks while the pipe
 *          is empty and has writers; 0 (end of file) once every write end
 *          is closed; -EAGAIN with O_NONBLOCK
 *   write  blocks while the pipe is full; a write of at most PIPE_BUF bytes
 *          goes in whole or not at all (atomic); with no read end left it
 *          raises SIGPIPE and fails with -EPIPE
 * A signal ends a blocked call: -EINTR, or the bytes already moved.
 * Readers and writers sleep on the pipe itself; every change wakes both.
 *
 * A FIFO (mknod S_IFIFO, mkfifo) is a ramfs inode whose opens share one
 * pipe, made at the first open and freed at the last close (what is in
 * it is lost then), as Linux's fifo_open:
 *   O_RDONLY  waits for a writer to open (a signal: ERESTARTSYS);
 *             O_NONBLOCK does not wait
 *   O_WRONLY  waits for a reader; O_NONBLOCK without one is ENXIO
 *   O_RDWR    never waits
 * Each open of an end counts (r_counter, w_counter), so a waiter sees a
 * partner that came, even one that left again.  A pipe reopened through
 * /proc/PID/fd/N opens as a FIFO that never waits (nor gives ENXIO), as
 * on Linux.
 */
#include "fs.h"
#include "../kernel/syscalls.h"
#include <uapi/ioctl.h>
#include <uapi/signal.h>
#include <uapi/poll.h>

#define PIPE_SIZE	(16 * PAGE_SIZE)	/* the default capacity */
#define PIPE_MAX_SIZE	(1ul << 20)	/* fs.pipe-max-size, for non-root */
#define PIPE_BUF	4096

struct pipe {
	char *buf;
	size_t size;			/* capacity: F_GETPIPE_SZ */
	uint64_t head, tail;		/* bytes ever written, ever read */
	int readers, writers;		/* open ends */
	unsigned r_counter, w_counter;	/* FIFOs: opens of each end so far */
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
		size_t off = p->tail % p->size;
		size_t n = MIN(MIN(p->head - p->tail, p->size - off), to->count);
		size_t copied = copy_to_iter(p->buf + off, n, to);
		p->tail += copied;
		done += copied;
		if (copied < n)
			break;
	}
	wakeup(p);
	return done ? (long)done : -EFAULT;
}

/* Copy up to `room` bytes into the ring a page at a time, as Linux's
 * pipe_write fills one pipe buffer after another: a page that the user
 * buffer cannot fill (it runs into a hole) is dropped.  Returns the bytes
 * of the whole pages before it, or -EFAULT if there are none. */
static long pipe_fill(struct pipe *p, struct iov_iter *from, size_t room)
{
	size_t done = 0;

	while (done < room && from->count) {
		size_t n = MIN(MIN(room - done, PAGE_SIZE), from->count);
		size_t off = p->head % p->size, first = MIN(n, p->size - off);
		size_t copied = copy_from_iter(p->buf + off, first, from);
		if (copied == first && first < n)
			copied += copy_from_iter(p->buf, n - first, from);
		if (copied < n)
			return done ? (long)done : -EFAULT;
		p->head += n;
		done += n;
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
		size_t room = p->size - (p->head - p->tail);
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

static void free_pipe_info(struct pipe *p)
{
	kfree(p->buf);
	kfree(p);
}

/* Close an end; the last close of a FIFO frees its pipe (a pipe's goes
 * with its inode, pipe_evict). */
static void pipe_release(struct file *f)
{
	struct inode *inode = f->f_inode;
	struct pipe *p = inode->i_private;

	if (f->f_mode & FMODE_READ)
		p->readers--;
	if (f->f_mode & FMODE_WRITE)
		p->writers--;
	wakeup(p);
	if (S_ISFIFO(inode->i_mode) && inode->i_dev != DEV_PIPE &&
	    !p->readers && !p->writers) {
		free_pipe_info(p);
		inode->i_private = NULL;
	}
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
		if (p->head - p->tail < p->size)
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
	free_pipe_info(inode->i_private);
}

/* F_SETPIPE_SZ's size: whole pages, a power of two of them; 0 if too big. */
static size_t round_pipe_size(unsigned long size)
{
	if (size > (1ul << 31))
		return 0;
	size_t pages = 1;
	while (pages * PAGE_SIZE < size)
		pages <<= 1;
	return pages * PAGE_SIZE;
}

/* Move the contents of p into a new ring of size bytes; 0, -EBUSY if
 * they do not fit, -ENOMEM. */
static int pipe_resize(struct pipe *p, size_t size)
{
	size_t used = p->head - p->tail;

	if (used > size)
		return -EBUSY;
	char *buf = kmalloc(size);
	if (!buf)
		return -ENOMEM;
	for (size_t i = 0; i < used; i++)
		buf[i] = p->buf[(p->tail + i) % p->size];
	kfree(p->buf);
	p->buf = buf;
	p->size = size;
	p->tail = 0;
	p->head = used;
	return 0;
}

/* fcntl F_GETPIPE_SZ and F_SETPIPE_SZ, as Linux's pipe_fcntl: the new
 * capacity, or -EBADF for a file that is not a pipe, -EINVAL, -EPERM
 * (above fs.pipe-max-size without root), -EBUSY. */
long pipe_fcntl(struct file *f, unsigned int cmd, unsigned long arg)
{
	if (f->f_op != &pipe_fops)
		return -EBADF;
	struct pipe *p = f->f_inode->i_private;
	if (cmd == F_GETPIPE_SZ)
		return (long)p->size;
	size_t size = round_pipe_size(arg);
	if (!size)
		return -EINVAL;
	if (size > p->size && size > PIPE_MAX_SIZE && !capable())
		return -EPERM;
	int err = size == p->size ? 0 : pipe_resize(p, size);
	wakeup(p);
	return err ? err : (long)p->size;
}

static const struct inode_operations pipe_iops = {
	.evict = pipe_evict,
};

/* An empty pipe of the default size; NULL if out of memory. */
static struct pipe *alloc_pipe_info(void)
{
	struct pipe *p = kzalloc(sizeof(*p));
	char *buf = kmalloc(PIPE_SIZE);

	if (!p || !buf) {
		kfree(buf);
		kfree(p);
		return NULL;
	}
	p->buf = buf;
	p->size = PIPE_SIZE;
	return p;
}

/* A new pipe inode; NULL if out of memory. */
static struct inode *pipe_inode(void)
{
	struct inode *inode = new_inode(DEV_PIPE, S_IFIFO | 0600);
	struct pipe *p = alloc_pipe_info();

	if (!inode || !p) {
		if (p)
			free_pipe_info(p);
		if (inode)
			inode_put(inode);
		return NULL;
	}
	inode->i_private = p;
	inode->i_op = &pipe_iops;
	inode->i_fop = &fifo_fops;	/* reopened through /proc/PID/fd */
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
	if (res[0]) {
		res[0]->f_op = &pipe_fops;
		p->readers++;
	}
	if (res[1]) {
		res[1]->f_op = &pipe_fops;
		p->writers++;
	}
	inode_put(inode);		/* the files hold it now */
	if (res[0] && res[1])
		return 0;
	if (res[0])
		fput(res[0]);
	if (res[1])
		fput(res[1]);
	return -ENOMEM;
}

/* Sleep until *counter moves (a partner opened the other end); 0, or
 * -ERESTARTSYS for a signal. */
static int wait_for_partner(struct pipe *p, unsigned *counter)
{
	unsigned seen = *counter;

	while (*counter == seen)
		if (sleep_on_interruptible(p))
			return -ERESTARTSYS;
	return 0;
}

/* Join the open ends of p as f's access mode says, waiting for a partner
 * as Linux's fifo_open (the file comment); 0 or -errno, p unchanged. */
static int fifo_join(struct pipe *p, struct file *f)
{
	bool nonblock = f->f_flags & O_NONBLOCK;
	bool fifo = f->f_inode->i_dev != DEV_PIPE;	/* a pipe never waits */
	int err = 0;

	if (f->f_mode == FMODE_WRITE && fifo && nonblock && !p->readers)
		return -ENXIO;
	if (f->f_mode & FMODE_READ) {
		p->readers++;
		p->r_counter++;
	}
	if (f->f_mode & FMODE_WRITE) {
		p->writers++;
		p->w_counter++;
	}
	wakeup(p);
	if (f->f_mode == FMODE_READ && fifo && !p->writers && !nonblock)
		err = wait_for_partner(p, &p->w_counter);
	else if (f->f_mode == FMODE_WRITE && fifo && !p->readers)
		err = wait_for_partner(p, &p->r_counter);
	if (err) {
		if (f->f_mode & FMODE_READ)
			p->readers--;
		if (f->f_mode & FMODE_WRITE)
			p->writers--;
		wakeup(p);
	}
	return err;
}

/* The open of a FIFO: its pipe (made by the first open), then the pipe's
 * operations for this file (a failed open keeps fifo_fops, which has no
 * release). */
static int fifo_open(struct inode *inode, struct file *f)
{
	struct pipe *p = inode->i_private;

	if (!p && !(p = inode->i_private = alloc_pipe_info()))
		return -ENOMEM;
	int err = fifo_join(p, f);
	if (!err) {
		f->f_op = &pipe_fops;
	} else if (!p->readers && !p->writers) {
		free_pipe_info(p);
		inode->i_private = NULL;
	}
	return err;
}

const struct file_operations fifo_fops = {
	.open = fifo_open,
};

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
