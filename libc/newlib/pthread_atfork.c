/*
 * libc/newlib/pthread_atfork.c - fork handlers: pthread_atfork registers
 * a prepare, a parent and a child function (any may be NULL); fork()
 * (process.c) runs every prepare handler in the reverse order of
 * registration before the system call, then the parent or child ones in
 * the order of registration, as POSIX and glibc do (the parent ones even
 * when fork fails).  Handlers are never removed: the list only grows, at
 * its tail, under a lock, and is walked without one.
 */
#include "pagoda_sys.h"
#include "pthread_impl.h"
#include <stdlib.h>

struct atfork {
	struct atfork *prev, *next;
	void (*prepare)(void), (*parent)(void), (*child)(void);
};

static struct atfork *head, *tail;
static volatile int atfork_lock;

int pthread_atfork(void (*prepare)(void), void (*parent)(void), void (*child)(void))
{
	struct atfork *a = malloc(sizeof(*a));

	if (!a)
		return ENOMEM;
	*a = (struct atfork){ NULL, NULL, prepare, parent, child };
	__lll_lock(&atfork_lock);
	a->prev = tail;
	if (tail)
		__atomic_store_n(&tail->next, a, __ATOMIC_RELEASE);
	else
		__atomic_store_n(&head, a, __ATOMIC_RELEASE);
	tail = a;
	__lll_unlock(&atfork_lock);
	return 0;
}

/* The prepare handlers, last registered first; called by fork(). */
void __pthread_atfork_prepare(void)
{
	__lll_lock(&atfork_lock);
	struct atfork *last = tail;
	__lll_unlock(&atfork_lock);
	for (struct atfork *a = last; a; a = a->prev)
		if (a->prepare)
			a->prepare();
}

/* The parent (child == 0) or child handlers, first registered first. */
void __pthread_atfork_after(int child)
{
	for (struct atfork *a = __atomic_load_n(&head, __ATOMIC_ACQUIRE); a;
	     a = __atomic_load_n(&a->next, __ATOMIC_ACQUIRE)) {
		void (*fn)(void) = child ? a->child : a->parent;
		if (fn)
			fn();
	}
}
