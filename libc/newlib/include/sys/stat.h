/*
 * <sys/stat.h> for newlib programs: newlib's, plus what it gives only to
 * Cygwin and RTEMS: lstat and mknod (libc/newlib/syscalls.c, at.c), and
 * futimens's and utimensat's special nanosecond values as Linux numbers
 * them (libc/newlib/utimes.c passes them through).
 */
#include_next <sys/stat.h>

#ifndef PAGODA_NEWLIB_SYS_STAT_H
#define PAGODA_NEWLIB_SYS_STAT_H

#ifndef UTIME_NOW
#define UTIME_NOW	((1l << 30) - 1l)	/* the current time */
#define UTIME_OMIT	((1l << 30) - 2l)	/* leave this time alone */
#endif

int lstat(const char *__restrict path, struct stat *__restrict st);
int mknod(const char *path, mode_t mode, dev_t dev);

#endif
