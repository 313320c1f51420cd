/*
 * libc/malloc.c - Pagoda's malloc: a ptmalloc-style allocator written to be
 * read beside glibc's malloc/malloc.c and the classic articles on malloc,
 * brk and mmap.  Names follow glibc where the idea is the same.
 *
 *   malloc.c           this essay and the public functions (the fast paths)
 *   malloc_tcache.c    the tcache's slow paths: refill, flush, thread exit
 *   malloc_core.c      bins, coalescing, _int_malloc, _int_free, memalign,
 *                      _int_realloc
 *   malloc_sys.c       the kernel side: sbrk, mmap, mremap, trimming, errors
 *   malloc_info.c      mallopt, malloc_trim, mallinfo2, malloc_stats
 *   malloc_internal.h  chunk layout, arena and parameter structures, lock
 *
 * CHUNKS.  All memory handed out is a "chunk" carrying a boundary tag:
 *
 *      chunk ->  +-------------------------------+
 *                | prev_size: size of the chunk  |  only meaningful when the
 *                | below, if that one is free    |  chunk below is free
 *                +-------------------------------+
 *                | size of this chunk     |M|P|  |  M = IS_MMAPPED
 *      mem   ->  +-------------------------------+  P = PREV_INUSE (below)
 *                | user data ...                 |
 *                |                               |
 *  next chunk -> +-------------------------------+
 *                | prev_size: user data too,     |  while this chunk is in
 *                | as long as this chunk is used |  use, it may use the next
 *                +-------------------------------+  chunk's prev_size field
 *                | size of the next chunk  |M|P| |  P here says: this chunk
 *                +-------------------------------+  is in use
 *
 * The same place once the chunk is free (and in a bin: CHUNK_FREE, bit 2 of
 * its size field, says so, so that free() learns whether the chunk above
 * is free from that chunk's own header, without reading the one above it):
 *
 *      chunk ->  +-------------------------------+
 *                | prev_size (data of the chunk  |  the chunk below is in
 *                | below: it is in use)          |  use: two free chunks
 *                +-------------------------------+  are never neighbours
 *                | size of this chunk    |F|0|1| |  F = CHUNK_FREE
 *      mem   ->  +-------------------------------+
 *                | fd: next chunk in its bin     |
 *                | bk: previous chunk in its bin |
 *                | fd_nextsize, bk_nextsize      |  large bins only
 *                | (unused)                      |
 *  next chunk -> +-------------------------------+
 *                | prev_size = size of this chunk|  the "foot"
 *                +-------------------------------+
 *                | size of the next chunk  |M|0| |  P clear: this one is free
 *                +-------------------------------+
 *
 * Sizes are multiples of 16 (MALLOC_ALIGNMENT), so the low bits of the size
 * are free for flags and every mem pointer is 16-byte aligned.  A chunk is at
 * least MINSIZE = 32 bytes: a free chunk keeps two list pointers, fd and bk,
 * where the user data was, and repeats its size at its end (the "foot", i.e.
 * the next chunk's prev_size).  The overhead of a chunk in use is one size_t:
 * malloc(24) takes a 32-byte chunk.  Because a free chunk's neighbours can
 * find it from both sides, free() merges (coalesces) adjacent free chunks in
 * O(1).
 *
 * THE HEAP AND TOP.  Chunks are carved out of the heap, the region between
 * the program's data and the "break", which sbrk() moves.  The last chunk of
 * the heap is "top": free space that malloc splits from when no free chunk
 * fits, and that grows with sbrk (sysmalloc) asking M_TOP_PAD (128 KiB) more
 * than needed, so that the next requests cost no system call.  A chunk freed
 * next to top merges into it; when top exceeds M_TRIM_THRESHOLD (128 KiB),
 * free() moves the break back down, keeping M_TOP_PAD (systrim).  But a
 * working set that swings up and down near top would then give pages back
 * and fault them in again on every swing, so trimming has a hysteresis
 * (trim_on_free): once the heap has to grow again after trims released
 * memory, what trimming keeps rises by that much, up to 8 MiB (a cap that
 * keeps the hysteresis from costing resident memory on wide swings, which
 * are trimmed as glibc trims them).  Free memory inside the heap cannot go
 * back by moving the break, but its pages can: a free chunk that reaches
 * RELEASE_TRIM_FACTOR (8) times M_TRIM_THRESHOLD gives its whole pages back
 * with madvise(MADV_DONTNEED) (release_free_pages: they stay mapped and
 * read as zeros), and malloc_trim() does that for every free chunk, as
 * glibc's does.  The factor keeps churn cheap: a chunk that size is rarely
 * split again soon, and when its pages are needed they fault in afresh.
 * If the break cannot move (no brk in
 * the kernel, RLIMIT_DATA, a mapping just above
 * the heap), the heap continues in an mmap()ed region of at least 1 MiB; the
 * old top is fenced off with two tiny in-use headers and freed.
 *
 * BINS.  Free chunks wait in bins, circular doubly linked lists whose heads
 * live in the arena (struct malloc_state):
 *   - small bins 2..63 each hold one size (32, 48, ..., 1008 bytes): a hit is
 *     an exact fit, found in O(1), and the oldest chunk is taken first (as
 *     glibc takes it: it had the most time to coalesce; the newest-first
 *     order cost the mixed benchmark 4% of its peak RSS);
 *   - large bins 64..383 each hold a range of sizes, 16 bins per power of
 *     two (64 bytes wide at 1 KiB, 64 KiB wide at 1 MiB); each is kept
 *     sorted, smallest first, and, as in glibc, the first chunk of each
 *     size is also on a "nextsize" ring that skips the chunks of equal
 *     size, so walks cost the number of sizes.  glibc's 63 large bins are
 *     wider (32 KiB at 44 KiB): there the walks were most of the window
 *     benchmark's time in the allocator;
 *   - a bitmap (binmap) says which bins are non-empty, so the search for the
 *     next bigger non-empty bin takes a few instructions.
 * malloc takes a chunk that fits from the bins and splits it; the remainder
 * goes back into a bin.  From a large bin it takes, of the AO_FIT_CANDIDATES
 * (4) smallest chunks that fit, the lowest-addressed: glibc takes the best
 * fit, but address order (as in Wilson et al.'s survey, where address-
 * ordered fits fragment least) packs blocks towards the start of the heap,
 * and holes higher up merge into bigger ones and into top.  (glibc also has
 * an "unsorted" bin, a one-chance cache of recently freed chunks; Pagoda
 * files chunks straight into their bin.)
 *
 * FASTBINS.  Most programs allocate and free many small blocks of the same
 * sizes.  Chunks of at most MAX_FAST_SIZE (160) bytes are freed onto a
 * singly-linked LIFO list per size, without coalescing and still marked in
 * use; malloc pops them in a few instructions.  Their memory rejoins the
 * rest of the heap when a large request, a big free(), mallopt or malloc_trim
 * runs malloc_consolidate().  A chunk in a fastbin carries a key in its bk
 * field, so that freeing it a second time is caught (glibc's tcache key).
 *
 * THE TCACHE.  In front of all that sits glibc's tcache, the same idea as
 * tcmalloc's per-thread caches and mimalloc's free lists: 64 LIFO lists,
 * one per chunk size up to 1040 bytes, of chunks that are free for the
 * program but still "in use" for the arena.  free() of such a chunk is a
 * push and malloc() a pop: no lock, no coalescing, no bin, a few
 * instructions (the "tcache path" of do_malloc and do_free).  A list holds
 * 8 to 32 chunks, about 4-8 KiB of each size (glibc's hold 7: with 7, the
 * window benchmark refilled lists 3.5 times as often, and neither peak RSS
 * was lower).  Its slow paths take the lock
 * once for a batch: an empty list is refilled with up to half a list of
 * that size, stashed from its fastbin or small bin (tcache_refill); a full
 * one gives its older half back to the arena (tcache_flush).  With glibc on
 * the host each thread has its own tcache in thread-local storage, given
 * back when the thread exits; Pagoda's libc has no threads and one tcache.
 * The key in bk catches double frees here too.  But a cached chunk looks
 * in use to its neighbours, and one cached right above a big hole keeps
 * the hole from growing by it and by whatever is freed above it: so a
 * chunk whose own header says the chunk below is free and at least
 * FASTBIN_CONSOLIDATION_THRESHOLD (64 KiB) skips the tcache and coalesces
 * at once (above_big_hole; single-threaded only, since prev_size belongs
 * to the arena's lock).  Together with the address order above, this
 * lowered the mixed and window benchmarks' peak RSS by 4% and 1.5% on
 * average over 32 and 12 seeds (docs/benchmarks.md).
 *
 * THE TCACHE'S LARGE BINS.  Chunks of 1-64 KiB come in too many sizes for a
 * list per size, yet their arena path (coalescing with both neighbours, a
 * sorted large bin, and the split when malloc takes one back) touches five
 * to ten cache lines of other chunks.  So the tcache also has 49 large
 * bins, 8 per power of two from 1 KiB to 64 KiB, each with 2 slots
 * (TCACHE_LARGE_SLOTS) that keep a chunk's size beside its address:
 * malloc takes the smallest chunk of its bin that fits, else the smallest
 * of the next bin (all of which fit), and reads no other chunk to choose.
 * The chunk is taken whole: what it has beyond the request (under a
 * quarter) stays with it, unused and, untouched, not resident.  free()
 * fills a free slot, or gives the bin's chunks to the arena in turn.  A
 * chunk that waits while more than 2 MiB (TCACHE_LARGE_RETIRE) of others
 * pass through the large bins goes to the arena (retire_large): not reused
 * soon, cached it would only keep its neighbours from coalescing and their
 * pages from going back to the kernel.  realloc takes a cached neighbour
 * back to grow into it (tcache_realloc_check); malloc_trim and thread exit
 * empty the large bins.  Cached chunks count as in use in mallinfo2 (up
 * to about 1.7 MiB a thread).  A chunk the large bins give to the arena
 * keeps a key of its own (retired_key), and one whose upper neighbour says
 * it is free is not cached, so that a second free of it still meets the
 * arena's checks; as in glibc's tcache, a double free by another thread
 * than the one caching the chunk is not caught.  glibc's large-tcache patches (libc-alpha, 2025,
 * the tunable glibc.malloc.tcache_max) have the same idea, with sorted
 * lists and a retirement of stale chunks.  In the window benchmark 71% of
 * the mallocs of 1-64 KiB are served from them: its instructions fell by
 * 7% and its D1 misses by 12%, its CPU time from 0.92 to 0.80 of glibc's
 * (medians of 9 interleaved rounds), and its peak RSS by 4% (a chunk
 * reused whole leaves no remainder).
 *
 * MMAP AND THE THRESHOLD.  A request of at least M_MMAP_THRESHOLD bytes
 * (128 KiB) that the heap cannot serve gets its own anonymous mapping: free()
 * unmaps it, returning the memory at once, and a long-lived big block never
 * pins the heap's break.  But mmap and munmap cost system calls and page
 * faults on every use, so, as in glibc, when free() unmaps a chunk larger than
 * the threshold, the threshold rises to that chunk's size (and the trim
 * threshold to twice that): a program that frees 200 KiB blocks will get the
 * next ones from the heap.  The threshold never rises past
 * DEFAULT_MMAP_THRESHOLD_MAX (32 MiB), and stays fixed once mallopt() set any
 * of M_MMAP_THRESHOLD, M_TRIM_THRESHOLD, M_TOP_PAD or M_MMAP_MAX.
 * M_MMAP_MAX (65536) caps the number of mappings; 0 disables mmap for chunks.
 * A mapped chunk has IS_MMAPPED set and its prev_size holds its offset into
 * the mapping (non-zero only after memalign).  realloc resizes it with
 * mremap(MREMAP_MAYMOVE): the kernel moves page-table entries instead of
 * the bytes, and pages already faulted in stay, so growing a block to 64 MiB
 * in 4 KiB steps costs 16k cheap system calls, not 16k copies.  When mremap
 * fails (a kernel without it), realloc copies, as glibc does.
 *
 * REALLOC.  A heap chunk grows in place into top or a free chunk above; else
 * it moves, and since a block grown once tends to grow again (a string or
 * an array being appended to), it gets a quarter more than asked for (at
 * most REALLOC_HEADROOM, 64 KiB), so that the next small steps do not copy
 * the whole block again (_int_realloc).  With at most 8 KiB, the realloc
 * benchmark's blocks of 32-64 KiB moved more often and left more holes:
 * its peak RSS was 2% higher.
 *
 * LOCKING.  One arena, one lock: a spinlock taken with an atomic exchange
 * that backs off with sched_yield(); the tcache keeps most calls off it.
 * System calls other than munmap and mremap of a mapped chunk run with the
 * lock held.  Even uncontended, the atomic exchange
 * costs more than a whole fastbin malloc (measured: ~4 ns of ~6 per call),
 * so while the C library says the process has a single thread
 * (__libc_single_threaded, as glibc's own malloc and libstdc++ use it) the
 * lock is skipped: with one thread, nothing can race.  Forking while another
 * thread is inside malloc is not handled (glibc locks its arenas around fork).
 *
 * ERRORS.  Failure returns NULL with errno = ENOMEM.  Corruption that the
 * boundary tags reveal (double free, overwritten headers, invalid pointers)
 * prints glibc's message on stderr and calls abort().
 *
 * PORTABILITY.  This file set compiles against Pagoda's libc headers and the
 * host's glibc headers alike; it uses sbrk, mmap, munmap, mremap, write,
 * abort, sched_yield, __libc_single_threaded (glibc 2.32 and later,
 * Pagoda's libc and newlib's pthreads define it), gcc's __atomic builtins
 * and, with glibc and newlib, __thread and a pthread key for the
 * per-thread tcache (initial-exec TLS of 2.6 KB: the library can be
 * preloaded, but glibc's dlopen has too little room left for it).  Pages
 * are 4 KiB (MALLOC_PAGESIZE).  Memory that
 * the kernel hands out (fresh mmap, or pages past the old break) must read
 * as zeros: calloc does not clear it.
 */
