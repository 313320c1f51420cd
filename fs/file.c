/*
 * fs/file.c - open files and fd tables: dup, dup2, dup3, close, fcntl.
 *
 * A struct file is one open (offset, status flags); fork and dup share it,
 * so both see one offset, as POSIX wants.  f_count counts the fd slots and
 * kernel users (a mapping's vm_file, exec) holding it; the last fput
 * releases it.  A files_struct is a process's table of fds, with a bitmap
 * of close-on-exec bits; it grows by doubling up to RLIMIT_NOFILE.
 */
#include "fs.h"
#include "../kernel/syscalls.h"
#include <uapi/ioctl.h>
#include <uapi/resource.h>

#define NR_OPEN_DEFAULT	64		/* slots in a new table */

/* A new open file of inode (and dentry d, if any); one reference. */
struct file *alloc_file(struct dentry *d, struct inode *inode, unsigned flags)
{
	struct file *f = kzalloc(sizeof(*f));

	if (!f)
		return NULL;
	f->f_count = 1;
	f->f_flags = flags;
	if ((flags & O_ACCMODE) == O_RDONLY || (flags & O_ACCMODE) == O_RDWR)
		f->f_mode |= FMODE_READ;
	if ((flags & O_ACCMODE) == O_WRONLY || (flags & O_ACCMODE) == O_RDWR)
		f->f_mode |= FMODE_WRITE;
	f->f_inode = inode;
	f->f_mapping = inode->i_mapping;
	inode_get(inode);
	f->f_dentry = d ? dget(d) : NULL;
	f->f_op = inode->i_fop;
	if (flags & O_PATH) {		/* a handle on the name only */
		f->f_mode = 0;
		f->f_op = NULL;
	}
	return f;
}

void get_file(struct file *f)
{
	f->f_count++;
}

/*
 * Write access against execution, as Linux's i_writecount: an open for
 * writing and a truncate take write access, which fails with -ETXTBSY
 * while the file runs; exec denies write access, which fails with
 * -ETXTBSY while the file is open for writing.  Every mm whose exe_file
 * it is holds one denial.
 */
int get_write_access(struct inode *inode)
{
	if (inode->i_writecount < 0)
		return -ETXTBSY;
	inode->i_writecount++;
	return 0;
}

void put_write_access(struct inode *inode)
{
	inode->i_writecount--;
}

int deny_write_access(struct file *f)
{
	if (f->f_inode->i_writecount > 0)
		return -ETXTBSY;
	f->f_inode->i_writecount--;
	return 0;
}

void allow_write_access(struct file *f)
{
	f->f_inode->i_writecount++;
}

/* Drop a reference; the last one releases the open file. */
void fput(struct file *f)
{
	if (f->f_count <= 0)
		panic("fput: count %d", f->f_count);
	if (--f->f_count > 0)
		return;
	locks_remove_file(f);
	if (f->f_op && f->f_op->release)
		f->f_op->release(f);
	if (f->f_mode & FMODE_WRITER)
		put_write_access(f->f_inode);
	if (f->f_dentry)
		dput(f->f_dentry);
	inode_put(f->f_inode);
	kfree(f);
}

static struct files_struct *cur_files(void)
{
	return current ? current->files : NULL;
}

/* An fd of fs that referred to f is gone: the process's POSIX locks on
 * the file go with it (locks.c), then the reference. */
static void filp_close(struct file *f, struct files_struct *fs)
{
	locks_remove_posix(f, fs);
	fput(f);
}

/* A new reference to current's open file fd, or NULL (also for an
 * O_PATH file, which only the calls that use fget_raw accept). */
struct file *fget(int fd)
{
	struct file *f = fget_raw(fd);

	if (f && (f->f_flags & O_PATH)) {
		fput(f);
		return NULL;
	}
	return f;
}

struct file *fget_raw(int fd)
{
	struct files_struct *files = cur_files();

	if (!files || fd < 0 || fd >= files->max_fds || !files->fd[fd])
		return NULL;
	get_file(files->fd[fd]);
	return files->fd[fd];
}

unsigned current_umask(void)
{
	return current && current->fs ? current->fs->umask : 022;
}

/* How many fds a process may have (RLIMIT_NOFILE). */
static int nofile_limit(void)
{
	uint64_t lim = current ? rlimit(RLIMIT_NOFILE) : 0;

	return (int)MIN(lim, (uint64_t)NR_OPEN);
}

static bool cloexec_test(struct files_struct *fs, int fd)
{
	return fs->close_on_exec[fd / 64] >> (fd % 64) & 1;
}

