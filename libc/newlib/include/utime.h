/*
 * <utime.h> for newlib programs: newlib's (struct utimbuf), plus utime
 * itself, which newlib leaves to each system (libc/newlib/utimes.c).
 */
#include_next <utime.h>

#ifndef PAGODA_NEWLIB_UTIME_H
#define PAGODA_NEWLIB_UTIME_H
int utime(const char *path, const struct utimbuf *times);
#endif
