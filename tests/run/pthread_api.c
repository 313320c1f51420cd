/*
 * tests/run/pthread_api.c - the parts of POSIX threads tests/run/pthreads.c
 * leaves out: pthread_once, thread-specific data with destructors (and a
 * deleted key's value), recursive and error-checking mutexes, read-write
 * locks, spin locks, detached threads, stack size and a caller's stack,
 * and errno being per thread.
 */
#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#define N	8

static const char *err(int e)
{
	return e == 0 ? "0" : e == EBUSY ? "EBUSY" : e == EDEADLK ? "EDEADLK" :
	       e == EPERM ? "EPERM" : e == EINVAL ? "EINVAL" : "other";
}

/* ---- once ------------------------------------------------------------------ */

static pthread_once_t once = PTHREAD_ONCE_INIT;
static int once_runs;

static void init_once(void)
{
	usleep(10000);		/* the other threads arrive meanwhile */
	once_runs++;
}

static void *call_once(void *arg)
{
	pthread_once(&once, init_once);
	return arg;
}

/* ---- keys ------------------------------------------------------------------ */

static pthread_key_t key;
static int destructed[N];
static pthread_mutex_t dlock = PTHREAD_MUTEX_INITIALIZER;

static void destructor(void *v)
{
	pthread_mutex_lock(&dlock);
	destructed[(intptr_t)v - 1]++;
	pthread_mutex_unlock(&dlock);
}

static void *keyed(void *arg)
{
	int before = pthread_getspecific(key) == NULL;
	pthread_setspecific(key, arg);
	int after = pthread_getspecific(key) == arg;
	return (void *)(intptr_t)(before && after);
}

static void test_keys(void)
{
	pthread_t t[N];
	int ok = 1, ran = 0;

	pthread_key_create(&key, destructor);
	pthread_setspecific(key, (void *)1);
	for (intptr_t i = 0; i < N; i++)
		pthread_create(&t[i], NULL, keyed, (void *)(i + 1));
	for (int i = 0; i < N; i++) {
		void *r;
		pthread_join(t[i], &r);
		ok &= r != NULL;
	}
	for (int i = 0; i < N; i++)
		ran += destructed[i];
	printf("keys: own values %d, destructors ran %d, main's value %d\n", ok,
	       ran, pthread_getspecific(key) == (void *)1);
	pthread_key_delete(key);
	pthread_key_t again;
	pthread_key_create(&again, NULL);
	printf("a new key reads NULL %d\n", pthread_getspecific(again) == NULL);
}

/* ---- mutex kinds, rwlocks, spin locks ------------------------------------------ */

static void test_mutex_kinds(void)
{
	pthread_mutexattr_t a;
	pthread_mutex_t rec, chk;

	pthread_mutexattr_init(&a);
	pthread_mutexattr_settype(&a, PTHREAD_MUTEX_RECURSIVE);
	pthread_mutex_init(&rec, &a);
	int r1 = pthread_mutex_lock(&rec), r2 = pthread_mutex_lock(&rec);
	int u1 = pthread_mutex_unlock(&rec), u2 = pthread_mutex_unlock(&rec);
	int u3 = pthread_mutex_unlock(&rec);
	printf("recursive: lock %s %s, unlock %s %s, once more %s\n", err(r1),
	       err(r2), err(u1), err(u2), err(u3));
	pthread_mutexattr_settype(&a, PTHREAD_MUTEX_ERRORCHECK);
	pthread_mutex_init(&chk, &a);
	r1 = pthread_mutex_lock(&chk);
	r2 = pthread_mutex_lock(&chk);
	u1 = pthread_mutex_unlock(&chk);
	u2 = pthread_mutex_unlock(&chk);
	printf("errorcheck: lock %s, again %s, unlock %s, again %s\n", err(r1),
	       err(r2), err(u1), err(u2));
	printf("settype 99: %s\n", err(pthread_mutexattr_settype(&a, 99)));
}

static pthread_rwlock_t rw = PTHREAD_RWLOCK_INITIALIZER;
static pthread_spinlock_t spin;
static long spun;

/* Try to take the rwlock to write (and give it back). */
static void *try_write(void *arg)
{
	int r = pthread_rwlock_trywrlock(&rw);

	(void)arg;
	if (r == 0)
		pthread_rwlock_unlock(&rw);
	return (void *)(intptr_t)r;
}

