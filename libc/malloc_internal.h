/*
 * libc/malloc_internal.h - private to libc/malloc*.c: chunk layout, the arena
 * (struct malloc_state), the tunables (struct malloc_par), the lock, and the
 * bin helpers.  The design is explained at the top of libc/malloc.c.
 */
#ifndef PAGODA_MALLOC_INTERNAL_H
#define PAGODA_MALLOC_INTERNAL_H

#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1           /* glibc headers: sbrk, MAP_ANONYMOUS, mremap */
#endif

#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <errno.h>
#include <unistd.h>
#include <sys/mman.h>
#include <stdlib.h>
#include <malloc.h>             /* struct mallinfo2, M_* (glibc's numbers) */

/*
 * Host test builds compile the allocator with -DMALLOC_PREFIX=pg_ so that it
 * defines pg_malloc, pg_free, ... next to the C library's (or ASan's) malloc.
 * Function-like macros leave "struct mallinfo2" alone.
 */
#ifdef MALLOC_PREFIX
#define MALLOC_CAT_(a, b) a##b
#define MALLOC_CAT(a, b) MALLOC_CAT_(a, b)
#define MALLOC_NAME(n) MALLOC_CAT(MALLOC_PREFIX, n)
#define malloc(...)             MALLOC_NAME(malloc)(__VA_ARGS__)
#define free(...)               MALLOC_NAME(free)(__VA_ARGS__)
#define calloc(...)             MALLOC_NAME(calloc)(__VA_ARGS__)
#define realloc(...)            MALLOC_NAME(realloc)(__VA_ARGS__)
#define reallocarray(...)       MALLOC_NAME(reallocarray)(__VA_ARGS__)
#define posix_memalign(...)     MALLOC_NAME(posix_memalign)(__VA_ARGS__)
#define aligned_alloc(...)      MALLOC_NAME(aligned_alloc)(__VA_ARGS__)
#define memalign(...)           MALLOC_NAME(memalign)(__VA_ARGS__)
#define valloc(...)             MALLOC_NAME(valloc)(__VA_ARGS__)
#define pvalloc(...)            MALLOC_NAME(pvalloc)(__VA_ARGS__)
#define malloc_usable_size(...) MALLOC_NAME(malloc_usable_size)(__VA_ARGS__)
#define mallopt(...)            MALLOC_NAME(mallopt)(__VA_ARGS__)
#define malloc_trim(...)        MALLOC_NAME(malloc_trim)(__VA_ARGS__)
#define malloc_stats(...)       MALLOC_NAME(malloc_stats)(__VA_ARGS__)
#define mallinfo2(...)          MALLOC_NAME(mallinfo2)(__VA_ARGS__)
#endif

/* Shared between the malloc*.c files but not exported from libc. */
#define MALLOC_HIDDEN __attribute__((visibility("hidden")))
#define likely(x)   __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)

/* ---- Sizes ------------------------------------------------------------ */

#define SIZE_SZ            sizeof(size_t)          /* 8 on x86-64 */
#define MALLOC_ALIGNMENT   16                      /* 2 * SIZE_SZ, as glibc */
#define MALLOC_ALIGN_MASK  (MALLOC_ALIGNMENT - 1)
#define CHUNK_HDR_SZ       (2 * SIZE_SZ)           /* prev_size + size */
#define MINSIZE            32                      /* header + fd + bk */

/* x86-64 pages are 4 KiB; Pagoda has no other page size, so no sysconf(). */
#define MALLOC_PAGESIZE    4096UL
#define ALIGN_UP(x, a)     (((x) + ((a) - 1)) & ~((size_t)(a) - 1))
#define ALIGN_DOWN(x, a)   ((x) & ~((size_t)(a) - 1))

