/*
 * <time.h> for newlib programs: newlib's, with Linux's clock ids (newlib
 * numbers them its own way, CLOCK_REALTIME 1 ...; its libc.a uses none,
 * and a program's raw syscall() must pass Linux's), plus the clock calls
 * of libc/newlib/process.c, which newlib declares only with _POSIX_TIMERS
 * (Pagoda's newlib has no timer_create, so it does not claim them).  The
 * ids are include/uapi/time.h's own lines, in <pagoda/linux_time.h>
 * (tools/mknewlibmap writes it at make newlib): that header cannot be
 * included here, as its struct timespec ... are newlib's too.
 */
#include_next <time.h>

#ifndef PAGODA_NEWLIB_TIME_H
#define PAGODA_NEWLIB_TIME_H

#include <pagoda/linux_time.h>	/* the CLOCK_* ids */

#ifndef _POSIX_TIMERS
int clock_gettime(clockid_t clock, struct timespec *ts);
int clock_getres(clockid_t clock, struct timespec *res);
int nanosleep(const struct timespec *req, struct timespec *rem);
#endif
#endif
