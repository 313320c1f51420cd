/*
 * File descriptor system calls.  Each wrapper is the system call of the
 * same name (see <uapi/syscall_list.h>), -errno turned into errno.
 */
#include <fcntl.h>
#include <stdarg.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <sys/uio.h>
#include <sys/select.h>
#include <poll.h>
#include "libc.h"

ssize_t read(int fd, void *buf, size_t n)
{
	return __syscall_ret(__syscall3(SYS_read, fd, buf, n));
}

ssize_t readv(int fd, const struct iovec *iov, int iovcnt)
{
	return __syscall_ret(__syscall3(SYS_readv, fd, iov, iovcnt));
}

ssize_t writev(int fd, const struct iovec *iov, int iovcnt)
{
	return __syscall_ret(__syscall3(SYS_writev, fd, iov, iovcnt));
}

int poll(struct pollfd *fds, nfds_t nfds, int timeout)
{
	return __syscall_ret(__syscall3(SYS_poll, fds, nfds, timeout));
}

int select(int nfds, fd_set *r, fd_set *w, fd_set *e, struct timeval *tv)
{
	return __syscall_ret(__syscall5(SYS_select, nfds, r, w, e, tv));
}

ssize_t write(int fd, const void *buf, size_t n)
{
	return __syscall_ret(__syscall3(SYS_write, fd, buf, n));
}

ssize_t pread(int fd, void *buf, size_t n, off_t off)
{
	return __syscall_ret(__syscall4(SYS_pread64, fd, buf, n, off));
}

ssize_t pwrite(int fd, const void *buf, size_t n, off_t off)
{
	return __syscall_ret(__syscall4(SYS_pwrite64, fd, buf, n, off));
}

int close(int fd)
{
	return __syscall_ret(__syscall1(SYS_close, fd));
}

off_t lseek(int fd, off_t off, int whence)
{
	return __syscall_ret(__syscall3(SYS_lseek, fd, off, whence));
}

int pipe(int fds[2])
{
	return __syscall_ret(__syscall1(SYS_pipe, fds));
}

int pipe2(int fds[2], int flags)
{
	return __syscall_ret(__syscall2(SYS_pipe2, fds, flags));
}

int dup(int fd)
{
	return __syscall_ret(__syscall1(SYS_dup, fd));
}

int dup2(int fd, int newfd)
{
	return __syscall_ret(__syscall2(SYS_dup2, fd, newfd));
}

int dup3(int fd, int newfd, int flags)
{
	return __syscall_ret(__syscall3(SYS_dup3, fd, newfd, flags));
}

int fsync(int fd)
{
	return __syscall_ret(__syscall1(SYS_fsync, fd));
}

int fdatasync(int fd)
{
	return __syscall_ret(__syscall1(SYS_fdatasync, fd));
}

void sync(void)
{
	__syscall0(SYS_sync);
}

int ftruncate(int fd, off_t len)
{
	return __syscall_ret(__syscall2(SYS_ftruncate, fd, len));
}

/* ioctl(fd, request, arg): the one optional argument is passed as is. */
int ioctl(int fd, unsigned long request, ...)
{
	va_list ap;
	void *arg;

	va_start(ap, request);
	arg = va_arg(ap, void *);
	va_end(ap);
	return __syscall_ret(__syscall3(SYS_ioctl, fd, request, arg));
}

/* fcntl(fd, cmd, arg): the one optional argument is an int or pointer. */
int fcntl(int fd, int cmd, ...)
{
	va_list ap;
	unsigned long arg;

	va_start(ap, cmd);
	arg = va_arg(ap, unsigned long);
	va_end(ap);
	return __syscall_ret(__syscall3(SYS_fcntl, fd, cmd, arg));
}

/* 1 if fd is a terminal (TCGETS succeeds), else 0 with errno set. */
int isatty(int fd)
{
	struct termios t;

	return __syscall_ret(__syscall3(SYS_ioctl, fd, TCGETS, &t)) == 0;
}
