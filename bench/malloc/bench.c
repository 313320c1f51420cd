/*
 * bench/malloc/bench.c - one malloc workload per run.  The allocator is
 * whatever the binary gets: glibc's, one in LD_PRELOAD (Pagoda's, jemalloc,
 * tcmalloc, mimalloc), or musl's when built with musl-gcc -static.
 * tools/bench-malloc runs it for each workload and allocator.
 *
 * The workload runs in a child (fork, no exec) and the parent reports the
 * child's rusage from wait4(): CPU time, peak RSS, minor faults.  Measured
 * this way, the child's peak RSS starts from this small process's, not
 * from the caller's: a process's ru_maxrss keeps the RSS its parent had
 * when it forked, even across exec (Linux's signal->maxrss).
 *
 *   mixed    10000 slots, 3M steps: a slot is filled (80% 8..512 B, 19%
 *            512 B..16 KiB, 1% 64 KiB..1 MiB) or freed; one byte is written
 *            in every page of each new block
 *   window   a sliding window of the last 10000 blocks, 5M allocations of
 *            8 B..512 KiB (the smaller the likelier): each new block is
 *            written (first and last 64 bytes) and the oldest is freed
 *   realloc  256 buffers grown round-robin by realloc in 1..512 B steps to
 *            64 KiB each, then one grown to 8 MiB in 4 KiB steps; 8 rounds
 *   grow64m  one block grown to 64 MiB by realloc in 4 KiB steps, each new
 *            page written
 *   threads  4 threads in a ring: each allocates batches of 256 blocks of
 *            16 B..2 KiB, hands each batch to the next thread through a
 *            queue, and frees the batches the previous one handed it (every
 *            free is a cross-thread free); 2M blocks per thread
 *
 * usage: bench WORKLOAD [DIVISOR [SEED]]; prints "WORKLOAD ops=N check=X"
 * (X depends on the contents only, so that no work can be optimised away),
 * then "rusage cpu_s=S maxrss_kib=K minflt=N".  DIVISOR (default 1) divides
 * the number of steps, rounds or batches (grow64m: its final size), so that
 * tools/bench-malloc can count instructions under cachegrind in less time.
 * SEED (default 0) is added to every random generator's start: each seed
 * is another, equally likely sequence of sizes and slots.  The peak RSS of
 * mixed depends on where the large blocks happen to land, and moves by a
 * few percent from seed to seed, for every allocator (docs/benchmarks.md).
 */
#define _GNU_SOURCE 1
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#define KiB 1024UL
#define MiB (1024 * KiB)

static uint64_t rng_next(uint64_t *s)
{
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return *s * 0x2545F4914F6CDD1DULL;
}

static void *xmalloc(size_t n)
{
	void *p = malloc(n);
	if (p == NULL) {
		fprintf(stderr, "malloc(%zu) failed\n", n);
		exit(1);
	}
	return p;
}

static void *xrealloc(void *old, size_t n)
{
	void *p = realloc(old, n);
	if (p == NULL) {
		fprintf(stderr, "realloc(%zu) failed\n", n);
		exit(1);
	}
	return p;
}

static uint64_t check;          /* folds in bytes read back */
static unsigned divisor = 1;    /* the command line's DIVISOR */
static uint64_t seed;           /* and its SEED */

/* n divided by the DIVISOR, at least 1. */
static uint64_t scaled(uint64_t n)
{
	return n / divisor ? n / divisor : 1;
}

/* ---- mixed ---------------------------------------------------------------- */

static size_t mixed_size(uint64_t *rng)
{
	uint64_t r = rng_next(rng), pick = r % 100;
	r >>= 8;
	if (pick < 80)
		return 8 + r % 505;
	if (pick < 99)
		return 512 + r % (16 * KiB - 511);
	return 64 * KiB + r % (960 * KiB + 1);
}

static uint64_t mixed(void)
{
	enum { SLOTS = 10000, STEPS = 3000000 };
	static char *slot[SLOTS];
	uint64_t rng = 12345 + seed, ops = 0;

	for (uint64_t step = 0; step < scaled(STEPS); step++) {
		char **s = &slot[rng_next(&rng) % SLOTS];
		if (*s == NULL) {
			size_t n = mixed_size(&rng);
			*s = xmalloc(n);
			for (size_t off = 0; off < n; off += 4096)
				(*s)[off] = (char)step;
			(*s)[n - 1] = (char)step;
		} else {
			check += (unsigned char)**s;
			free(*s);
			*s = NULL;
		}
		ops++;
	}
	for (int i = 0; i < SLOTS; i++)
		free(slot[i]);
	return ops + SLOTS;
}