/* Defaults, all as glibc on 64-bit. */
#define DEFAULT_MMAP_THRESHOLD     (128 * 1024)
#define DEFAULT_MMAP_THRESHOLD_MAX (32 * 1024 * 1024)  /* 4 * 1 MiB * 8 */
#define DEFAULT_TRIM_THRESHOLD     (128 * 1024)
#define DEFAULT_TOP_PAD            (128 * 1024)
#define TRIM_KEEP_MAX              (64 * DEFAULT_TOP_PAD) /* trim_on_free's hysteresis cap */
#define DEFAULT_MMAP_MAX           65536
#define MMAP_AS_MORECORE_SIZE      (1024 * 1024)
#define FASTBIN_CONSOLIDATION_THRESHOLD (64 * 1024)
#define RELEASE_TRIM_FACTOR 8      /* free chunks in the heap: released at 8 x M_TRIM_THRESHOLD */
#define REALLOC_HEADROOM    (64 * 1024) /* at most, for a moved growing block */
#define AO_FIT_CANDIDATES   4      /* large-bin fits compared by address */

/* ---- Chunks ------------------------------------------------------------- */

#define PREV_INUSE 0x1   /* the chunk just below this one is in use */
#define IS_MMAPPED 0x2   /* this chunk has its own mmap()ed region */
#define CHUNK_FREE 0x4   /* this chunk is free and in a bin (not top, fastbin, tcache) */
#define SIZE_BITS  (PREV_INUSE | IS_MMAPPED | CHUNK_FREE)

struct malloc_chunk {
	size_t mchunk_prev_size;     /* size of the chunk below, if it is free */
	size_t mchunk_size;          /* size of this chunk | PREV_INUSE | IS_MMAPPED */
	struct malloc_chunk *fd;     /* free chunks only: next in the bin */
	struct malloc_chunk *bk;     /* free chunks only: previous in the bin */
	struct malloc_chunk *fd_nextsize;   /* free large chunks only: next */
	struct malloc_chunk *bk_nextsize;   /* bigger / smaller size in the bin */
};
typedef struct malloc_chunk *mchunkptr;

static inline size_t chunksize(mchunkptr p) { return p->mchunk_size & ~(size_t)SIZE_BITS; }
static inline int prev_inuse(mchunkptr p) { return p->mchunk_size & PREV_INUSE; }
static inline int chunk_is_mmapped(mchunkptr p) { return (p->mchunk_size & IS_MMAPPED) != 0; }
/* Is p in a bin?  The same as !prev_inuse(next_chunk(p)) for a chunk that
   is not top, but read from p's own header: one cache line fewer. */
static inline int chunk_is_free(mchunkptr p) { return (p->mchunk_size & CHUNK_FREE) != 0; }
static inline mchunkptr chunk_at_offset(mchunkptr p, size_t off) { return (mchunkptr)((char *)p + off); }
static inline mchunkptr next_chunk(mchunkptr p) { return chunk_at_offset(p, chunksize(p)); }
static inline void *chunk2mem(mchunkptr p) { return (char *)p + CHUNK_HDR_SZ; }
static inline mchunkptr mem2chunk(void *mem) { return (mchunkptr)((char *)mem - CHUNK_HDR_SZ); }

/* A chunk is in use when the chunk above it says so. */
static inline int inuse(mchunkptr p) { return prev_inuse(next_chunk(p)); }
static inline void set_head(mchunkptr p, size_t head) { p->mchunk_size = head; }
/* Change the size, keep the flag bits. */
static inline void set_head_size(mchunkptr p, size_t size)
{
	p->mchunk_size = size | (p->mchunk_size & SIZE_BITS);
}
/* A free chunk's size is repeated in the prev_size field of the chunk above. */
static inline void set_foot(mchunkptr p, size_t size) { chunk_at_offset(p, size)->mchunk_prev_size = size; }

/*
 * The PREV_INUSE bit of a chunk in use changes when its lower neighbour is
 * allocated or freed by another thread, while the owner may be reading its
 * size in free() without the lock.  So these accesses are atomic; relaxed
 * atomics are plain moves on x86-64 and keep the C memory model (and TSan)
 * content: the bits the owner cares about never change under it.
 */
