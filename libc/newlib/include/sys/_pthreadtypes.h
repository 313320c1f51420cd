/*
 * <sys/_pthreadtypes.h> for newlib programs, in place of newlib's (whose
 * types are RTEMS's object ids): the types of libc/newlib/pthread*.c, each
 * built on a 32-bit futex word.  A mutex's word holds its owner's thread
 * id, as Linux's robust-futex protocol wants (FUTEX_WAITERS and
 * FUTEX_OWNER_DIED are its top bits), and it begins with the robust-list
 * link the kernel walks when its owner dies.
 */
#ifndef _SYS__PTHREADTYPES_H_
#define _SYS__PTHREADTYPES_H_

#include <sys/sched.h>

typedef unsigned long pthread_t;	/* the thread's struct pthread */

typedef struct {
	void *__stackaddr;		/* NULL: pthread_create maps one */
	unsigned long __stacksize;
	unsigned long __guardsize;
	int __detachstate;
	int __inheritsched, __schedpolicy, __scope;
	struct sched_param __schedparam;
} pthread_attr_t;

typedef struct {
	void *__next, *__prev;		/* the owner's robust list */
	volatile int __lock;		/* 0, or owner tid | FUTEX_* bits */
	int __kind;			/* PTHREAD_MUTEX_* | robust << 4 */
	int __count;			/* a recursive mutex's depth */
	int __state;			/* robust: consistent, inconsistent, dead */
} pthread_mutex_t;

typedef struct {
	int __kind, __robust, __pshared, __protocol;
} pthread_mutexattr_t;

typedef struct {
	volatile int __seq;		/* bumped by each signal and broadcast */
	volatile int __waiters;
	int __clock;			/* the clock id, if __clock_set */
	int __clock_set;
} pthread_cond_t;

typedef struct {
	int __clock, __pshared;
} pthread_condattr_t;

typedef unsigned pthread_key_t;
typedef volatile int pthread_once_t;	/* 0 not run, 1 running, 2 done */
typedef volatile int pthread_spinlock_t;

typedef struct {
	volatile int __lock;		/* guards the counts */
	volatile int __seq;		/* bumped each time the barrier opens */
	unsigned __count, __arrived;
} pthread_barrier_t;

typedef struct {
	int __pshared;
} pthread_barrierattr_t;

typedef struct {
	volatile int __lock;		/* guards the rest */
	volatile int __seq;		/* bumped at each unlock */
	int __readers;			/* holding it to read */
	int __writer;			/* tid of the writer holding it, or 0 */
	int __waiters;
} pthread_rwlock_t;

typedef struct {
	int __pshared;
} pthread_rwlockattr_t;

#endif
