/*
 * libc/malloc_core.c - the heart of the allocator: bins, coalescing, and the
 * internal malloc/free/memalign/realloc that run with the arena lock held.
 * Read libc/malloc.c first: its opening comment explains the design.
 */
#include "malloc_internal.h"

int sched_yield(void);          /* <sched.h> is not in the portability contract */

struct malloc_state main_arena;
uintptr_t malloc_freed_key;
struct malloc_par mp_ = {
	.trim_threshold = DEFAULT_TRIM_THRESHOLD,
	.top_pad = DEFAULT_TOP_PAD,
	.trim_keep = DEFAULT_TOP_PAD,
	.mmap_threshold = DEFAULT_MMAP_THRESHOLD,
	.n_mmaps_max = DEFAULT_MMAP_MAX,
};

/*
 * Contended lock: spin a little with the PAUSE hint (the holder is probably
 * running on another CPU), then give the CPU away with sched_yield().
 */
void arena_lock_slow(struct malloc_state *av)
{
	for (unsigned spins = 0;; spins++) {
		if (__atomic_load_n(&av->lock, __ATOMIC_RELAXED) == 0 &&
		    __atomic_exchange_n(&av->lock, 1, __ATOMIC_ACQUIRE) == 0)
			return;
		if (spins < 100)
			__builtin_ia32_pause();
		else
			sched_yield();
	}
}

/* First use: make every bin an empty circular list (its head points to itself). */
void malloc_init_state(struct malloc_state *av)
{
	for (unsigned i = 0; i < NBINS; i++)
		av->bins[i].fd = av->bins[i].bk = bin_at(av, i);
	malloc_freed_key = (uintptr_t)&main_arena ^ (uintptr_t)0x9e3779b97f4a7c15ULL;
	av->initialized = 1;
}

/* ---- The binmap: one bit per bin, set while the bin is not empty --------- */

static void mark_bin(struct malloc_state *av, unsigned i)
{
	av->binmap[i / 64] |= (uint64_t)1 << (i % 64);
}

static void unmark_bin(struct malloc_state *av, unsigned i)
{
	av->binmap[i / 64] &= ~((uint64_t)1 << (i % 64));
}

/* Index of the first non-empty bin at or after bin i, or NBINS if none. */
static unsigned next_marked_bin(struct malloc_state *av, unsigned i)
{
	for (unsigned w = i / 64; w < NBINS / 64; w++) {
		uint64_t bits = av->binmap[w];
		if (w == i / 64)
			bits &= ~(uint64_t)0 << (i % 64);
		if (bits)
			return w * 64 + (unsigned)__builtin_ctzll(bits);
	}
	return NBINS;
}

/* ---- Bin lists ------------------------------------------------------------ */

/*
 * A large bin holds a range of sizes, sorted smallest first, so that the
 * first fit is the best fit.  Walking a long bin chunk by chunk would make
 * free() O(n), so, as in glibc, the first chunk of each size (the "leader")
 * is also on a second ring, fd_nextsize/bk_nextsize, that skips to the next
 * bigger size; other chunks have fd_nextsize == NULL.  Walks cost the number
 * of distinct sizes in the bin, not the number of chunks.
 */

/* Link p into the bin list just before fwd. */
static void link_before(mchunkptr p, mchunkptr fwd)
{
	p->fd = fwd;
	p->bk = fwd->bk;
	fwd->bk->fd = p;
	fwd->bk = p;
}

/* Link p into the nextsize ring just before leader g. */
static void nextsize_link_before(mchunkptr p, mchunkptr g)
{
	p->fd_nextsize = g;
	p->bk_nextsize = g->bk_nextsize;
	g->bk_nextsize->fd_nextsize = p;
	g->bk_nextsize = p;
}

/* Put free chunk p of a large size into the sorted large bin `bin`. */
static void insert_large(mchunkptr bin, mchunkptr p, size_t size)
{
	mchunkptr first = bin->fd, g = first;

	if (first == bin) {                         /* empty bin */
		p->fd_nextsize = p->bk_nextsize = p;
		link_before(p, bin);
		return;
	}
	if (size > chunksize(first->bk_nextsize)) { /* the biggest yet */
		nextsize_link_before(p, first);
		link_before(p, bin);
		return;
	}
	while (chunksize(g) < size)
		g = g->fd_nextsize;
	if (chunksize(g) == size) {                 /* join g's group, after g */
		p->fd_nextsize = p->bk_nextsize = NULL;
		link_before(p, g->fd);
		return;
	}
	nextsize_link_before(p, g);                 /* a new size, just below g */
	link_before(p, g);
}