static void *spinner(void *arg)
{
	for (int i = 0; i < 10000; i++) {
		pthread_spin_lock(&spin);
		spun++;
		pthread_spin_unlock(&spin);
	}
	return arg;
}

static void test_rwlock_spin(void)
{
	pthread_t t[N];
	void *r;

	int a = pthread_rwlock_rdlock(&rw), b = pthread_rwlock_tryrdlock(&rw);
	pthread_create(&t[0], NULL, try_write, NULL);
	pthread_join(t[0], &r);
	printf("rwlock: two readers %s %s, a writer meanwhile %s\n", err(a),
	       err(b), err((int)(intptr_t)r));
	pthread_rwlock_unlock(&rw);
	pthread_rwlock_unlock(&rw);
	pthread_create(&t[0], NULL, try_write, NULL);
	pthread_join(t[0], &r);
	printf("rwlock: free, a writer %s; a reader then %s\n",
	       err((int)(intptr_t)r), err(pthread_rwlock_tryrdlock(&rw)));
	pthread_rwlock_unlock(&rw);
	pthread_spin_init(&spin, PTHREAD_PROCESS_PRIVATE);
	for (int i = 0; i < 4; i++)
		pthread_create(&t[i], NULL, spinner, NULL);
	for (int i = 0; i < 4; i++)
		pthread_join(t[i], NULL);
	printf("spin lock: %ld (want 40000)\n", spun);
}

/* ---- detached threads, stacks, per-thread errno and strtok ------------------ */

static volatile int detached_done;

static void *detached(void *arg)
{
	__atomic_add_fetch(&detached_done, 1, __ATOMIC_SEQ_CST);
	return arg;
}

static void *deep(void *arg)
{
	volatile char big[192 * 1024];	/* more than a small stack holds */

	big[0] = 1;
	big[sizeof(big) - 1] = 2;
	return (void *)(intptr_t)(big[0] + big[sizeof(big) - 1] + (intptr_t)arg);
}

/* errno is the thread's: set, let the others set theirs, read back. */
static void *own_errno(void *arg)
{
	errno = (int)(intptr_t)arg;
	usleep(5000);
	return (void *)(intptr_t)(errno == (int)(intptr_t)arg);
}

static void test_threads(void)
{
	pthread_attr_t a;
	pthread_t t[N];
	size_t size;
	void *r;
	int ok = 1;

	pthread_attr_init(&a);
	pthread_attr_setdetachstate(&a, PTHREAD_CREATE_DETACHED);
	for (int i = 0; i < N; i++)
		pthread_create(&t[i], &a, detached, NULL);
	while (detached_done < N)
		usleep(1000);
	printf("detached: %d ran\n", detached_done);
	pthread_attr_init(&a);
	pthread_attr_setstacksize(&a, 256 * 1024);
	pthread_attr_getstacksize(&a, &size);
	pthread_create(&t[0], &a, deep, (void *)4);
	pthread_join(t[0], &r);
	printf("stack size %zu: returned %ld\n", size, (long)(intptr_t)r);
	printf("stack size 1: %s\n", err(pthread_attr_setstacksize(&a, 1)));
	char *stack = malloc(512 * 1024);
	pthread_attr_setstack(&a, stack, 512 * 1024);
	pthread_create(&t[0], &a, deep, (void *)5);
	pthread_join(t[0], &r);
	printf("own stack: returned %ld\n", (long)(intptr_t)r);
	free(stack);
	for (intptr_t i = 0; i < N; i++)
		pthread_create(&t[i], NULL, own_errno, (void *)(i + 1));
	for (int i = 0; i < N; i++) {
		pthread_join(t[i], &r);
		ok &= r != NULL;
	}
	printf("errno per thread: %d\n", ok);
}

int main(void)
{
	pthread_t t[N];

	for (int i = 0; i < N; i++)
		pthread_create(&t[i], NULL, call_once, NULL);
	for (int i = 0; i < N; i++)
		pthread_join(t[i], NULL);
	printf("once: ran %d time(s)\n", once_runs);
	test_keys();
	test_mutex_kinds();
	test_rwlock_spin();
	test_threads();
	return 0;
}
