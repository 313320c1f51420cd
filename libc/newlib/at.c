/*
 * libc/newlib/at.c - the path calls relative to a directory descriptor
 * (openat, mkdirat, mknodat, linkat, symlinkat, readlinkat, unlinkat,
 * renameat, faccessat) and the node makers over them (mknod, mkfifo,
 * mkfifoat).  Each is one Linux system call: AT_FDCWD and the AT_*
 * flags are Linux's numbers (include/sys/fcntl.h) and newlib's S_IF*
 * file types are too; the open() flags are converted (translate.c).
 */
#include "pagoda_sys.h"
#include <stdarg.h>
#include <sys/stat.h>
#include <unistd.h>

int openat(int dirfd, const char *path, int flags, ...)
{
	va_list ap;
	va_start(ap, flags);
	int mode = (flags & O_CREAT) ? va_arg(ap, int) : 0;
	va_end(ap);
	return (int)__pagoda_ret(SC4(openat, dirfd, path,
				     __pagoda_oflags_to_linux(flags), mode));
}

int mkdirat(int dirfd, const char *path, mode_t mode)
{
	return (int)__pagoda_ret(SC3(mkdirat, dirfd, path, mode));
}

int mknodat(int dirfd, const char *path, mode_t mode, dev_t dev)
{
	return (int)__pagoda_ret(SC4(mknodat, dirfd, path, mode, dev));
}

int mknod(const char *path, mode_t mode, dev_t dev)
{
	return mknodat(AT_FDCWD, path, mode, dev);
}

int mkfifoat(int dirfd, const char *path, mode_t mode)
{
	return mknodat(dirfd, path, (mode & ~S_IFMT) | S_IFIFO, 0);
}

int mkfifo(const char *path, mode_t mode)
{
	return mkfifoat(AT_FDCWD, path, mode);
}

int linkat(int olddirfd, const char *old, int newdirfd, const char *new, int flags)
{
	return (int)__pagoda_ret(SC6(linkat, olddirfd, old, newdirfd,
				     new, flags, 0));
}

int symlinkat(const char *target, int dirfd, const char *path)
{
	return (int)__pagoda_ret(SC3(symlinkat, target, dirfd, path));
}

ssize_t readlinkat(int dirfd, const char *path, char *buf, size_t n)
{
	return __pagoda_ret(SC4(readlinkat, dirfd, path, buf, n));
}

int unlinkat(int dirfd, const char *path, int flags)
{
	return (int)__pagoda_ret(SC3(unlinkat, dirfd, path, flags));
}

int renameat(int olddirfd, const char *old, int newdirfd, const char *new)
{
	return (int)__pagoda_ret(SC4(renameat, olddirfd, old,
				     newdirfd, new));
}

int faccessat(int dirfd, const char *path, int mode, int flags)
{
	return (int)__pagoda_ret(SC4(faccessat2, dirfd, path, mode,
				     flags));
}