/* Take leader p off the nextsize ring; the next chunk of its size, if any,
   becomes the leader in its place. */
static void unlink_nextsize(mchunkptr p)
{
	mchunkptr q = p->fd;                        /* bin heads have size 0 */

	if (chunksize(q) == chunksize(p)) {
		if (p->fd_nextsize == p) {
			q->fd_nextsize = q->bk_nextsize = q;
		} else {
			q->fd_nextsize = p->fd_nextsize;
			q->bk_nextsize = p->bk_nextsize;
			q->fd_nextsize->bk_nextsize = q;
			q->bk_nextsize->fd_nextsize = q;
		}
	} else if (p->fd_nextsize != p) {
		p->fd_nextsize->bk_nextsize = p->bk_nextsize;
		p->bk_nextsize->fd_nextsize = p->fd_nextsize;
	}
}

/* Put free chunk p (head and foot already written) into its bin and mark
   it CHUNK_FREE.  A small bin holds one size: p simply goes to the front. */
static void insert_chunk(struct malloc_state *av, mchunkptr p)
{
	size_t size = chunksize(p);
	unsigned idx = bin_index(size);
	mchunkptr bin = bin_at(av, idx);

	p->mchunk_size |= CHUNK_FREE;
	if (in_smallbin_range(size))
		link_before(p, bin->fd);
	else
		insert_large(bin, p, size);
	mark_bin(av, idx);
}

/* Take free chunk p out of its bin, checking the links and the boundary
   tag, and clear its CHUNK_FREE. */
static void unlink_chunk(struct malloc_state *av, mchunkptr p)
{
	size_t size = chunksize(p);
	mchunkptr fd = p->fd, bk = p->bk;

	if (unlikely(chunk_at_offset(p, size)->mchunk_prev_size != size))
		malloc_printerr("corrupted size vs. prev_size");
	if (unlikely(fd->bk != p || bk->fd != p))
		malloc_printerr("corrupted double-linked list");
	if (!in_smallbin_range(size) && p->fd_nextsize != NULL)
		unlink_nextsize(p);
	p->mchunk_size &= ~(size_t)CHUNK_FREE;
	fd->bk = bk;
	bk->fd = fd;
	if (fd == bk)                       /* both are the bin head: now empty */
		unmark_bin(av, bin_index(size));
}

/*
 * p (size bytes, in no list) has become free: merge it with a free chunk
 * below and above it, then file the result in a bin, or make it part of top
 * if top is the chunk above.  Returns the size of the merged chunk.
 */
size_t free_and_coalesce(struct malloc_state *av, mchunkptr p, size_t size)
{
	mchunkptr next = chunk_at_offset(p, size), freed = p;
	size_t prevsize = 0, nextsize = 0;

	if (!prev_inuse(p)) {
		prevsize = p->mchunk_prev_size;
		p = (mchunkptr)((char *)p - prevsize);
		if (unlikely(chunksize(p) != prevsize))
			malloc_printerr("corrupted size vs. prev_size while consolidating");
		unlink_chunk(av, p);
		size += prevsize;
	}
	if (next == av->top) {
		size += chunksize(next);
		set_head(p, size | PREV_INUSE);
		av->top = p;
		return size;
	}
	if (chunk_is_free(next)) {
		nextsize = chunksize(next);
		unlink_chunk(av, next);
		size += nextsize;
	} else {
		clear_prev_inuse_bit(next);
	}
	set_head(p, size | PREV_INUSE);
	set_foot(p, size);
	insert_chunk(av, p);
	if (size >= release_threshold())
		release_free_pages(p, size, freed, prevsize, nextsize);
	return size;
}

/*
 * Empty every fastbin, coalescing each chunk with its neighbours.  Fastbin
 * chunks look "in use" to their neighbours, so this is how the memory they
 * hold becomes reusable for other sizes.
 */
void malloc_consolidate(struct malloc_state *av)
{
	av->have_fastchunks = 0;
	for (unsigned i = 0; i < NFASTBINS; i++) {
		mchunkptr p = av->fastbinsY[i];
		av->fastbinsY[i] = NULL;
		while (p != NULL) {
			mchunkptr next = p->fd;
			if (unlikely(((uintptr_t)p & MALLOC_ALIGN_MASK) ||
				     fastbin_index(chunksize(p)) != i))
				malloc_printerr("malloc_consolidate(): invalid chunk size");
			free_and_coalesce(av, p, chunksize(p));
			p = next;
		}
	}
}

