/*
 * tests/run/posix.c - libc paths that lean on less common system calls:
 * alarm and interval timers, poll and select on pipes, system() and
 * posix_spawn (clone with CLONE_VM|CLONE_VFORK), vfork, chmod,
 * /dev/urandom, CPU affinity.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/select.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;
static volatile int alarms, vtalarms, profs;

static void on_alarm(int sig)
{
	if (sig == SIGALRM)
		alarms++;
	else if (sig == SIGVTALRM)
		vtalarms++;
	else
		profs++;
}

/* ITIMER_VIRTUAL and ITIMER_PROF count CPU time: spin until they fire. */
static void cpu_timers(void)
{
	struct itimerval it = { { 0, 0 }, { 0, 30000 } };
	volatile unsigned long spin = 0;

	signal(SIGVTALRM, on_alarm);
	signal(SIGPROF, on_alarm);
	setitimer(ITIMER_VIRTUAL, &it, NULL);
	setitimer(ITIMER_PROF, &it, NULL);
	while ((!vtalarms || !profs) && spin < 4000000000ul)
		spin++;
	printf("SIGVTALRM %d, SIGPROF %d\n", vtalarms, profs);
}

static void devices(void)
{
	unsigned char b[64];
	int fd = open("/dev/urandom", O_RDONLY), zeros = 0;
	ssize_t n = read(fd, b, sizeof(b));

	for (int i = 0; i < 64; i++)
		zeros += !b[i];
	printf("/dev/urandom: read %zd, not all zero %d\n", n, zeros < 64);
	close(fd);
	cpu_set_t set;
	CPU_ZERO(&set);
	printf("sched_getaffinity = %d, at least one CPU %d\n",
	       sched_getaffinity(0, sizeof(set), &set), CPU_COUNT(&set) >= 1);
}

static void timers(void)
{
	signal(SIGALRM, on_alarm);
	printf("alarm(1) = %u\n", alarm(1));
	printf("alarm(2) while pending = %u\n", alarm(2) > 0);
	alarm(0);
	struct itimerval it = { { 0, 20000 }, { 0, 20000 } }, old;
	setitimer(ITIMER_REAL, &it, NULL);
	while (alarms < 3)
		pause();
	it = (struct itimerval){ { 0, 0 }, { 0, 0 } };
	setitimer(ITIMER_REAL, &it, &old);
	/* One more may come between the third and the stop (a busy host). */
	printf("periodic SIGALRM at least x3 %d, old interval %ld us\n", alarms >= 3,
	       (long)old.it_interval.tv_usec);
	printf("getitimer after stop: %ld\n", (long)(getitimer(ITIMER_REAL, &old),
						     old.it_value.tv_usec));
	printf("setitimer(bad which) = %d\n", setitimer(7, &it, NULL));
}

static void polling(void)
{
	int p[2];
	struct pollfd pf[2];

	pipe(p);
	pf[0] = (struct pollfd){ p[0], POLLIN, 0 };
	pf[1] = (struct pollfd){ p[1], POLLOUT, 0 };
	printf("poll empty: %d in=%x out=%x\n", poll(pf, 2, 10), pf[0].revents,
	       pf[1].revents);
	write(p[1], "x", 1);
	printf("poll data: %d in=%x\n", poll(pf, 1, 0), pf[0].revents);
	fd_set r;
	FD_ZERO(&r);
	FD_SET(p[0], &r);
	struct timeval tv = { 0, 1000 };
	printf("select data: %d isset=%d\n", select(p[0] + 1, &r, NULL, NULL, &tv),
	       FD_ISSET(p[0], &r));
	close(p[1]);
	char c;
	read(p[0], &c, 1);
	printf("poll after writer closed: %d in=%x\n", poll(pf, 1, 0), pf[0].revents);
	pf[0].fd = 999;
	printf("poll bad fd: %d revents=%x\n", poll(pf, 1, 0), pf[0].revents);
}

static void spawning(void)
{
	fflush(stdout);
	int st = system("echo system says hi; exit 7");
	printf("system status: exited=%d code=%d\n", WIFEXITED(st), WEXITSTATUS(st));
	pid_t pid;
	char *argv[] = { "sh", "-c", "echo spawned $0", "x", NULL };
	fflush(stdout);
	int err = posix_spawn(&pid, "/bin/sh", NULL, NULL, argv, environ);
	waitpid(pid, &st, 0);
	printf("posix_spawn: err=%d status=%d\n", err, WEXITSTATUS(st));
	volatile int shared = 1;
	pid = vfork();
	if (pid == 0) {
		shared = 2;		/* vfork: the parent's memory */
		_exit(3);
	}
	waitpid(pid, &st, 0);
	printf("vfork: child status %d, parent sees %d\n", WEXITSTATUS(st), shared);
}

static void modes(void)
{
	struct stat s;

	close(open("f", O_CREAT | O_WRONLY, 0644));
	printf("chmod = %d\n", chmod("f", 0600));
	stat("f", &s);
	printf("mode %o\n", s.st_mode & 07777);
	int fd = open("f", O_RDONLY);
	printf("fchmod = %d\n", fchmod(fd, 0751));
	fstat(fd, &s);
	printf("mode %o\n", s.st_mode & 07777);
	close(fd);
	printf("chmod(missing) = %d\n", chmod("missing", 0600));
	unlink("f");
}

int main(void)
{
	timers();
	cpu_timers();
	devices();
	polling();
	spawning();
	modes();
	return 0;
}
