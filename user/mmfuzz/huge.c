/*
 * user/mmfuzz/huge.c - the mm fuzzer's huge-page mode (-H).  The arena is
 * HUGE_ARENA pages (8 MiB) aligned to 2 MiB; ranges often start at or near
 * a 2 MiB boundary and cover up to two huge pages and a bit, so munmap,
 * mprotect, madvise (DONTNEED, HUGEPAGE, NOHUGEPAGE, DONTFORK), mremap and
 * fork split, copy and move transparent huge pages, whole and in part.
 *
 * The model stays one record per 4 KiB page: a huge page changes what is
 * resident, never what a page holds.  A 2 MiB block may be one huge page
 * (at a fault, or when khugepaged collapses it) when all of it is private
 * anonymous memory that may be one VMA and that the THP mode allows
 * (/sys/kernel/mm/transparent_hugepage/enabled; madvise: VM_HUGEPAGE).
 * Then, once any of its pages is touched, each may be resident: thp_spread
 * marks them all touched.  Written pages must still be resident, and every
 * page must still hold what the model says, across every split.
 *
 * mremap moves a run of pages inside one VMA of the kernel's maps (at the
 * last check), keeping, shrinking or (anonymous memory) growing it, or
 * resizes it in place.  Where
 * the two kernels may draw VMA boundaries differently (the model's "either"
 * rule), the run, and so the rest of the walk, can differ between them.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "mmfuzz.h"

enum { THP_ALWAYS, THP_MADVISE, THP_NEVER };
static int thp_mode;

/* The THP mode of /sys/kernel/mm/transparent_hugepage/enabled; never if
 * the file cannot be read. */
static int read_thp_mode(void)
{
	char buf[64] = "";
	int f = open("/sys/kernel/mm/transparent_hugepage/enabled", O_RDONLY);

	if (f >= 0 && read(f, buf, sizeof(buf) - 1) < 0)
		buf[0] = 0;
	if (f >= 0)
		close(f);
	return strstr(buf, "[always]") ? THP_ALWAYS :
	       strstr(buf, "[madvise]") ? THP_MADVISE : THP_NEVER;
}

/* Reserve the arena: arena_pages PROT_NONE pages at a 2 MiB boundary.
 * Returns it, or MAP_FAILED. */
uint8_t *huge_arena(void)
{
	size_t len = (size_t)arena_pages * PAGE, align = (size_t)HPAGE * PAGE;
	uint8_t *p = mmap(NULL, len + align, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS,
			  -1, 0);

	thp_mode = read_thp_mode();
	if (p == MAP_FAILED)
		return p;
	uint8_t *a = p + (-(uintptr_t)p & (align - 1));
	if ((a > p && munmap(p, a - p)) || munmap(a + len, p + align - a))
		return MAP_FAILED;
	return a;
}

/* A start page: a third of the time anywhere, else at or near (up to
 * MAX_RUN pages from) a 2 MiB boundary. */
int huge_start(void)
{
	if (!rnd(3))
		return rnd(op_pages);
	int b = (int)rnd(op_pages / HPAGE + 1) * HPAGE;
	int i = b + (rnd(3) ? (int)rnd(2 * MAX_RUN + 1) - MAX_RUN : 0);
	return i < 0 ? 0 : i >= op_pages ? op_pages - 1 : i;
}

/* A length: a few pages, one or two huge pages, or anything up to two
 * huge pages and MAX_RUN. */
int huge_len(void)
{
	switch (rnd(4)) {
	case 0:
		return 1 + rnd(MAX_RUN);
	case 1:
		return HPAGE * (1 + (int)rnd(2));
	default:
		return 1 + rnd(2 * HPAGE + MAX_RUN);
	}
}

static int thp_allowed(const struct vpage *v)
{
	return v->kind == K_ANON &&
	       (thp_mode == THP_ALWAYS ? !(v->flags & F_NOHUGE) :
		thp_mode == THP_MADVISE && (v->flags & F_HUGE));
}

/* Each arena block that may be one huge page and has a touched page: all
 * of its pages may be resident. */
