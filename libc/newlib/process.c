/*
 * libc/newlib/process.c - the process half of newlib's system layer:
 * start-up (__pagoda_start, called by crt0.S: TLS first), exit,
 * fork/clone/exec/wait, kill and the signal mask, timers and sleeping,
 * ids, sysconf, CPU affinity.  The clocks are in vdso.c; handlers
 * (signal, sigaction, raise) in signal.c.
 */
#include "pagoda_sys.h"
#include <sched.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <sys/times.h>
#include <sys/wait.h>
#include <unistd.h>

char **environ;
extern unsigned long *__pagoda_auxv;
int main(int argc, char **argv, char **envp);
void __libc_init_array(void);
void __libc_fini_array(void);
void __pthread_init(unsigned long *auxv);	/* pthread.c */
void __pthread_fork_child(void);
void __pthread_atfork_prepare(void);		/* pthread_atfork.c */
void __pthread_atfork_after(int child);
void __pagoda_vdso_init(void);			/* vdso.c */

/* crt0.S jumps here with the initial stack: argc, argv[], NULL, envp[],
 * NULL, then the auxiliary vector (for getauxval). */
void __pagoda_start(long *sp)
{
	int argc = (int)sp[0];
	char **argv = (char **)(sp + 1);

	char **p = environ = argv + argc + 1;

	while (*p)
		p++;
	__pagoda_auxv = (unsigned long *)(p + 1);
	__pthread_init(__pagoda_auxv);
	__pagoda_vdso_init();
	atexit(__libc_fini_array);
	__libc_init_array();
	exit(main(argc, argv, environ));
}

/* newlib's __libc_init_array calls _init first and __libc_fini_array _fini
 * last: the .init/.fini sections hold nothing for a program built with
 * tools/pagoda-cc (gcc emits .init_array), so they are empty. */
void _init(void)
{
}

void _fini(void)
{
}

void _exit(int status)
{
	for (;;)
		SC1(exit_group, status);
}

pid_t getpid(void)
{
	return (pid_t)SC0(getpid);
}

pid_t getppid(void)
{
	return (pid_t)SC0(getppid);
}

uid_t getuid(void) { return (uid_t)SC0(getuid); }
uid_t geteuid(void) { return (uid_t)SC0(geteuid); }
gid_t getgid(void) { return (gid_t)SC0(getgid); }
gid_t getegid(void) { return (gid_t)SC0(getegid); }

int kill(pid_t pid, int sig)
{
	int lx = __pagoda_sig_to_linux(sig);

	if (lx < 0) {
		errno = EINVAL;
		return -1;
	}
	return (int)__pagoda_ret(SC2(kill, pid, lx));
}

/* SIG_BLOCK, SIG_UNBLOCK and SIG_SETMASK are 0, 1, 2 in Linux, and in
 * newlib SIG_SETMASK 0, SIG_BLOCK 1, SIG_UNBLOCK 2. */
int sigprocmask(int how, const sigset_t *set, sigset_t *old)
{
	static const int linux_how[] = {
		[SIG_BLOCK] = 0, [SIG_UNBLOCK] = 1, [SIG_SETMASK] = 2,
	};
	unsigned long lset, lold = 0;

	if (set && (how < 0 || how > SIG_UNBLOCK)) {
		errno = EINVAL;
		return -1;
	}
	if (set)
		lset = __pagoda_sigset_to_linux(*set);
	long r = __pagoda_ret(SC4(rt_sigprocmask, set ? linux_how[how] : 0,
				  set ? &lset : NULL, &lold, 8));
	if (r == 0 && old)
		*old = __pagoda_sigset_from_linux(lold);
	return (int)r;
}

int sigpending(sigset_t *set)
{
	unsigned long lx;

	if (__pagoda_ret(SC2(rt_sigpending, &lx, 8)) < 0)
		return -1;
	*set = __pagoda_sigset_from_linux(lx);
	return 0;
}

/* Wait for a signal with mask as the signal mask; always -1 (EINTR). */
int sigsuspend(const sigset_t *mask)
{
	unsigned long lx = __pagoda_sigset_to_linux(*mask);

	return (int)__pagoda_ret(SC2(rt_sigsuspend, &lx, 8));
}

/* The fork handlers (pthread_atfork.c) around the system call. */
pid_t fork(void)
{
	__pthread_atfork_prepare();
	pid_t pid = (pid_t)__pagoda_ret(SC0(fork));

	if (pid == 0)
		__pthread_fork_child();
	__pthread_atfork_after(pid == 0);
	return pid;
}

int __pagoda_clone_fn(int (*fn)(void *), void *stack, unsigned long flags, void *arg,
		      pid_t *ptid, void *tls, pid_t *ctid);	/* clone.S */

/* glibc's clone: the exit signal in flags' low byte is newlib's number,
 * given to the kernel as Linux's; ptid, tls and ctid are read only if a
 * flag uses one (then the caller passed all three). */
