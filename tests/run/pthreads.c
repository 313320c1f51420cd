/*
 * tests/run/pthreads.c - POSIX threads on one address space: create and
 * join 64 threads with return values, mutex, condition variable, barrier,
 * semaphores, thread-local storage, ids (getpid, gettid, set_tid_address),
 * what threads share (memory, fds, cwd) and /proc/self/task.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <semaphore.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define NTHREADS	64

static pid_t gettid_(void)
{
	return (pid_t)syscall(SYS_gettid);
}

/* ---- create and join, return values, ids ----------------------------- */

static pid_t main_pid;
static pid_t tids[NTHREADS];

static void *numbered(void *arg)
{
	intptr_t i = (intptr_t)arg;

	tids[i] = gettid_();
	if (getpid() != main_pid)
		return (void *)-1;
	if (i % 2)
		pthread_exit((void *)(i * 3));
	return (void *)(i * 3);
}

static void test_create_join(void)
{
	pthread_t t[NTHREADS];
	long sum = 0, want = 0;
	int distinct = 1;

	for (intptr_t i = 0; i < NTHREADS; i++)
		if (pthread_create(&t[i], NULL, numbered, (void *)i))
			printf("pthread_create %ld failed\n", (long)i);
	for (int i = 0; i < NTHREADS; i++) {
		void *ret;
		pthread_join(t[i], &ret);
		sum += (intptr_t)ret;
		want += i * 3;
	}
	for (int i = 0; i < NTHREADS; i++)
		for (int j = 0; j < i; j++)
			if (tids[i] == tids[j] || tids[i] == main_pid)
				distinct = 0;
	printf("join %d threads: sum %s, tids distinct %d\n", NTHREADS,
	       sum == want ? "right" : "WRONG", distinct);
}

static void test_ids(void)
{
	long tid = syscall(SYS_set_tid_address, NULL);

	printf("main thread: gettid == getpid %d, set_tid_address returns tid %d\n",
	       gettid_() == getpid(), tid == gettid_());
}

/* ---- mutex ------------------------------------------------------------ */

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static long counter;

static void *add_many(void *arg)
{
	(void)arg;
	for (int i = 0; i < 20000; i++) {
		pthread_mutex_lock(&lock);
		long v = counter;
		if (i % 1000 == 0)
			sched_yield();		/* give others a chance to race */
		counter = v + 1;
		pthread_mutex_unlock(&lock);
	}
	return NULL;
}

static void test_mutex(void)
{
	pthread_t t[8];

	for (int i = 0; i < 8; i++)
		pthread_create(&t[i], NULL, add_many, NULL);
	for (int i = 0; i < 8; i++)
		pthread_join(t[i], NULL);
	printf("mutex: counter %ld (want %d)\n", counter, 8 * 20000);
	printf("trylock on a held mutex: %s\n",
	       (pthread_mutex_lock(&lock), pthread_mutex_trylock(&lock) == EBUSY)
	       ? "EBUSY" : "wrong");
	pthread_mutex_unlock(&lock);
}

/* ---- condition variable: a bounded queue ------------------------------- */

#define QSIZE 4
static pthread_mutex_t qlock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t not_empty = PTHREAD_COND_INITIALIZER;
static pthread_cond_t not_full = PTHREAD_COND_INITIALIZER;
static int queue[QSIZE], qhead, qlen;

static void *producer(void *arg)
{
	int base = (int)(intptr_t)arg;

	for (int i = 1; i <= 500; i++) {
		pthread_mutex_lock(&qlock);
		while (qlen == QSIZE)
			pthread_cond_wait(&not_full, &qlock);
		queue[(qhead + qlen++) % QSIZE] = base + i;
		pthread_cond_signal(&not_empty);
		pthread_mutex_unlock(&qlock);
	}
	return NULL;
}

static void *consumer(void *arg)
{
	long *sum = arg;

	for (int i = 0; i < 500; i++) {
		pthread_mutex_lock(&qlock);
		while (qlen == 0)
			pthread_cond_wait(&not_empty, &qlock);
		*sum += queue[qhead];
		qhead = (qhead + 1) % QSIZE;
		qlen--;
		pthread_cond_signal(&not_full);
		pthread_mutex_unlock(&qlock);
	}
	return NULL;
}

static int go;
static int woken;

static void *wait_for_go(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&qlock);
	while (!go)
		pthread_cond_wait(&not_empty, &qlock);
	woken++;
	pthread_mutex_unlock(&qlock);
	return NULL;
}

