/*
 * <sys/resource.h> for newlib programs, in place of newlib's (which has
 * getrusage only): Pagoda's libc's, with Linux's struct rlimit and
 * RLIMIT_* numbers, implemented in libc/newlib/posix.c.  struct timeval
 * is newlib's (the same layout as Linux's), so uapi/time.h stays out.
 */
#include <sys/time.h>
#include <uapi/types.h>
#ifndef _UAPI_TIME_H
#define _UAPI_TIME_H
#endif
#include "../../../include/sys/resource.h"
