/*
 * libc/newlib/pthread_mutex.c - mutexes and condition variables.
 *
 * A mutex's lock word is 0 when free, else its owner's tid, with
 * FUTEX_WAITERS set once a thread may sleep on it (so unlock knows to
 * wake one).  Owning by tid gives the error-checking and recursive kinds
 * their owner test for free, and is what the kernel's robust lists need:
 * a robust mutex sits on its owner's list while held, and if the owner
 * dies the kernel sets FUTEX_OWNER_DIED; the next locker gets EOWNERDEAD
 * and must call pthread_mutex_consistent, or the mutex becomes
 * unusable (ENOTRECOVERABLE) at its unlock.
 *
 * A condition variable is a sequence word: a waiter reads it, unlocks the
 * mutex and sleeps while it is unchanged; signal and broadcast bump it and
 * wake one or all.  A woken waiter relocks with FUTEX_WAITERS set, since
 * others woken with it may sleep on the mutex.
 */
#include "pthread_impl.h"
#include <stddef.h>
#include <string.h>

#define KIND(m)		((m)->__kind & 15)
#define ROBUST(m)	((m)->__kind >> 4)
#define OWNER(m)	((int)((m)->__lock & FUTEX_TID_MASK))
enum { CONSISTENT, INCONSISTENT, NOT_RECOVERABLE };

int pthread_mutexattr_init(pthread_mutexattr_t *attr)
{
	memset(attr, 0, sizeof(*attr));
	return 0;
}

int pthread_mutexattr_destroy(pthread_mutexattr_t *attr)
{
	(void)attr;
	return 0;
}

int pthread_mutexattr_settype(pthread_mutexattr_t *attr, int kind)
{
	if (kind < PTHREAD_MUTEX_NORMAL || kind > PTHREAD_MUTEX_ERRORCHECK)
		return EINVAL;
	attr->__kind = kind;
	return 0;
}

int pthread_mutexattr_gettype(const pthread_mutexattr_t *attr, int *kind)
{
	*kind = attr->__kind;
	return 0;
}

int pthread_mutexattr_setrobust(pthread_mutexattr_t *attr, int robust)
{
	if (robust != PTHREAD_MUTEX_STALLED && robust != PTHREAD_MUTEX_ROBUST)
		return EINVAL;
	attr->__robust = robust;
	return 0;
}

int pthread_mutexattr_getrobust(const pthread_mutexattr_t *attr, int *robust)
{
	*robust = attr->__robust;
	return 0;
}

int pthread_mutexattr_setpshared(pthread_mutexattr_t *attr, int pshared)
{
	if (pshared != PTHREAD_PROCESS_PRIVATE && pshared != PTHREAD_PROCESS_SHARED)
		return EINVAL;
	attr->__pshared = pshared;
	return 0;
}

int pthread_mutexattr_getpshared(const pthread_mutexattr_t *attr, int *pshared)
{
	*pshared = attr->__pshared;
	return 0;
}

int pthread_mutex_init(pthread_mutex_t *m, const pthread_mutexattr_t *attr)
{
	memset(m, 0, sizeof(*m));
	if (attr)
		m->__kind = attr->__kind | attr->__robust << 4;
	return 0;
}

int pthread_mutex_destroy(pthread_mutex_t *m)
{
	return OWNER(m) ? EBUSY : 0;
}

/* Register the thread's robust list with the kernel, once. */
static struct robust_list_head *robust_head(struct pthread *self)
{
	if (!self->robust_registered) {
		self->robust.next = &self->robust;
		self->robust.futex_offset = offsetof(pthread_mutex_t, __lock);
		SC2(set_robust_list, &self->robust, sizeof(self->robust));
		self->robust_registered = 1;
	}
	return &self->robust;
}

/* Put a just-locked robust mutex on the owner's list, and take it off. */
static void robust_add(struct robust_list_head *h, pthread_mutex_t *m)
{
	m->__next = h->next;
	m->__prev = h;
	if (h->next != h)
		((pthread_mutex_t *)h->next)->__prev = m;
	h->next = m;
	h->list_op_pending = NULL;
}

