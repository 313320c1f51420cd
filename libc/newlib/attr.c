/*
 * libc/newlib/attr.c - changing a file's mode and owner from newlib
 * programs: chmod, fchmod, fchmodat, chown, fchown, lchown, fchownat; and
 * umask.
 * newlib numbers AT_FDCWD and the AT_* flags its own way (-2; 1, 2, 4, 8,
 * 16), Linux as -100 and 0x200, 0x100, 0x400, 0x200, 0x1000: both are
 * converted, and bits newlib has no name for pass through, so that the
 * kernel rejects them as Linux does.
 */
#include "pagoda_sys.h"
#include <sys/stat.h>
#include <unistd.h>

#define LINUX_AT_FDCWD		(-100)

static int dirfd_to_linux(int dirfd)
{
	return dirfd == AT_FDCWD ? LINUX_AT_FDCWD : dirfd;
}

static int at_flags_to_linux(int flags)
{
	static const struct { int nl, lx; } map[] = {
		{ AT_EACCESS, 0x200 }, { AT_SYMLINK_NOFOLLOW, 0x100 },
		{ AT_SYMLINK_FOLLOW, 0x400 }, { AT_REMOVEDIR, 0x200 },
		{ 16, 0x1000 },		/* AT_EMPTY_PATH, a GNU name newlib hides */
	};
	int lx = 0;

	for (unsigned i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (flags & map[i].nl)
			lx |= map[i].lx, flags &= ~map[i].nl;
	return lx | flags;
}

int chmod(const char *path, mode_t mode)
{
	return (int)__pagoda_ret(SC4(fchmodat, LINUX_AT_FDCWD, path, mode, 0));
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
	return (int)__pagoda_ret(SC4(fchmodat, dirfd_to_linux(dirfd), path, mode,
				     at_flags_to_linux(flags)));
}

int fchownat(int dirfd, const char *path, uid_t uid, gid_t gid, int flags)
{
	return (int)__pagoda_ret(SC6(fchownat, dirfd_to_linux(dirfd), path, uid,
				     gid, at_flags_to_linux(flags), 0));
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