/* ---- window --------------------------------------------------------------- */

/* 60% up to 128 B, 25% up to 1 KiB, 10% up to 8 KiB, 4% up to 64 KiB,
   1% up to 512 KiB. */
static size_t window_size(uint64_t *rng)
{
	static const size_t top[] = { 128, 1 * KiB, 8 * KiB, 64 * KiB, 512 * KiB };
	static const unsigned cum[] = { 60, 85, 95, 99, 100 };
	uint64_t r = rng_next(rng);
	unsigned pick = (unsigned)(r % 100), k = 0;
	while (pick >= cum[k])
		k++;
	size_t lo = k ? top[k - 1] : 8;
	return lo + (r >> 8) % (top[k] - lo + 1);
}

static uint64_t window(void)
{
	enum { LIVE = 10000, OPS = 5000000 };
	static char *ring[LIVE];
	static size_t len[LIVE];
	uint64_t rng = 4242 + seed;

	uint64_t ops = scaled(OPS);

	for (uint64_t op = 0; op < ops; op++) {
		uint64_t i = op % LIVE;
		if (ring[i] != NULL) {
			check += (unsigned char)ring[i][len[i] - 1];
			free(ring[i]);
		}
		size_t n = window_size(&rng);
		ring[i] = xmalloc(n);
		len[i] = n;
		memset(ring[i], op, n < 64 ? n : 64);
		memset(ring[i] + (n < 64 ? 0 : n - 64), op, n < 64 ? n : 64);
	}
	for (int i = 0; i < LIVE; i++)
		free(ring[i]);
	return ops + LIVE;
}

/* ---- realloc and grow64m -------------------------------------------------- */

/* Grow *p from *len to target bytes by realloc in steps from rng (or of
   `step` bytes if rng is NULL), writing each step's last byte. */
static uint64_t grow(char **p, size_t *len, size_t target, uint64_t *rng, size_t step)
{
	uint64_t ops = 0;

	while (*len < target) {
		size_t n = *len + (rng ? 1 + rng_next(rng) % 512 : step);
		*p = xrealloc(*p, n);
		if (*len)
			check += (unsigned char)(*p)[*len - 1];
		(*p)[n - 1] = (char)n;
		*len = n;
		ops++;
	}
	return ops;
}

static uint64_t realloc_growth(void)
{
	enum { BUFS = 256, ROUNDS = 8 };
	static char *buf[BUFS];
	static size_t len[BUFS];
	uint64_t rng = 99 + seed, ops = 0;

	for (uint64_t round = 0; round < scaled(ROUNDS); round++) {
		for (size_t target = 512; target <= 64 * KiB; target += 512)
			for (int i = 0; i < BUFS; i++)
				ops += grow(&buf[i], &len[i], target, &rng, 0);
		ops += grow(&buf[0], &len[0], 8 * MiB, NULL, 4 * KiB);
		for (int i = 0; i < BUFS; i++) {
			free(buf[i]);
			buf[i] = NULL;
			len[i] = 0;
		}
	}
	return ops;
}

static uint64_t grow64m(void)
{
	char *p = NULL;
	size_t len = 0;
	uint64_t ops = grow(&p, &len, scaled(64 * MiB), NULL, 4 * KiB);

	free(p);
	return ops;
}

/* ---- threads ---------------------------------------------------------------- */

#define NTHREADS 4
#define BATCH 256
#define BATCHES 8000            /* per thread: 2,048,000 blocks */
#define QMAX 4                  /* batches waiting in a queue at most */

/* Thread t sends batches of blocks to thread t + 1 through queue[t + 1]. */
struct queue {
	pthread_mutex_t lock;
	pthread_cond_t changed;
	char **batch[QMAX];
	unsigned head, count;
};
static struct queue queue[NTHREADS];

