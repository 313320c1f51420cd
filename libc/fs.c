/*
 * File system calls: opening, status, directories, links.
 */
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <limits.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <unistd.h>
#include "libc.h"

/* The mode argument exists only when the file may be created. */
static mode_t creation_mode(int flags, va_list ap)
{
	if (flags & O_CREAT || (flags & O_TMPFILE) == O_TMPFILE)
		return va_arg(ap, mode_t);
	return 0;
}

int open(const char *path, int flags, ...)
{
	va_list ap;
	mode_t mode;

	va_start(ap, flags);
	mode = creation_mode(flags, ap);
	va_end(ap);
	return __syscall_ret(__syscall3(SYS_open, path, flags, mode));
}

int openat(int dirfd, const char *path, int flags, ...)
{
	va_list ap;
	mode_t mode;

	va_start(ap, flags);
	mode = creation_mode(flags, ap);
	va_end(ap);
	return __syscall_ret(__syscall4(SYS_openat, dirfd, path, flags, mode));
}

int creat(const char *path, mode_t mode)
{
	return __syscall_ret(__syscall2(SYS_creat, path, mode));
}

int stat(const char *restrict path, struct stat *restrict st)
{
	return __syscall_ret(__syscall2(SYS_stat, path, st));
}

int lstat(const char *restrict path, struct stat *restrict st)
{
	return __syscall_ret(__syscall2(SYS_lstat, path, st));
}

int fstat(int fd, struct stat *st)
{
	return __syscall_ret(__syscall2(SYS_fstat, fd, st));
}

int fstatat(int dirfd, const char *restrict path, struct stat *restrict st,
	    int flags)
{
	return __syscall_ret(__syscall4(SYS_newfstatat, dirfd, path, st, flags));
}

int mkdir(const char *path, mode_t mode)
{
	return __syscall_ret(__syscall2(SYS_mkdir, path, mode));
}

int mkdirat(int dirfd, const char *path, mode_t mode)
{
	return __syscall_ret(__syscall3(SYS_mkdirat, dirfd, path, mode));
}

mode_t umask(mode_t mask)
{
	return (mode_t)__syscall1(SYS_umask, mask);
}

int access(const char *path, int mode)
{
	return __syscall_ret(__syscall2(SYS_access, path, mode));
}

/* With flags (AT_EACCESS...) only faccessat2 will do. */
int faccessat(int dirfd, const char *path, int mode, int flags)
{
	if (flags)
		return __syscall_ret(__syscall4(SYS_faccessat2, dirfd, path,
						mode, flags));
	return __syscall_ret(__syscall3(SYS_faccessat, dirfd, path, mode));
}

int chdir(const char *path)
{
	return __syscall_ret(__syscall1(SYS_chdir, path));
}

int fchdir(int fd)
{
	return __syscall_ret(__syscall1(SYS_fchdir, fd));
}

/* The current directory into buf; with buf NULL, into a malloc'ed copy. */
char *getcwd(char *buf, size_t size)
{
	char tmp[PATH_MAX];

	if (!buf) {
		if (__syscall_ret(__syscall2(SYS_getcwd, tmp, sizeof(tmp))) < 0)
			return NULL;
		return strdup(tmp);
	}
	if (__syscall_ret(__syscall2(SYS_getcwd, buf, size)) < 0)
		return NULL;
	return buf;
}

int unlink(const char *path)
{
	return __syscall_ret(__syscall1(SYS_unlink, path));
}

int unlinkat(int dirfd, const char *path, int flags)
{
	return __syscall_ret(__syscall3(SYS_unlinkat, dirfd, path, flags));
}

int rmdir(const char *path)
{
	return __syscall_ret(__syscall1(SYS_rmdir, path));
}

int rename(const char *old, const char *new)
{
	return __syscall_ret(__syscall2(SYS_rename, old, new));
}

int truncate(const char *path, off_t len)
{
	return __syscall_ret(__syscall2(SYS_truncate, path, len));
}

int link(const char *old, const char *new)
{
	return __syscall_ret(__syscall2(SYS_link, old, new));
}

int symlink(const char *target, const char *path)
{
	return __syscall_ret(__syscall2(SYS_symlink, target, path));
}

ssize_t readlink(const char *restrict path, char *restrict buf, size_t size)
{
	return __syscall_ret(__syscall3(SYS_readlink, path, buf, size));
}

int statfs(const char *path, struct statfs *buf)
{
	return __syscall_ret(__syscall2(SYS_statfs, path, buf));
}

int fstatfs(int fd, struct statfs *buf)
{
	return __syscall_ret(__syscall2(SYS_fstatfs, fd, buf));
}

ssize_t readlinkat(int dirfd, const char *restrict path, char *restrict buf,
		   size_t size)
{
	return __syscall_ret(__syscall4(SYS_readlinkat, dirfd, path, buf, size));
}

ssize_t getdents64(int fd, void *buf, size_t size)
{
	return __syscall_ret(__syscall3(SYS_getdents64, fd, buf, size));
}
