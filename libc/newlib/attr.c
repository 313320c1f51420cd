/*
 * libc/newlib/attr.c - changing a file's mode and owner from newlib
 * programs: chmod, fchmod, fchmodat, chown, fchown, lchown, fchownat; and
 * umask.
 * AT_FDCWD and the AT_* flags are Linux's (include/sys/fcntl.h).
 */
#include "pagoda_sys.h"
#include <sys/stat.h>
#include <unistd.h>

int chmod(const char *path, mode_t mode)
{
	return (int)__pagoda_ret(SC4(fchmodat, AT_FDCWD, path, mode, 0));
}

mode_t umask(mode_t mask)
{
	return (mode_t)SC1(umask, mask & 0777);
}

int fchmod(int fd, mode_t mode)
{
	return (int)__pagoda_ret(SC2(fchmod, fd, mode));
}

int fchmodat(int dirfd, const char *path, mode_t mode, int flags)
{
	return (int)__pagoda_ret(SC4(fchmodat, dirfd, path, mode, flags));
}

int fchownat(int dirfd, const char *path, uid_t uid, gid_t gid, int flags)
{
	return (int)__pagoda_ret(SC6(fchownat, dirfd, path, uid, gid, flags, 0));
}

int chown(const char *path, uid_t uid, gid_t gid)
{
	return fchownat(AT_FDCWD, path, uid, gid, 0);
}

int lchown(const char *path, uid_t uid, gid_t gid)
{
	return fchownat(AT_FDCWD, path, uid, gid, AT_SYMLINK_NOFOLLOW);
}

int fchown(int fd, uid_t uid, gid_t gid)
{
	return (int)__pagoda_ret(SC3(fchown, fd, uid, gid));
}
