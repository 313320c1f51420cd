/*
 * libc/newlib/pthread_sync.c - barriers, read-write locks, spin locks and
 * unnamed semaphores, each on a futex word.
 *
 * Barriers and rwlocks keep their counts under a small internal lock
 * (__lll_lock) and sleep on a sequence word that each opening or unlock
 * bumps: a sleeper passes the value it saw to FUTEX_WAIT, so a change
 * made between its check and its sleep is never missed.  A semaphore
 * sleeps on its value itself (while it is 0).  Read-write locks prefer
 * readers, as glibc's default does.
 */
#include "pthread_impl.h"
#include <semaphore.h>
#include <string.h>

#define ALL	0x7fffffff

int pthread_barrierattr_init(pthread_barrierattr_t *attr)
{
	attr->__pshared = 0;
	return 0;
}

int pthread_barrierattr_destroy(pthread_barrierattr_t *attr)
{
	(void)attr;
	return 0;
}

int pthread_barrier_init(pthread_barrier_t *b, const pthread_barrierattr_t *attr,
			 unsigned count)
{
	(void)attr;
	if (count == 0)
		return EINVAL;
	memset(b, 0, sizeof(*b));
	b->__count = count;
	return 0;
}

int pthread_barrier_destroy(pthread_barrier_t *b)
{
	return b->__arrived ? EBUSY : 0;
}

/* The last of count threads to arrive opens the barrier for the others
 * and returns PTHREAD_BARRIER_SERIAL_THREAD; the others return 0. */
int pthread_barrier_wait(pthread_barrier_t *b)
{
	__lll_lock(&b->__lock);
	int seq = b->__seq;
	if (++b->__arrived == b->__count) {
		b->__arrived = 0;
		__atomic_add_fetch(&b->__seq, 1, __ATOMIC_SEQ_CST);
		__lll_unlock(&b->__lock);
		__futex_wake(&b->__seq, ALL);
		return PTHREAD_BARRIER_SERIAL_THREAD;
	}
	__lll_unlock(&b->__lock);
	while (__atomic_load_n(&b->__seq, __ATOMIC_SEQ_CST) == seq)
		__futex_wait(&b->__seq, seq, NULL, 0);
	return 0;
}

/* ---- read-write locks ---------------------------------------------------- */

int pthread_rwlockattr_init(pthread_rwlockattr_t *attr)
{
	attr->__pshared = 0;
	return 0;
}

int pthread_rwlockattr_destroy(pthread_rwlockattr_t *attr)
{
	(void)attr;
	return 0;
}

int pthread_rwlock_init(pthread_rwlock_t *rw, const pthread_rwlockattr_t *attr)
{
	(void)attr;
	memset(rw, 0, sizeof(*rw));
	return 0;
}

int pthread_rwlock_destroy(pthread_rwlock_t *rw)
{
	return rw->__readers || rw->__writer ? EBUSY : 0;
}

/* Take rw to read or to write, sleeping unless trylock (EBUSY) until it
 * is free enough or abstime passes (ETIMEDOUT). */
static int rw_acquire(pthread_rwlock_t *rw, int write, int trylock,
		      const struct timespec *abstime)
{
	int tid = __pthread_self()->tid;

	for (;;) {
		__lll_lock(&rw->__lock);
		if (!rw->__writer && (!write || rw->__readers == 0)) {
			if (write)
				rw->__writer = tid;
			else
				rw->__readers++;
			__lll_unlock(&rw->__lock);
			return 0;
		}
		int busy = rw->__writer == tid ? EDEADLK : trylock ? EBUSY : 0;
		int seq = rw->__seq;
		if (!busy)
			__atomic_add_fetch(&rw->__waiters, 1, __ATOMIC_SEQ_CST);
		__lll_unlock(&rw->__lock);
		if (busy)
			return busy;
		long e = __futex_wait(&rw->__seq, seq, abstime, CLOCK_REALTIME);
		__atomic_sub_fetch(&rw->__waiters, 1, __ATOMIC_SEQ_CST);
		if (e == -LINUX_ETIMEDOUT)
			return ETIMEDOUT;
		if (e == -LINUX_EINVAL)
			return EINVAL;
	}
}

int pthread_rwlock_rdlock(pthread_rwlock_t *rw)
{
	return rw_acquire(rw, 0, 0, NULL);
}

int pthread_rwlock_tryrdlock(pthread_rwlock_t *rw)
{
	return rw_acquire(rw, 0, 1, NULL);
}