static inline size_t chunk_head_unlocked(mchunkptr p)
{
	return __atomic_load_n(&p->mchunk_size, __ATOMIC_RELAXED);
}
static inline size_t chunksize_unlocked(mchunkptr p)
{
	return chunk_head_unlocked(p) & ~(size_t)SIZE_BITS;
}
static inline void set_prev_inuse_bit(mchunkptr q)
{
	__atomic_store_n(&q->mchunk_size, chunk_head_unlocked(q) | PREV_INUSE, __ATOMIC_RELAXED);
}
static inline void clear_prev_inuse_bit(mchunkptr q)
{
	__atomic_store_n(&q->mchunk_size, chunk_head_unlocked(q) & ~(size_t)PREV_INUSE,
			 __ATOMIC_RELAXED);
}
static inline void set_inuse_at(mchunkptr p, size_t off) { set_prev_inuse_bit(chunk_at_offset(p, off)); }

/*
 * Request size -> chunk size: add the size field (prev_size of the next chunk
 * is borrowed), round up to 16, at least MINSIZE.  Requests above PTRDIFF_MAX
 * fail, as in glibc.  Returns 0 on overflow.
 */
static inline int checked_request2size(size_t req, size_t *nb)
{
	if (unlikely(req > PTRDIFF_MAX))
		return 0;
	if (req + SIZE_SZ + MALLOC_ALIGN_MASK < MINSIZE)
		*nb = MINSIZE;
	else
		*nb = (req + SIZE_SZ + MALLOC_ALIGN_MASK) & ~(size_t)MALLOC_ALIGN_MASK;
	return 1;
}

/* ---- Bins --------------------------------------------------------------- */

#define NBINS          384   /* 0, 1 unused; 2..63 small; 64..383 large */
#define LARGE_BINS_PER_OCTAVE 16
#define NSMALLBINS     64
#define MIN_LARGE_SIZE (NSMALLBINS * MALLOC_ALIGNMENT)     /* 1024 */
#define MAX_FAST_SIZE  160   /* largest fastbin chunk (glibc's max M_MXFAST) */
#define NFASTBINS      9     /* chunk sizes 32, 48, ..., 160 */

static inline int in_smallbin_range(size_t sz) { return sz < MIN_LARGE_SIZE; }
static inline unsigned fastbin_index(size_t sz) { return (unsigned)(sz >> 4) - 2; }

/*
 * Large bins: LARGE_BINS_PER_OCTAVE (16) per power of two, each 1/16 of it
 * wide (64 bytes at 1 KiB, 2 KiB at 32 KiB, 64 KiB at 1 MiB), from 1 KiB to
 * 1 GiB; the last bin also holds everything bigger.  glibc's bins
 * (largebin_index_64) widen faster, to 32 KiB at 44 KiB: a bin there held
 * hundreds of distinct sizes, and the walks of its nextsize ring on every
 * free and malloc of that size were most of the window benchmark's time in
 * the allocator.  Bins still split the sizes in order, so the next
 * non-empty bin holds the smallest chunks that fit.
 */
static inline unsigned largebin_index(size_t sz)
{
	unsigned octave = 63 - (unsigned)__builtin_clzll(sz);     /* 10 for 1 KiB */
	unsigned idx = NSMALLBINS + (octave - 10) * LARGE_BINS_PER_OCTAVE +
		       ((unsigned)(sz >> (octave - 4)) & (LARGE_BINS_PER_OCTAVE - 1));

	return idx < NBINS ? idx : NBINS - 1;
}

static inline unsigned bin_index(size_t sz)
{
	return in_smallbin_range(sz) ? (unsigned)(sz >> 4) : largebin_index(sz);
}

/* ---- The arena and the parameters ---------------------------------------- */

struct malloc_state {
	int lock;                          /* 0 free, 1 held: see arena_lock() */
	int have_fastchunks;               /* some fastbin is not empty */
	mchunkptr fastbinsY[NFASTBINS];    /* LIFO, singly linked through fd */
	mchunkptr top;                     /* the chunk at the end of the heap */
	uint64_t binmap[NBINS / 64];       /* bit i set <=> bins[i] not empty */
	struct malloc_chunk bins[NBINS];   /* list heads: fd and bk; size 0 */
	int initialized;                   /* bins are linked to themselves */
	size_t system_mem;                 /* bytes of heap got from the kernel */
};