/* bk says "in a fastbin", which user data can also say: walk the bin.
   Lock held. */
void check_fastbin_double_free(struct malloc_state *av, mchunkptr p)
{
	for (mchunkptr q = av->fastbinsY[fastbin_index(chunksize(p))]; q; q = q->fd)
		if (q == p)
			malloc_printerr("free(): double free detected");
}

/* Free a chunk of at most MAX_FAST_SIZE bytes: push it on its fastbin,
   leaving it marked in use.  Lock held. */
void fastbin_push(struct malloc_state *av, mchunkptr p, size_t size)
{
	mchunkptr next = chunk_at_offset(p, size);
	mchunkptr *bin = &av->fastbinsY[fastbin_index(size)];

	if (unlikely(next->mchunk_size <= CHUNK_HDR_SZ || chunksize(next) >= av->system_mem))
		malloc_printerr("free(): invalid next size (fast)");
	if (unlikely(!prev_inuse(next)))
		malloc_printerr("free(): double free detected");
	if (unlikely((uintptr_t)p->bk == freed_key()))
		check_fastbin_double_free(av, p);
	p->fd = *bin;
	p->bk = (mchunkptr)freed_key();
	*bin = p;
	av->have_fastchunks = 1;
}

/* ---- malloc --------------------------------------------------------------- */

/* A chunk of exactly nb bytes (small) from its bin, marked in use, or NULL:
   what the tcache takes in passing to fill a bin (glibc's stashing). */
mchunkptr take_from_smallbin(struct malloc_state *av, size_t nb)
{
	if (!in_smallbin_range(nb))
		return NULL;
	mchunkptr bin = bin_at(av, bin_index(nb)), victim = bin->bk;
	if (victim == bin)
		return NULL;
	unlink_chunk(av, victim);
	set_inuse_at(victim, nb);
	return victim;
}

/* Give the front nb bytes of unlinked free chunk p to the caller; the rest,
   if it can be a chunk of its own, goes back to a bin. */
static void split_chunk(struct malloc_state *av, mchunkptr p, size_t nb)
{
	size_t size = chunksize(p);

	if (size - nb < MINSIZE) {
		set_inuse_at(p, size);
		return;
	}
	mchunkptr rem = chunk_at_offset(p, nb);
	set_head_size(p, nb);
	set_head(rem, (size - nb) | PREV_INUSE);
	set_foot(rem, size - nb);
	insert_chunk(av, rem);
}

/*
 * In a large bin, the chunk to take from q on (q and every chunk after it
 * fit): the lowest-addressed of the first AO_FIT_CANDIDATES, which are the
 * smallest that fit.  Preferring low addresses (Wilson et al.'s
 * address-ordered fits) packs the heap towards its start, so that holes
 * higher up merge into bigger ones and into top: the mixed benchmark's
 * peak RSS fell 1-2% on average over 32 seeds with it.  Bounded, so that a
 * long bin costs no long walk.
 */
static mchunkptr lowest_of_first_fits(mchunkptr bin, mchunkptr q)
{
	mchunkptr best = q;

	for (unsigned k = 1; k < AO_FIT_CANDIDATES && (q = q->fd) != bin; k++)
		if (q < best)
			best = q;
	return best;
}

/* A good fit for nb from the bins, or NULL: first the request's own bin,
   then (via the binmap) the next non-empty bigger bin.  A small bin holds
   one size and gives its oldest chunk (FIFO, glibc's last(bin)): a chunk
   that waited longer had more time to coalesce with its neighbours; a
   large bin gives lowest_of_first_fits from its smallest fitting size. */
static mchunkptr find_in_bins(struct malloc_state *av, size_t nb)
{
	unsigned idx = bin_index(nb);
	mchunkptr bin = bin_at(av, idx), first = bin->fd;

	if (first != bin) {
		if (in_smallbin_range(nb))
			return bin->bk;
		if (chunksize(first->bk_nextsize) >= nb) {
			mchunkptr g = first;
			while (chunksize(g) < nb)
				g = g->fd_nextsize;
			return lowest_of_first_fits(bin, g);
		}
	}
	idx = next_marked_bin(av, idx + 1);
	if (idx >= NBINS)
		return NULL;
	bin = bin_at(av, idx);
	return idx < NSMALLBINS ? bin->bk : lowest_of_first_fits(bin, bin->fd);
}

