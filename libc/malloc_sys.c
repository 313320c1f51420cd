/*
 * libc/malloc_sys.c - where the allocator meets the kernel: growing the heap
 * with sbrk (or, when the break cannot move, with mmap), giving large
 * requests a mapping of their own, trimming top, and dying loudly.
 */
#include "malloc_internal.h"

#define SBRK_FAILED ((void *)-1)

/* Print "msg" on stderr, as glibc does, and abort: the heap is corrupt. */
void malloc_printerr(const char *msg)
{
	ssize_t r = write(2, msg, strlen(msg));
	r += write(2, "\n", 1);
	(void)r;                    /* nothing better to do if stderr is gone */
	abort();
}

/* ---- Chunks with a mapping of their own ---------------------------------- */

/* LAB malloc BEGIN: a chunk with a mapping of its own (glibc's sysmalloc_mmap) */
/* Map a chunk for a request of nb bytes (glibc's sysmalloc_mmap).  It has no
   neighbour to borrow a prev_size field from, hence the extra SIZE_SZ. */
static mchunkptr mmap_chunk(size_t nb)
{
	size_t size = ALIGN_UP(nb + SIZE_SZ, MALLOC_PAGESIZE);
	if (size < nb)
		return NULL;
	void *mm = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (mm == MAP_FAILED)
		return NULL;
	mchunkptr p = mm;
	p->mchunk_prev_size = 0;    /* offset of the chunk into its mapping */
	set_head(p, size | IS_MMAPPED);
	if (++mp_.n_mmaps > mp_.max_n_mmaps)
		mp_.max_n_mmaps = mp_.n_mmaps;
	mp_.mmapped_mem += size;
	if (mp_.mmapped_mem > mp_.max_mmapped_mem)
		mp_.max_mmapped_mem = mp_.mmapped_mem;
	return p;
}
/* LAB malloc STUB BEGIN
   LAB malloc STUB END */
/* LAB malloc END */

/*
 * free() of a mapped chunk: unmap it.  If it was bigger than the threshold,
 * raise the threshold to its size (and the trim threshold to twice that):
 * a program that frees such blocks is likely to ask for them again, and the
 * heap serves repeated requests far cheaper than mmap+munmap (glibc's rule,
 * capped at DEFAULT_MMAP_THRESHOLD_MAX, off once mallopt set a parameter).
 */
void munmap_chunk(mchunkptr p)
{
	struct malloc_state *av = &main_arena;
	uintptr_t block = (uintptr_t)p - p->mchunk_prev_size;
	size_t total = p->mchunk_prev_size + chunksize(p);

	if (unlikely((block | total) & (MALLOC_PAGESIZE - 1)))
		malloc_printerr("munmap_chunk(): invalid pointer");
	arena_lock(av);
	if (!mp_.no_dyn_threshold && chunksize(p) > mp_.mmap_threshold &&
	    chunksize(p) <= DEFAULT_MMAP_THRESHOLD_MAX) {
		mp_.mmap_threshold = chunksize(p);
		mp_.trim_threshold = 2 * mp_.mmap_threshold;
	}
	mp_.n_mmaps--;
	mp_.mmapped_mem -= total;
	arena_unlock(av);
	munmap((void *)block, total);
}

/*
 * realloc() of mapped chunk p to nb bytes: resize its mapping with
 * mremap(MREMAP_MAYMOVE), as glibc's mremap_chunk does.  The kernel moves
 * page-table entries, not bytes, and the pages already faulted in stay.
 * Returns the chunk (maybe moved), or NULL if mremap failed (a kernel
 * without it says ENOSYS): the caller then copies, as glibc does.
 */
mchunkptr mremap_chunk(mchunkptr p, size_t nb)
{
	size_t offset = p->mchunk_prev_size, size = chunksize(p);
	size_t total = ALIGN_UP(offset + nb + SIZE_SZ, MALLOC_PAGESIZE);

	if (total < nb)
		return NULL;
	if (total == offset + size)
		return p;
	char *block = mremap((char *)p - offset, offset + size, total, MREMAP_MAYMOVE);
	if (block == MAP_FAILED)
		return NULL;
	p = (mchunkptr)(block + offset);
	set_head(p, (total - offset) | IS_MMAPPED);
	arena_lock(&main_arena);
	mp_.mmapped_mem += total - offset - size;
	if (mp_.mmapped_mem > mp_.max_mmapped_mem)
		mp_.max_mmapped_mem = mp_.mmapped_mem;
	arena_unlock(&main_arena);
	return p;
}

