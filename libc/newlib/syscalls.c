/*
 * libc/newlib/syscalls.c - the files half of newlib's system layer: the
 * stubs newlib calls (_open, _read, _write, _close, _lseek, _fstat, _stat,
 * _isatty, _link, _unlink) and the POSIX file calls its <unistd.h>,
 * <fcntl.h> and <sys/stat.h> declare, each one Linux system call with the
 * numbers translated (pagoda_sys.h).  newlib's reentrant wrappers
 * (_read_r, ...) call the underscore names; programs call the plain ones.
 */
#include "pagoda_sys.h"
#include <stdarg.h>
#include <sys/stat.h>
#include <unistd.h>

#define LINUX_TCGETS		0x5401

/* struct stat as Linux x86-64 lays it out (include/uapi/stat.h). */
struct linux_stat {
	unsigned long dev, ino, nlink;
	unsigned int mode, uid, gid, pad0;
	unsigned long rdev;
	long size, blksize, blocks;
	struct timespec atim, mtim, ctim;
	long reserved[3];
};

/* Linux's stat into newlib's (its nlink_t is narrower, and the order differs). */
static void stat_from_linux(struct stat *st, const struct linux_stat *l)
{
	st->st_dev = (dev_t)l->dev;
	st->st_ino = l->ino;
	st->st_mode = l->mode;
	st->st_nlink = (nlink_t)l->nlink;
	st->st_uid = (uid_t)l->uid;
	st->st_gid = (gid_t)l->gid;
	st->st_rdev = (dev_t)l->rdev;
	st->st_size = l->size;
	st->st_atim = l->atim;
	st->st_mtim = l->mtim;
	st->st_ctim = l->ctim;
	st->st_blksize = l->blksize;
	st->st_blocks = l->blocks;
}

int open(const char *path, int flags, ...)
{
	va_list ap;
	va_start(ap, flags);
	int mode = (flags & O_CREAT) ? va_arg(ap, int) : 0;
	va_end(ap);
	return (int)__pagoda_ret(SC4(openat, AT_FDCWD, path,
				     __pagoda_oflags_to_linux(flags), mode));
}

ssize_t read(int fd, void *buf, size_t n)
{
	return __pagoda_ret(SC3(read, fd, buf, n));
}

ssize_t write(int fd, const void *buf, size_t n)
{
	return __pagoda_ret(SC3(write, fd, buf, n));
}

ssize_t pread(int fd, void *buf, size_t n, off_t off)
{
	return __pagoda_ret(SC4(pread64, fd, buf, n, off));
}

ssize_t pwrite(int fd, const void *buf, size_t n, off_t off)
{
	return __pagoda_ret(SC4(pwrite64, fd, buf, n, off));
}

int close(int fd)
{
	return (int)__pagoda_ret(SC1(close, fd));
}

off_t lseek(int fd, off_t off, int whence)
{
	return __pagoda_ret(SC3(lseek, fd, off, whence));
}

int fstat(int fd, struct stat *st)
{
	struct linux_stat l;
	long r = __pagoda_ret(SC2(fstat, fd, &l));
	if (r == 0)
		stat_from_linux(st, &l);
	return (int)r;
}

int stat(const char *path, struct stat *st)
{
	struct linux_stat l;
	long r = __pagoda_ret(SC2(stat, path, &l));
	if (r == 0)
		stat_from_linux(st, &l);
	return (int)r;
}

int lstat(const char *path, struct stat *st)
{
	struct linux_stat l;
	long r = __pagoda_ret(SC2(lstat, path, &l));
	if (r == 0)
		stat_from_linux(st, &l);
	return (int)r;
}

int fstatat(int dirfd, const char *path, struct stat *st, int flags)
{
	struct linux_stat l;
	long r = __pagoda_ret(SC4(newfstatat, dirfd, path, &l,
				  flags));
	if (r == 0)
		stat_from_linux(st, &l);
	return (int)r;
}

/* A terminal answers TCGETS; anything else is ENOTTY. */
int isatty(int fd)
{
	char termios[64];
	return __pagoda_ret(SC3(ioctl, fd, LINUX_TCGETS, termios)) == 0;
}

