/*
 * libc/newlib/posix.c - the Linux and POSIX calls newlib's headers lack,
 * with the headers of Pagoda's own libc (libc/newlib/include): syscall(),
 * getauxval(), poll, select, readv/writev, resource limits and usage, pause, uname,
 * statfs/fstatfs (Linux's struct statfs) and prctl.
 */
#include "pagoda_sys.h"
#include <poll.h>
#include <stdarg.h>
#include <sys/auxv.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/select.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/utsname.h>
#include <unistd.h>

unsigned long *__pagoda_auxv;	/* set by __pagoda_start */

/* syscall(2): errno gets newlib's number for Linux's error. */
long syscall(long number, ...)
{
	va_list ap;
	long a[6];

	va_start(ap, number);
	for (int i = 0; i < 6; i++)
		a[i] = va_arg(ap, long);
	va_end(ap);
	return __pagoda_ret(__pagoda_syscall(number, a[0], a[1], a[2], a[3],
					     a[4], a[5]));
}

unsigned long getauxval(unsigned long type)
{
	for (unsigned long *a = __pagoda_auxv; a && a[0] != AT_NULL; a += 2)
		if (a[0] == type)
			return a[1];
	errno = ENOENT;
	return 0;
}

int poll(struct pollfd *fds, nfds_t n, int timeout)
{
	return (int)__pagoda_ret(SC3(poll, fds, n, timeout));
}

/* newlib's fd_set is Linux's bit layout (FD_SETSIZE 64: n up to 64). */
int select(int n, fd_set *r, fd_set *w, fd_set *e, struct timeval *timeout)
{
	return (int)__pagoda_ret(SC6(select, n, r, w, e, timeout, 0));
}

ssize_t readv(int fd, const struct iovec *iov, int iovcnt)
{
	return __pagoda_ret(SC3(readv, fd, iov, iovcnt));
}

ssize_t writev(int fd, const struct iovec *iov, int iovcnt)
{
	return __pagoda_ret(SC3(writev, fd, iov, iovcnt));
}

int getrlimit(int resource, struct rlimit *rl)
{
	return (int)__pagoda_ret(SC2(getrlimit, resource, rl));
}

int setrlimit(int resource, const struct rlimit *rl)
{
	return (int)__pagoda_ret(SC2(setrlimit, resource, rl));
}

int prlimit(pid_t pid, int resource, const struct rlimit *new_rl,
	    struct rlimit *old_rl)
{
	return (int)__pagoda_ret(SC4(prlimit64, pid, resource, new_rl, old_rl));
}

int getrusage(int who, struct rusage *ru)
{
	return (int)__pagoda_ret(SC2(getrusage, who, ru));
}

int pause(void)
{
	return (int)__pagoda_ret(SC0(pause));
}

int uname(struct utsname *u)
{
	return (int)__pagoda_ret(SC1(uname, u));
}

int statfs(const char *path, struct statfs *buf)
{
	return (int)__pagoda_ret(SC2(statfs, path, buf));
}

int fstatfs(int fd, struct statfs *buf)
{
	return (int)__pagoda_ret(SC2(fstatfs, fd, buf));
}

/* prctl(option, arg2, arg3, arg4, arg5): the unused ones read as what the
 * caller passed, as in glibc. */
int prctl(int option, ...)
{
	va_list ap;
	unsigned long a[4];

	va_start(ap, option);
	for (int i = 0; i < 4; i++)
		a[i] = va_arg(ap, unsigned long);
	va_end(ap);
	return (int)__pagoda_ret(__pagoda_syscall(NR_prctl, option, (long)a[0], (long)a[1],
						  (long)a[2], (long)a[3], 0));
}