static void test_condvar(void)
{
	pthread_t p[3], c[3], w[5];
	long sums[3] = { 0 };

	for (int i = 0; i < 3; i++) {
		pthread_create(&p[i], NULL, producer, (void *)(intptr_t)(i * 1000));
		pthread_create(&c[i], NULL, consumer, &sums[i]);
	}
	for (int i = 0; i < 3; i++) {
		pthread_join(p[i], NULL);
		pthread_join(c[i], NULL);
	}
	printf("condvar queue: total %ld (want %d)\n", sums[0] + sums[1] + sums[2],
	       3 * (500 * 501 / 2) + 500 * (0 + 1000 + 2000));
	for (int i = 0; i < 5; i++)
		pthread_create(&w[i], NULL, wait_for_go, NULL);
	usleep(20000);
	pthread_mutex_lock(&qlock);
	go = 1;
	pthread_cond_broadcast(&not_empty);
	pthread_mutex_unlock(&qlock);
	for (int i = 0; i < 5; i++)
		pthread_join(w[i], NULL);
	printf("broadcast woke %d of 5\n", woken);

	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	ts.tv_nsec += 20 * 1000000;
	if (ts.tv_nsec >= 1000000000) {
		ts.tv_sec++;
		ts.tv_nsec -= 1000000000;
	}
	pthread_mutex_lock(&qlock);
	int r = pthread_cond_timedwait(&not_full, &qlock, &ts);
	pthread_mutex_unlock(&qlock);
	printf("cond_timedwait with nobody signalling: %s\n",
	       r == ETIMEDOUT ? "ETIMEDOUT" : strerror(r));
}

/* ---- barrier ------------------------------------------------------------ */

static pthread_barrier_t barrier;
static int arrived[3];
static int serial;
static int barrier_bad;

static void *barrier_rounds(void *arg)
{
	(void)arg;
	for (int round = 0; round < 3; round++) {
		__atomic_add_fetch(&arrived[round], 1, __ATOMIC_SEQ_CST);
		int r = pthread_barrier_wait(&barrier);
		if (r == PTHREAD_BARRIER_SERIAL_THREAD)
			__atomic_add_fetch(&serial, 1, __ATOMIC_SEQ_CST);
		else if (r)
			barrier_bad = 1;
		if (arrived[round] != 8)	/* nobody passes early */
			barrier_bad = 1;
	}
	return NULL;
}

static void test_barrier(void)
{
	pthread_t t[8];

	pthread_barrier_init(&barrier, NULL, 8);
	for (int i = 0; i < 8; i++)
		pthread_create(&t[i], NULL, barrier_rounds, NULL);
	for (int i = 0; i < 8; i++)
		pthread_join(t[i], NULL);
	pthread_barrier_destroy(&barrier);
	printf("barrier: 3 rounds of 8, serial threads %d, early passes %d\n",
	       serial, barrier_bad);
}

/* ---- semaphores: ping-pong ------------------------------------------------ */

static sem_t ping, pong;
static int volleys;

static void *ponger(void *arg)
{
	(void)arg;
	for (int i = 0; i < 100; i++) {
		sem_wait(&ping);
		volleys++;
		sem_post(&pong);
	}
	return NULL;
}

static void test_semaphore(void)
{
	pthread_t t;

	sem_init(&ping, 0, 0);
	sem_init(&pong, 0, 0);
	pthread_create(&t, NULL, ponger, NULL);
	for (int i = 0; i < 100; i++) {
		sem_post(&ping);
		sem_wait(&pong);
	}
	pthread_join(t, NULL);
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	ts.tv_nsec += 10 * 1000000;
	if (ts.tv_nsec >= 1000000000) {
		ts.tv_sec++;
		ts.tv_nsec -= 1000000000;
	}
	int timed = sem_timedwait(&pong, &ts) < 0 && errno == ETIMEDOUT;
	int try = sem_trywait(&pong) < 0 && errno == EAGAIN;
	printf("semaphore: %d volleys; sem_timedwait on 0: %s; trywait: %s\n",
	       volleys, timed ? "ETIMEDOUT" : "wrong", try ? "EAGAIN" : "wrong");
}

/* ---- thread-local storage -------------------------------------------------- */

static __thread int tls_value = 7;
static __thread char tls_buf[64];

static void *tls_check(void *arg)
{
	int n = (int)(intptr_t)arg;
	int ok = tls_value == 7 && !tls_buf[0];

	tls_value = n;
	snprintf(tls_buf, sizeof(tls_buf), "thread %d", n);
	for (int i = 0; i < 5; i++)
		sched_yield();
	char want[64];
	snprintf(want, sizeof(want), "thread %d", n);
	ok = ok && tls_value == n && !strcmp(tls_buf, want);
	return (void *)(intptr_t)ok;
}