void thp_spread(void)
{
	for (int b = 0; b < op_pages; b += HPAGE) {
		int ok = 1, touched = 0;

		for (int i = b; i < b + HPAGE && ok; i++) {
			ok = thp_allowed(&pg[i]) &&
			     (i == b || boundary_rule(&pg[i - 1], &pg[i]) != MUST_SPLIT);
			touched |= pg[i].state & S_TOUCHED;
		}
		for (int i = b; ok && touched && i < b + HPAGE; i++)
			pg[i].state |= S_TOUCHED;
	}
}

/* May block b become one huge page at MADV_COLLAPSE: private anonymous
 * memory that may be one VMA, without VM_NOHUGEPAGE (whatever the mode)? */
static int collapsible(int b)
{
	for (int i = b; i < b + HPAGE; i++)
		if (pg[i].kind != K_ANON || (pg[i].flags & F_NOHUGE) ||
		    (i > b && boundary_rule(&pg[i - 1], &pg[i]) == MUST_SPLIT))
			return 0;
	return 1;
}

/* A block worth collapsing: collapsible, accessible, and with a page in
 * it that may be resident. */
static int collapse_target(int b)
{
	int touched = 0;

	for (int i = b; i < b + HPAGE; i++)
		touched |= pg[i].state & S_TOUCHED;
	return touched && pg[b].prot && collapsible(b);
}

/* madvise(MADV_COLLAPSE) of one or two 2 MiB blocks, mostly the first
 * target from a random block on: each may now be one huge page,
 * and so resident, even where nothing was touched.  Its result is not
 * checked: Linux's and Pagoda's errors (a block that cannot be huge, no
 * page table) depend on page tables the model does not keep. */
void op_collapse(void)
{
	int nb = 1 + rnd(2), lo = (int)rnd(op_pages / HPAGE - nb + 1) * HPAGE;

	for (int k = 0; k < op_pages / HPAGE - nb + 1 && rnd(4); k++) {
		if (collapse_target(lo))
			break;
		lo = (lo + HPAGE) % (op_pages - (nb - 1) * HPAGE);
	}

	note("madvise pages %d+%d COLLAPSE", lo, nb * HPAGE);
	if (madvise(addr(lo), (size_t)nb * HPAGE * PAGE, MADV_COLLAPSE))
		note("madvise(COLLAPSE): %s", strerror(errno));
	for (int b = lo; b < lo + nb * HPAGE; b += HPAGE)
		for (int i = b; collapsible(b) && i < b + HPAGE; i++)
			pg[i].state |= S_TOUCHED;
	focus(lo, nb * HPAGE);
}

/* Write word 0 of every writable page of a mapped run, so that the 512
 * pages of a huge page differ when it is split or copied. */
void op_fill(void)
{
	int lo, n = pick_mapped(&lo);

	note("fill pages %d+%d", lo, n);
	for (struct vpage *v = &pg[lo]; v < &pg[lo + n]; v++) {
		if (!(v->prot & PROT_WRITE))
			continue;
		write_page(v, 0);
	}
}

/* Map one or two whole 2 MiB blocks of private anonymous rw- memory with
 * MADV_HUGEPAGE, and write one page, or all of them with
 * MADV_POPULATE_WRITE: huge pages, when the kernel has them to give. */
void op_thp(void)
{
	int nb = 1 + rnd(2), lo = (int)rnd(op_pages / HPAGE - nb + 1) * HPAGE;
	int n = nb * HPAGE, pop = !rnd(3), prot = PROT_READ | PROT_WRITE;

	note("thp pages %d+%d%s", lo, n, pop ? " populate" : "");
	if (mmap(addr(lo), (size_t)n * PAGE, prot, MAP_FIXED | MAP_PRIVATE |
		 MAP_ANONYMOUS, -1, 0) != addr(lo))
		fail("mmap: %s", strerror(errno));
	if (madvise(addr(lo), (size_t)n * PAGE, MADV_HUGEPAGE) ||
	    (pop && madvise(addr(lo), (size_t)n * PAGE, MADV_POPULATE_WRITE)))
		fail("madvise: %s", strerror(errno));
	for (int i = lo; i < lo + n; i++) {
		pg[i] = (struct vpage){ .kind = K_ANON, .prot = prot,
					.flags = F_ACCT | F_HUGE };
		if (pop)
			populate(&pg[i]);
	}
	write_page(&pg[lo + rnd(n)], rnd(2));
	focus(lo, n);
}