/* A fit from the bins (find_in_bins), split to nb bytes; NULL if no free
   chunk fits. */
static mchunkptr take_from_bins(struct malloc_state *av, size_t nb)
{
	mchunkptr victim = find_in_bins(av, nb);

	if (victim == NULL)
		return NULL;
	if (unlikely(chunksize(victim) < nb || chunksize(victim) > av->system_mem))
		malloc_printerr("malloc(): memory corruption");
	unlink_chunk(av, victim);
	split_chunk(av, victim, nb);
	return victim;
}

/* Carve nb bytes off the bottom of top, if top keeps at least MINSIZE. */
mchunkptr take_from_top(struct malloc_state *av, size_t nb)
{
	mchunkptr victim = av->top;
	size_t size = top_size(av);

	if (unlikely(size > av->system_mem))
		malloc_printerr("malloc(): corrupted top size");
	if (size < nb + MINSIZE)
		return NULL;
	av->top = chunk_at_offset(victim, nb);
	set_head(av->top, (size - nb) | PREV_INUSE);
	set_head(victim, nb | PREV_INUSE);
	return victim;
}

/*
 * Allocate a chunk of nb bytes (already a chunk size): fastbin, then a fit
 * from the bins, then top; if fastbins hold memory, consolidate and try again;
 * finally ask the kernel (sysmalloc).  Lock held.  Returns mem or NULL.
 */
void *_int_malloc(struct malloc_state *av, size_t nb)
{
	mchunkptr victim;

	if (unlikely(!av->initialized))
		malloc_init_state(av);
	if (nb <= MAX_FAST_SIZE && (victim = fastbin_pop(av, nb)) != NULL)
		return chunk2mem(victim);
	if (!in_smallbin_range(nb) && av->have_fastchunks)
		malloc_consolidate(av);     /* a large request: defragment first */
	for (;;) {
		if ((victim = take_from_bins(av, nb)) != NULL ||
		    (victim = take_from_top(av, nb)) != NULL)
			return chunk2mem(victim);
		if (!av->have_fastchunks)
			return sysmalloc(nb, av);
		malloc_consolidate(av);
	}
}

/* ---- free ----------------------------------------------------------------- */

/*
 * Free a heap chunk bigger than MAX_FAST_SIZE: coalesce it into a bin or top.
 * A big free block may mean the heap can shrink: consolidate the fastbins and
 * trim top past M_TRIM_THRESHOLD (glibc's rule; see trim_on_free).  Lock held.
 */
void _int_free(struct malloc_state *av, mchunkptr p)
{
	size_t size = chunksize(p);
	mchunkptr next = chunk_at_offset(p, size);

	if (unlikely(size > av->system_mem))
		malloc_printerr("free(): invalid size");
	if (unlikely(p == av->top || !prev_inuse(next)))
		malloc_printerr("free(): double free detected");
	if (unlikely(next->mchunk_size <= CHUNK_HDR_SZ || chunksize(next) >= av->system_mem))
		malloc_printerr("free(): invalid next size (normal)");
	size = free_and_coalesce(av, p, size);
	if (size >= FASTBIN_CONSOLIDATION_THRESHOLD) {
		if (av->have_fastchunks)
			malloc_consolidate(av);
		trim_on_free(av);
	}
}

/* ---- memalign and realloc ------------------------------------------------- */

/* Return the tail of in-use heap chunk p beyond nb bytes to the free lists,
   if it is big enough to be a chunk. */
static void shrink_chunk(struct malloc_state *av, mchunkptr p, size_t nb)
{
	size_t size = chunksize(p);

	if (size - nb < MINSIZE)
		return;
	mchunkptr rem = chunk_at_offset(p, nb);
	set_head_size(p, nb);
	set_head(rem, (size - nb) | PREV_INUSE);
	free_and_coalesce(av, rem, size - nb);
}

/*
 * Over-allocate nb + alignment + MINSIZE, then find an aligned chunk start
 * inside that leaves room for a free chunk before it; free the leader and the
 * tail.  alignment is a power of two > MALLOC_ALIGNMENT.  Lock held.
 */
