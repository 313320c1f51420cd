/*
 * <time.h> for newlib programs: newlib's, plus the clock calls of
 * libc/newlib/process.c, which it declares only with _POSIX_TIMERS
 * (Pagoda's newlib has no timer_create, so it does not claim them).
 */
#include_next <time.h>

#ifndef PAGODA_NEWLIB_TIME_H
#define PAGODA_NEWLIB_TIME_H
#ifndef _POSIX_TIMERS
int clock_gettime(clockid_t clock, struct timespec *ts);
int nanosleep(const struct timespec *req, struct timespec *rem);
#endif
#endif
