/*
 * tests/run/signal_basics.c - signal(), raise(), alarm()+pause(),
 * sigprocmask blocking and unblocking, a SIGSEGV handler in a child, the
 * default actions of SIGSEGV and abort() seen through waitpid.  With
 * newlib (tools/pagoda-cc) the handlers are real kernel handlers
 * (libc/newlib/signal.c) and the signal numbers are translated both ways.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

static volatile int got;

static void handler(int sig)
{
	got = sig;
}

static void segv_handler(int sig)
{
	printf("SIGSEGV handler: %d\n", sig == SIGSEGV);
	fflush(stdout);
	_exit(7);
}

/* Run fn in a child; its wait status. */
static int in_child(void (*fn)(void))
{
	int st;

	fflush(stdout);
	pid_t p = fork();
	if (p == 0) {
		fn();
		_exit(0);
	}
	waitpid(p, &st, 0);
	return st;
}

static void fault(void)
{
	*(volatile int *)0 = 1;
}

static void fault_caught(void)
{
	signal(SIGSEGV, segv_handler);
	fault();
}

int main(void)
{
	signal(SIGUSR1, handler);
	raise(SIGUSR1);
	printf("raise SIGUSR1: %d\n", got == SIGUSR1);
	signal(SIGALRM, handler);
	alarm(1);
	pause();
	printf("alarm: %d\n", got == SIGALRM);

	sigset_t set, old;
	sigemptyset(&set);
	sigaddset(&set, SIGUSR2);
	sigprocmask(SIG_BLOCK, &set, &old);
	signal(SIGUSR2, handler);
	got = 0;
	kill(getpid(), SIGUSR2);
	printf("blocked: %d\n", got == 0);
	sigprocmask(SIG_SETMASK, &old, NULL);
	printf("unblocked: %d\n", got == SIGUSR2);

	int st = in_child(fault_caught);
	printf("child exit %d\n", WIFEXITED(st) ? WEXITSTATUS(st) : -1);
	st = in_child(fault);
	printf("child killed by SIGSEGV: %d\n", WIFSIGNALED(st) && WTERMSIG(st) == SIGSEGV);
	st = in_child(abort);
	printf("abort: %d\n", WIFSIGNALED(st) && WTERMSIG(st) == SIGABRT);
	return 0;
}