static void robust_del(pthread_mutex_t *m)
{
	struct robust_list_head *h = &__pthread_self()->robust;
	void *prev = m->__prev, *next = m->__next;

	if (prev == h)
		h->next = next;
	else
		((pthread_mutex_t *)prev)->__next = next;
	if (next != h)
		((pthread_mutex_t *)next)->__prev = prev;
}

/* One attempt to take the word from old (free, or its owner died) to
 * tid, keeping FUTEX_WAITERS if waiters is set.  0, EOWNERDEAD or EBUSY. */
static int try_take(pthread_mutex_t *m, int old, int tid, int waiters)
{
	int want = tid | (waiters ? (int)FUTEX_WAITERS : 0);

	if (old & FUTEX_TID_MASK)
		return EBUSY;
	if (!__atomic_compare_exchange_n(&m->__lock, &old, want, 0,
					 __ATOMIC_ACQUIRE, __ATOMIC_RELAXED))
		return EBUSY;
	if (!(old & FUTEX_OWNER_DIED))
		return 0;
	m->__state = INCONSISTENT;
	return EOWNERDEAD;
}

/* Sleep until the word can be taken (or abstime passes: ETIMEDOUT). */
static int lock_slow(pthread_mutex_t *m, int tid, const struct timespec *abstime)
{
	for (;;) {
		int v = m->__lock, r = try_take(m, v, tid, 1);
		if (r != EBUSY)
			return r;
		if (!(v & FUTEX_WAITERS) &&
		    !__atomic_compare_exchange_n(&m->__lock, &v, v | (int)FUTEX_WAITERS,
						 0, __ATOMIC_RELAXED, __ATOMIC_RELAXED))
			continue;
		long e = __futex_wait(&m->__lock, v | (int)FUTEX_WAITERS, abstime,
				      CLOCK_REALTIME);
		if (e == -LINUX_ETIMEDOUT || (e == -LINUX_EINVAL && abstime))
			return e == -LINUX_ETIMEDOUT ? ETIMEDOUT : EINVAL;
	}
}

/* Lock m: contended says a sleeper may be left (a woken condvar waiter). */
static int mutex_lock(pthread_mutex_t *m, const struct timespec *abstime,
		      int trylock, int contended)
{
	struct pthread *self = __pthread_self();
	int tid = self->tid, r;

	if (OWNER(m) == tid && KIND(m) != PTHREAD_MUTEX_NORMAL) {
		if (KIND(m) == PTHREAD_MUTEX_ERRORCHECK)
			return EDEADLK;
		m->__count++;
		return 0;
	}
	if (ROBUST(m)) {
		if (m->__state == NOT_RECOVERABLE)
			return ENOTRECOVERABLE;
		robust_head(self)->list_op_pending = &m->__next;
	}
	r = try_take(m, m->__lock, tid, contended);
	if (r == EBUSY && !trylock)
		r = lock_slow(m, tid, abstime);
	if (ROBUST(m)) {
		if (r == 0 || r == EOWNERDEAD)
			robust_add(&self->robust, m);
		self->robust.list_op_pending = NULL;
	}
	if (r == 0 || r == EOWNERDEAD)
		m->__count = 1;
	return r;
}

int pthread_mutex_lock(pthread_mutex_t *m)
{
	return mutex_lock(m, NULL, 0, 0);
}

int pthread_mutex_trylock(pthread_mutex_t *m)
{
	return mutex_lock(m, NULL, 1, 0);
}

int pthread_mutex_timedlock(pthread_mutex_t *m, const struct timespec *abstime)
{
	return mutex_lock(m, abstime, 0, 0);
}

