/*
 * tests/run/sigqueue.c - signals with a value and signals taken without a
 * handler: sigqueue (rt_sigqueueinfo) and its si_code, si_pid, si_uid and
 * si_value, in sigwaitinfo and in an SA_SIGINFO handler; a standard signal
 * queued twice is kept once, with the first value; sigtimedwait's timeout
 * (EAGAIN), a bad timeout (EINVAL), a handled signal ending the wait
 * (EINTR), a signal from another process ending it; sigwait; the errors of
 * sigqueue and of a raw rt_sigqueueinfo that claims to be kill(); and
 * real-time signals, which queue each sending.
 * Raw system calls take Linux's signal numbers, which newlib's are not:
 * they send signal 0 or are refused before any signal is sent.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define NOBODY	65534

static const char *errname(int e)
{
	return e == EAGAIN ? "EAGAIN" : e == EINVAL ? "EINVAL" : e == EINTR ? "EINTR" :
	       e == ESRCH ? "ESRCH" : e == EPERM ? "EPERM" : "other";
}

static const char *signame(int sig)
{
	return sig == SIGUSR1 ? "SIGUSR1" : sig == SIGUSR2 ? "SIGUSR2" :
	       sig < 0 ? "-1" : "other";
}

static const char *codename(int code)
{
	return code == SI_QUEUE ? "SI_QUEUE" : code == SI_USER ? "SI_USER" :
	       code == SI_TKILL ? "SI_TKILL" : "other";
}

/* What sigwaitinfo (or a handler) saw; the ids are checked, not printed. */
static void show(const char *what, int sig, const siginfo_t *si)
{
	printf("%s: %s", what, signame(sig));
	if (sig > 0)
		printf(" signo %s code %s value %d pid ok %d uid ok %d",
		       signame(si->si_signo), codename(si->si_code),
		       si->si_value.sival_int, si->si_pid == getpid(),
		       si->si_uid == getuid());
	printf("\n");
}

static sigset_t usr1;

static void queue_and_wait(void)
{
	siginfo_t si;
	sigset_t pending;

	sigqueue(getpid(), SIGUSR1, (union sigval){ .sival_int = 42 });
	sigpending(&pending);
	printf("pending after sigqueue: %d\n", sigismember(&pending, SIGUSR1));
	show("sigwaitinfo", sigwaitinfo(&usr1, &si), &si);
	sigqueue(getpid(), SIGUSR1, (union sigval){ .sival_int = 1 });
	sigqueue(getpid(), SIGUSR1, (union sigval){ .sival_int = 2 });
	show("queued twice, first", sigwaitinfo(&usr1, &si), &si);
	struct timespec zero = { 0, 0 };
	int r = sigtimedwait(&usr1, &si, &zero);
	printf("queued twice, second: %d %s\n", r, r < 0 ? errname(errno) : "");
	kill(getpid(), SIGUSR1);
	r = sigwaitinfo(&usr1, &si);
	printf("after kill: %s code %s pid ok %d\n", signame(r), codename(si.si_code),
	       si.si_pid == getpid());
	raise(SIGUSR1);
	int sig = 0;
	r = sigwait(&usr1, &sig);
	printf("sigwait: %d %s\n", r, signame(sig));
}