/* Without mremap, shrinking mapped chunk p to nb bytes still gives back the
   whole pages past the new end: munmap them. */
void shrink_mmapped_chunk(mchunkptr p, size_t nb)
{
	size_t offset = p->mchunk_prev_size, size = chunksize(p);
	size_t newsize = ALIGN_UP(offset + nb + SIZE_SZ, MALLOC_PAGESIZE) - offset;

	if (newsize >= size)
		return;
	munmap((char *)p + newsize, size - newsize);
	set_head(p, newsize | IS_MMAPPED);
	arena_lock(&main_arena);
	mp_.mmapped_mem -= size - newsize;
	arena_unlock(&main_arena);
}

/* ---- Free pages inside the heap -------------------------------------------- */

/*
 * Give back the whole pages of [lo, hi) that lie inside free chunk p (size
 * bytes) past its header and bin links, with MADV_DONTNEED: they stay
 * mapped and read as zeros when next touched (glibc's mtrim).  The
 * chunk's foot is the next chunk's prev_size, outside p.  Returns 1 if p
 * holds a whole page in that range.
 */
static int release_range(mchunkptr p, size_t size, char *lo, char *hi)
{
	uintptr_t first = ALIGN_UP((uintptr_t)p + sizeof(struct malloc_chunk), MALLOC_PAGESIZE);
	uintptr_t last = ALIGN_DOWN((uintptr_t)p + size, MALLOC_PAGESIZE);
	uintptr_t from = ALIGN_DOWN((uintptr_t)lo, MALLOC_PAGESIZE);
	uintptr_t to = ALIGN_UP((uintptr_t)hi, MALLOC_PAGESIZE);

	if (from < first)
		from = first;
	if (to > last)
		to = last;
	if (from >= to)
		return 0;
	madvise((void *)from, to - from, MADV_DONTNEED);
	return 1;
}

/*
 * free() made chunk p (size bytes, in its bin) at least M_TRIM_THRESHOLD:
 * release its whole pages, as top past that threshold is trimmed.  p is
 * the part freed at `freed` merged with free neighbours of prevsize bytes
 * below and nextsize above (0: none).  A neighbour that big released its
 * pages when it was freed, so only the pages around the freed part (and
 * those that held the neighbours' boundary tags) are released again: a
 * small free next to a big free chunk costs no system call.  Lock held.
 */
void release_free_pages(mchunkptr p, size_t size, mchunkptr freed, size_t prevsize,
			size_t nextsize)
{
	char *lo = (char *)p, *hi = (char *)p + size;

	if (prevsize >= release_threshold())
		lo = (char *)freed;
	if (nextsize >= release_threshold())
		hi -= nextsize - sizeof(struct malloc_chunk);
	release_range(p, size, lo, hi);
}

/* malloc_trim's part inside the heap: release the whole pages of every free
   chunk in the bins (after consolidation).  Returns 1 if any chunk held one.
   Lock held. */
int release_all_free_pages(struct malloc_state *av)
{
	int released = 0;

	for (unsigned i = bin_index(MALLOC_PAGESIZE); i < NBINS; i++)
		for (mchunkptr p = bin_at(av, i)->fd; p != bin_at(av, i); p = p->fd)
			released |= release_range(p, chunksize(p), (char *)p,
						  (char *)p + chunksize(p));
	return released;
}

/* ---- Growing the heap ----------------------------------------------------- */

static char *top_end(struct malloc_state *av)
{
	return (char *)av->top + chunksize(av->top);
}

