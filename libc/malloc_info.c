/*
 * libc/malloc_info.c - tuning and introspection: mallopt, malloc_trim,
 * mallinfo2 and malloc_stats, with glibc's parameter numbers and output.
 */
#include "malloc_internal.h"

/* Take the lock and make sure the arena is set up. */
static struct malloc_state *arena_get(void)
{
	struct malloc_state *av = &main_arena;

	arena_lock(av);
	if (!av->initialized)
		malloc_init_state(av);
	return av;
}

/*
 * Set a parameter; returns 1 on success, 0 for an unknown parameter or an
 * out-of-range value.  Setting any of them fixes the thresholds: they no
 * longer move when mapped chunks are freed (glibc's no_dyn_threshold).
 */
int mallopt(int param, int value)
{
	struct malloc_state *av = arena_get();
	int ok = 1;

	malloc_consolidate(av);
	switch (param) {
	case M_TRIM_THRESHOLD:
		mp_.trim_threshold = (size_t)value;
		break;
	case M_TOP_PAD:
		mp_.top_pad = (size_t)value;
		break;
	case M_MMAP_THRESHOLD:
		if ((size_t)value > DEFAULT_MMAP_THRESHOLD_MAX)
			ok = 0;
		else
			mp_.mmap_threshold = (size_t)value;
		break;
	case M_MMAP_MAX:
		mp_.n_mmaps_max = value;
		break;
	default:
		ok = 0;
	}
	if (ok)
		mp_.no_dyn_threshold = 1;
	arena_unlock(av);
	return ok;
}

/* Give this thread's large tcache bins back, consolidate, release the
   whole pages inside every free chunk, then give top back to the kernel
   down to pad bytes (glibc's mtrim).  Returns 1 if memory was released. */
int malloc_trim(size_t pad)
{
	struct malloc_state *av = arena_get();

	tcache_flush_large(&tcache, av);
	malloc_consolidate(av);
	int released = release_all_free_pages(av);
	released |= systrim(pad, av) != 0;
	arena_unlock(av);
	return released;
}

/* Walk the fastbins and bins and fill in glibc's statistics.  Lock held. */
static struct mallinfo2 int_mallinfo(struct malloc_state *av)
{
	struct mallinfo2 mi;
	size_t fastavail = 0, nfast = 0, avail = top_size(av), nblocks = 1;

	memset(&mi, 0, sizeof(mi));
	for (unsigned i = 0; i < NFASTBINS; i++)
		for (mchunkptr p = av->fastbinsY[i]; p != NULL; p = p->fd) {
			nfast++;
			fastavail += chunksize(p);
		}
	avail += fastavail;
	for (unsigned i = 1; i < NBINS; i++)
		for (mchunkptr p = bin_at(av, i)->fd; p != bin_at(av, i); p = p->fd) {
			nblocks++;
			avail += chunksize(p);
		}
	mi.arena = av->system_mem;
	mi.ordblks = nblocks;
	mi.smblks = nfast;
	mi.hblks = (size_t)mp_.n_mmaps;
	mi.hblkhd = mp_.mmapped_mem;
	mi.fsmblks = fastavail;
	mi.uordblks = av->system_mem - avail;
	mi.fordblks = avail;
	mi.keepcost = top_size(av);
	return mi;
}

/* Statistics in glibc's struct mallinfo2. */
struct mallinfo2 mallinfo2(void)
{
	struct malloc_state *av = arena_get();
	struct mallinfo2 mi = int_mallinfo(av);

	arena_unlock(av);
	return mi;
}

/* Append string s to buf at *len (no stdio in here). */
static void append(char *buf, size_t *len, const char *s)
{
	size_t n = strlen(s);

	memcpy(buf + *len, s, n);
	*len += n;
}

/* Append "label" then value right-aligned in 10 columns (glibc's %10u). */
static void stats_line(char *buf, size_t *len, const char *label, size_t value)
{
	char digits[24];
	int n = 0;

	do {
		digits[n++] = (char)('0' + value % 10);
		value /= 10;
	} while (value != 0);
	append(buf, len, label);
	for (int pad = 10 - n; pad > 0; pad--)
		buf[(*len)++] = ' ';
	while (n > 0)
		buf[(*len)++] = digits[--n];
	buf[(*len)++] = '\n';
}

/* Print the arena and mmap statistics on stderr, in glibc's format. */
void malloc_stats(void)
{
	struct malloc_state *av = arena_get();
	struct mallinfo2 mi = int_mallinfo(av);
	size_t max_n_mmaps = (size_t)mp_.max_n_mmaps;
	size_t mmapped = mp_.mmapped_mem, max_mmapped = mp_.max_mmapped_mem;
	char buf[512];
	size_t len = 0;

	arena_unlock(av);
	append(buf, &len, "Arena 0:\n");
	stats_line(buf, &len, "system bytes     = ", mi.arena);
	stats_line(buf, &len, "in use bytes     = ", mi.uordblks);
	append(buf, &len, "Total (incl. mmap):\n");
	stats_line(buf, &len, "system bytes     = ", mi.arena + mmapped);
	stats_line(buf, &len, "in use bytes     = ", mi.uordblks + mmapped);
	stats_line(buf, &len, "max mmap regions = ", max_n_mmaps);
	stats_line(buf, &len, "max mmap bytes   = ", max_mmapped);
	ssize_t r = write(2, buf, len);
	(void)r;
}