#include "malloc_internal.h"

/* ---- malloc and free: the fast paths ------------------------------------ */

/* The arena's side of malloc and free, out of line: so the fast paths
   below end in tail calls and save no registers (measured: a third of the
   instructions of a tcache free went to saving and restoring them).
   The tcache's slow paths use them too. */
__attribute__((noinline)) void *malloc_from_arena(size_t nb)
{
	struct malloc_state *av = &main_arena;

	arena_lock(av);
	void *mem = _int_malloc(av, nb);
	arena_unlock(av);
	return mem;
}

__attribute__((noinline)) void free_to_arena(mchunkptr p)
{
	struct malloc_state *av = &main_arena;

	arena_lock(av);
	_int_free(av, p);
	arena_unlock(av);
}

/* malloc()'s errors (every allocation function fails through
   malloc_enomem), hidden from gcc as free()'s are (see below). */
static __attribute__((noipa, cold)) void *malloc_enomem(void)
{
	errno = ENOMEM;
	return NULL;
}

static __attribute__((noipa, cold)) void *malloc_bad_tcache(void)
{
	malloc_printerr("malloc(): memory corruption (tcache)");
}

/* malloc(), callable inside this file without going through the PLT.
   The tcache path: a pop from this thread's list of the size, no lock;
   up to 64 KiB, a look into the tcache's large bins. */