static void test_tls(void)
{
	pthread_t t[8];
	int ok = 1;

	tls_value = 100;
	for (int i = 0; i < 8; i++)
		pthread_create(&t[i], NULL, tls_check, (void *)(intptr_t)i);
	for (int i = 0; i < 8; i++) {
		void *r;
		pthread_join(t[i], &r);
		ok &= (int)(intptr_t)r;
	}
	printf("__thread: each thread its own copy %d, main's still %d\n", ok,
	       tls_value);
}

/* ---- what threads share ------------------------------------------------------ */

static int shared_fd = -1;
static char shared_word[16];

static void *share_things(void *arg)
{
	(void)arg;
	strcpy(shared_word, "written");
	shared_fd = open("shared-file", O_CREAT | O_RDWR, 0644);
	write(shared_fd, "from thread\n", 12);
	mkdir("sub", 0755);
	chdir("sub");
	umask(077);
	return NULL;
}

static void test_sharing(void)
{
	pthread_t t;
	char buf[32] = "", cwd[256];

	pthread_create(&t, NULL, share_things, NULL);
	pthread_join(t, NULL);
	lseek(shared_fd, 0, SEEK_SET);
	read(shared_fd, buf, sizeof(buf) - 1);
	getcwd(cwd, sizeof(cwd));
	mode_t old = umask(022);
	const char *base = strrchr(cwd, '/');
	printf("shared: memory '%s', fd %s, cwd ends in %s, umask 0%o\n",
	       shared_word, !strcmp(buf, "from thread\n") ? "readable" : "lost",
	       base ? base : cwd, old);
	close(shared_fd);
	chdir("..");
}

/* ---- /proc/self/task and Threads: ------------------------------------------------ */

static pthread_mutex_t hold = PTHREAD_MUTEX_INITIALIZER;

static void *held(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&hold);
	pthread_mutex_unlock(&hold);
	return NULL;
}

static int status_threads(void)
{
	char buf[4096];
	int fd = open("/proc/self/status", O_RDONLY), n = 0;
	ssize_t len = read(fd, buf, sizeof(buf) - 1);

	close(fd);
	buf[len > 0 ? len : 0] = '\0';
	char *p = strstr(buf, "\nThreads:");
	if (p)
		n = atoi(p + 9);
	return n;
}

static int task_entries(void)
{
	DIR *d = opendir("/proc/self/task");
	struct dirent *e;
	int n = 0;

	while (d && (e = readdir(d)))
		if (e->d_name[0] != '.')
			n++;
	if (d)
		closedir(d);
	return n;
}

static void test_proc(void)
{
	pthread_t t[3];
	char path[64], comm[32] = "";

	pthread_mutex_lock(&hold);
	for (int i = 0; i < 3; i++)
		pthread_create(&t[i], NULL, held, NULL);
	printf("with 3 threads: Threads: %d, /proc/self/task entries %d\n",
	       status_threads(), task_entries());
	snprintf(path, sizeof(path), "/proc/self/task/%d/comm", gettid_());
	int fd = open(path, O_RDONLY);
	read(fd, comm, sizeof(comm) - 1);
	close(fd);
	printf("task/TID/comm readable: %d\n", comm[0] != '\0');
	pthread_mutex_unlock(&hold);
	for (int i = 0; i < 3; i++)
		pthread_join(t[i], NULL);
	printf("after join: Threads: %d, /proc/self/task entries %d\n",
	       status_threads(), task_entries());
}

/* ---- robust mutex: the owner dies holding it -------------------------------- */

static pthread_mutex_t robust;

static void *die_holding(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&robust);
	return NULL;			/* exits with the lock held */
}

static void test_robust(void)
{
	pthread_mutexattr_t a;
	pthread_t t;

	pthread_mutexattr_init(&a);
	pthread_mutexattr_setrobust(&a, PTHREAD_MUTEX_ROBUST);
	pthread_mutex_init(&robust, &a);
	pthread_create(&t, NULL, die_holding, NULL);
	pthread_join(t, NULL);
	int r = pthread_mutex_lock(&robust);
	printf("robust mutex after its owner exited: %s\n",
	       r == EOWNERDEAD ? "EOWNERDEAD" : strerror(r));
	pthread_mutex_consistent(&robust);
	pthread_mutex_unlock(&robust);
}

int main(void)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	main_pid = getpid();
	test_ids();
	test_create_join();
	test_mutex();
	test_condvar();
	test_barrier();
	test_semaphore();
	test_tls();
	test_sharing();
	test_proc();
	test_robust();
	return 0;
}
