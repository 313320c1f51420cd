/*
 * libc/newlib/pthread.c - POSIX threads for newlib programs: each thread
 * is a task made by clone(CLONE_VM|CLONE_THREAD|CLONE_SETTLS|
 * CLONE_PARENT_SETTID|CLONE_CHILD_CLEARTID ...), as glibc and musl make
 * them on Linux.
 *
 * Thread-local storage follows the x86-64 ELF TLS ABI (variant II): %fs
 * holds the address of the thread's struct pthread, whose first word
 * points to itself, and the program's PT_TLS block (its __thread
 * variables, .tdata copied and .tbss zeroed) ends just below it.  The
 * main thread's block is set up before anything else runs
 * (__pthread_init); a created thread's is in its own mapping, above its
 * stack: [guard page | stack | TLS block | struct pthread].
 *
 * Join is the kernel's: CLONE_CHILD_CLEARTID zeroes the tid word at exit
 * and wakes its futex, the joiner sleeps on it, then unmaps the thread.
 * A detached thread cannot unmap the stack it runs on, so it leaves
 * itself on a list of exited threads that the next pthread_create reaps
 * (once each tid word reads 0).  When the last thread leaves with
 * pthread_exit the process exits with status 0, as glibc's and musl's do.
 */
#include "pthread_impl.h"
#include <elf.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/mman.h>
#include <unistd.h>
#include <uapi/prctl.h>

#define CLONE_VM		0x00000100
#define CLONE_FS		0x00000200
#define CLONE_FILES		0x00000400
#define CLONE_SIGHAND		0x00000800
#define CLONE_THREAD		0x00010000
#define CLONE_SYSVSEM		0x00040000
#define CLONE_SETTLS		0x00080000
#define CLONE_PARENT_SETTID	0x00100000
#define CLONE_CHILD_CLEARTID	0x00200000
#define THREAD_FLAGS (CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | \
		      CLONE_THREAD | CLONE_SYSVSEM | CLONE_SETTLS | \
		      CLONE_PARENT_SETTID | CLONE_CHILD_CLEARTID)
#define PAGE			4096UL
#define ROUND_UP(x, a)		(((x) + (a) - 1) & ~((a) - 1))

volatile int __pthread_count = 1;

/* The program's TLS image (PT_TLS); a block starts tls_offset (its size
 * rounded up to its p_align, as the linker computed the offsets) below
 * %fs, which is tls_align-aligned. */
static const void *tls_image;
static size_t tls_filesz, tls_memsz, tls_align = 64, tls_offset;

/* The main thread's block and control block, when they fit. */
static char main_area[12288] __attribute__((aligned(64)));

/* Every live thread, a ring through the main thread's control block. */
static struct pthread *threads;
static volatile int threads_lock;

/* Detached threads that have exited, for pthread_create to unmap. */
static struct pthread *zombies;
static volatile int zombies_lock;

/* clone's child runs fn(arg) on stack (crt0.S); the new tid, or -errno. */
long __pagoda_clone(unsigned long flags, void *stack, volatile int *ptid,
		    volatile int *ctid, void *tls, void (*fn)(void *), void *arg);

/* The bytes a TLS block and control block take below an area's end. */
static size_t tls_area_size(void)
{
	return tls_offset + sizeof(struct pthread) + tls_align;
}

/* Lay out a TLS block and a zeroed struct pthread just below end. */
static struct pthread *tls_place(char *end)
{
	uintptr_t tp = ((uintptr_t)end - sizeof(struct pthread)) & ~(tls_align - 1);
	char *block = (char *)tp - tls_offset;
	struct pthread *t = (struct pthread *)tp;

	if (tls_filesz)
		memcpy(block, tls_image, tls_filesz);
	memset(block + tls_filesz, 0, tls_memsz - tls_filesz);
	memset(t, 0, sizeof(*t));
	t->self = t;
	return t;
}