int pthread_rwlock_timedrdlock(pthread_rwlock_t *rw, const struct timespec *abstime)
{
	return rw_acquire(rw, 0, 0, abstime);
}

int pthread_rwlock_wrlock(pthread_rwlock_t *rw)
{
	return rw_acquire(rw, 1, 0, NULL);
}

int pthread_rwlock_trywrlock(pthread_rwlock_t *rw)
{
	return rw_acquire(rw, 1, 1, NULL);
}

int pthread_rwlock_timedwrlock(pthread_rwlock_t *rw, const struct timespec *abstime)
{
	return rw_acquire(rw, 1, 0, abstime);
}

int pthread_rwlock_unlock(pthread_rwlock_t *rw)
{
	__lll_lock(&rw->__lock);
	if (rw->__writer)
		rw->__writer = 0;
	else if (rw->__readers)
		rw->__readers--;
	else {
		__lll_unlock(&rw->__lock);
		return EPERM;
	}
	__atomic_add_fetch(&rw->__seq, 1, __ATOMIC_SEQ_CST);
	int waiters = rw->__waiters;
	__lll_unlock(&rw->__lock);
	if (waiters)
		__futex_wake(&rw->__seq, ALL);
	return 0;
}

/* ---- spin locks ------------------------------------------------------------ */

int pthread_spin_init(pthread_spinlock_t *s, int pshared)
{
	(void)pshared;
	*s = 0;
	return 0;
}

int pthread_spin_destroy(pthread_spinlock_t *s)
{
	(void)s;
	return 0;
}

int pthread_spin_lock(pthread_spinlock_t *s)
{
	while (__atomic_exchange_n(s, 1, __ATOMIC_ACQUIRE))
		while (__atomic_load_n(s, __ATOMIC_RELAXED))
			__builtin_ia32_pause();
	return 0;
}

int pthread_spin_trylock(pthread_spinlock_t *s)
{
	return __atomic_exchange_n(s, 1, __ATOMIC_ACQUIRE) ? EBUSY : 0;
}

int pthread_spin_unlock(pthread_spinlock_t *s)
{
	__atomic_store_n(s, 0, __ATOMIC_RELEASE);
	return 0;
}

/* ---- semaphores ------------------------------------------------------------ */

int sem_init(sem_t *sem, int pshared, unsigned value)
{
	(void)pshared;
	if (value > SEM_VALUE_MAX) {
		errno = EINVAL;
		return -1;
	}
	sem->__value = (int)value;
	sem->__waiters = 0;
	return 0;
}

int sem_destroy(sem_t *sem)
{
	(void)sem;
	return 0;
}

int sem_post(sem_t *sem)
{
	int v = sem->__value;

	do {
		if (v == SEM_VALUE_MAX) {
			errno = EOVERFLOW;
			return -1;
		}
	} while (!__atomic_compare_exchange_n(&sem->__value, &v, v + 1, 0,
					      __ATOMIC_SEQ_CST, __ATOMIC_RELAXED));
	if (__atomic_load_n(&sem->__waiters, __ATOMIC_SEQ_CST))
		__futex_wake(&sem->__value, 1);
	return 0;
}

int sem_trywait(sem_t *sem)
{
	int v = sem->__value;

	do {
		if (v <= 0) {
			errno = EAGAIN;
			return -1;
		}
	} while (!__atomic_compare_exchange_n(&sem->__value, &v, v - 1, 0,
					      __ATOMIC_SEQ_CST, __ATOMIC_RELAXED));
	return 0;
}

/* Sleep while the value is 0; -1 with ETIMEDOUT, EINTR (a handler ran,
 * as Linux's sem_wait) or EINVAL (a bad abstime). */
int sem_timedwait(sem_t *sem, const struct timespec *abstime)
{
	for (;;) {
		int saved = errno;
		if (sem_trywait(sem) == 0)
			return 0;
		errno = saved;
		__atomic_add_fetch(&sem->__waiters, 1, __ATOMIC_SEQ_CST);
		long e = __futex_wait(&sem->__value, 0, abstime, CLOCK_REALTIME);
		__atomic_sub_fetch(&sem->__waiters, 1, __ATOMIC_SEQ_CST);
		if (e == -LINUX_ETIMEDOUT || e == -LINUX_EINTR || e == -LINUX_EINVAL) {
			errno = __pagoda_errno(e);
			return -1;
		}
	}
}

int sem_wait(sem_t *sem)
{
	return sem_timedwait(sem, NULL);
}

int sem_getvalue(sem_t *sem, int *value)
{
	*value = sem->__value;
	return 0;
}
