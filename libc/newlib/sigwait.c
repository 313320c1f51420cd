/*
 * libc/newlib/sigwait.c - signals sent with a value (sigqueue, over
 * rt_sigqueueinfo with si_code SI_QUEUE, as glibc and musl send it) and
 * taken synchronously (sigwaitinfo, sigtimedwait, sigwait over
 * rt_sigtimedwait).  Signal numbers and masks are converted both ways;
 * the siginfo_t is Linux's (libc/newlib/include/sys/signal.h), with
 * newlib's number in si_signo.
 */
#include "pagoda_sys.h"
#include <string.h>
#include <unistd.h>

int sigqueue(pid_t pid, int sig, const union sigval value)
{
	int lx = __pagoda_sig_to_linux(sig);
	siginfo_t info;

	if (lx < 0) {
		errno = EINVAL;
		return -1;
	}
	memset(&info, 0, sizeof(info));
	info.si_signo = lx;
	info.si_code = SI_QUEUE;
	info.si_pid = getpid();
	info.si_uid = (int)getuid();
	info.si_value = value;
	return (int)__pagoda_ret(SC3(rt_sigqueueinfo, pid, lx, &info));
}

/* The signal of set taken (newlib's number), or -1: EAGAIN when timeout
 * passes, EINTR when a handler ran, EINVAL for a bad timeout. */
int sigtimedwait(const sigset_t *set, siginfo_t *info, const struct timespec *timeout)
{
	unsigned long lx = __pagoda_sigset_to_linux(*set);
	siginfo_t si;
	long r = __pagoda_ret(SC4(rt_sigtimedwait, &lx, &si, timeout, 8));

	if (r < 0)
		return -1;
	int sig = __pagoda_sig_from_linux((int)r);
	si.si_signo = sig;
	if (info)
		*info = si;
	return sig;
}

int sigwaitinfo(const sigset_t *set, siginfo_t *info)
{
	return sigtimedwait(set, info, NULL);
}

/* POSIX's sigwait: an error number, and a handler's EINTR is waited out. */
int sigwait(const sigset_t *set, int *sig)
{
	int saved = errno, r;

	while ((r = sigtimedwait(set, NULL, NULL)) < 0 && errno == EINTR)
		;
	if (r < 0) {
		r = errno;
		errno = saved;
		return r;
	}
	errno = saved;
	*sig = r;
	return 0;
}
