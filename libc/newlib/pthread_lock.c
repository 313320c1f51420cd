/*
 * libc/newlib/pthread_lock.c - what newlib itself needs to be thread-safe:
 * the futex calls, a small internal lock, newlib's retargetable lock
 * routines (stdio's FILE locks, __sinit, atexit, the environment, the time
 * zone: newlib is configured with --enable-newlib-retargetable-locking),
 * and __getreent(), which gives each thread its own struct _reent (errno,
 * strtok's and rand's state, ...; the stdio streams stay global).
 * Pagoda's malloc has its own lock, taken only while a second thread may
 * exist (__libc_single_threaded).
 */
#include "pthread_impl.h"
#include <stdlib.h>
#include <sys/lock.h>

char __libc_single_threaded = 1;	/* until the first pthread_create */

long __futex_wait(volatile int *addr, int val, const struct timespec *abstime,
		  clockid_t clk)
{
	if (!abstime)
		return SC4(futex, addr, FUTEX_WAIT, val, NULL);
	int op = FUTEX_WAIT_BITSET;
	if (clk == CLOCK_REALTIME)
		op |= FUTEX_CLOCK_REALTIME;
	return SC6(futex, addr, op, val, abstime, NULL, -1);
}

void __futex_wake(volatile int *addr, int n)
{
	SC3(futex, addr, FUTEX_WAKE, n);
}

/* Drepper's "futexes are tricky" mutex: 0 free, 1 held, 2 held and
 * someone may sleep on it. */
void __lll_lock(volatile int *l)
{
	int c = 0;

	if (__atomic_compare_exchange_n(l, &c, 1, 0, __ATOMIC_ACQUIRE,
					__ATOMIC_RELAXED))
		return;
	if (c != 2)
		c = __atomic_exchange_n(l, 2, __ATOMIC_ACQUIRE);
	while (c != 0) {
		__futex_wait(l, 2, NULL, 0);
		c = __atomic_exchange_n(l, 2, __ATOMIC_ACQUIRE);
	}
}

void __lll_unlock(volatile int *l)
{
	if (__atomic_exchange_n(l, 0, __ATOMIC_RELEASE) == 2)
		__futex_wake(l, 1);
}

struct _reent *__getreent(void)
{
	return __pthread_self()->reent;
}

/* ---- newlib's locks ------------------------------------------------------ */

/* One type for newlib's plain and recursive locks: the owner's tid and
 * the depth make it recursive. */
struct __lock {
	volatile int word;
	int owner;
	int count;
};

struct __lock __lock___sinit_recursive_mutex, __lock___sfp_recursive_mutex,
	__lock___atexit_recursive_mutex, __lock___at_quick_exit_mutex,
	__lock___malloc_recursive_mutex, __lock___env_recursive_mutex,
	__lock___tz_mutex, __lock___dd_hash_mutex, __lock___arc4random_mutex;

/* A FILE's lock (fopen): from malloc; on failure the FILE stays unlocked. */
void __retarget_lock_init(_LOCK_T *lock)
{
	*lock = calloc(1, sizeof(struct __lock));
}

void __retarget_lock_init_recursive(_LOCK_T *lock)
{
	__retarget_lock_init(lock);
}

void __retarget_lock_close(_LOCK_T lock)
{
	free(lock);
}

void __retarget_lock_close_recursive(_LOCK_T lock)
{
	free(lock);
}

void __retarget_lock_acquire_recursive(_LOCK_T lock)
{
	int tid = __pthread_self()->tid;

	if (!lock)
		return;
	if (lock->owner != tid) {
		__lll_lock(&lock->word);
		lock->owner = tid;
	}
	lock->count++;
}

/* 1 if taken (or already ours), 0 if another thread holds it. */
int __retarget_lock_try_acquire_recursive(_LOCK_T lock)
{
	int tid = __pthread_self()->tid, c = 0;

	if (!lock)
		return 1;
	if (lock->owner != tid) {
		if (!__atomic_compare_exchange_n(&lock->word, &c, 1, 0,
						 __ATOMIC_ACQUIRE, __ATOMIC_RELAXED))
			return 0;
		lock->owner = tid;
	}
	lock->count++;
	return 1;
}

void __retarget_lock_release_recursive(_LOCK_T lock)
{
	if (!lock || --lock->count)
		return;
	lock->owner = 0;
	__lll_unlock(&lock->word);
}

void __retarget_lock_acquire(_LOCK_T lock)
{
	__retarget_lock_acquire_recursive(lock);
}

int __retarget_lock_try_acquire(_LOCK_T lock)
{
	return __retarget_lock_try_acquire_recursive(lock);
}

void __retarget_lock_release(_LOCK_T lock)
{
	__retarget_lock_release_recursive(lock);
}
