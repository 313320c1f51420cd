/*
 * tests/run/futex.c - the futex system call, raw: errors (EAGAIN,
 * ETIMEDOUT, EINVAL, EFAULT, ENOSYS, EINTR), bitsets, requeue, and a futex
 * shared by two processes through MAP_SHARED memory - anonymous, and a
 * file mapped at different addresses - which must meet on one key.
 * A sleeper is known to be asleep when its /proc stat says 'S'.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define FUTEX_WAIT		0
#define FUTEX_WAKE		1
#define FUTEX_REQUEUE		3
#define FUTEX_CMP_REQUEUE	4
#define FUTEX_WAIT_BITSET	9
#define FUTEX_WAKE_BITSET	10
#define FUTEX_PRIVATE_FLAG	128
#define FUTEX_CLOCK_REALTIME	256
#define FUTEX_WAIT_PRIVATE	(FUTEX_WAIT | FUTEX_PRIVATE_FLAG)
#define FUTEX_WAKE_PRIVATE	(FUTEX_WAKE | FUTEX_PRIVATE_FLAG)
#define FUTEX_REQUEUE_PRIVATE	(FUTEX_REQUEUE | FUTEX_PRIVATE_FLAG)
#define FUTEX_CMP_REQUEUE_PRIVATE (FUTEX_CMP_REQUEUE | FUTEX_PRIVATE_FLAG)
#define FUTEX_WAKE_BITSET_PRIVATE (FUTEX_WAKE_BITSET | FUTEX_PRIVATE_FLAG)

static long futex(void *uaddr, int op, uint32_t val, const void *timeout,
		  void *uaddr2, uint32_t val3)
{
	return syscall(SYS_futex, uaddr, op, val, timeout, uaddr2, val3);
}

/* An errno's name: the numbers differ between C libraries (newlib's). */
static const char *errname(int e)
{
	static const struct { int e; const char *name; } names[] = {
		{ 0, "0" }, { EAGAIN, "EAGAIN" }, { ETIMEDOUT, "ETIMEDOUT" },
		{ EINVAL, "EINVAL" }, { EFAULT, "EFAULT" }, { ENOSYS, "ENOSYS" },
		{ EINTR, "EINTR" }, { EPERM, "EPERM" }, { ESRCH, "ESRCH" },
	};
	for (unsigned i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (names[i].e == e)
			return names[i].name;
	return "other";
}

/* The result of a call: its value, or -1 and the errno's name. */
#define SHOW(what, call) do {						\
		errno = 0;						\
		long r_ = (call);					\
		int e_ = errno;						\
		printf("%-44s %ld errno %s\n", what, r_, errname(r_ < 0 ? e_ : 0)); \
	} while (0)

/* Wait until thread or process id (a thread of ours if task) sleeps. */
static void wait_asleep(pid_t id, int task)
{
	char path[64], buf[512];

	if (task)
		snprintf(path, sizeof(path), "/proc/self/task/%d/stat", id);
	else
		snprintf(path, sizeof(path), "/proc/%d/stat", id);
	for (;;) {
		FILE *f = fopen(path, "r");
		char *p = f ? fgets(buf, sizeof(buf), f) : NULL;
		if (f)
			fclose(f);
		p = p ? strrchr(buf, ')') : NULL;
		if (p && p[2] == 'S')
			return;
		usleep(1000);
	}
}

static struct timespec in_ms(clockid_t clk, long ms)
{
	struct timespec ts;

	clock_gettime(clk, &ts);
	ts.tv_nsec += ms * 1000000;
	ts.tv_sec += ts.tv_nsec / 1000000000;
	ts.tv_nsec %= 1000000000;
	return ts;
}

static uint32_t word = 1;