int clone(int (*fn)(void *), void *stack, int flags, void *arg, ...)
{
	pid_t *ptid = NULL, *ctid = NULL;
	void *tls = NULL;
	int sig = __pagoda_sig_to_linux(flags & CSIGNAL);

	if (flags & (CLONE_PARENT_SETTID | CLONE_SETTLS | CLONE_CHILD_SETTID |
		     CLONE_CHILD_CLEARTID)) {
		va_list ap;
		va_start(ap, arg);
		ptid = va_arg(ap, pid_t *);
		tls = va_arg(ap, void *);
		ctid = va_arg(ap, pid_t *);
		va_end(ap);
	}
	if (sig < 0) {
		errno = EINVAL;
		return -1;
	}
	return __pagoda_clone_fn(fn, stack, ((unsigned)flags & ~CSIGNAL) | (unsigned)sig,
				 arg, ptid, tls, ctid);
}

int execve(const char *path, char *const argv[], char *const envp[])
{
	return (int)__pagoda_ret(SC3(execve, path, argv, envp));
}

pid_t waitpid(pid_t pid, int *status, int options)
{
	int st = 0;
	pid_t r = (pid_t)__pagoda_ret(SC4(wait4, pid, &st, options, NULL));
	if (r > 0 && status)
		*status = __pagoda_status_from_linux(st);
	return r;
}

pid_t wait(int *status)
{
	return waitpid(-1, status, 0);
}

/* newlib's struct itimerval and ITIMER_* are Linux's (two 64-bit
 * timevals; 0, 1, 2). */
int getitimer(int which, struct itimerval *value)
{
	return (int)__pagoda_ret(SC2(getitimer, which, value));
}

int setitimer(int which, const struct itimerval *value, struct itimerval *old)
{
	return (int)__pagoda_ret(SC3(setitimer, which, value, old));
}

/* Linux's times() fills struct tms (four clock_t, like newlib's) and
 * returns ticks since boot. */
clock_t times(struct tms *buf)
{
	return (clock_t)__pagoda_ret(SC1(times, buf));
}

int nanosleep(const struct timespec *req, struct timespec *rem)
{
	return (int)__pagoda_ret(SC2(nanosleep, req, rem));
}

unsigned sleep(unsigned seconds)
{
	struct timespec ts = { seconds, 0 };
	return nanosleep(&ts, &ts) ? (unsigned)ts.tv_sec : 0;
}

int usleep(useconds_t us)
{
	struct timespec ts = { us / 1000000, (long)(us % 1000000) * 1000 };
	return nanosleep(&ts, NULL);
}

int getentropy(void *buf, size_t n)
{
	if (n > 256) {
		errno = EIO;
		return -1;
	}
	return __pagoda_ret(SC3(getrandom, buf, n, 0)) < 0 ? -1 : 0;
}

long sysconf(int name)
{
	switch (name) {
	case _SC_PAGESIZE:
		return 4096;
	case _SC_CLK_TCK:
		return 100;
	case _SC_NPROCESSORS_CONF:
	case _SC_NPROCESSORS_ONLN:
		return 1;
	default:
		errno = EINVAL;
		return -1;
	}
}

int getpagesize(void)
{
	return 4096;
}

#define ALIAS(name) __attribute__((alias(#name), copy(name)))
pid_t _getpid(void) ALIAS(getpid);
int _kill(pid_t pid, int sig) ALIAS(kill);
pid_t _fork(void) ALIAS(fork);
int _execve(const char *path, char *const argv[], char *const envp[]) ALIAS(execve);
pid_t _wait(int *status) ALIAS(wait);
clock_t _times(struct tms *buf) ALIAS(times);

int sched_yield(void)
{
	return (int)__pagoda_ret(SC0(sched_yield));
}

/* The kernel writes the bytes of its CPU mask and returns their count;
 * glibc clears the rest of the caller's set and returns 0. */
int sched_getaffinity(pid_t pid, size_t size, cpu_set_t *set)
{
	long r = __pagoda_ret(SC3(sched_getaffinity, pid, size, set));

	if (r < 0)
		return -1;
	memset((char *)set + r, 0, size - (size_t)r);
	return 0;
}

int sched_setaffinity(pid_t pid, size_t size, const cpu_set_t *set)
{
	return (int)__pagoda_ret(SC3(sched_setaffinity, pid, size, set));
}

unsigned alarm(unsigned seconds)
{
	return (unsigned)SC1(alarm, seconds);
}

pid_t getpgrp(void)
{
	return (pid_t)SC0(getpgrp);
}

pid_t getsid(pid_t pid)
{
	return (pid_t)__pagoda_ret(SC1(getsid, pid));
}

pid_t setsid(void)
{
	return (pid_t)__pagoda_ret(SC0(setsid));
}

int setpgid(pid_t pid, pid_t pgid)
{
	return (int)__pagoda_ret(SC2(setpgid, pid, pgid));
}
