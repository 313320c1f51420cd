/*
 * Time structures and clock ids: clock_gettime, nanosleep, gettimeofday,
 * times, setitimer.
 */
#ifndef _UAPI_TIME_H
#define _UAPI_TIME_H

#include <uapi/types.h>

struct timespec {
	__kernel_time_t tv_sec;
	long tv_nsec;			/* 0 .. 999999999 */
};

struct timeval {
	__kernel_time_t tv_sec;
	long tv_usec;			/* 0 .. 999999 */
};

struct timezone {
	int tz_minuteswest;
	int tz_dsttime;
};

struct itimerval {
	struct timeval it_interval;	/* period, 0 for one shot */
	struct timeval it_value;	/* time to the next expiry */
};

/* times(): CPU time in clock ticks (AT_CLKTCK per second). */
struct tms {
	__kernel_clock_t tms_utime;
	__kernel_clock_t tms_stime;
	__kernel_clock_t tms_cutime;
	__kernel_clock_t tms_cstime;
};

#define CLOCK_REALTIME			0
#define CLOCK_MONOTONIC			1
#define CLOCK_PROCESS_CPUTIME_ID	2
#define CLOCK_THREAD_CPUTIME_ID		3
#define CLOCK_MONOTONIC_RAW		4
#define CLOCK_REALTIME_COARSE		5
#define CLOCK_MONOTONIC_COARSE		6
#define CLOCK_BOOTTIME			7
#define CLOCK_REALTIME_ALARM		8
#define CLOCK_BOOTTIME_ALARM		9
#define CLOCK_TAI			11

/* clock_nanosleep flag: the time is absolute, not relative. */
#define TIMER_ABSTIME			0x01

/* setitimer/getitimer which. */
#define ITIMER_REAL		0
#define ITIMER_VIRTUAL		1
#define ITIMER_PROF		2

#endif