void *_int_memalign(struct malloc_state *av, size_t alignment, size_t nb)
{
	char *mem = _int_malloc(av, nb + alignment + MINSIZE);
	if (mem == NULL)
		return NULL;
	mchunkptr p = mem2chunk(mem);

	if ((uintptr_t)mem & (alignment - 1)) {
		char *start = (char *)mem2chunk((void *)ALIGN_UP((uintptr_t)mem, alignment));
		if ((size_t)(start - (char *)p) < MINSIZE)
			start += alignment;
		mchunkptr newp = (mchunkptr)start;
		size_t lead = (size_t)(start - (char *)p);
		size_t newsize = chunksize(p) - lead;
		if (chunk_is_mmapped(p)) {      /* prev_size = offset into the mapping */
			newp->mchunk_prev_size = p->mchunk_prev_size + lead;
			set_head(newp, newsize | IS_MMAPPED);
			return chunk2mem(newp);
		}
		set_head(newp, newsize | PREV_INUSE);
		set_head_size(p, lead);
		free_and_coalesce(av, p, lead);
		p = newp;
	}
	if (!chunk_is_mmapped(p))
		shrink_chunk(av, p, nb);
	return chunk2mem(p);
}

/*
 * How much to ask for when realloc must move heap chunk p to grow it to nb:
 * a block grown once is likely to grow again (a string or an array being
 * appended to), so a quarter more, at most REALLOC_HEADROOM, lets the next
 * small steps happen in place instead of copying the block every time.
 * Not for sizes that the mmap threshold sends to a mapping (mremap grows
 * those cheaply).
 */
static size_t realloc_request(size_t nb)
{
	size_t more = nb / 4 < REALLOC_HEADROOM ? nb / 4 : REALLOC_HEADROOM;

	return nb + more >= mp_.mmap_threshold ? nb : ALIGN_UP(nb + more, MALLOC_ALIGNMENT);
}

/* Give heap chunk p, in use, to a fastbin or the bins.  Lock held. */
static void free_heap_chunk(struct malloc_state *av, mchunkptr p)
{
	if (chunksize(p) <= MAX_FAST_SIZE)
		fastbin_push(av, p, chunksize(p));
	else
		_int_free(av, p);
}

/*
 * realloc of heap chunk p to nb bytes (glibc's _int_realloc): shrink in
 * place, or grow into top or into a free chunk just above.  Otherwise move:
 * to a free chunk that fits nb with headroom, or nb alone (reusing a hole
 * beats taking fresh memory), else to top or the kernel with headroom; copy
 * and free p, except when the new chunk is the one just above p (top had to
 * grow): then the two are merged, nothing copied.  Lock held.  Returns mem,
 * or NULL (ENOMEM) with p untouched.
 */
void *_int_realloc(struct malloc_state *av, mchunkptr p, size_t nb)
{
	size_t oldsize = chunksize(p);
	mchunkptr next = chunk_at_offset(p, oldsize);

	if (unlikely(oldsize > av->system_mem || !prev_inuse(next)))
		malloc_printerr("realloc(): invalid old size");
	if (unlikely(next->mchunk_size <= CHUNK_HDR_SZ || chunksize(next) >= av->system_mem))
		malloc_printerr("realloc(): invalid next size");
	if (oldsize >= nb) {
		shrink_chunk(av, p, nb);
		return chunk2mem(p);
	}
	size_t nextsize = chunksize(next);
	if (next == av->top) {
		if (oldsize + nextsize >= nb + MINSIZE) {
			set_head_size(p, nb);
			av->top = chunk_at_offset(p, nb);
			set_head(av->top, (oldsize + nextsize - nb) | PREV_INUSE);
			return chunk2mem(p);
		}
	} else if (chunk_is_free(next) && oldsize + nextsize >= nb) {
		unlink_chunk(av, next);
		set_head_size(p, oldsize + nextsize);
		set_inuse_at(p, oldsize + nextsize);
		shrink_chunk(av, p, nb);
		return chunk2mem(p);
	}
	size_t want = realloc_request(nb);
	mchunkptr newp = take_from_bins(av, want);
	if (newp == NULL && want != nb)
		newp = take_from_bins(av, nb);
	void *newmem = newp ? chunk2mem(newp) : _int_malloc(av, want);
	if (newmem == NULL && (newmem = _int_malloc(av, nb)) == NULL)
		return NULL;
	newp = mem2chunk(newmem);
	if (newp == next) {                 /* top grew: take it, keep p */
		set_head_size(p, oldsize + chunksize(newp));
		shrink_chunk(av, p, nb);
		return chunk2mem(p);
	}
	memcpy(newmem, chunk2mem(p), oldsize - SIZE_SZ);
	free_heap_chunk(av, p);
	return newmem;
}