int pthread_mutex_unlock(pthread_mutex_t *m)
{
	struct pthread *self = __pthread_self();

	if (KIND(m) == PTHREAD_MUTEX_NORMAL && !ROBUST(m))
		m->__count = 1;		/* any thread may unlock it, as in glibc */
	else if (OWNER(m) != self->tid)
		return EPERM;
	if (--m->__count > 0)
		return 0;
	if (ROBUST(m)) {
		self->robust.list_op_pending = &m->__next;
		robust_del(m);
		if (m->__state == INCONSISTENT)
			m->__state = NOT_RECOVERABLE;
	}
	if (__atomic_exchange_n(&m->__lock, 0, __ATOMIC_RELEASE) & FUTEX_WAITERS)
		__futex_wake(&m->__lock, 1);
	if (ROBUST(m))
		self->robust.list_op_pending = NULL;
	return 0;
}

int pthread_mutex_consistent(pthread_mutex_t *m)
{
	if (!ROBUST(m) || m->__state != INCONSISTENT ||
	    OWNER(m) != __pthread_self()->tid)
		return EINVAL;
	m->__state = CONSISTENT;
	return 0;
}

/* ---- condition variables ------------------------------------------------- */

int pthread_condattr_init(pthread_condattr_t *attr)
{
	attr->__clock = (int)CLOCK_REALTIME;
	attr->__pshared = 0;
	return 0;
}

int pthread_condattr_destroy(pthread_condattr_t *attr)
{
	(void)attr;
	return 0;
}

int pthread_condattr_setclock(pthread_condattr_t *attr, clockid_t clock)
{
	if (clock != CLOCK_REALTIME && clock != CLOCK_MONOTONIC)
		return EINVAL;
	attr->__clock = (int)clock;
	return 0;
}

int pthread_condattr_getclock(const pthread_condattr_t *attr, clockid_t *clock)
{
	*clock = attr->__clock;
	return 0;
}

int pthread_condattr_setpshared(pthread_condattr_t *attr, int pshared)
{
	attr->__pshared = pshared;
	return 0;
}

int pthread_cond_init(pthread_cond_t *c, const pthread_condattr_t *attr)
{
	memset(c, 0, sizeof(*c));
	if (attr) {
		c->__clock = attr->__clock;
		c->__clock_set = 1;
	}
	return 0;
}

int pthread_cond_destroy(pthread_cond_t *c)
{
	(void)c;
	return 0;
}

int pthread_cond_timedwait(pthread_cond_t *c, pthread_mutex_t *m,
			   const struct timespec *abstime)
{
	clockid_t clk = c->__clock_set ? (clockid_t)c->__clock : CLOCK_REALTIME;
	int seq = c->__seq, r, timedout = 0;

	__atomic_add_fetch(&c->__waiters, 1, __ATOMIC_SEQ_CST);
	if ((r = pthread_mutex_unlock(m)) != 0) {
		__atomic_sub_fetch(&c->__waiters, 1, __ATOMIC_SEQ_CST);
		return r;
	}
	long e = __futex_wait(&c->__seq, seq, abstime, clk);
	if (e == -LINUX_ETIMEDOUT)
		timedout = ETIMEDOUT;
	else if (e == -LINUX_EINVAL)
		timedout = EINVAL;
	__atomic_sub_fetch(&c->__waiters, 1, __ATOMIC_SEQ_CST);
	r = mutex_lock(m, NULL, 0, 1);
	return r ? r : timedout;
}

int pthread_cond_wait(pthread_cond_t *c, pthread_mutex_t *m)
{
	return pthread_cond_timedwait(c, m, NULL);
}

int pthread_cond_signal(pthread_cond_t *c)
{
	__atomic_add_fetch(&c->__seq, 1, __ATOMIC_SEQ_CST);
	if (__atomic_load_n(&c->__waiters, __ATOMIC_SEQ_CST))
		__futex_wake(&c->__seq, 1);
	return 0;
}

int pthread_cond_broadcast(pthread_cond_t *c)
{
	__atomic_add_fetch(&c->__seq, 1, __ATOMIC_SEQ_CST);
	if (__atomic_load_n(&c->__waiters, __ATOMIC_SEQ_CST))
		__futex_wake(&c->__seq, 0x7fffffff);
	return 0;
}
