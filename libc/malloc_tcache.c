/*
 * libc/malloc_tcache.c - the slow paths of the tcache: filling a bin that
 * malloc found empty, emptying one that free found full, catching double
 * frees, the large bins (1-64 KiB), and (with threads) giving a dying
 * thread's chunks back.  The fast paths are in malloc.c; the design is
 * explained at the top of it.
 */
#include "malloc_internal.h"

MALLOC_THREAD_LOCAL struct tcache tcache;

/* Give heap chunk p (size bytes, not cached) to the arena.  Lock held. */
static void arena_free(struct malloc_state *av, mchunkptr p, size_t size)
{
	if (size <= MAX_FAST_SIZE)
		fastbin_push(av, p, size);
	else
		_int_free(av, p);
}

const uint8_t tcache_limits[TCACHE_MAX_BINS] = {
	32, 32, 32, 32, 32, 32, 32, 32, 16, 16, 16, 16, 16, 16, 16, 16,
	8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8,
	8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8,
	8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8,
};

#ifdef MALLOC_THREADS
#include <pthread.h>

static pthread_key_t tcache_key;
static pthread_once_t tcache_key_once = PTHREAD_ONCE_INIT;

/*
 * Thread exit (a pthread key destructor): give every cached chunk back to
 * the arena, then shut the tcache: no room in any list makes every free
 * take the slow path, which sees `off`; empty lists make every malloc do so.
 */
static void tcache_thread_shutdown(void *arg)
{
	struct tcache *tc = arg;
	struct malloc_state *av = &main_arena;

	arena_lock(av);
	tc->off = 1;
	tcache_flush_large(tc, av);
	for (unsigned i = 0; i < TCACHE_MAX_BINS; i++) {
		struct tcache_entry *e = tc->entries[i];
		tc->entries[i] = NULL;
		tc->room[i] = 0;
		while (e != NULL) {
			struct tcache_entry *next = e->next;
			e->key = 0;
			arena_free(av, mem2chunk(e), chunksize(mem2chunk(e)));
			e = next;
		}
	}
	arena_unlock(av);
}

static void tcache_key_create(void)
{
	pthread_key_create(&tcache_key, tcache_thread_shutdown);
}

/* Have the thread's exit empty tc.  (Keys below 32 live in the thread:
   no allocation.) */
static void tcache_hook_exit(struct tcache *tc)
{
	pthread_once(&tcache_key_once, tcache_key_create);
	pthread_setspecific(tcache_key, tc);
}
#else
/* No threads: the one tcache lives as long as the process. */
static void tcache_hook_exit(struct tcache *tc)
{
	(void)tc;
}
#endif

/* Once per thread, before its tcache first holds a chunk: give its lists
   room and have the thread's exit empty it. */
static void tcache_register(struct tcache *tc)
{
	for (unsigned i = 0; i < TCACHE_MAX_BINS; i++)
		tc->room[i] = tcache_limit(i);
	tc->registered = 1;
	tcache_hook_exit(tc);
}

/* Has this thread's tcache been shut (its thread is exiting)? */
static int tcache_is_off(struct tcache *tc)
{
	return tc->off;
}

/* Put heap chunk p (size bytes, marked in use) in its tcache bin. */
static void tcache_put(struct tcache *tc, mchunkptr p, size_t size)
{
	unsigned idx = tcache_index(size);
	struct tcache_entry *e = chunk2mem(p);

	e->next = tc->entries[idx];
	e->key = freed_key();
	tc->entries[idx] = e;
	tc->room[idx]--;
}

/*
 * malloc found the tcache bin of nb empty: get one chunk from the arena
 * (_int_malloc) and, under the same lock, take up to half a bin more of
 * exactly that size from its fastbin or small bin (glibc's stashing), so
 * that the next mallocs of the size take no lock.  Returns mem or NULL.
 */
void *tcache_refill(struct tcache *tc, size_t nb)
{
	struct malloc_state *av = &main_arena;
	unsigned idx = tcache_index(nb), n = tcache_limit(idx) / 2;
	mchunkptr p;

	if (unlikely(!tc->registered))
		tcache_register(tc);
	arena_lock(av);
	void *mem = _int_malloc(av, nb);
	if (mem != NULL && !tcache_is_off(tc))
		while (tcache_limit(idx) - tc->room[idx] < n) {
			p = nb <= MAX_FAST_SIZE ? fastbin_pop(av, nb) : take_from_smallbin(av, nb);
			if (p == NULL)
				break;
			tcache_put(tc, p, nb);
		}
	arena_unlock(av);
	return mem;
}

/*
 * p's tcache bin is full: under one lock, give the older half of the bin
 * to the arena, then cache p (a shut tcache: p goes to the arena).
 */
