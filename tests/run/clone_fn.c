/*
 * tests/run/clone_fn.c - the C library's clone(fn, stack, flags, arg):
 * the child runs fn(arg) on the given stack and exits with fn's value;
 * with CLONE_VM it writes the parent's memory, and the exit signal in
 * the flags (SIGCHLD, newlib's number in a newlib build) is what the
 * parent gets.  (glibc and Pagoda's newlib make a NULL function EINVAL;
 * musl's clone calls it, so that is not tested here.)
 */
#define _GNU_SOURCE
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

#define STACK	(64 * 1024)

static char stack[STACK] __attribute__((aligned(16)));
static volatile int shared;
static volatile sig_atomic_t got_chld;

static int child(void *arg)
{
	shared = *(int *)arg;
	return 42;
}

static void on_chld(int sig)
{
	(void)sig;
	got_chld = 1;
}

static void run(const char *what, int flags)
{
	int arg = 7, st;

	shared = 0;
	got_chld = 0;
	pid_t pid = clone(child, stack + STACK, flags | SIGCHLD, &arg);
	pid_t w = waitpid(pid, &st, 0);
	printf("%s: reaped %d, exit %d, parent sees %d, SIGCHLD %d\n", what,
	       w == pid, WIFEXITED(st) ? WEXITSTATUS(st) : -1, shared, (int)got_chld);
}

int main(void)
{
	signal(SIGCHLD, on_chld);
	run("CLONE_VM", CLONE_VM);
	return 0;
}