static void *do_malloc(size_t bytes)
{
	size_t nb;

	if (unlikely(!checked_request2size(bytes, &nb)))
		return malloc_enomem();
	if (likely(nb <= TCACHE_MAX_SIZE)) {
		struct tcache *tc = &tcache;
		unsigned idx = tcache_index(nb);
		struct tcache_entry *e = tc->entries[idx];
		if (unlikely(e == NULL))
			return tcache_refill(tc, nb);
		if (unlikely((uintptr_t)e & MALLOC_ALIGN_MASK))
			return malloc_bad_tcache();
		tc->entries[idx] = e->next;
		tc->room[idx]++;
		e->key = 0;                     /* not cached any more */
		return e;
	}
	if (nb <= TCACHE_LARGE_MAX_SIZE)
		return tcache_get_large(&tcache, nb);
	return malloc_from_arena(nb);
}

/* free()'s errors, like malloc()'s, are not known to gcc as noreturn
   (noipa hides that they are), so that the checks end in a jump rather
   than a call: the fast paths then need no stack frame. */

/* free() of a pointer that no malloc returned. */
static __attribute__((noipa, cold)) void free_invalid_pointer(void)
{
	malloc_printerr("free(): invalid pointer");
}

/* free() of a chunk whose head has bits that no chunk in use has: it is
   binned already (CHUNK_FREE), or the head is overwritten. */