static void tcache_flush(struct tcache *tc, mchunkptr p, size_t size)
{
	struct malloc_state *av = &main_arena;
	unsigned idx = tcache_index(size), keep = tcache_limit(idx) / 2;

	arena_lock(av);
	if (tcache_is_off(tc)) {
		arena_free(av, p, size);
		arena_unlock(av);
		return;
	}
	struct tcache_entry *e = tc->entries[idx];
	for (unsigned i = 1; i < keep; i++)
		e = e->next;
	struct tcache_entry *old = e->next;
	e->next = NULL;
	tc->room[idx] = (uint16_t)(tcache_limit(idx) - keep);
	while (old != NULL) {
		struct tcache_entry *next = old->next;
		old->key = 0;
		arena_free(av, mem2chunk(old), size);
		old = next;
	}
	arena_unlock(av);
	tcache_put(tc, p, size);
}

/*
 * The key says p is cached already, which user data can also say: walk
 * this thread's bin and, for a fast size, the fastbin (glibc's message).
 */
static void tcache_double_free_check(struct tcache *tc, mchunkptr p, size_t size)
{
	struct tcache_entry *e = chunk2mem(p);

	if (!tcache_is_off(tc))
		for (struct tcache_entry *q = tc->entries[tcache_index(size)]; q; q = q->next)
			if (q == e)
				malloc_printerr("free(): double free detected in tcache 2");
	if (size <= MAX_FAST_SIZE) {
		arena_lock(&main_arena);
		check_fastbin_double_free(&main_arena, p);
		arena_unlock(&main_arena);
	}
}

/*
 * free()'s slow tcache path for heap chunk p (`head` its size field): the
 * thread's tcache has no room yet (its first free); p's key says it may be
 * cached already (a double free aborts); p is right above a big free chunk
 * (above_big_hole: coalesce it now); or its bin is full (flush half of it).
 * Otherwise cache p.
 */
void tcache_free_slow(struct tcache *tc, mchunkptr p, size_t head)
{
	struct tcache_entry *e = chunk2mem(p);
	size_t size = head & ~(size_t)SIZE_BITS;

	if (unlikely(!tc->registered))
		tcache_register(tc);
	if (e->key == freed_key())
		tcache_double_free_check(tc, p, size);
	if (above_big_hole(p, head))
		free_to_arena(p);
	else if (tc->room[tcache_index(size)] == 0)
		tcache_flush(tc, p, size);
	else
		tcache_put(tc, p, size);
}

/* ---- The large bins ------------------------------------------------------- */

/* The slot of `bin` with the smallest chunk of at least nb bytes, or -1. */
static int best_fit_slot(struct tcache_large_bin *bin, size_t nb)
{
	int best = -1;
	size_t best_size = SIZE_MAX;

	for (int i = 0; i < bin->count; i++) {
		size_t size = bin->slots[i].size;
		if (size >= nb && size < best_size) {
			best = i;
			best_size = size;
		}
	}
	return best;
}

/* The slot of `bin` that holds e, or -1. */
static int slot_of(struct tcache_large_bin *bin, struct tcache_entry *e)
{
	for (int i = 0; i < bin->count; i++)
		if (bin->slots[i].mem == e)
			return i;
	return -1;
}

/* A slot's chunk leaves it: it must still have the size it was cached
   with (else an overflow rewrote its header: abort with msg); its key
   becomes `key`: 0 for a chunk handed to the program, retired_key() for
   one given to the arena.  Returns the chunk's mem. */
static struct tcache_entry *slot_leave(struct tcache_slot *slot, uintptr_t key, const char *msg)
{
	struct tcache_entry *e = slot->mem;

	if (unlikely(chunksize_unlocked(mem2chunk(e)) != slot->size))
		malloc_printerr(msg);
	e->key = key;
	return e;
}

/* Take slot i out of `bin` (slot_leave).  Returns the chunk's mem. */
static struct tcache_entry *take_slot(struct tcache_large_bin *bin, int i, uintptr_t key,
				      const char *msg)
{
	struct tcache_entry *e = slot_leave(&bin->slots[i], key, msg);

	bin->slots[i] = bin->slots[--bin->count];
	return e;
}

/*
 * malloc of nb bytes (TCACHE_MAX_SIZE < nb <= TCACHE_LARGE_MAX_SIZE): the
 * best fit of nb's large bin, else the smallest chunk of the next bin (all
 * of which fit), else the arena (whose chunk may carry an old key: clear
 * it).  The chunk may be up to two bins' width (a quarter) bigger than nb:
 * the rest stays with it, unused.  Returns mem.
 */
void *tcache_get_large(struct tcache *tc, size_t nb)
{
	unsigned idx = tcache_large_index(nb);
	struct tcache_large_bin *bin = &tc->large[idx];
	int best = best_fit_slot(bin, nb);

	if (best < 0 && idx + 1 < TCACHE_LARGE_BINS) {
		bin++;
		best = best_fit_slot(bin, nb);
	}
	if (best >= 0)
		return take_slot(bin, best, 0, "malloc(): memory corruption (tcache)");
	struct tcache_entry *e = malloc_from_arena(nb);
	if (e != NULL)
		e->key = 0;
	return e;
}

/* Is chunk p (in use for the arena, of a large-bin size) in one of tc's
   slots?  Only its key says it may be. */
static int large_cached(struct tcache *tc, mchunkptr p, size_t size)
{
	struct tcache_entry *e = chunk2mem(p);

	return e->key == freed_key() && slot_of(&tc->large[tcache_large_index(size)], e) >= 0;
}