int link(const char *old, const char *new)
{
	return (int)__pagoda_ret(SC2(link, old, new));
}

ssize_t readlink(const char *path, char *buf, size_t n)
{
	return __pagoda_ret(SC4(readlinkat, AT_FDCWD, path, buf, n));
}

int symlink(const char *target, const char *path)
{
	return (int)__pagoda_ret(SC3(symlinkat, target, AT_FDCWD, path));
}

int unlink(const char *path)
{
	return (int)__pagoda_ret(SC1(unlink, path));
}

int mkdir(const char *path, mode_t mode)
{
	return (int)__pagoda_ret(SC2(mkdir, path, mode));
}

int rmdir(const char *path)
{
	return (int)__pagoda_ret(SC1(rmdir, path));
}

/* One system call, in place of newlib's stdio rename(), which (built
 * without HAVE_RENAME) links and unlinks and so fails when the new name
 * exists. */
int rename(const char *old, const char *new)
{
	return (int)__pagoda_ret(SC2(rename, old, new));
}

int chdir(const char *path)
{
	return (int)__pagoda_ret(SC1(chdir, path));
}

char *getcwd(char *buf, size_t size)
{
	return __pagoda_ret(SC2(getcwd, buf, size)) < 0 ? NULL : buf;
}

int access(const char *path, int mode)
{
	return (int)__pagoda_ret(SC2(access, path, mode));
}

int dup(int fd)
{
	return (int)__pagoda_ret(SC1(dup, fd));
}

int dup2(int fd, int to)
{
	return (int)__pagoda_ret(SC2(dup2, fd, to));
}

int pipe(int fds[2])
{
	return (int)__pagoda_ret(SC1(pipe, fds));
}

int pipe2(int fds[2], int flags)
{
	return (int)__pagoda_ret(SC2(pipe2, fds, __pagoda_oflags_to_linux(flags)));
}

int ftruncate(int fd, off_t len)
{
	return (int)__pagoda_ret(SC2(ftruncate, fd, len));
}

int truncate(const char *path, off_t len)
{
	return (int)__pagoda_ret(SC2(truncate, path, len));
}

int fsync(int fd)
{
	return (int)__pagoda_ret(SC1(fsync, fd));
}

/* fallocate's modes and flock's LOCK_* are Linux's numbers. */
int fallocate(int fd, int mode, off_t offset, off_t len)
{
	return (int)__pagoda_ret(SC4(fallocate, fd, mode, offset, len));
}

int flock(int fd, int op)
{
	return (int)__pagoda_ret(SC2(flock, fd, op));
}

/* fcntl: the commands, lock types and struct flock are Linux's
 * (include/sys/fcntl.h); only the file status flags are converted. */
int fcntl(int fd, int cmd, ...)
{
	va_list ap;
	va_start(ap, cmd);
	long arg = va_arg(ap, long);
	va_end(ap);
	if (cmd == F_SETFL)
		arg = __pagoda_oflags_to_linux((int)arg);
	long r = __pagoda_ret(SC3(fcntl, fd, cmd, arg));
	if (cmd == F_GETFL && r >= 0)
		r = __pagoda_oflags_from_linux(r);
	return (int)r;
}

/* The names newlib's reentrant wrappers (_open_r, ...) call. */
#define ALIAS(name) __attribute__((alias(#name), copy(name)))
int _open(const char *path, int flags, ...) ALIAS(open);
ssize_t _read(int fd, void *buf, size_t n) ALIAS(read);
ssize_t _write(int fd, const void *buf, size_t n) ALIAS(write);
int _close(int fd) ALIAS(close);
off_t _lseek(int fd, off_t off, int whence) ALIAS(lseek);
int _fstat(int fd, struct stat *st) ALIAS(fstat);
int _stat(const char *path, struct stat *st) ALIAS(stat);
int _isatty(int fd) ALIAS(isatty);
int _link(const char *old, const char *new) ALIAS(link);
int _unlink(const char *path) ALIAS(unlink);
int _fcntl(int fd, int cmd, ...) ALIAS(fcntl);
int _mkdir(const char *path, mode_t mode) ALIAS(mkdir);
