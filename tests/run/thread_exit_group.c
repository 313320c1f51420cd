/*
 * tests/run/thread_exit_group.c - exit vs exit_group.  The main thread
 * leaves with pthread_exit (the SYS_exit of one thread): the process goes
 * on while another thread runs, and ends with that thread's exit(3),
 * an exit_group that also kills a thread blocked in pause().  The exit
 * status (3) is the process's; atexit handlers run once.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>

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
	usleep(30000);			/* main has left by now */
	printf("main thread gone, process still running\n");
	syscall(SYS_exit, 7);		/* one thread: not the status */
	return NULL;
}

static void *last(void *arg)
{
	(void)arg;
	usleep(60000);
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