struct malloc_par {
	size_t trim_threshold;     /* M_TRIM_THRESHOLD */
	size_t top_pad;            /* M_TOP_PAD */
	size_t trim_keep;          /* top kept by free's trim: >= top_pad, rises
				      when the heap regrows after a trim */
	size_t trimmed;            /* released by free's trims since the heap last grew */
	size_t mmap_threshold;     /* M_MMAP_THRESHOLD */
	int n_mmaps_max;           /* M_MMAP_MAX */
	int no_dyn_threshold;      /* set by mallopt: thresholds stay put */
	int n_mmaps, max_n_mmaps;  /* chunks currently mmap()ed, and the peak */
	size_t mmapped_mem, max_mmapped_mem;
};

extern struct malloc_state main_arena MALLOC_HIDDEN;
extern struct malloc_par mp_ MALLOC_HIDDEN;

static inline mchunkptr bin_at(struct malloc_state *av, unsigned i) { return &av->bins[i]; }

/* A free chunk inside the heap this big gives its pages back (see
   release_free_pages); saturates for a huge M_TRIM_THRESHOLD. */
static inline size_t release_threshold(void)
{
	return mp_.trim_threshold > SIZE_MAX / RELEASE_TRIM_FACTOR ? SIZE_MAX :
	       RELEASE_TRIM_FACTOR * mp_.trim_threshold;
}
static inline size_t top_size(struct malloc_state *av) { return av->top ? chunksize(av->top) : 0; }

/* ---- The lock ------------------------------------------------------------ */

/*
 * glibc (2.32 and later) keeps __libc_single_threaded non-zero while the
 * process has a single thread, and clears it in pthread_create before the
 * second thread exists; Pagoda's libc, which has no threads, defines it as 1.
 * newlib's pthreads (libc/newlib/pthread_lock.c) keep it the same way.
 */
extern char __libc_single_threaded;

void arena_lock_slow(struct malloc_state *av) MALLOC_HIDDEN;

static inline int single_threaded(void)
{
	return __libc_single_threaded;
}

/*
 * One lock for everything.  While the process has one thread nothing can
 * race with us (only this thread could create another, and it is in here),
 * so the lock is skipped: an atomic exchange costs more than a whole fastbin
 * malloc.  Otherwise, uncontended, it is one atomic exchange.
 */
static inline void arena_lock(struct malloc_state *av)
{
	if (single_threaded())
		return;
	if (likely(__atomic_exchange_n(&av->lock, 1, __ATOMIC_ACQUIRE) == 0))
		return;
	arena_lock_slow(av);
}

/* Release; harmless when arena_lock skipped the lock (it is 0 already). */
static inline void arena_unlock(struct malloc_state *av)
{
	__atomic_store_n(&av->lock, 0, __ATOMIC_RELEASE);
}

/* ---- Fastbins ------------------------------------------------------------ */

/*
 * A chunk sitting in a fastbin or a tcache bin has this value in its bk
 * field (the tcache entry's key), so that a second free() of it is noticed
 * cheaply (glibc's tcache key idea).  Set by malloc_init_state, before the
 * first chunk exists; it depends on where the library was loaded.
 */
extern uintptr_t malloc_freed_key MALLOC_HIDDEN;
static inline uintptr_t freed_key(void) { return malloc_freed_key; }
/* The key of a chunk that the tcache's large bins gave to the arena: a
   second free of it must go to the arena's checks, not into a bin. */
static inline uintptr_t retired_key(void) { return malloc_freed_key ^ 1; }

void malloc_printerr(const char *msg) MALLOC_HIDDEN __attribute__((noreturn, cold));

/* Pop a chunk of size nb (<= MAX_FAST_SIZE) from its fastbin, or NULL. */
static inline mchunkptr fastbin_pop(struct malloc_state *av, size_t nb)
{
	unsigned idx = fastbin_index(nb);
	mchunkptr victim = av->fastbinsY[idx];
	if (victim == NULL)
		return NULL;
	if (unlikely(((uintptr_t)victim & MALLOC_ALIGN_MASK) || chunksize(victim) != nb))
		malloc_printerr("malloc(): memory corruption (fast)");
	av->fastbinsY[idx] = victim->fd;
	victim->bk = NULL;                  /* not in a fastbin any more */
	return victim;
}

