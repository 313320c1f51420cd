/*
 * <time.h> for newlib programs: newlib's, with Linux's clock ids (newlib
 * numbers them its own way, CLOCK_REALTIME 1 ...; its libc.a uses none,
 * and a program's raw syscall() must pass Linux's: tools/mknewlibmap
 * checks them against include/uapi/time.h), plus the clock calls of
 * libc/newlib/process.c, which newlib declares only with _POSIX_TIMERS
 * (Pagoda's newlib has no timer_create, so it does not claim them).
 */
#include_next <time.h>

#ifndef PAGODA_NEWLIB_TIME_H
#define PAGODA_NEWLIB_TIME_H

#undef CLOCK_REALTIME
#undef CLOCK_MONOTONIC
#undef CLOCK_PROCESS_CPUTIME_ID
#undef CLOCK_THREAD_CPUTIME_ID
#undef CLOCK_MONOTONIC_RAW
#undef CLOCK_REALTIME_COARSE
#undef CLOCK_MONOTONIC_COARSE
#undef CLOCK_BOOTTIME
#undef CLOCK_REALTIME_ALARM
#undef CLOCK_BOOTTIME_ALARM
#define CLOCK_REALTIME			0	/* the wall clock */
#define CLOCK_MONOTONIC			1	/* since boot, never set */
#define CLOCK_PROCESS_CPUTIME_ID	2	/* this process's CPU time */
#define CLOCK_THREAD_CPUTIME_ID		3	/* this thread's CPU time */
#define CLOCK_MONOTONIC_RAW		4
#define CLOCK_REALTIME_COARSE		5
#define CLOCK_MONOTONIC_COARSE		6
#define CLOCK_BOOTTIME			7	/* monotonic, with suspend */
#define CLOCK_REALTIME_ALARM		8
#define CLOCK_BOOTTIME_ALARM		9
#define CLOCK_TAI			11

#ifndef _POSIX_TIMERS
int clock_gettime(clockid_t clock, struct timespec *ts);
int clock_getres(clockid_t clock, struct timespec *res);
int nanosleep(const struct timespec *req, struct timespec *rem);
#endif
#endif
