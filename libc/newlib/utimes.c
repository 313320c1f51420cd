/*
 * libc/newlib/utimes.c - setting a file's access and modification times
 * from newlib programs: utimensat and futimens (UTIME_NOW and UTIME_OMIT
 * are Linux's numbers, include/sys/stat.h), and the older microsecond
 * and second calls utimes, futimes, lutimes and utime over them, as glibc
 * does.  A NULL times pointer means "now" in each.
 */
#include "pagoda_sys.h"
#include <sys/stat.h>
#include <sys/time.h>
#include <utime.h>

int utimensat(int dirfd, const char *path, const struct timespec *times, int flags)
{
	return (int)__pagoda_ret(SC4(utimensat, dirfd, path, times, flags));
}

int futimens(int fd, const struct timespec *times)
{
	return (int)__pagoda_ret(SC4(utimensat, fd, NULL, times, 0));
}

/* The microsecond times as utimensat's, or NULL for "now"; returns ts or
 * NULL.  A tv_usec out of range becomes an out-of-range tv_nsec, so the
 * kernel answers EINVAL as Linux's utimes does. */
static struct timespec *tv_to_ts(const struct timeval *tv, struct timespec ts[2])
{
	if (!tv)
		return NULL;
	for (int i = 0; i < 2; i++)
		ts[i] = (struct timespec){ tv[i].tv_sec, tv[i].tv_usec * 1000 };
	return ts;
}

int utimes(const char *path, const struct timeval *tv)
{
	struct timespec ts[2];
	return utimensat(AT_FDCWD, path, tv_to_ts(tv, ts), 0);
}

int lutimes(const char *path, const struct timeval *tv)
{
	struct timespec ts[2];
	return utimensat(AT_FDCWD, path, tv_to_ts(tv, ts), AT_SYMLINK_NOFOLLOW);
}

int futimes(int fd, const struct timeval *tv)
{
	struct timespec ts[2];
	return futimens(fd, tv_to_ts(tv, ts));
}

int utime(const char *path, const struct utimbuf *times)
{
	struct timespec ts[2];

	if (!times)
		return utimensat(AT_FDCWD, path, NULL, 0);
	ts[0] = (struct timespec){ times->actime, 0 };
	ts[1] = (struct timespec){ times->modtime, 0 };
	return utimensat(AT_FDCWD, path, ts, 0);
}