static __attribute__((noipa, cold)) void free_bad_head(size_t head)
{
	size_t size = head & ~(size_t)SIZE_BITS;

	if ((head & CHUNK_FREE) && size >= MINSIZE && !(size & MALLOC_ALIGN_MASK))
		malloc_printerr("free(): double free detected");
	malloc_printerr("free(): invalid size");
}

/* free(): check the pointer, then unmap, cache it in the tcache, or
   coalesce it into the arena.  Every slow path is a tail call. */
static void do_free(void *mem)
{
	if (mem == NULL)
		return;
	if (unlikely((uintptr_t)mem & MALLOC_ALIGN_MASK)) {
		free_invalid_pointer();
		return;
	}
	mchunkptr p = mem2chunk(mem);
	size_t head = chunk_head_unlocked(p), size = head & ~(size_t)SIZE_BITS;
	if (unlikely((uintptr_t)p > -size)) {
		free_invalid_pointer();
		return;
	}
	/* a head in use has neither CHUNK_FREE nor bit 3 (sizes are multiples of 16) */
	if (unlikely(size < MINSIZE || (head & MALLOC_ALIGN_MASK & ~(size_t)(PREV_INUSE | IS_MMAPPED)))) {
		free_bad_head(head);
		return;
	}
	if (head & IS_MMAPPED) {
		munmap_chunk(p);
		return;
	}
	if (likely(size <= TCACHE_MAX_SIZE)) {
		struct tcache *tc = &tcache;
		unsigned idx = tcache_index(size);
		struct tcache_entry *e = mem;
		if (unlikely(e->key == freed_key() || tc->room[idx] == 0 ||
			     above_big_hole(p, head))) {
			tcache_free_slow(tc, p, head);
			return;
		}
		e->next = tc->entries[idx];
		e->key = freed_key();
		tc->entries[idx] = e;
		tc->room[idx]--;
		return;
	}
	if (size <= TCACHE_LARGE_MAX_SIZE) {
		tcache_put_large(&tcache, p, head);
		return;
	}
	free_to_arena(p);
}

