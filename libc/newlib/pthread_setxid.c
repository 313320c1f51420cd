/*
 * libc/newlib/pthread_setxid.c - the id calls for every thread.  Linux
 * (and Pagoda) keep credentials per thread, but POSIX makes them the
 * process's, so glibc and musl have each thread repeat setuid & co.: the
 * caller makes the call first and, if it worked, sends SIGSETXID
 * (Linux's signal 33, which newlib's numbering cannot name, so no newlib
 * program blocks it) to every other thread, whose handler makes the same
 * call; the caller waits until all have.  The thread list stays locked
 * throughout, so no thread is created or leaves meanwhile.
 */
#include "pthread_impl.h"

#define SIGSETXID	33

int __pagoda_own_handler(int lx, void (*fn)(int, siginfo_t *, void *));

static struct {
	long nr, a, b, c;
	volatile int left;		/* threads still to make the call */
} op;

static void setxid_handler(int sig, siginfo_t *si, void *uc)
{
	(void)sig, (void)si, (void)uc;
	__pagoda_syscall(op.nr, op.a, op.b, op.c, 0, 0, 0);
	if (__atomic_sub_fetch(&op.left, 1, __ATOMIC_SEQ_CST) == 0)
		__futex_wake(&op.left, 1);
}

/* System call nr(a, b, c) in every thread; its result in the caller's
 * (-1 and errno, as __pagoda_ret). */
long __pagoda_setxid(long nr, long a, long b, long c)
{
	static int installed;
	int left;

	if (__libc_single_threaded)
		return __pagoda_ret(__pagoda_syscall(nr, a, b, c, 0, 0, 0));
	__pthread_lock_list();
	long r = __pagoda_syscall(nr, a, b, c, 0, 0, 0);
	if (r == 0 && (installed || __pagoda_own_handler(SIGSETXID, setxid_handler) == 0)) {
		installed = 1;
		op.nr = nr, op.a = a, op.b = b, op.c = c;
		op.left = 1 << 30;	/* until the count is known */
		int n = __pthread_kill_others(SIGSETXID);
		__atomic_sub_fetch(&op.left, (1 << 30) - n, __ATOMIC_SEQ_CST);
		while ((left = op.left) != 0)
			__futex_wait(&op.left, left, NULL, 0);
	}
	__pthread_unlock_list();
	return __pagoda_ret(r);
}
