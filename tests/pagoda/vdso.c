/*
 * tests/pagoda/vdso.c - the vDSO answers without a system call: the
 * "Syscalls:" line of Pagoda's /proc/self/status (Linux has no such count,
 * so this is not compared with the host) grows by exactly as much across
 * 10000 calls of each vDSO function as across none, and by 100 more
 * across 100 raw system calls (so the count does see system calls).
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

/* The count so far (open, read and close are counted too). */
static long syscalls(void)
{
	char buf[4096];
	int fd = open("/proc/self/status", O_RDONLY);
	ssize_t n = read(fd, buf, sizeof(buf) - 1);

	close(fd);
	buf[n > 0 ? n : 0] = '\0';
	char *p = strstr(buf, "\nSyscalls:\t");
	return p ? atol(p + 11) : -1;
}

static int check(const char *what, long got, long want)
{
	printf("%s %s: %ld (want %ld)\n", got == want ? "ok" : "FAIL", what, got, want);
	return got != want;
}

int main(void)
{
	struct timespec ts;
	struct timeval tv;
	long c0 = syscalls(), c1 = syscalls();
	long cost = c1 - c0;		/* of reading the count itself */

	for (int i = 0; i < 10000; i++) {
		clock_gettime(CLOCK_MONOTONIC, &ts);
		clock_gettime(CLOCK_REALTIME, &ts);
		clock_gettime(CLOCK_BOOTTIME, &ts);
		gettimeofday(&tv, NULL);
		time(NULL);
		sched_getcpu();
	}
	long c2 = syscalls();
	for (int i = 0; i < 100; i++)
		syscall(SYS_clock_gettime, CLOCK_MONOTONIC, &ts);
	long c3 = syscalls();
	for (int i = 0; i < 100; i++)
		clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	long c4 = syscalls();
	/* printing makes system calls: only now */
	int bad = check("the count is there", c0 > 0, 1);
	bad |= check("system calls of 60000 vDSO calls", c2 - c1 - cost, 0);
	bad |= check("system calls of 100 syscall(SYS_clock_gettime)",
		     c3 - c2 - cost, 100);
	bad |= check("... of 100 clock_gettime(CLOCK_PROCESS_CPUTIME_ID), "
		     "not in the vDSO", c4 - c3 - cost, 100);
	return bad;
}