static void cloexec_set(struct files_struct *fs, int fd, bool on)
{
	if (on)
		fs->close_on_exec[fd / 64] |= 1ull << (fd % 64);
	else
		fs->close_on_exec[fd / 64] &= ~(1ull << (fd % 64));
}

/* Make the table hold at least n slots; 0 or -ENOMEM. */
static int expand_files(struct files_struct *fs, int n)
{
	int size = fs->max_fds;

	while (size < n)
		size *= 2;
	if (size == fs->max_fds)
		return 0;
	struct file **fd = kzalloc(size * sizeof(*fd));
	uint64_t *bits = kzalloc(size / 8);
	if (!fd || !bits) {
		kfree(fd);
		kfree(bits);
		return -ENOMEM;
	}
	memcpy(fd, fs->fd, fs->max_fds * sizeof(*fd));
	memcpy(bits, fs->close_on_exec, fs->max_fds / 8);
	kfree(fs->fd);
	kfree(fs->close_on_exec);
	fs->fd = fd;
	fs->close_on_exec = bits;
	fs->max_fds = size;
	return 0;
}

/* The lowest free fd >= start, or -EMFILE / -ENOMEM. */
int get_unused_fd(int start)
{
	struct files_struct *fs = cur_files();
	int limit = nofile_limit();

	if (!fs)
		return -EMFILE;
	for (int fd = start; fd < limit; fd++) {
		if (fd >= fs->max_fds) {
			int err = expand_files(fs, fd + 1);
			return err ? err : fd;
		}
		if (!fs->fd[fd])
			return fd;
	}
	return -EMFILE;
}

/* Put f (whose reference passes to the table) in the free slot fd. */
void fd_install(int fd, struct file *f, bool cloexec)
{
	struct files_struct *fs = cur_files();

	fs->fd[fd] = f;
	cloexec_set(fs, fd, cloexec);
}

/* Empty slot fd, dropping its reference. */
void fd_uninstall(int fd)
{
	struct files_struct *fs = cur_files();
	struct file *f = fs->fd[fd];

	fs->fd[fd] = NULL;
	cloexec_set(fs, fd, false);
	filp_close(f, fs);
}

/* An empty table of max_fds slots (a multiple of 64); NULL if no memory. */
static struct files_struct *files_new(int max_fds)
{
	struct files_struct *fs = kzalloc(sizeof(*fs));

	if (!fs)
		return NULL;
	fs->fd = kzalloc(max_fds * sizeof(*fs->fd));
	fs->close_on_exec = kzalloc(max_fds / 8);
	if (!fs->fd || !fs->close_on_exec) {
		kfree(fs->fd);
		kfree(fs->close_on_exec);
		kfree(fs);
		return NULL;
	}
	fs->count = 1;
	fs->max_fds = max_fds;
	return fs;
}

/* An empty fd table (the first process); NULL if out of memory. */
struct files_struct *files_alloc(void)
{
	return files_new(NR_OPEN_DEFAULT);
}

/* fork: a copy of the table sharing every open file; NULL if no memory. */
struct files_struct *files_dup(struct files_struct *old)
{
	struct files_struct *fs = files_new(old->max_fds);

	if (!fs)
		return NULL;
	for (int fd = 0; fd < old->max_fds; fd++)
		if ((fs->fd[fd] = old->fd[fd]))
			get_file(fs->fd[fd]);
	memcpy(fs->close_on_exec, old->close_on_exec, old->max_fds / 8);
	return fs;
}

/* exit: drop a reference; the last one closes every fd. */
void files_put(struct files_struct *fs)
{
	if (!fs || --fs->count > 0)
		return;
	for (int fd = 0; fd < fs->max_fds; fd++)
		if (fs->fd[fd])
			filp_close(fs->fd[fd], fs);
	kfree(fs->fd);
	kfree(fs->close_on_exec);
	kfree(fs);
}

/* execve: close the fds marked close-on-exec. */
void files_close_on_exec(struct files_struct *fs)
{
	for (int fd = 0; fd < fs->max_fds; fd++) {
		if (fs->fd[fd] && cloexec_test(fs, fd)) {
			struct file *f = fs->fd[fd];
			fs->fd[fd] = NULL;
			cloexec_set(fs, fd, false);
			filp_close(f, fs);
		}
	}
}

SYSCALL_DEFINE1(close, unsigned int, fd)
{
	struct files_struct *fs = cur_files();

	if (!fs || fd >= (unsigned)fs->max_fds || !fs->fd[fd])
		return -EBADF;
	fd_uninstall(fd);
	return 0;
}