/* Where mremap puts m pages from [lo, lo + n): half of the time at the
 * same offset in another 2 MiB (so that whole huge pages can move as
 * PMDs), never overlapping the source; -1 if there is no room. */
static int pick_dst(int lo, int n, int m)
{
	int dst = rnd(2) ? (int)rnd(op_pages / HPAGE) * HPAGE + lo % HPAGE
			 : (int)rnd(op_pages);

	if (dst + m > op_pages)
		dst = op_pages - m;
	if (dst < lo + n && lo < dst + m) {
		if (lo + n + m <= op_pages)
			dst = lo + n + rnd(op_pages - lo - n - m + 1);
		else
			dst = m <= lo ? (int)rnd(lo - m + 1) : -1;
	}
	return dst;
}

/* Pages [from, from + m) become like page `like`, untouched: what
 * mremap adds when it grows a VMA. */
static void grow_like(int from, int m, const struct vpage *like)
{
	struct vpage v = { .kind = K_ANON, .prot = like->prot,
			   .flags = like->flags, .state = like->state & S_TAINT };

	for (int k = 0; k < m; k++)
		pg[from + k] = v;
}

/* mremap without MREMAP_MAYMOVE of a run inside one VMA: shrink it, or,
 * when it ends its VMA and unmapped pages follow, grow anonymous memory
 * into up to a huge page of them. */
static void mremap_in_place(int lo, int n)
{
	int end = lo + kernel_vma_run(lo, op_pages - lo), room = 0;

	while (lo + n == end && pg[lo].kind == K_ANON && room < HPAGE &&
	       end + room < op_pages && !pg[end + room].kind)
		room++;
	int m = room && rnd(2) ? n + 1 + (int)rnd(room) : 1 + (int)rnd(n);
	note("mremap pages %d+%d to %d pages in place", lo, n, m);
	void *p = mremap(addr(lo), (size_t)n * PAGE, (size_t)m * PAGE, 0);
	if (p != addr(lo))
		fail("mremap: %s", p == MAP_FAILED ? strerror(errno) : "moved");
	if (m < n)
		memset(&pg[lo + m], 0, (n - m) * sizeof(pg[0]));
	else
		grow_like(lo + n, m - n, &pg[lo + n - 1]);
	focus(lo, m);
}

/* mremap of a run inside one VMA: in place, or with MREMAP_MAYMOVE |
 * MREMAP_FIXED at the same size, smaller, or (anonymous memory) larger by
 * up to a huge page, whose new pages are like the VMA's last, untouched. */
void op_mremap(void)
{
	static struct vpage moved[HUGE_ARENA];
	int lo, n = pick_mapped(&lo), m, dst;

	if (!n) {
		note("mremap: nothing mapped");
		return;
	}
	n = kernel_vma_run(lo, n);
	int r = rnd(4);
	if (r == 3) {
		mremap_in_place(lo, n);
		return;
	}
	m = r == 0 ? n : r == 1 ? 1 + (int)rnd(n) :
	    pg[lo].kind == K_ANON ? n + 1 + (int)rnd(HPAGE) : n;
	if ((dst = pick_dst(lo, n, m)) < 0) {
		note("mremap pages %d+%d: no room for %d", lo, n, m);
		return;
	}
	note("mremap pages %d+%d to %d+%d", lo, n, dst, m);
	void *p = mremap(addr(lo), (size_t)n * PAGE, (size_t)m * PAGE,
			 MREMAP_MAYMOVE | MREMAP_FIXED, addr(dst));
	if (p != addr(dst))
		fail("mremap: %s", p == MAP_FAILED ? strerror(errno) : "moved elsewhere");
	int keep = n < m ? n : m;
	memcpy(moved, &pg[lo], n * sizeof(pg[0]));
	memset(&pg[lo], 0, n * sizeof(pg[0]));
	memcpy(&pg[dst], moved, keep * sizeof(pg[0]));
	grow_like(dst + keep, m - keep, &moved[n - 1]);
	focus(dst, m);
}
