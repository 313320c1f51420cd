/*
 * tests/run/thread_exit_group.c - exit vs exit_group.  The main thread
 * leaves with pthread_exit (the SYS_exit of one thread): the process goes
 * on while another thread runs, and ends with that thread's exit(3),
 * an exit_group that also kills a thread blocked in pause().  The exit
 * status (3) is the process's; atexit handlers run once.  Each step waits
 * for the event before it, seen in /proc/self/task, never for a time: the
 * group leader stays a zombie ('Z') until the group ends, another thread
 * leaves its task directory when it exits.
 */
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>

static volatile int finisher_tid;

/* The state letter of thread TID of this process, or 0 once it is gone. */
static char thread_state(int tid)
{
	char path[64], buf[256];
	snprintf(path, sizeof(path), "/proc/self/task/%d/stat", tid);
	int fd = open(path, O_RDONLY);
	if (fd < 0)
		return 0;
	ssize_t n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return 0;
	buf[n] = 0;
	char *p = buf;
	while (*p && *p != ')')
		p++;
	return *p ? p[2] : 0;
}

/* Poll until thread TID is in state WANT (0: gone); 0, or -1 after 20 s. */
static int wait_state(int tid, char want)
{
	for (int i = 0; i < 20000; i++) {
		if (thread_state(tid) == want)
			return 0;
		usleep(1000);
	}
	return -1;
}

static void *blocked(void *arg)
{
	(void)arg;
	for (;;)
		pause();
	return NULL;
}

static void *finisher(void *arg)
{
	(void)arg;
	if (wait_state(getpid(), 'Z'))
		printf("the main thread did not become a zombie\n");
	printf("main thread gone, process still running\n");
	finisher_tid = syscall(SYS_gettid);
	syscall(SYS_exit, 7);		/* one thread: not the status */
	return NULL;
}

static void *last(void *arg)
{
	(void)arg;
	while (!finisher_tid)
		usleep(1000);
	if (wait_state(finisher_tid, 0))
		printf("the finisher thread did not leave\n");
	printf("calling exit(3) from a thread\n");
	exit(3);
}

static void bye(void)
{
	printf("atexit handler ran\n");
}

int main(void)
{
	pthread_t t;

	setvbuf(stdout, NULL, _IONBF, 0);
	atexit(bye);
	pthread_create(&t, NULL, blocked, NULL);
	pthread_create(&t, NULL, blocked, NULL);
	pthread_create(&t, NULL, finisher, NULL);
	pthread_create(&t, NULL, last, NULL);
	printf("main calls pthread_exit\n");
	pthread_exit(NULL);
}
