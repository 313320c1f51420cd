/*
 * tests/run/thread_exec.c - execve from a thread that is not the leader:
 * the other threads are killed, and the new program runs as the same
 * process, with the pid the process had, one thread, and the same parent.
 */
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

static char *self;
static char pid_arg[16], ppid_arg[16];

static int threads(void)
{
	char buf[4096];
	int fd = open("/proc/self/status", O_RDONLY);
	ssize_t n = read(fd, buf, sizeof(buf) - 1);

	close(fd);
	buf[n > 0 ? n : 0] = '\0';
	char *p = strstr(buf, "\nThreads:");
	return p ? atoi(p + 9) : -1;
}

static void *spinner(void *arg)
{
	(void)arg;
	for (;;)
		sched_yield();
	return NULL;
}

static void *execer(void *arg)
{
	(void)arg;
	printf("thread: tid != pid %d, execs with %d threads\n",
	       (pid_t)syscall(SYS_gettid) != getpid(), threads());
	char *argv[] = { self, "after-exec", pid_arg, ppid_arg, NULL };
	execv(self, argv);
	perror("execv");
	return NULL;
}

int main(int argc, char **argv)
{
	pthread_t t;

	setvbuf(stdout, NULL, _IONBF, 0);
	if (argc == 4 && !strcmp(argv[1], "after-exec")) {
		printf("new image: getpid() == old pid %d, getppid() same %d, "
		       "gettid() == getpid() %d, threads %d\n",
		       getpid() == atoi(argv[2]), getppid() == atoi(argv[3]),
		       (pid_t)syscall(SYS_gettid) == getpid(), threads());
		return 4;
	}
	self = argv[0];
	snprintf(pid_arg, sizeof(pid_arg), "%d", getpid());
	snprintf(ppid_arg, sizeof(ppid_arg), "%d", getppid());
	pthread_create(&t, NULL, spinner, NULL);
	pthread_create(&t, NULL, spinner, NULL);
	pthread_create(&t, NULL, execer, NULL);
	for (;;)
		pause();
}