static void test_errors(void)
{
	struct timespec rel = { 0, 10 * 1000000 }, bad = { 0, 1000000000 };
	struct timespec mono = in_ms(CLOCK_MONOTONIC, 10);
	struct timespec real = in_ms(CLOCK_REALTIME, 10);
	char *unaligned = (char *)&word + 1;
	void *unmapped = mmap(NULL, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	munmap(unmapped, 4096);
	SHOW("WAIT, value differs", futex(&word, FUTEX_WAIT, 2, NULL, NULL, 0));
	SHOW("WAIT_PRIVATE, value differs", futex(&word, FUTEX_WAIT_PRIVATE, 0, NULL, NULL, 0));
	SHOW("WAIT, 10 ms relative timeout", futex(&word, FUTEX_WAIT, 1, &rel, NULL, 0));
	SHOW("WAIT_BITSET, absolute monotonic", futex(&word, FUTEX_WAIT_BITSET, 1, &mono, NULL, ~0u));
	SHOW("WAIT_BITSET|CLOCK_REALTIME, absolute", futex(&word,
	     FUTEX_WAIT_BITSET | FUTEX_CLOCK_REALTIME, 1, &real, NULL, ~0u));
	SHOW("WAIT_BITSET, deadline passed", futex(&word, FUTEX_WAIT_BITSET, 1, &rel, NULL, ~0u));
	SHOW("WAIT_BITSET, deadline passed, value differs",
	     futex(&word, FUTEX_WAIT_BITSET, 5, &rel, NULL, ~0u));
	SHOW("WAIT, tv_nsec 1e9", futex(&word, FUTEX_WAIT, 1, &bad, NULL, 0));
	SHOW("WAIT, timeout pointer unmapped", futex(&word, FUTEX_WAIT, 1, unmapped, NULL, 0));
	SHOW("WAIT, unaligned", futex(unaligned, FUTEX_WAIT, 1, NULL, NULL, 0));
	SHOW("WAKE, unaligned", futex(unaligned, FUTEX_WAKE, 1, NULL, NULL, 0));
	SHOW("WAIT, unmapped", futex(unmapped, FUTEX_WAIT, 0, NULL, NULL, 0));
	SHOW("WAIT_PRIVATE, NULL", futex(NULL, FUTEX_WAIT_PRIVATE, 0, NULL, NULL, 0));
	SHOW("WAKE, unmapped (shared)", futex(unmapped, FUTEX_WAKE, 1, NULL, NULL, 0));
	SHOW("WAKE_PRIVATE, unmapped", futex(unmapped, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0));
	SHOW("WAIT, kernel address", futex((void *)0xffffffff81000000ul, FUTEX_WAIT, 0, NULL, NULL, 0));
	SHOW("WAIT_BITSET, bitset 0", futex(&word, FUTEX_WAIT_BITSET, 1, NULL, NULL, 0));
	SHOW("WAKE_BITSET, bitset 0", futex(&word, FUTEX_WAKE_BITSET, 1, NULL, NULL, 0));
	SHOW("WAKE, nobody waiting", futex(&word, FUTEX_WAKE, 10, NULL, NULL, 0));
	SHOW("op 99", futex(&word, 99, 0, NULL, NULL, 0));
	SHOW("WAKE|CLOCK_REALTIME", futex(&word, FUTEX_WAKE | FUTEX_CLOCK_REALTIME, 1, NULL, NULL, 0));
	SHOW("CMP_REQUEUE, value differs", futex(&word, FUTEX_CMP_REQUEUE, 1, (void *)1, &word, 9));
	SHOW("CMP_REQUEUE, nr_wake -1", futex(&word, FUTEX_CMP_REQUEUE, -1, (void *)1, &word, 1));
	SHOW("REQUEUE, nr_requeue -1", futex(&word, FUTEX_REQUEUE, 1, (void *)-1l, &word, 0));
	SHOW("REQUEUE, nobody waiting", futex(&word, FUTEX_REQUEUE, 1, (void *)1, &word, 0));
}

/* ---- threads sleeping on a private futex --------------------------------- */

static uint32_t f1, f2;
static volatile pid_t sleeper_tid[3];

struct sleep_arg {
	int i;
	uint32_t *addr;
	int op;
	uint32_t bitset;
	long result;
};

static void *sleeper(void *p)
{
	struct sleep_arg *a = p;

	sleeper_tid[a->i] = (pid_t)syscall(SYS_gettid);
	a->result = futex(a->addr, a->op, 0, NULL, NULL, a->bitset);
	return NULL;
}

static void start_sleepers(pthread_t *t, struct sleep_arg *a, int n, int op,
			   const uint32_t *bitsets)
{
	for (int i = 0; i < n; i++) {
		a[i] = (struct sleep_arg){ i, &f1, op, bitsets ? bitsets[i] : ~0u, -9 };
		sleeper_tid[i] = 0;
		pthread_create(&t[i], NULL, sleeper, &a[i]);
		while (!sleeper_tid[i])
			sched_yield();
		wait_asleep(sleeper_tid[i], 1);
	}
}

static void test_wake_requeue(void)
{
	pthread_t t[3];
	struct sleep_arg a[3];
	static const uint32_t bits[3] = { 1, 2, 4 };

	start_sleepers(t, a, 3, FUTEX_WAIT_PRIVATE, NULL);
	SHOW("WAKE (shared op) of private sleepers", futex(&f1, FUTEX_WAKE, 3, NULL, NULL, 0));
	SHOW("WAKE_PRIVATE, nr 0 wakes one anyway", futex(&f1, FUTEX_WAKE_PRIVATE, 0, NULL, NULL, 0));
	SHOW("WAKE_PRIVATE, the other two", futex(&f1, FUTEX_WAKE_PRIVATE, 5, NULL, NULL, 0));
	for (int i = 0; i < 3; i++)
		pthread_join(t[i], NULL);
	printf("the sleepers returned %ld %ld %ld\n", a[0].result, a[1].result, a[2].result);

	start_sleepers(t, a, 3, FUTEX_WAIT_BITSET | FUTEX_PRIVATE_FLAG, bits);
	SHOW("WAKE_BITSET 8: nobody's bits", futex(&f1, FUTEX_WAKE_BITSET_PRIVATE, 3, NULL, NULL, 8));
	SHOW("WAKE_BITSET 6: two of them", futex(&f1, FUTEX_WAKE_BITSET_PRIVATE, 3, NULL, NULL, 6));
	SHOW("WAKE_BITSET any: the last", futex(&f1, FUTEX_WAKE_BITSET_PRIVATE, 3, NULL, NULL, ~0u));
	for (int i = 0; i < 3; i++)
		pthread_join(t[i], NULL);

	start_sleepers(t, a, 3, FUTEX_WAIT_PRIVATE, NULL);
	SHOW("CMP_REQUEUE_PRIVATE, value differs", futex(&f1, FUTEX_CMP_REQUEUE_PRIVATE, 1, (void *)9, &f2, 1));
	SHOW("CMP_REQUEUE_PRIVATE: wake 1, move 9", futex(&f1, FUTEX_CMP_REQUEUE_PRIVATE, 1, (void *)9, &f2, 0));
	SHOW("WAKE_PRIVATE on the first: none left", futex(&f1, FUTEX_WAKE_PRIVATE, 9, NULL, NULL, 0));
	SHOW("REQUEUE_PRIVATE back: wake 0, move 1", futex(&f2, FUTEX_REQUEUE_PRIVATE, 0, (void *)1, &f1, 0));
	SHOW("WAKE_PRIVATE on the second", futex(&f2, FUTEX_WAKE_PRIVATE, 9, NULL, NULL, 0));
	SHOW("WAKE_PRIVATE on the first", futex(&f1, FUTEX_WAKE_PRIVATE, 9, NULL, NULL, 0));
	for (int i = 0; i < 3; i++)
		pthread_join(t[i], NULL);
}

/* ---- signals ------------------------------------------------------------- */

static void on_alarm(int sig)
{
	(void)sig;
}

static pthread_t main_thread;

static void *poke_then_wake(void *arg)
{
	(void)arg;
	usleep(30000);
	pthread_kill(main_thread, SIGALRM);
	usleep(30000);
	f2 = 1;
	futex(&f2, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0);
	return NULL;
}

static void test_signals(void)
{
	struct sigaction sa;
	struct itimerval it = { { 0, 0 }, { 0, 20000 } };
	struct timespec long_wait = { 5, 0 };
	pthread_t t;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_alarm;
	sigaction(SIGALRM, &sa, NULL);
	setitimer(ITIMER_REAL, &it, NULL);
	SHOW("WAIT, no timeout, handler without SA_RESTART",
	     futex(&word, FUTEX_WAIT, 1, NULL, NULL, 0));
	setitimer(ITIMER_REAL, &it, NULL);
	SHOW("WAIT, 5 s timeout, handler without SA_RESTART",
	     futex(&word, FUTEX_WAIT, 1, &long_wait, NULL, 0));
	sa.sa_flags = SA_RESTART;
	sigaction(SIGALRM, &sa, NULL);
	setitimer(ITIMER_REAL, &it, NULL);
	SHOW("WAIT, 5 s timeout, SA_RESTART handler",
	     futex(&word, FUTEX_WAIT, 1, &long_wait, NULL, 0));
	main_thread = pthread_self();
	f2 = 0;
	pthread_create(&t, NULL, poke_then_wake, NULL);
	SHOW("WAIT, no timeout, SA_RESTART: restarted, woken",
	     futex(&f2, FUTEX_WAIT_PRIVATE, 0, NULL, NULL, 0));
	pthread_join(t, NULL);
}

/* ---- across processes ---------------------------------------------------- */

/* The child sleeps on *child_word (a shared futex); the parent, once it is
 * asleep, wakes it through parent_word, the same memory.  Returns what
 * the child's wait returned (its exit status). */
static void across(const char *what, uint32_t *parent_word, uint32_t *(*child_map)(void))
{
	pid_t pid = fork();
	char line[96];

	if (pid == 0) {
		uint32_t *w = child_map ? child_map() : parent_word;
		_exit(futex(w, FUTEX_WAIT, 0, NULL, NULL, 0) == 0 ? 0 : 1);
	}
	wait_asleep(pid, 0);
	snprintf(line, sizeof(line), "%s: WAKE_PRIVATE", what);
	SHOW(line, futex(parent_word, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0));
	snprintf(line, sizeof(line), "%s: WAKE", what);
	SHOW(line, futex(parent_word, FUTEX_WAKE, 1, NULL, NULL, 0));
	int status;
	waitpid(pid, &status, 0);
	printf("%s: child's wait returned 0: %d\n", what,
	       WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

static int file_fd;

/* The child maps the file again, elsewhere, and uses the second word of
 * its second page, as the parent does through its own mapping. */
static uint32_t *map_file_again(void)
{
	char *p = mmap(NULL, 3 * 4096, PROT_READ | PROT_WRITE, MAP_SHARED, file_fd, 0);

	return (uint32_t *)(p + 4096 + 4);
}

static void test_across(void)
{
	uint32_t *anon = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
			      MAP_SHARED | MAP_ANONYMOUS, -1, 0);

	*anon = 0;
	across("MAP_SHARED|MAP_ANONYMOUS", anon, NULL);

	file_fd = open("futex-file", O_CREAT | O_RDWR | O_TRUNC, 0644);
	ftruncate(file_fd, 3 * 4096);
	char *guard = mmap(NULL, 8 * 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	char *p = mmap(guard + 4096, 2 * 4096, PROT_READ | PROT_WRITE,
		       MAP_SHARED | MAP_FIXED, file_fd, 4096);
	across("MAP_SHARED file, different addresses", (uint32_t *)(p + 4), map_file_again);

	uint32_t *priv = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
			      MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	*priv = 0;
	pid_t pid = fork();
	if (pid == 0) {
		struct timespec ts = { 0, 50 * 1000000 };
		_exit(futex(priv, FUTEX_WAIT, 0, &ts, NULL, 0) < 0 && errno == ETIMEDOUT);
	}
	wait_asleep(pid, 0);
	SHOW("MAP_PRIVATE copies: WAKE reaches nobody", futex(priv, FUTEX_WAKE, 1, NULL, NULL, 0));
	int status;
	waitpid(pid, &status, 0);
	printf("MAP_PRIVATE copies: the child timed out: %d\n", WEXITSTATUS(status));
}

int main(void)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	test_errors();
	test_wake_requeue();
	test_signals();
	test_across();
	return 0;
}
