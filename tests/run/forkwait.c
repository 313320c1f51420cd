/*
 * tests/run/forkwait.c - fork, exit statuses, death by signal, and
 * copy-on-write isolation, seen through wait.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static int shared_value = 1;

static void show(const char *what, int status)
{
	if (WIFEXITED(status))
		printf("%s: exited %d\n", what, WEXITSTATUS(status));
	else if (WIFSIGNALED(status))
		printf("%s: killed by signal %d\n", what, WTERMSIG(status));
}

int main(void)
{
	int status;
	char *heap = malloc(64 * 1024);

	strcpy(heap, "parent");
	pid_t pid = fork();
	if (pid == 0) {
		shared_value = 2;
		strcpy(heap, "child");
		printf("child sees %d %s\n", shared_value, heap);
		fflush(stdout);
		_exit(42);
	}
	waitpid(pid, &status, 0);
	show("child 1", status);
	printf("parent sees %d %s\n", shared_value, heap);
	if ((pid = fork()) == 0) {
		*(volatile int *)0 = 0;
		_exit(0);
	}
	waitpid(pid, &status, 0);
	show("child 2", status);
	if ((pid = fork()) == 0) {
		pause();
		_exit(0);
	}
	kill(pid, SIGTERM);
	waitpid(pid, &status, 0);
	show("child 3", status);
	if ((pid = fork()) == 0)
		abort();
	waitpid(pid, &status, 0);
	show("child 4", status);
	printf("wait with no children: %d\n", (int)wait(&status));
	return 0;
}
