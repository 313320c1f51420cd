/*
 * tests/user/sigqueue.c - the real-time signal queue, with raw system
 * calls: sendings of a blocked real-time signal queue in order (each with
 * its value) and rt_sigtimedwait takes them one by one; a process that
 * exits with sendings still queued, and a signal set to SIG_IGN while
 * queued, free them (each boot's leak check counts kmalloc objects);
 * rt_tgsigqueueinfo to one thread and its argument errors.
 */
#include "utest.h"
#include <sys/syscall.h>
#include <time.h>

#define RTSIG	40

/* sigqueue(2) as a C library sends it: SI_QUEUE, our pid and uid. */
static long queue(int tid, int sig, int value)
{
	siginfo_t si;

	memset(&si, 0, sizeof(si));
	si.si_signo = sig;
	si.si_code = SI_QUEUE;
	si.si_pid = getpid();
	si.si_uid = getuid();
	si.si_int = value;
	if (tid)
		return syscall(SYS_rt_tgsigqueueinfo, getpid(), tid, sig, &si);
	return syscall(SYS_rt_sigqueueinfo, getpid(), sig, &si);
}

static void block(int sig)
{
	sigset_t s;

	sigemptyset(&s);
	sigaddset(&s, sig);
	sigprocmask(SIG_BLOCK, &s, NULL);
}

/* Take every pending sending of sig without waiting; print the values. */
static void take_all(int sig, int most)
{
	struct timespec zero = { 0, 0 };
	uint64_t set = 1ull << (sig - 1);
	siginfo_t si;
	long r;

	printf("taken:");
	while (most-- > 0 && (r = syscall(SYS_rt_sigtimedwait, &set, &si, &zero, 8)) > 0)
		printf(" %d", si.si_int);
	printf("\n");
}

static void queue_in_order(void)
{
	block(RTSIG);
	for (int v = 1; v <= 5; v++)
		queue(0, RTSIG, v);
	take_all(RTSIG, 5);
	take_all(RTSIG, 5);
}

/* The child leaves three sendings queued; reaping it frees them. */
static void left_at_exit(void)
{
	pid_t pid = fork();

	if (pid == 0) {
		block(RTSIG);
		for (int v = 1; v <= 5; v++)
			queue(0, RTSIG, v);
		take_all(RTSIG, 2);
		fflush(stdout);
		_exit(0);
	}
	waitpid(pid, NULL, 0);
	printf("child reaped\n");
}

static void ignored_while_queued(void)
{
	uint64_t pending = 0;

	block(RTSIG);
	for (int v = 1; v <= 3; v++)
		queue(0, RTSIG, v);
	signal(RTSIG, SIG_IGN);
	syscall(SYS_rt_sigpending, &pending, 8);
	printf("pending after SIG_IGN: %d\n", (int)((pending >> (RTSIG - 1)) & 1));
	signal(RTSIG, SIG_DFL);
	queue(0, RTSIG, 9);
	take_all(RTSIG, 5);
}

static void thread_directed(void)
{
	int tid = (int)syscall(SYS_gettid);

	block(RTSIG);
	queue(tid, RTSIG, 7);
	queue(tid, RTSIG, 8);
	take_all(RTSIG, 5);
	siginfo_t si;
	memset(&si, 0, sizeof(si));
	si.si_code = SI_QUEUE;
	SHOW("rt_tgsigqueueinfo tgid 0", syscall(SYS_rt_tgsigqueueinfo, 0, tid, RTSIG, &si));
	SHOW("rt_tgsigqueueinfo wrong tgid",
	     syscall(SYS_rt_tgsigqueueinfo, getppid(), tid, RTSIG, &si));
	SHOW("rt_tgsigqueueinfo bad siginfo",
	     syscall(SYS_rt_tgsigqueueinfo, getpid(), tid, RTSIG, (void *)16));
	SHOW("rt_sigtimedwait bad set size",
	     syscall(SYS_rt_sigtimedwait, &si, NULL, NULL, 4));
}

static const struct utest tests[] = {
	{ "queue_in_order", queue_in_order },
	{ "left_at_exit", left_at_exit },
	{ "ignored_while_queued", ignored_while_queued },
	{ "thread_directed", thread_directed },
};

UTEST_MAIN(tests)