static void push(struct queue *q, char **batch)
{
	pthread_mutex_lock(&q->lock);
	while (q->count == QMAX)
		pthread_cond_wait(&q->changed, &q->lock);
	q->batch[(q->head + q->count++) % QMAX] = batch;
	pthread_cond_broadcast(&q->changed);
	pthread_mutex_unlock(&q->lock);
}

static char **pop(struct queue *q)
{
	pthread_mutex_lock(&q->lock);
	while (q->count == 0)
		pthread_cond_wait(&q->changed, &q->lock);
	char **batch = q->batch[q->head];
	q->head = (q->head + 1) % QMAX;
	q->count--;
	pthread_cond_broadcast(&q->changed);
	pthread_mutex_unlock(&q->lock);
	return batch;
}

/* Allocate a batch, send it on, free the batch the previous thread sent. */
static void *ring_worker(void *arg)
{
	unsigned t = (unsigned)(uintptr_t)arg;
	struct queue *in = &queue[t], *out = &queue[(t + 1) % NTHREADS];
	uint64_t rng = t * 7919 + 1 + seed, sum = 0;

	for (uint64_t b = 0; b < scaled(BATCHES); b++) {
		char **batch = xmalloc(BATCH * sizeof(char *));
		for (unsigned i = 0; i < BATCH; i++) {
			uint64_t r = rng_next(&rng);
			size_t n = r % 8 ? 16 + (r >> 8) % 241 : 256 + (r >> 8) % 1793;
			batch[i] = xmalloc(n);
			memset(batch[i], (int)i, n < 64 ? n : 64);
		}
		push(out, batch);
		batch = pop(in);
		for (unsigned i = 0; i < BATCH; i++) {
			sum += (unsigned char)batch[i][0];
			free(batch[i]);
		}
		free(batch);
	}
	return (void *)(uintptr_t)sum;
}

static uint64_t threads(void)
{
	pthread_t tid[NTHREADS];

	for (unsigned t = 0; t < NTHREADS; t++) {
		pthread_mutex_init(&queue[t].lock, NULL);
		pthread_cond_init(&queue[t].changed, NULL);
	}
	for (unsigned t = 0; t < NTHREADS; t++)
		if (pthread_create(&tid[t], NULL, ring_worker, (void *)(uintptr_t)t) != 0) {
			fprintf(stderr, "pthread_create failed\n");
			exit(1);
		}
	for (unsigned t = 0; t < NTHREADS; t++) {
		void *sum;
		pthread_join(tid[t], &sum);
		check += (uintptr_t)sum;
	}
	return 2ULL * NTHREADS * scaled(BATCHES) * (BATCH + 1);
}

/* Run the workload in a child; print its rusage.  Returns the exit status. */
static int run_in_child(const char *name, uint64_t (*run)(void))
{
	struct rusage ru;
	int status;

	fflush(stdout);
	pid_t pid = fork();
	if (pid < 0) {
		perror("fork");
		return 1;
	}
	if (pid == 0) {
		uint64_t ops = run();
		printf("%s ops=%llu check=%llu\n", name, (unsigned long long)ops,
		       (unsigned long long)check);
		exit(0);
	}
	if (wait4(pid, &status, 0, &ru) != pid || !WIFEXITED(status) || WEXITSTATUS(status))
		return 1;
	printf("rusage cpu_s=%.3f maxrss_kib=%ld minflt=%ld\n",
	       (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
	       (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) * 1e-6,
	       ru.ru_maxrss, ru.ru_minflt);
	return 0;
}

int main(int argc, char **argv)
{
	static const struct {
		const char *name;
		uint64_t (*run)(void);
	} workloads[] = {
		{ "mixed", mixed }, { "window", window }, { "realloc", realloc_growth },
		{ "grow64m", grow64m }, { "threads", threads },
	};
	if (argc >= 3)
		divisor = (unsigned)strtoul(argv[2], NULL, 10);
	if (argc == 4)
		seed = strtoull(argv[3], NULL, 10);
	for (size_t i = 0; divisor && argc >= 2 && argc <= 4 &&
	     i < sizeof(workloads) / sizeof(workloads[0]); i++)
		if (!strcmp(argv[1], workloads[i].name))
			return run_in_child(argv[1], workloads[i].run);
	fprintf(stderr, "usage: bench mixed|window|realloc|grow64m|threads [DIVISOR [SEED]]\n");
	return 2;
}