static void timeouts(void)
{
	struct timespec ts = { 0, 20 * 1000 * 1000 }, t0, t1, bad = { 0, 1000000000 };
	siginfo_t si;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	int r = sigtimedwait(&usr1, &si, &ts);
	int e = errno;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	long ms = (t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000;
	printf("sigtimedwait 20 ms, nothing sent: %d %s, waited >= 20 ms %d\n", r,
	       errname(e), ms >= 19);
	r = sigtimedwait(&usr1, &si, &bad);
	printf("sigtimedwait tv_nsec 1e9: %d %s\n", r, errname(errno));
}

static volatile int got_sig, got_code, got_value;

static void handler(int sig, siginfo_t *si, void *uc)
{
	(void)uc;
	got_sig = sig;
	got_code = si->si_code;
	got_value = si->si_value.sival_int;
}

/* A child sends parent sig after 20 ms, with sigqueue if value >= 0. */
static pid_t send_later(int sig, int value)
{
	pid_t parent = getpid(), pid = fork();

	if (pid == 0) {
		usleep(20000);
		if (value >= 0)
			sigqueue(parent, sig, (union sigval){ .sival_int = value });
		else
			kill(parent, sig);
		_exit(0);
	}
	return pid;
}

static void handlers_and_others(void)
{
	struct sigaction sa;
	struct timespec ts = { 5, 0 };
	siginfo_t si;

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = handler;
	sa.sa_flags = SA_SIGINFO;
	sigaction(SIGUSR2, &sa, NULL);
	sigqueue(getpid(), SIGUSR2, (union sigval){ .sival_int = 7 });
	printf("handler: %s code %s value %d\n", signame(got_sig),
	       codename(got_code), got_value);
	pid_t pid = send_later(SIGUSR1, 99);
	int r = sigtimedwait(&usr1, &si, &ts);
	printf("from a child while waiting: %s code %s value %d\n", signame(r),
	       codename(si.si_code), si.si_value.sival_int);
	waitpid(pid, NULL, 0);
	got_sig = 0;
	pid = send_later(SIGUSR2, -1);
	ts.tv_sec = 1;			/* musl waits again after EINTR */
	r = sigtimedwait(&usr1, &si, &ts);
	printf("a handled signal while waiting: %d %s, handler ran %d\n", r,
	       errname(errno), got_sig == SIGUSR2);
	waitpid(pid, NULL, 0);
}

static void errors(void)
{
	siginfo_t si;

	int r = sigqueue(getpid(), 999, (union sigval){ 0 });
	printf("sigqueue signal 999: %d %s\n", r, errname(errno));
	r = sigqueue(999999, SIGUSR1, (union sigval){ 0 });
	printf("sigqueue to no process: %d %s\n", r, errname(errno));
	r = sigqueue(getpid(), 0, (union sigval){ 0 });
	printf("sigqueue signal 0 to self: %d\n", r);
	pid_t parent = getpid(), pid = fork();
	if (pid == 0) {
		setuid(NOBODY);
		r = sigqueue(parent, 0, (union sigval){ 0 });
		printf("sigqueue as nobody to root's process: %d %s\n", r, errname(errno));
		_exit(0);
	}
	waitpid(pid, NULL, 0);
	pid = send_later(SIGUSR2, -1);	/* a process to aim at */
	memset(&si, 0, sizeof(si));
	si.si_signo = SIGUSR1;
	si.si_code = SI_USER;
	r = (int)syscall(SYS_rt_sigqueueinfo, pid, SIGUSR1, &si);
	printf("rt_sigqueueinfo as SI_USER to another process: %d %s\n", r,
	       errname(errno));
	r = (int)syscall(SYS_rt_sigqueueinfo, getpid(), 0, &si);
	printf("... to itself (signal 0): %d\n", r);
	waitpid(pid, NULL, 0);
}

#ifdef SIGRTMIN
/* Real-time signals queue every sending, lowest signal first, each in
 * the order sent (newlib has none: its signals are 1 to 31). */
static void realtime(void)
{
	sigset_t rt;
	siginfo_t si;
	struct timespec zero = { 0, 0 };

	sigemptyset(&rt);
	sigaddset(&rt, SIGRTMIN);
	sigaddset(&rt, SIGRTMIN + 1);
	sigprocmask(SIG_BLOCK, &rt, NULL);
	sigqueue(getpid(), SIGRTMIN + 1, (union sigval){ .sival_int = 20 });
	for (int v = 10; v < 13; v++)
		sigqueue(getpid(), SIGRTMIN, (union sigval){ .sival_int = v });
	kill(getpid(), SIGRTMIN);
	int r;
	while ((r = sigtimedwait(&rt, &si, &zero)) > 0)
		printf("realtime: SIGRTMIN+%d code %s value %d\n", r - SIGRTMIN,
		       codename(si.si_code), si.si_code == SI_QUEUE ? si.si_value.sival_int : 0);
	printf("realtime: then %d %s\n", r, errname(errno));
}
#endif

int main(void)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	sigemptyset(&usr1);
	sigaddset(&usr1, SIGUSR1);
	sigprocmask(SIG_BLOCK, &usr1, NULL);
	queue_and_wait();
	timeouts();
	handlers_and_others();
	errors();
#ifdef SIGRTMIN
	realtime();
#endif
	return 0;
}
