/*
 * tests/host/malloc/threads.c - the single lock under contention: threads
 * allocate, check and free patterned blocks, and hand blocks to each other
 * (a block freed by another thread than the one that allocated it); then a
 * thread whose first call is free() takes 1-64 KiB blocks from main and
 * exits: what its tcache's large bins held is in the arena again.
 */
#include "talloc.h"
#include <pthread.h>
#include <string.h>

#define NTHREADS 4
#define OPS      300000
#define NSLOTS   512
#define NSHARED  64

struct block {
	unsigned char *p;
	size_t len;
	uint64_t tag;
};

static struct block shared[NSHARED];       /* blocks passed between threads */
static pthread_mutex_t shared_lock = PTHREAD_MUTEX_INITIALIZER;

static void verify_and_free(struct block *b)
{
	CHECK(pattern_check(b->p, b->tag, b->len) < 0, "block %p corrupted", (void *)b->p);
	T(free)(b->p);
	b->p = NULL;
}

static void fill(struct block *b, void *p, size_t n, uint64_t tag)
{
	CHECK(p != NULL, "allocation of %zu failed", n);
	b->p = p;
	b->len = n;
	b->tag = tag;
	pattern_fill(b->p, tag, 0, n);
}

/* Swap a block of ours with a shared one (the other thread frees ours). */
static void trade(struct block *b)
{
	pthread_mutex_lock(&shared_lock);
	struct block *s = &shared[(uintptr_t)b->p % NSHARED];
	struct block t = *s;
	*s = *b;
	*b = t;
	pthread_mutex_unlock(&shared_lock);
}

static void *worker(void *arg)
{
	uint64_t rng = (uintptr_t)arg * 7919 + 1;
	static __thread struct block mine[NSLOTS];
	for (int op = 0; op < OPS; op++) {
		struct block *b = &mine[rng_next(&rng) % NSLOTS];
		unsigned pick = (unsigned)(rng_next(&rng) % 100);
		size_t n = pick < 90 ? 1 + rng_next(&rng) % 300 : 1 + rng_next(&rng) % 200000;
		if (b->p == NULL) {
			fill(b, pick % 3 ? T(malloc)(n) : T(calloc)(1, n), n, rng_next(&rng));
		} else if (pick < 10) {
			trade(b);
		} else if (pick < 30) {
			CHECK(pattern_check(b->p, b->tag, b->len) < 0, "block corrupted before realloc");
			unsigned char *p = T(realloc)(b->p, n);
			CHECK(p != NULL, "realloc");
			size_t keep = n < b->len ? n : b->len;
			CHECK(pattern_check(p, b->tag, keep) < 0, "realloc lost data");
			b->p = p;
			pattern_fill(p, b->tag, keep, n);
			b->len = n;
		} else {
			verify_and_free(b);
		}
	}
	for (int i = 0; i < NSLOTS; i++)
		if (mine[i].p)
			verify_and_free(&mine[i]);
	return NULL;
}

#define NHANDED 32
static void *handed[NHANDED];

/* Free main's blocks, and exit. */
static void *free_handed(void *arg)
{
	(void)arg;
	for (int i = 0; i < NHANDED; i++)
		T(free)(handed[i]);
	return NULL;
}

/* A thread's exit gives its cached chunks back: the bytes in use return
   to what they were before main allocated the handed blocks. */
static void exit_gives_back(void)
{
	pthread_t t;

	T(malloc_trim)(0);              /* main's own large bins: empty */
	size_t before = T(mallinfo2)().uordblks, total = 0;
	for (int i = 0; i < NHANDED; i++) {
		size_t n = 4096 + (size_t)i * 1800;     /* 4 KiB .. 60 KiB */
		handed[i] = T(malloc)(n);
		CHECK(handed[i] != NULL, "malloc(%zu) failed", n);
		total += n;
	}
	CHECK(pthread_create(&t, NULL, free_handed, NULL) == 0, "pthread_create");
	pthread_join(t, NULL);
	size_t after = T(mallinfo2)().uordblks;
	CHECK(after <= before + 4096, "in use %zu bytes before, %zu after a thread freed %zu and "
	      "exited", before, after, total);
}

int main(void)
{
	pthread_t tid[NTHREADS];
	for (uintptr_t i = 0; i < NTHREADS; i++)
		CHECK(pthread_create(&tid[i], NULL, worker, (void *)(i + 1)) == 0, "pthread_create");
	for (int i = 0; i < NTHREADS; i++)
		pthread_join(tid[i], NULL);
	for (int i = 0; i < NSHARED; i++)
		if (shared[i].p)
			verify_and_free(&shared[i]);
	exit_gives_back();
	return 0;
}