/*
 * The heap continues somewhere else (a foreign sbrk moved the break, or sbrk
 * failed and we mapped a region): fence off the last 32 bytes of the old top
 * with two tiny in-use headers, so nothing ever coalesces past its end, and
 * free the rest of it.  Top always keeps MINSIZE (32) bytes, so the fences
 * fit; a rest too small to be a free chunk stays in use, orphaned (none: the
 * first fence is where top was).  Without the fences, freeing the chunk
 * below an orphan read past the end of the region (glibc's sysmalloc).
 */
static void retire_top(struct malloc_state *av)
{
	mchunkptr old = av->top;
	size_t size = chunksize(old) - 2 * CHUNK_HDR_SZ;

	set_head(chunk_at_offset(old, size), CHUNK_HDR_SZ | PREV_INUSE);
	set_head(chunk_at_offset(old, size + CHUNK_HDR_SZ), CHUNK_HDR_SZ | PREV_INUSE);
	if (size == 0)
		return;
	set_head_size(old, size);
	if (size >= MINSIZE)
		free_and_coalesce(av, old, size);
}

/* Add [mem, mem + size) from the kernel to the heap: it extends top if it
   starts where top ends, else it becomes the new top. */
static void add_heap_region(struct malloc_state *av, char *mem, size_t size)
{
	av->system_mem += size;
	if (av->top != NULL && mem == top_end(av)) {
		set_head(av->top, (chunksize(av->top) + size) | PREV_INUSE);
		return;
	}
	char *start = (char *)ALIGN_UP((uintptr_t)mem, MALLOC_ALIGNMENT);
	if (av->top != NULL)
		retire_top(av);
	av->top = (mchunkptr)start;
	set_head(av->top, ALIGN_DOWN((size_t)(mem + size - start), MALLOC_ALIGNMENT) | PREV_INUSE);
}

/*
 * How much to ask sbrk for, the break being at cur, so that top becomes at
 * least `want` bytes and the break ends on a page boundary: then trimming
 * releases whole pages and memory past top's end is always fresh, zeroed by
 * the kernel (calloc relies on that).
 */
static size_t sbrk_request(struct malloc_state *av, char *cur, size_t want)
{
	uintptr_t start;

	if (av->top != NULL && cur == top_end(av))
		start = (uintptr_t)av->top;                 /* contiguous: extend top */
	else
		start = ALIGN_UP((uintptr_t)cur, MALLOC_ALIGNMENT);
	return ALIGN_UP(start + want, MALLOC_PAGESIZE) - (uintptr_t)cur;
}

/* The heap grew by sbrk: if trims on free released memory since it last
   grew, make trimming keep that much more from now on.  Lock held. */
static void note_heap_regrowth(void)
{
	if (mp_.trimmed == 0 || mp_.no_dyn_threshold)
		return;
	size_t keep = mp_.trim_keep + mp_.trimmed;
	mp_.trim_keep = keep < TRIM_KEEP_MAX ? keep : TRIM_KEEP_MAX;
	mp_.trimmed = 0;
}

/*
 * Make top hold nb + MINSIZE bytes, with M_TOP_PAD bytes to spare, by moving
 * the break.  When sbrk fails (no brk, RLIMIT_DATA, a mapping in the way), map
 * a region of at least 1 MiB instead, as glibc does; the heap is then no longer
 * contiguous.  Returns 1 if top now fits nb, 0 if the kernel has no memory.
 */
static int grow_heap(struct malloc_state *av, size_t nb)
{
	size_t want;
	char *cur = sbrk(0), *mem;

	if (__builtin_add_overflow(nb + MINSIZE, mp_.top_pad, &want))
		want = nb + MINSIZE;            /* absurd M_TOP_PAD */
	if (cur != SBRK_FAILED) {
		size_t inc = sbrk_request(av, cur, want);
		if (inc <= PTRDIFF_MAX && (mem = sbrk((intptr_t)inc)) != SBRK_FAILED) {
			note_heap_regrowth();
			add_heap_region(av, mem, inc);
			if (top_size(av) >= nb + MINSIZE)
				return 1;
		}
	}
	size_t size = ALIGN_UP(want, MALLOC_PAGESIZE);
	if (size < MMAP_AS_MORECORE_SIZE)
		size = MMAP_AS_MORECORE_SIZE;
	if (size < want)
		return 0;
	mem = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (mem == MAP_FAILED)
		return 0;
	add_heap_region(av, mem, size);
	return top_size(av) >= nb + MINSIZE;
}