/* ---- The tcache ------------------------------------------------------------ */

#define TCACHE_MAX_BINS 64      /* chunk sizes 32, 48, ..., 1040, as glibc */
#define TCACHE_MAX_SIZE (MINSIZE + (TCACHE_MAX_BINS - 1) * MALLOC_ALIGNMENT)

/* A cached chunk, seen from its mem: next in the bin, and the key. */
struct tcache_entry {
	struct tcache_entry *next;
	uintptr_t key;                      /* freed_key() while cached */
};

/*
 * The tcache's large bins: chunks above TCACHE_MAX_SIZE and up to
 * TCACHE_LARGE_MAX_SIZE (64 KiB), TCACHE_LARGE_PER_OCTAVE (8) bins per power
 * of two, each for sizes within 1/8 of its octave and holding at most
 * TCACHE_LARGE_SLOTS (2) chunks.  A slot keeps the chunk's size beside its
 * address, so that malloc picks the best fit of a bin without touching the
 * chunks (tcache_get_large, tcache_put_large).
 */
#define TCACHE_LARGE_MAX_SIZE   (64 * 1024)
#define TCACHE_LARGE_SHIFT      3
#define TCACHE_LARGE_PER_OCTAVE (1 << TCACHE_LARGE_SHIFT)
#define TCACHE_LARGE_BINS       (6 * TCACHE_LARGE_PER_OCTAVE + 1)  /* 1 KiB..64 KiB */
#define TCACHE_LARGE_SLOTS      2
#define TCACHE_LARGE_RETIRE     (2 * 1024 * 1024)  /* see retire_large */

struct tcache_slot {
	struct tcache_entry *mem;
	uint32_t size;                      /* the chunk's size */
	uint32_t stamp;                     /* large_freed when it was cached */
};

struct tcache_large_bin {
	struct tcache_slot slots[TCACHE_LARGE_SLOTS];   /* the first `count` are used */
	uint8_t count;
	uint8_t evict;                      /* the slot a full bin gives up next */
};

struct tcache {
	struct tcache_entry *entries[TCACHE_MAX_BINS];  /* LIFO lists */
	uint16_t room[TCACHE_MAX_BINS];     /* chunks each can still take */
	struct tcache_large_bin large[TCACHE_LARGE_BINS];
	uint32_t large_freed;               /* bytes put into the large bins, mod 2^32 */
	uint32_t next_sweep;                /* large_freed at the next retire_large */
	int registered;                     /* room set, thread-exit hook set */
	int off;                            /* shut: its thread is exiting */
};

/*
 * One tcache per thread where the C library has threads (glibc on the host,
 * newlib with libc/newlib/pthread.c: initial-exec TLS, one %fs-relative
 * access, no lookup); Pagoda's libc has no threads and no TLS, so there it
 * is one static structure.
 */
#if defined(__GLIBC__) || defined(__NEWLIB__)
#define MALLOC_THREADS 1
#define MALLOC_THREAD_LOCAL __thread __attribute__((tls_model("initial-exec")))
#else
#define MALLOC_THREAD_LOCAL
#endif
extern MALLOC_THREAD_LOCAL struct tcache tcache MALLOC_HIDDEN;

static inline unsigned tcache_index(size_t nb) { return (unsigned)((nb - MINSIZE) / MALLOC_ALIGNMENT); }

/* The large bin of chunk size `size` (TCACHE_MAX_SIZE < size <=
   TCACHE_LARGE_MAX_SIZE): 0 for 1056 bytes, 48 for 64 KiB. */
static inline unsigned tcache_large_index(size_t size)
{
	unsigned octave = 63 - (unsigned)__builtin_clzll(size);     /* 10 for 1 KiB */

	return (octave - 10) * TCACHE_LARGE_PER_OCTAVE +
	       ((unsigned)(size >> (octave - TCACHE_LARGE_SHIFT)) & (TCACHE_LARGE_PER_OCTAVE - 1));
}

/* How many chunks bin idx holds at most: 32 of the 8 smallest sizes, 16 of
   the next 8, 8 of the others, about 4-8 KiB of each size.  A table: free's
   fast path reads one byte instead of comparing twice. */