/*
 * realloc of heap chunk p, lock held.  p must not be waiting in this
 * thread's large bins (a realloc after free: abort, as the arena's checks
 * would); if p is to grow and the chunk right above it waits there, give
 * that one to the arena, where p can grow into it (the lock keeps its size
 * still).
 */
void tcache_realloc_check(struct tcache *tc, struct malloc_state *av, mchunkptr p, size_t nb)
{
	size_t size = chunksize(p);

	if (size > TCACHE_MAX_SIZE && size <= TCACHE_LARGE_MAX_SIZE && large_cached(tc, p, size))
		malloc_printerr("realloc(): invalid old size");
	if (nb <= size)
		return;
	mchunkptr next = chunk_at_offset(p, size);
	size_t nextsize = chunksize(next);
	if (next == av->top || nextsize <= TCACHE_MAX_SIZE || nextsize > TCACHE_LARGE_MAX_SIZE)
		return;
	struct tcache_large_bin *bin = &tc->large[tcache_large_index(nextsize)];
	int i = slot_of(bin, chunk2mem(next));
	if (i >= 0) {
		take_slot(bin, i, retired_key(), "realloc(): invalid next size");
		_int_free(av, next);
	}
}

/* Give the arena every chunk of tc's large bins that has waited while
   more than `age` bytes were put into them after it (-1: every chunk).
   Lock held. */
static void give_back_large(struct tcache *tc, struct malloc_state *av, int64_t age)
{
	for (unsigned i = 0; i < TCACHE_LARGE_BINS; i++) {
		struct tcache_large_bin *bin = &tc->large[i];
		for (int k = bin->count - 1; k >= 0; k--)
			if ((int64_t)(uint32_t)(tc->large_freed - bin->slots[k].stamp) > age)
				_int_free(av, mem2chunk(take_slot(bin, k, retired_key(),
								  "free(): invalid size")));
	}
}

/*
 * Give the arena every chunk of the large bins that has waited while more
 * than TCACHE_LARGE_RETIRE bytes were put into them after it: it is not
 * being reused, and cached it keeps its neighbours from coalescing and
 * their pages from going back to the kernel (glibc's large-tcache patches
 * retire chunks alike).  Runs every TCACHE_LARGE_RETIRE / 2 bytes, and
 * frees `evicted` (if not NULL) under the same lock.
 */
static __attribute__((noinline)) void retire_large(struct tcache *tc, struct tcache_entry *evicted)
{
	struct malloc_state *av = &main_arena;

	tc->next_sweep = tc->large_freed + TCACHE_LARGE_RETIRE / 2;
	arena_lock(av);
	if (evicted != NULL)
		_int_free(av, mem2chunk(evicted));
	give_back_large(tc, av, TCACHE_LARGE_RETIRE);
	arena_unlock(av);
}

/*
 * free of heap chunk p (`head` its size field, TCACHE_MAX_SIZE < size <=
 * TCACHE_LARGE_MAX_SIZE): into its large bin; a full bin gives one of its
 * chunks to the arena instead, in turn.  As for the small bins, a chunk
 * right above a big free chunk coalesces at once (above_big_hole), and a
 * shut tcache caches nothing.  So does a chunk that may be free already:
 * its key says the large bins gave it to the arena, or (single-threaded:
 * the chunk above belongs to the lock) the chunk above says it is free;
 * if this is a second free, the arena's checks catch it.
 */
void tcache_put_large(struct tcache *tc, mchunkptr p, size_t head)
{
	size_t size = head & ~(size_t)SIZE_BITS;
	struct tcache_large_bin *bin = &tc->large[tcache_large_index(size)];
	struct tcache_entry *e = chunk2mem(p);

	if (large_cached(tc, p, size))
		malloc_printerr("free(): double free detected in tcache 2");
	if (e->key == retired_key() || above_big_hole(p, head) || tcache_is_off(tc) ||
	    (single_threaded() && !prev_inuse(chunk_at_offset(p, size)))) {
		free_to_arena(p);
		return;
	}
	if (unlikely(!tc->registered))
		tcache_register(tc);
	e->key = freed_key();
	tc->large_freed += (uint32_t)size;
	struct tcache_slot new = { e, (uint32_t)size, tc->large_freed };
	struct tcache_entry *old = NULL;
	if (bin->count < TCACHE_LARGE_SLOTS) {
		bin->slots[bin->count++] = new;
	} else {
		struct tcache_slot *slot = &bin->slots[bin->evict];
		old = slot_leave(slot, retired_key(), "free(): invalid size");
		bin->evict = (uint8_t)((bin->evict + 1) % TCACHE_LARGE_SLOTS);
		*slot = new;
	}
	if (unlikely((int32_t)(tc->large_freed - tc->next_sweep) >= 0))
		retire_large(tc, old);
	else if (old != NULL)
		free_to_arena(mem2chunk(old));
}

/* Give every chunk of tc's large bins to the arena (thread exit,
   malloc_trim).  Lock held. */
void tcache_flush_large(struct tcache *tc, struct malloc_state *av)
{
	give_back_large(tc, av, -1);
}