/*
 * Neither the bins nor top can serve nb bytes: ask the kernel.  At or above
 * the mmap threshold (and below M_MMAP_MAX mappings) the chunk gets its own
 * mapping, so that freeing it returns the memory at once; otherwise, or if
 * mmap fails, top grows.  Lock held.  Returns mem, or NULL with ENOMEM.
 */
void *sysmalloc(size_t nb, struct malloc_state *av)
{
	/* LAB malloc BEGIN: the brk-or-mmap decision: the mmap threshold */
	if (nb >= mp_.mmap_threshold && mp_.n_mmaps < mp_.n_mmaps_max) {
		mchunkptr p = mmap_chunk(nb);
		if (p != NULL)
			return chunk2mem(p);
	}
	if (!grow_heap(av, nb)) {
		errno = ENOMEM;
		return NULL;
	}
	return chunk2mem(take_from_top(av, nb));
	/* LAB malloc STUB BEGIN
	if (!grow_heap(av, nb)) {
		errno = ENOMEM;
		return NULL;
	}
	return chunk2mem(take_from_top(av, nb));
	   LAB malloc STUB END */
	/* LAB malloc END */
}

/*
 * Give memory at the end of top back to the kernel, keeping `pad` bytes (and
 * MINSIZE) in top.  Only possible when top ends at the break; whole pages
 * only.  Lock held.  Returns the number of bytes released.
 */
size_t systrim(size_t pad, struct malloc_state *av)
{
	size_t size = top_size(av);

	if (size <= MINSIZE + 1 || size - MINSIZE - 1 <= pad)
		return 0;
	size_t extra = ALIGN_DOWN(size - MINSIZE - 1 - pad, MALLOC_PAGESIZE);
	char *cur = sbrk(0);
	if (extra == 0 || cur != top_end(av) || extra > PTRDIFF_MAX)
		return 0;
	sbrk(-(intptr_t)extra);
	char *now = sbrk(0);
	if (now == SBRK_FAILED || now >= cur)
		return 0;
	size_t released = (size_t)(cur - now);
	av->system_mem -= released;
	set_head(av->top, (size - released) | PREV_INUSE);
	return released;
}

/*
 * free() made top big: trim it (glibc's rule: top at M_TRIM_THRESHOLD or
 * more is cut down to M_TOP_PAD).  The hysteresis: if the heap has to grow
 * again after such a trim (note_heap_regrowth), the pages given back were
 * needed after all, and every cycle would pay brk calls and page faults
 * for them; so trim_keep, the part of top that trimming keeps, rises to
 * include what those trims released (at most TRIM_KEEP_MAX, 8 MiB), and
 * from then on top is trimmed only once it exceeds trim_keep by
 * M_TRIM_THRESHOLD.  A working set that oscillates near top then stays
 * mapped, while one that shrinks far below its peak is still trimmed.  The
 * cap bounds what the hysteresis costs in resident memory: swings of more
 * than 8 MiB are trimmed on every cycle, as glibc trims them (with a 32 MiB
 * cap, the window workload's peak RSS was 1.03x glibc's; with 2 MiB, the
 * mixed workload trimmed and refaulted so much that its page faults took
 * 40% of its CPU time: 0.83x glibc's faults, against 0.46x with 8 MiB, and
 * the same peak RSS).
 * Off (trim_keep == M_TOP_PAD) once mallopt set a parameter, like the
 * dynamic mmap threshold.  Lock held.
 */
void trim_on_free(struct malloc_state *av)
{
	size_t keep = mp_.no_dyn_threshold ? mp_.top_pad : mp_.trim_keep;
	size_t trigger = mp_.trim_threshold;

	if (keep > mp_.top_pad)
		trigger += keep;        /* what top holds beyond keep must be worth it */
	if (top_size(av) >= trigger)
		mp_.trimmed += systrim(keep, av);
}
