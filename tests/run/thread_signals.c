/*
 * tests/run/thread_signals.c - signals and threads: each thread has its
 * own mask; pthread_kill (tgkill) and a fault go to one thread; kill goes
 * to the process and any thread not blocking it takes it, or it waits
 * (sigpending) until one unblocks it; tgkill's errors; and a fatal signal
 * sent to one thread ends the whole process (exit status 143).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

static volatile pid_t handled_by[65];
static pthread_t worker;
static volatile pid_t worker_tid;
static volatile int phase;
static sigjmp_buf fault_jmp;
static volatile int *volatile bad_address = (int *)8;

/* Print a raw syscall's result: the value, or -1 and errno's number. */
#define SHOW(what, call) do {						\
		errno = 0;						\
		long r_ = (call);					\
		int e_ = errno;						\
		printf("%s: %ld errno %d\n", what, r_, r_ < 0 ? e_ : 0);	\
	} while (0)

static pid_t gettid_(void)
{
	return (pid_t)syscall(SYS_gettid);
}

static void handler(int sig)
{
	handled_by[sig] = gettid_();
}

static void on_segv(int sig)
{
	handled_by[sig] = gettid_();
	siglongjmp(fault_jmp, 1);
}

static void wait_phase(int p)
{
	while (phase < p)
		sched_yield();
}

static void *work(void *arg)
{
	sigset_t set;

	(void)arg;
	worker_tid = gettid_();
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	pthread_sigmask(SIG_UNBLOCK, &set, NULL);	/* main blocks it */
	phase = 1;
	wait_phase(2);
	if (!sigsetjmp(fault_jmp, 1))
		*bad_address = 1;			/* SIGSEGV here */
	sigemptyset(&set);
	sigaddset(&set, SIGUSR2);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	phase = 3;
	wait_phase(4);
	sigpending(&set);
	printf("worker: SIGUSR2 pending while blocked everywhere: %d\n",
	       sigismember(&set, SIGUSR2));
	sigemptyset(&set);
	sigaddset(&set, SIGUSR2);
	pthread_sigmask(SIG_UNBLOCK, &set, NULL);	/* taken here and now */
	printf("worker: SIGUSR2 handled by worker after unblocking: %d\n",
	       handled_by[SIGUSR2] == worker_tid);
	phase = 5;
	for (;;)
		pause();
	return NULL;
}

int main(void)
{
	sigset_t set, old;
	struct sigaction sa;

	setvbuf(stdout, NULL, _IONBF, 0);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = handler;
	sigaction(SIGUSR1, &sa, NULL);
	sigaction(SIGUSR2, &sa, NULL);
	sigaction(SIGWINCH, &sa, NULL);
	sa.sa_handler = on_segv;
	sa.sa_flags = SA_NODEFER;
	sigaction(SIGSEGV, &sa, NULL);
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	pthread_create(&worker, NULL, work, NULL);
	wait_phase(1);

	pthread_sigmask(SIG_BLOCK, NULL, &old);
	printf("main's mask unchanged by the worker: SIGUSR1 blocked %d\n",
	       sigismember(&old, SIGUSR1));
	kill(getpid(), SIGUSR1);		/* only the worker takes it */
	while (!handled_by[SIGUSR1])
		sched_yield();
	printf("kill(getpid(), SIGUSR1) handled by the worker: %d\n",
	       handled_by[SIGUSR1] == worker_tid);
	pthread_kill(pthread_self(), SIGWINCH);
	printf("pthread_kill(self) handled by main: %d\n",
	       handled_by[SIGWINCH] == getpid());
	handled_by[SIGWINCH] = 0;
	pthread_kill(worker, SIGWINCH);
	while (!handled_by[SIGWINCH])
		sched_yield();
	printf("pthread_kill(worker) handled by the worker: %d\n",
	       handled_by[SIGWINCH] == worker_tid);

	phase = 2;
	wait_phase(3);
	printf("SIGSEGV in the worker handled by the worker: %d\n",
	       handled_by[SIGSEGV] == worker_tid);

	sigemptyset(&set);
	sigaddset(&set, SIGUSR2);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	kill(getpid(), SIGUSR2);
	sigpending(&set);
	printf("main: SIGUSR2 pending for the process: %d, handled yet: %d\n",
	       sigismember(&set, SIGUSR2), handled_by[SIGUSR2] != 0);
	phase = 4;
	wait_phase(5);

	SHOW("tgkill wrong tgid", syscall(SYS_tgkill, getpid() + 100000, worker_tid, 0));
	SHOW("tgkill no such tid", syscall(SYS_tgkill, getpid(), 4000000, 0));
	SHOW("tgkill bad signal", syscall(SYS_tgkill, getpid(), worker_tid, 200));
	SHOW("tgkill bad signal, no such tid", syscall(SYS_tgkill, getpid(), 4000000, 200));
	SHOW("tgkill tid 0", syscall(SYS_tgkill, getpid(), 0, 0));
	SHOW("tkill tid -1", syscall(SYS_tkill, -1, 0));
	SHOW("tgkill signal 0 to the worker", syscall(SYS_tgkill, getpid(), worker_tid, 0));
	SHOW("tkill signal 0 to the worker", syscall(SYS_tkill, worker_tid, 0));
	SHOW("kill signal 0 to the worker's tid", syscall(SYS_kill, worker_tid, 0));

	printf("SIGTERM to the worker ends the process\n");
	pthread_kill(worker, SIGTERM);
	for (;;)
		pause();
}
