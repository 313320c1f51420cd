/*
 * libc/newlib/pthread_impl.h - private to libc/newlib/pthread*.c: the
 * thread control block, the futex calls and the small internal lock.
 *
 * Each thread's %fs points at its struct pthread (set with arch_prctl or
 * clone's CLONE_SETTLS), whose first word points to itself, as the x86-64
 * TLS ABI wants; the program's __thread block (PT_TLS) sits just below it.
 * A thread made by pthread_create has one mapping: guard page, stack, TLS
 * block, struct pthread.
 */
#ifndef PAGODA_NEWLIB_PTHREAD_IMPL_H
#define PAGODA_NEWLIB_PTHREAD_IMPL_H

#include "pagoda_sys.h"
#include <pthread.h>
#include <reent.h>

/* Linux's futex operations and lock-word bits (include/uapi has none). */
#define FUTEX_WAIT		0
#define FUTEX_WAKE		1
#define FUTEX_WAIT_BITSET	9
#define FUTEX_CLOCK_REALTIME	256
#define FUTEX_WAITERS		0x80000000u
#define FUTEX_OWNER_DIED	0x40000000u
#define FUTEX_TID_MASK		0x3fffffffu

/* Linux's errno values the futex calls return (negated). */
#define LINUX_EINTR		4
#define LINUX_EINVAL		22
#define LINUX_ETIMEDOUT		110

/* The kernel's robust-list head (set_robust_list). */
struct robust_list_head {
	void *next;			/* first entry; the head itself ends it */
	long futex_offset;		/* from an entry to its lock word */
	void *list_op_pending;		/* an entry being locked or unlocked */
};

enum { DETACH_JOINABLE, DETACH_DETACHED, DETACH_EXITING };

struct pthread {
	struct pthread *self;		/* %fs:0 */
	struct _reent *reent;		/* __getreent(): errno, stdio state */
	struct pthread *next, *prev;	/* every live thread (pthread.c) */
	volatile int tid;		/* 0 once exited (CLONE_CHILD_CLEARTID) */
	volatile int detach_state;	/* DETACH_* */
	void *(*start)(void *);
	void *arg;
	void *result;			/* pthread_exit's, for the joiner */
	void *map;			/* the thread's mapping (NULL: main's) */
	size_t map_size;
	int robust_registered;		/* set_robust_list done */
	struct robust_list_head robust;
	struct { unsigned seq; void *value; } specific[PTHREAD_KEYS_MAX];
	struct _reent reent_data;	/* a created thread's own */
};

/* The calling thread's control block. */
static inline struct pthread *__pthread_self(void)
{
	struct pthread *self;

	__asm__("movq %%fs:0, %0" : "=r"(self));
	return self;
}

/* futex(2): 0 or -Linux errno.  abstime (or NULL) is on clock clk (a
 * newlib clock id) for the wait. */
long __futex_wait(volatile int *addr, int val, const struct timespec *abstime,
		  clockid_t clk);
void __futex_wake(volatile int *addr, int n);

/* pthread_lock.c: a three-state futex lock (0 free, 1 held, 2 held with
 * waiters) for the library's own short critical sections. */
void __lll_lock(volatile int *l);
void __lll_unlock(volatile int *l);

/* pthread.c: set up the main thread (TLS, control block); pthread_exit's
 * key destructors; the count of live threads. */
void __pthread_init(unsigned long *auxv);
void __pthread_run_destructors(struct pthread *self);
/* The list of live threads, held while a thread is added, removed or
 * signalled; tgkill(linux_sig) to each but the caller, returning how many. */
void __pthread_lock_list(void);
void __pthread_unlock_list(void);
int __pthread_kill_others(int linux_sig);
extern volatile int __pthread_count;
extern char __libc_single_threaded;

#endif
