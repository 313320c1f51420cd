/*
 * tests/run/atfork.c - pthread_atfork: prepare handlers run before fork
 * in the reverse order of registration, parent and child handlers after
 * it in the order of registration (NULL ones skipped), and the child
 * handlers run in the child only, at every fork.
 */
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static char trail[64];

static void add(const char *s)
{
	strcat(trail, s);
}

static void prep1(void) { add("P1 "); }
static void prep2(void) { add("P2 "); }
static void par1(void) { add("A1 "); }
static void par2(void) { add("A2 "); }
static void chi1(void) { add("C1 "); }
static void chi3(void) { add("C3 "); }

/* fork once: the child prints its trail and exits, then the parent. */
static void fork_and_show(const char *what)
{
	int st;

	trail[0] = 0;
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		printf("%s child: %s\n", what, trail);
		fflush(stdout);
		_exit(0);
	}
	waitpid(pid, &st, 0);
	printf("%s parent: %s(child exited %d)\n", what, trail, WEXITSTATUS(st));
}

int main(void)
{
	printf("register 1: %d\n", pthread_atfork(prep1, par1, chi1));
	printf("register 2: %d\n", pthread_atfork(prep2, par2, NULL));
	printf("register 3: %d\n", pthread_atfork(NULL, NULL, chi3));
	fork_and_show("first fork");
	fork_and_show("second fork");
	return 0;
}