/* The exported names are the fast paths themselves, not a jump to them. */
void *malloc(size_t bytes) __attribute__((alias("do_malloc")));
void free(void *mem) __attribute__((alias("do_free")));

/*
 * calloc: overflow-checked, and no memset for memory the kernel just zeroed:
 * a mapped chunk, or the part of a chunk split off top that lies past the
 * end top had before sysmalloc grew it.
 */
void *calloc(size_t n, size_t elem_size)
{
	struct malloc_state *av = &main_arena;
	size_t bytes, nb;

	if (unlikely(__builtin_mul_overflow(n, elem_size, &bytes) ||
		     !checked_request2size(bytes, &nb)))
		return malloc_enomem();
	if (nb <= TCACHE_MAX_SIZE) {            /* small: the tcache's */
		void *mem = do_malloc(bytes);
		if (mem != NULL)
			memset(mem, 0, chunksize_unlocked(mem2chunk(mem)) - SIZE_SZ);
		return mem;
	}
	arena_lock(av);
	mchunkptr oldtop = av->top;
	size_t oldtopsize = top_size(av);
	void *mem = _int_malloc(av, nb);
	arena_unlock(av);
	if (mem == NULL)
		return NULL;
	mchunkptr p = mem2chunk(mem);
	size_t head = chunk_head_unlocked(p), csz = head & ~(size_t)SIZE_BITS;
	if (head & IS_MMAPPED)
		return mem;
	if (p == oldtop && csz > oldtopsize)
		csz = oldtopsize;               /* the rest is fresh from sbrk */
	memset(mem, 0, csz - SIZE_SZ);
	return mem;
}

/* ---- realloc ---------------------------------------------------------- */

/* Validate a pointer given to realloc, as free() does. */
static mchunkptr realloc_check(void *mem)
{
	mchunkptr p = mem2chunk(mem);

	if (unlikely((uintptr_t)mem & MALLOC_ALIGN_MASK))
		malloc_printerr("realloc(): invalid pointer");
	size_t size = chunksize_unlocked(p);
	if (unlikely((uintptr_t)p > -size))
		malloc_printerr("realloc(): invalid pointer");
	if (unlikely(size < MINSIZE || (size & MALLOC_ALIGN_MASK)))
		malloc_printerr("realloc(): invalid old size");
	return p;
}

/*
 * realloc of a mapped chunk: mremap it; if the kernel cannot, a smaller
 * size stays where it is (its tail unmapped) and a bigger one moves
 * (malloc, copy, free), as in glibc.  Returns the new mem, or NULL (ENOMEM)
 * with p untouched.
 */
static void *realloc_mmapped(mchunkptr p, size_t nb, size_t bytes)
{
	void *oldmem = chunk2mem(p);
	mchunkptr newp = mremap_chunk(p, nb);

	if (newp != NULL)
		return chunk2mem(newp);
	size_t usable = chunksize(p) - CHUNK_HDR_SZ;
	if (usable >= bytes) {
		shrink_mmapped_chunk(p, nb);
		return oldmem;
	}
	void *newmem = do_malloc(bytes);
	if (newmem == NULL)
		return NULL;
	memcpy(newmem, oldmem, usable);
	munmap_chunk(p);
	return newmem;
}

