/*
 * Clocks, timers and sleeping.
 */
#include <sys/time.h>
#include <sys/times.h>
#include <time.h>
#include "libc.h"

time_t time(time_t *t)
{
	time_t now = __syscall1(SYS_time, NULL);

	if (t)
		*t = now;
	return now;
}

int gettimeofday(struct timeval *restrict tv, void *restrict tz)
{
	return __syscall_ret(__syscall2(SYS_gettimeofday, tv, tz));
}

int clock_gettime(clockid_t clk, struct timespec *ts)
{
	return __syscall_ret(__syscall2(SYS_clock_gettime, clk, ts));
}

int clock_getres(clockid_t clk, struct timespec *ts)
{
	return __syscall_ret(__syscall2(SYS_clock_getres, clk, ts));
}

/* Unlike the others, returns the error number itself (POSIX). */
int clock_nanosleep(clockid_t clk, int flags, const struct timespec *req,
		    struct timespec *rem)
{
	return -(int)__syscall4(SYS_clock_nanosleep, clk, flags, req, rem);
}

int nanosleep(const struct timespec *req, struct timespec *rem)
{
	return __syscall_ret(__syscall2(SYS_nanosleep, req, rem));
}

/* CPU time used by the process, in CLOCKS_PER_SEC units; -1 if unknown. */
clock_t clock(void)
{
	struct timespec ts;

	if (clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts) < 0)
		return -1;
	return ts.tv_sec * 1000000L + ts.tv_nsec / 1000;
}

clock_t times(struct tms *buf)
{
	return __syscall_ret(__syscall1(SYS_times, buf));
}

int getitimer(int which, struct itimerval *value)
{
	return __syscall_ret(__syscall2(SYS_getitimer, which, value));
}

int setitimer(int which, const struct itimerval *restrict value,
	      struct itimerval *restrict old)
{
	return __syscall_ret(__syscall3(SYS_setitimer, which, value, old));
}