extern const uint8_t tcache_limits[TCACHE_MAX_BINS] MALLOC_HIDDEN;
static inline unsigned tcache_limit(unsigned idx) { return tcache_limits[idx]; }

/*
 * Is heap chunk p (in use, `head` its size field) right above a free chunk
 * of FASTBIN_CONSOLIDATION_THRESHOLD or more?  free() then coalesces p at
 * once instead of caching it: cached, p would look in use and keep that
 * hole from growing by p and by whatever is freed above it.  p's own header
 * says it all (PREV_INUSE, and prev_size when that is clear), so the check
 * touches no other cache line.  prev_size belongs to the arena's lock, so
 * only while single-threaded; with threads, chunks are cached as before.
 */
static inline int above_big_hole(mchunkptr p, size_t head)
{
	return !(head & PREV_INUSE) && single_threaded() &&
	       p->mchunk_prev_size >= FASTBIN_CONSOLIDATION_THRESHOLD;
}

/* ---- Functions shared between the files ---------------------------------- */

/* malloc.c */
void *malloc_from_arena(size_t nb) MALLOC_HIDDEN;
void free_to_arena(mchunkptr p) MALLOC_HIDDEN;

/* malloc_core.c */
void malloc_init_state(struct malloc_state *av) MALLOC_HIDDEN;
void *_int_malloc(struct malloc_state *av, size_t nb) MALLOC_HIDDEN;
void _int_free(struct malloc_state *av, mchunkptr p) MALLOC_HIDDEN;
void *_int_memalign(struct malloc_state *av, size_t alignment, size_t nb) MALLOC_HIDDEN;
void *_int_realloc(struct malloc_state *av, mchunkptr p, size_t nb) MALLOC_HIDDEN;
void malloc_consolidate(struct malloc_state *av) MALLOC_HIDDEN;
size_t free_and_coalesce(struct malloc_state *av, mchunkptr p, size_t size) MALLOC_HIDDEN;
mchunkptr take_from_top(struct malloc_state *av, size_t nb) MALLOC_HIDDEN;
void fastbin_push(struct malloc_state *av, mchunkptr p, size_t size) MALLOC_HIDDEN;
void check_fastbin_double_free(struct malloc_state *av, mchunkptr p) MALLOC_HIDDEN __attribute__((cold));
mchunkptr take_from_smallbin(struct malloc_state *av, size_t nb) MALLOC_HIDDEN;

/* malloc_tcache.c */
void *tcache_refill(struct tcache *tc, size_t nb) MALLOC_HIDDEN;
void tcache_free_slow(struct tcache *tc, mchunkptr p, size_t head) MALLOC_HIDDEN;
void *tcache_get_large(struct tcache *tc, size_t nb) MALLOC_HIDDEN;
void tcache_put_large(struct tcache *tc, mchunkptr p, size_t head) MALLOC_HIDDEN;
void tcache_flush_large(struct tcache *tc, struct malloc_state *av) MALLOC_HIDDEN;
void tcache_realloc_check(struct tcache *tc, struct malloc_state *av, mchunkptr p, size_t nb) MALLOC_HIDDEN;

/* malloc_sys.c */
void *sysmalloc(size_t nb, struct malloc_state *av) MALLOC_HIDDEN;
size_t systrim(size_t pad, struct malloc_state *av) MALLOC_HIDDEN;
void trim_on_free(struct malloc_state *av) MALLOC_HIDDEN;
void release_free_pages(mchunkptr p, size_t size, mchunkptr freed, size_t prevsize,
			size_t nextsize) MALLOC_HIDDEN;
int release_all_free_pages(struct malloc_state *av) MALLOC_HIDDEN;
void munmap_chunk(mchunkptr p) MALLOC_HIDDEN;
mchunkptr mremap_chunk(mchunkptr p, size_t nb) MALLOC_HIDDEN;
void shrink_mmapped_chunk(mchunkptr p, size_t nb) MALLOC_HIDDEN;

#endif /* PAGODA_MALLOC_INTERNAL_H */