/*
 * realloc: a mapped chunk is resized by mremap, a heap chunk by _int_realloc
 * (in place when it can).  realloc(p, 0) frees p and returns NULL, as in
 * glibc.
 */
static void *do_realloc(void *oldmem, size_t bytes)
{
	struct malloc_state *av = &main_arena;
	size_t nb;

	if (oldmem == NULL)
		return do_malloc(bytes);
	if (bytes == 0) {
		do_free(oldmem);
		return NULL;
	}
	if (unlikely(!checked_request2size(bytes, &nb)))
		return malloc_enomem();
	mchunkptr p = realloc_check(oldmem);
	if (chunk_head_unlocked(p) & IS_MMAPPED)    /* no neighbour touches it */
		return realloc_mmapped(p, nb, bytes);
	arena_lock(av);
	tcache_realloc_check(&tcache, av, p, nb);
	void *newmem = _int_realloc(av, p, nb);
	arena_unlock(av);
	return newmem;
}

void *realloc(void *oldmem, size_t bytes)
{
	return do_realloc(oldmem, bytes);
}

/* realloc(p, n * size), failing with ENOMEM if the product overflows. */
void *reallocarray(void *mem, size_t n, size_t size)
{
	size_t bytes;

	if (__builtin_mul_overflow(n, size, &bytes))
		return malloc_enomem();
	return do_realloc(mem, bytes);
}

/* ---- Aligned allocation ------------------------------------------------- */

/* memalign: as glibc, a non-power-of-two alignment is rounded up, one above
   SIZE_MAX / 2 + 1 fails with EINVAL. */
static void *do_memalign(size_t alignment, size_t bytes)
{
	struct malloc_state *av = &main_arena;
	size_t nb;

	if (alignment <= MALLOC_ALIGNMENT)
		return do_malloc(bytes);
	if (alignment > SIZE_MAX / 2 + 1) {
		errno = EINVAL;
		return NULL;
	}
	if (alignment & (alignment - 1))
		alignment = (size_t)1 << (64 - __builtin_clzll(alignment));
	size_t total;           /* what _int_memalign will ask _int_malloc for */
	if (!checked_request2size(bytes, &nb) ||
	    __builtin_add_overflow(nb, alignment + MINSIZE, &total) || total > PTRDIFF_MAX)
		return malloc_enomem();
	arena_lock(av);
	void *mem = _int_memalign(av, alignment, nb);
	arena_unlock(av);
	return mem;
}

void *memalign(size_t alignment, size_t bytes)
{
	return do_memalign(alignment, bytes);
}

/* C11: the alignment must be a power of two (EINVAL otherwise, glibc 2.38). */
void *aligned_alloc(size_t alignment, size_t bytes)
{
	if (alignment == 0 || (alignment & (alignment - 1))) {
		errno = EINVAL;
		return NULL;
	}
	return do_memalign(alignment, bytes);
}

/* POSIX: returns EINVAL or ENOMEM instead of setting errno. */
int posix_memalign(void **memptr, size_t alignment, size_t bytes)
{
	int saved_errno = errno;

	if (alignment == 0 || alignment % sizeof(void *) != 0 || (alignment & (alignment - 1)))
		return EINVAL;
	void *mem = do_memalign(alignment, bytes);
	if (mem == NULL) {
		errno = saved_errno;
		return ENOMEM;
	}
	*memptr = mem;
	return 0;
}

void *valloc(size_t bytes)
{
	return do_memalign(MALLOC_PAGESIZE, bytes);
}

/* Page-aligned, and the size rounded up to whole pages. */
void *pvalloc(size_t bytes)
{
	size_t rounded = ALIGN_UP(bytes, MALLOC_PAGESIZE);

	if (rounded < bytes)
		return malloc_enomem();
	return do_memalign(MALLOC_PAGESIZE, rounded ? rounded : MALLOC_PAGESIZE);
}

/* Bytes the caller may use in the block: a mapped chunk has two header
   words of its own, a heap chunk also uses the next chunk's prev_size.
   The lock keeps the next chunk's header still while we read it. */
size_t malloc_usable_size(void *mem)
{
	struct malloc_state *av = &main_arena;

	if (mem == NULL)
		return 0;
	mchunkptr p = mem2chunk(mem);
	if (chunk_head_unlocked(p) & IS_MMAPPED)
		return chunksize(p) - CHUNK_HDR_SZ;
	arena_lock(av);
	size_t usable = inuse(p) ? chunksize(p) - SIZE_SZ : 0;
	arena_unlock(av);
	return usable;
}