/* Find PT_TLS among the program headers the kernel passed in auxv. */
static void find_tls(unsigned long *auxv)
{
	const Elf64_Phdr *ph = NULL;
	unsigned long n = 0;

	for (unsigned long *a = auxv; a[0] != AT_NULL; a += 2) {
		if (a[0] == AT_PHDR)
			ph = (const Elf64_Phdr *)a[1];
		else if (a[0] == AT_PHNUM)
			n = a[1];
	}
	for (unsigned long i = 0; ph && i < n; i++) {
		if (ph[i].p_type != PT_TLS)
			continue;
		tls_image = (const void *)ph[i].p_vaddr;
		tls_filesz = ph[i].p_filesz;
		tls_memsz = ph[i].p_memsz;
		size_t align = ph[i].p_align ? ph[i].p_align : 1;
		tls_offset = ROUND_UP(tls_memsz, align);
		if (align > tls_align)
			tls_align = align;
	}
}

/* Start-up, before anything else: the main thread's TLS block and control
 * block, %fs, and its tid (set_tid_address also makes its exit wake a
 * joiner).  The global struct _reent is the main thread's. */
void __pthread_init(unsigned long *auxv)
{
	char *area = main_area;
	size_t size = sizeof(main_area);

	find_tls(auxv);
	if (tls_area_size() > size) {
		size = ROUND_UP(tls_area_size(), PAGE);
		area = (char *)SC6(mmap, NULL, size, PROT_READ | PROT_WRITE,
				   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if ((long)area < 0)
			_exit(127);
	}
	struct pthread *t = tls_place(area + size);
	t->reent = _impure_ptr;
	threads = t->next = t->prev = t;
	SC2(arch_prctl, ARCH_SET_FS, t);
	t->tid = (int)SC1(set_tid_address, &t->tid);
}

/* The child of fork: the only thread, with a tid of its own. */
void __pthread_fork_child(void)
{
	struct pthread *self = __pthread_self();

	self->tid = (int)SC0(gettid);
	threads = self->next = self->prev = self;
	threads_lock = 0;
	__pthread_count = 1;
}

void __pthread_lock_list(void)
{
	__lll_lock(&threads_lock);
}

void __pthread_unlock_list(void)
{
	__lll_unlock(&threads_lock);
}

int __pthread_kill_others(int linux_sig)
{
	struct pthread *self = __pthread_self();
	long pid = SC0(getpid);
	int n = 0;

	for (struct pthread *t = self->next; t != self; t = t->next)
		n += SC3(tgkill, pid, t->tid, linux_sig) == 0;
	return n;
}

/* Put t on the list of live threads, or take it off.  List lock held. */
static void thread_link(struct pthread *t)
{
	t->next = threads;
	t->prev = threads->prev;
	threads->prev->next = t;
	threads->prev = t;
}

static void thread_unlink(struct pthread *t)
{
	t->prev->next = t->next;
	t->next->prev = t->prev;
	if (threads == t)
		threads = t->next;
}

/* Unmap the detached threads whose tid word the kernel has cleared. */
static void reap_zombies(void)
{
	__lll_lock(&zombies_lock);
	for (struct pthread **p = &zombies; *p;) {
		struct pthread *t = *p;
		if (t->tid) {
			p = (struct pthread **)&t->result;
			continue;
		}
		*p = t->result;
		SC2(munmap, t->map, t->map_size);
	}
	__lll_unlock(&zombies_lock);
}

/* The new thread's first code, on its own stack with %fs set. */
static void thread_start(void *arg)
{
	struct pthread *self = arg;

	pthread_exit(self->start(self->arg));
}

/* Map stack + TLS + control block (or only the last two on a stack the
 * caller gave); the control block, or NULL. */
static struct pthread *thread_alloc(const pthread_attr_t *a, char **sp)
{
	size_t tls = ROUND_UP(tls_area_size(), PAGE);
	size_t guard = a->__stackaddr ? 0 : ROUND_UP(a->__guardsize, PAGE);
	size_t size = tls + guard + (a->__stackaddr ? 0 : ROUND_UP(a->__stacksize, PAGE));
	char *map = (char *)SC6(mmap, NULL, size, PROT_READ | PROT_WRITE,
				MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if ((long)map < 0)
		return NULL;
	if (guard)
		SC3(mprotect, map, guard, PROT_NONE);
	struct pthread *t = tls_place(map + size);
	t->map = map;
	t->map_size = size;
	if (a->__stackaddr)
		*sp = (char *)a->__stackaddr + a->__stacksize;
	else
		*sp = (char *)t - tls_offset;
	*sp = (char *)((uintptr_t)*sp & ~15ul);
	t->reent = &t->reent_data;
	_REENT_INIT_PTR(t->reent);
	return t;
}

int pthread_create(pthread_t *thread, const pthread_attr_t *attr,
		   void *(*start)(void *), void *arg)
{
	pthread_attr_t a;
	char *sp;

	if (attr)
		a = *attr;
	else
		pthread_attr_init(&a);
	reap_zombies();
	struct pthread *t = thread_alloc(&a, &sp);
	if (!t)
		return EAGAIN;
	t->start = start;
	t->arg = arg;
	t->detach_state = a.__detachstate == PTHREAD_CREATE_DETACHED ?
			  DETACH_DETACHED : DETACH_JOINABLE;
	__libc_single_threaded = 0;
	__atomic_add_fetch(&__pthread_count, 1, __ATOMIC_SEQ_CST);
	__pthread_lock_list();		/* no id call between clone and link */
	long r = __pagoda_clone(THREAD_FLAGS, sp, &t->tid, &t->tid, t,
				thread_start, t);
	if (r >= 0)
		thread_link(t);
	__pthread_unlock_list();
	if (r < 0) {
		__atomic_sub_fetch(&__pthread_count, 1, __ATOMIC_SEQ_CST);
		SC2(munmap, t->map, t->map_size);
		return __pagoda_errno(r);
	}
	*thread = (pthread_t)t;
	return 0;
}

void pthread_exit(void *result)
{
	struct pthread *self = __pthread_self();
	int joinable = DETACH_JOINABLE;

	self->result = result;
	__pthread_run_destructors(self);
	if (self->reent != _impure_ptr)
		_reclaim_reent(self->reent);
	if (__atomic_sub_fetch(&__pthread_count, 1, __ATOMIC_SEQ_CST) == 0)
		exit(0);
	__pthread_lock_list();
	thread_unlink(self);
	__pthread_unlock_list();
	if (!__atomic_compare_exchange_n(&self->detach_state, &joinable,
					 DETACH_EXITING, 0, __ATOMIC_SEQ_CST,
					 __ATOMIC_SEQ_CST) && self->map) {
		__lll_lock(&zombies_lock);
		self->result = zombies;		/* the list's link from now on */
		zombies = self;
		__lll_unlock(&zombies_lock);
	}
	for (;;)
		SC1(exit, 0);
}

int pthread_join(pthread_t thread, void **result)
{
	struct pthread *t = (struct pthread *)thread;
	int tid;

	if (t == __pthread_self())
		return EDEADLK;
	if (t->detach_state == DETACH_DETACHED)
		return EINVAL;
	while ((tid = t->tid) != 0)
		__futex_wait(&t->tid, tid, NULL, 0);
	if (result)
		*result = t->result;
	if (t->map)
		SC2(munmap, t->map, t->map_size);
	return 0;
}

/* A thread already in pthread_exit will not reap itself: join it. */
int pthread_detach(pthread_t thread)
{
	struct pthread *t = (struct pthread *)thread;
	int joinable = DETACH_JOINABLE;

	if (__atomic_compare_exchange_n(&t->detach_state, &joinable,
					DETACH_DETACHED, 0, __ATOMIC_SEQ_CST,
					__ATOMIC_SEQ_CST))
		return 0;
	if (joinable == DETACH_DETACHED)
		return EINVAL;
	return pthread_join(thread, NULL);
}

pthread_t pthread_self(void)
{
	return (pthread_t)__pthread_self();
}

int pthread_equal(pthread_t a, pthread_t b)
{
	return a == b;
}

/* 0 not run, 1 running (others sleep on the word), 2 done. */
int pthread_once(pthread_once_t *once, void (*fn)(void))
{
	for (;;) {
		int v = 0;
		if (__atomic_compare_exchange_n(once, &v, 1, 0, __ATOMIC_ACQUIRE,
						__ATOMIC_ACQUIRE)) {
			fn();
			__atomic_store_n(once, 2, __ATOMIC_RELEASE);
			__futex_wake(once, 0x7fffffff);
			return 0;
		}
		if (v == 2)
			return 0;
		__futex_wait(once, 1, NULL, 0);
	}
}
