/*
 * tests/host/malloc/heapcheck.c - check the arena's invariants from the
 * outside (the prefixed test builds link it with libc/malloc*.c):
 *   - every fastbin chunk has its bin's size and looks in use (not CHUNK_FREE);
 *   - every binned chunk is free (CHUNK_FREE in its head, the chunk above
 *     has PREV_INUSE clear and prev_size == its size), its neighbours are
 *     not free, it is in the right bin, and the list links agree both ways;
 *   - large bins are sorted, and their nextsize rings link exactly the first
 *     chunk of each size; the binmap bit of a bin is set iff it is not empty;
 *   - top has PREV_INUSE, not CHUNK_FREE, and is no bigger than the heap.
 * Returns NULL, or a description of the first broken invariant.
 */
#include "../../../libc/malloc_internal.h"
#include <stdio.h>

static char why[200];

#define BAD(...) do { snprintf(why, sizeof(why), __VA_ARGS__); return why; } while (0)

static const char *check_free_chunk(mchunkptr p, unsigned bin)
{
	size_t size = chunksize(p);
	mchunkptr next = chunk_at_offset(p, size);
	if (size < MINSIZE || (size & MALLOC_ALIGN_MASK) || bin_index(size) != bin)
		BAD("bin %u: chunk %p has size %zu", bin, (void *)p, size);
	if (!chunk_is_free(p) || prev_inuse(next) || next->mchunk_prev_size != size)
		BAD("bin %u: chunk %p of %zu is not marked free above", bin, (void *)p, size);
	if (!prev_inuse(p) || inuse(next) == 0 || next == main_arena.top)
		BAD("bin %u: chunk %p has a free neighbour", bin, (void *)p);
	if (p->fd->bk != p || p->bk->fd != p)
		BAD("bin %u: chunk %p badly linked", bin, (void *)p);
	return NULL;
}

static const char *check_large_bin(mchunkptr bin, unsigned i)
{
	size_t last = 0;
	for (mchunkptr p = bin->fd; p != bin; p = p->fd) {
		size_t size = chunksize(p);
		if (size < last)
			BAD("large bin %u not sorted", i);
		int leader = size != last;
		if (leader != (p->fd_nextsize != NULL))
			BAD("large bin %u: chunk %p leader=%d but fd_nextsize=%p", i, (void *)p, leader,
			    (void *)p->fd_nextsize);
		if (leader && (p->fd_nextsize->bk_nextsize != p || p->bk_nextsize->fd_nextsize != p))
			BAD("large bin %u: nextsize ring broken at %p", i, (void *)p);
		if (leader && p->fd_nextsize != bin->fd && chunksize(p->fd_nextsize) <= size)
			BAD("large bin %u: nextsize ring out of order at %p", i, (void *)p);
		last = size;
	}
	return NULL;
}

const char *heap_check(void)
{
	struct malloc_state *av = &main_arena;
	const char *err;
	if (!av->initialized)
		return NULL;
	for (unsigned i = 0; i < NFASTBINS; i++)
		for (mchunkptr p = av->fastbinsY[i]; p; p = p->fd)
			if (fastbin_index(chunksize(p)) != i || !inuse(p) || chunk_is_free(p))
				BAD("fastbin %u: chunk %p of %zu", i, (void *)p, chunksize(p));
	for (unsigned i = 0; i < NBINS; i++) {
		mchunkptr bin = bin_at(av, i);
		int marked = (av->binmap[i / 64] >> (i % 64)) & 1;
		if (marked != (bin->fd != bin))
			BAD("binmap bit %u is %d", i, marked);
		for (mchunkptr p = bin->fd; p != bin; p = p->fd)
			if ((err = check_free_chunk(p, i)) != NULL)
				return err;
		if (i >= NSMALLBINS && (err = check_large_bin(bin, i)) != NULL)
			return err;
	}
	if (av->top && (!prev_inuse(av->top) || chunk_is_free(av->top) ||
			chunksize(av->top) > av->system_mem))
		BAD("top %p: head %#zx", (void *)av->top, av->top->mchunk_size);
	return NULL;
}