/* Make newfd refer to oldfd's file (closing what newfd had). */
static long do_dup2(unsigned int oldfd, unsigned int newfd, bool cloexec)
{
	struct files_struct *fs = cur_files();
	struct file *f = fget_raw(oldfd);

	if (!f)
		return -EBADF;
	if (newfd >= (unsigned)nofile_limit()) {
		fput(f);
		return -EBADF;
	}
	int err = expand_files(fs, newfd + 1);
	if (err) {
		fput(f);
		return err;
	}
	if (fs->fd[newfd])
		fd_uninstall(newfd);
	fd_install(newfd, f, cloexec);
	return newfd;
}

SYSCALL_DEFINE2(dup2, unsigned int, oldfd, unsigned int, newfd)
{
	if (oldfd == newfd) {
		struct file *f = fget_raw(oldfd);
		if (!f)
			return -EBADF;
		fput(f);
		return newfd;
	}
	return do_dup2(oldfd, newfd, false);
}

SYSCALL_DEFINE3(dup3, unsigned int, oldfd, unsigned int, newfd, int, flags)
{
	if ((flags & ~O_CLOEXEC) || oldfd == newfd)
		return -EINVAL;
	return do_dup2(oldfd, newfd, flags & O_CLOEXEC);
}

/* dup, F_DUPFD: the lowest free fd >= start. */
static long dupfd(unsigned int oldfd, unsigned long start, bool cloexec)
{
	struct file *f = fget_raw(oldfd);

	if (!f)
		return -EBADF;
	if (start >= (unsigned long)nofile_limit()) {
		fput(f);
		return -EINVAL;
	}
	int fd = get_unused_fd((int)start);
	if (fd < 0) {
		fput(f);
		return fd;
	}
	fd_install(fd, f, cloexec);
	return fd;
}

SYSCALL_DEFINE1(dup, unsigned int, fd)
{
	return dupfd(fd, 0, false);
}

#define SETFL_MASK	(O_APPEND | O_NONBLOCK | O_ASYNC | O_DIRECT | O_NOATIME)

/* fcntl: duplication, the close-on-exec flag, the status flags, record
 * locks, a pipe's capacity. */
SYSCALL_DEFINE3(fcntl, unsigned int, fd, unsigned int, cmd, unsigned long, arg)
{
	struct file *f = fget_raw(fd);
	long ret = 0;

	if (!f)
		return -EBADF;
	switch (cmd) {
	case F_DUPFD:
	case F_DUPFD_CLOEXEC:
		ret = dupfd(fd, arg, cmd == F_DUPFD_CLOEXEC);
		break;
	case F_GETFD:
		ret = cloexec_test(cur_files(), fd) ? FD_CLOEXEC : 0;
		break;
	case F_SETFD:
		cloexec_set(cur_files(), fd, arg & FD_CLOEXEC);
		break;
	case F_GETFL:
		ret = f->f_flags;
		break;
	case F_SETFL:
		f->f_flags = (f->f_flags & ~SETFL_MASK) | (arg & SETFL_MASK);
		break;
	case F_GETLK:
	case F_SETLK:
	case F_SETLKW:
	case F_OFD_GETLK:
	case F_OFD_SETLK:
	case F_OFD_SETLKW:
		ret = fcntl_lock(fd, f, cmd, arg);
		break;
	case F_GETPIPE_SZ:
	case F_SETPIPE_SZ:
		ret = pipe_fcntl(f, cmd, arg);
		break;
	default:
		ret = -EINVAL;
	}
	fput(f);
	return ret;
}

/* ioctl: the requests every fd takes, then the file's own (tty, pipe). */
SYSCALL_DEFINE3(ioctl, unsigned int, fd, unsigned int, cmd, unsigned long, arg)
{
	struct file *f = fget(fd);
	long ret = 0;
	int val;

	if (!f)
		return -EBADF;
	switch (cmd) {
	case FIOCLEX:
	case FIONCLEX:
		cloexec_set(cur_files(), fd, cmd == FIOCLEX);
		break;
	case FIONBIO:
		if (copy_from_user(&val, (void *)arg, sizeof(val)))
			ret = -EFAULT;
		else
			f->f_flags = val ? f->f_flags | O_NONBLOCK
					: f->f_flags & ~O_NONBLOCK;
		break;
	case FIONREAD:
		if (S_ISREG(f->f_inode->i_mode)) {	/* bytes left to read */
			val = (int)(f->f_inode->i_size > f->f_pos
				   ? f->f_inode->i_size - f->f_pos : 0);
			ret = copy_to_user((void *)arg, &val, sizeof(val)) ? -EFAULT : 0;
			break;
		}
		/* fall through */
	default:
		ret = f->f_op && f->f_op->ioctl && f->f_mode
		      ? f->f_op->ioctl(f, cmd, arg) : -ENOTTY;
	}
	fput(f);
	return ret;
}
