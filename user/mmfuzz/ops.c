/*
 * user/mmfuzz/ops.c - the mm fuzzer's operations (mmap, munmap, mprotect,
 * madvise, sbrk, touch, pwrite, msync, fork), each a system call and the
 * same change to the model, and do_step, which draws one and checks.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "mmfuzz.h"

/* ---- the operations ------------------------------------------------------ */

void focus(int lo, int n)
{
	focus_lo = lo;
	focus_n = n;
}

/* A random range of 1..MAX_RUN arena pages (-H: huge_len); its length. */
int pick_range(int *lo)
{
	int n;

	if (huge) {
		*lo = huge_start();
		n = huge_len();
	} else {
		n = 1 + rnd(MAX_RUN);
		*lo = rnd(ARENA_PAGES);
	}
	n = n < op_pages - *lo ? n : op_pages - *lo;
	focus(*lo, n);
	return n;
}

/* A run of 1..MAX_RUN (-H: huge_len) mapped arena pages; its length, 0
 * if none. */
int pick_mapped(int *lo)
{
	int start = huge ? huge_start() : (int)rnd(ARENA_PAGES);
	int want = huge ? huge_len() : 1 + (int)rnd(MAX_RUN), n = 0, i = 0;

	for (int k = 0; k < op_pages && !n; k++) {
		i = (start + k) % op_pages;
		while (n < want && i + n < op_pages && pg[i + n].kind)
			n++;
	}
	focus(*lo = i, n);
	return n;
}

/* MAP_POPULATE faults accessible pages in, private writable ones with a
 * write fault (a private file page gets its copy).  A read fault of
 * anonymous memory maps the zero page, which a fork does not pass on. */
void populate(struct vpage *v)
{
	v->state |= S_TOUCHED;
	if (v->prot && (v->kind != K_ANON || (v->prot & PROT_WRITE)))
		v->state |= S_RESIDENT;
	if (is_private(v) && (v->prot & PROT_WRITE)) {
		copy_on_write(v);
		v->state |= S_TAINT;
	}
}

static void op_mmap(void)
{
	static const int kinds[] = { K_ANON, K_ANON, K_SHM, K_FILEP, K_FILES };
	int kind = kinds[rnd(5)], lo, n = pick_range(&lo), prot = prots[rnd(6)];
	int pop = !rnd(4), file = kind >= K_FILEP;

	if (file && n > FILE_PAGES)
		focus(lo, n = FILE_PAGES);	/* -H */
	uint32_t off = file ? rnd(FILE_PAGES - n + 1) : 0;
	if (kind == K_SHM && sh->next_slot + n > (huge ? HUGE_SLOTS : SLOTS))
		kind = K_ANON;
	if (file)
		prot &= ~PROT_EXEC;	/* the file may be on a noexec mount */
	int shared = kind == K_SHM || kind == K_FILES;
	char from[24] = "";
	if (file)
		snprintf(from, sizeof(from), " from file page %u", off);
	note("mmap pages %d+%d %s %s%s%s", lo, n, kind_name[kind], prot_name(prot),
	     from, pop ? " populate" : "");
	int flags = MAP_FIXED | (shared ? MAP_SHARED : MAP_PRIVATE) |
		    (file ? 0 : MAP_ANONYMOUS) | (pop ? MAP_POPULATE : 0);
	void *r = mmap(addr(lo), (size_t)n * PAGE, prot, flags, file ? fd : -1,
		       (off_t)off * PAGE);
	if (r != addr(lo))
		fail("mmap: %s", r == MAP_FAILED ? strerror(errno) : "moved");
	uint32_t obj = kind == K_SHM ? ++sh->next_obj : 0;
	uint32_t slot = kind == K_SHM ? sh->next_slot : off;
	sh->next_slot += kind == K_SHM ? n : 0;
	for (int k = 0; k < n; k++) {
		int acct = !shared && (prot & PROT_WRITE) ? F_ACCT : 0;
		pg[lo + k] = (struct vpage){ .kind = kind, .prot = prot,
					     .flags = acct, .obj = obj, .slot = slot + k };
		if (pop)
			populate(&pg[lo + k]);
	}
}

static void op_munmap(void)
{
	int lo, n = pick_range(&lo);

	note("munmap pages %d+%d", lo, n);
	if (munmap(addr(lo), (size_t)n * PAGE))
		fail("munmap: %s", strerror(errno));
	memset(&pg[lo], 0, n * sizeof(pg[0]));
}

/* VM_ACCOUNT comes with a private page's first write permission; Linux
 * drops it from an anonymous VMA made read-only before it has an anon_vma. */
static void op_mprotect(void)
{
	int lo, n = pick_mapped(&lo), prot = prots[rnd(6)];

	for (int i = lo; i < lo + n; i++)
		prot &= pg[i].kind >= K_FILEP ? ~PROT_EXEC : ~0;
	note("mprotect pages %d+%d %s", lo, n, prot_name(prot));
	if (n && mprotect(addr(lo), (size_t)n * PAGE, prot))
		fail("mprotect: %s", strerror(errno));
	for (struct vpage *v = &pg[lo]; v < &pg[lo + n]; v++) {
		if (v->prot == prot)
			continue;
		v->prot = prot;
		if ((prot & PROT_WRITE) && is_private(v))
			v->flags = (v->flags & ~F_ACCT_MAYBE) | F_ACCT;
		else if (!(prot & PROT_WRITE) && v->kind == K_ANON && (v->flags & F_ACCT))
			v->flags ^= v->state & S_TAINT ? F_ACCT | F_ACCT_MAYBE : F_ACCT;
	}
}

/* MADV_DONTNEED: private anonymous pages become zero and go; a private file
 * page loses its copy; shared pages keep their contents.  MADV_HUGEPAGE and
 * MADV_NOHUGEPAGE (-H) set VMA flags, as in Linux for any VMA. */
static void op_madvise(void)
{
	static const struct {
		int advice;
		const char *name;
		uint8_t set, clear;
	} a[] = {
		{ MADV_DONTNEED, "DONTNEED", 0, 0 }, { MADV_DONTNEED, "DONTNEED", 0, 0 },
		{ MADV_NORMAL, "NORMAL", 0, F_SEQ | F_RAND },
		{ MADV_RANDOM, "RANDOM", F_RAND, F_SEQ },
		{ MADV_SEQUENTIAL, "SEQUENTIAL", F_SEQ, F_RAND },
		{ MADV_DONTFORK, "DONTFORK", F_DONTCOPY, 0 },
		{ MADV_DOFORK, "DOFORK", 0, F_DONTCOPY },
		{ MADV_WILLNEED, "WILLNEED", 0, 0 }, { MADV_COLD, "COLD", 0, 0 },
		{ MADV_HUGEPAGE, "HUGEPAGE", F_HUGE, F_NOHUGE },	/* -H only */
		{ MADV_HUGEPAGE, "HUGEPAGE", F_HUGE, F_NOHUGE },
		{ MADV_NOHUGEPAGE, "NOHUGEPAGE", F_NOHUGE, F_HUGE },
	};
	int lo, n = pick_mapped(&lo), k = rnd(huge ? sizeof(a) / sizeof(a[0]) : 9);

	note("madvise pages %d+%d %s", lo, n, a[k].name);
	if (n && madvise(addr(lo), (size_t)n * PAGE, a[k].advice))
		fail("madvise(%s): %s", a[k].name, strerror(errno));
	for (struct vpage *v = &pg[lo]; v < &pg[lo + n]; v++) {
		v->flags = (v->flags & ~a[k].clear) | a[k].set;
		if (a[k].advice != MADV_DONTNEED)
			continue;
		if (v->kind == K_ANON) {
			v->own = (struct content){ 0, 0 };
			v->state &= S_TAINT;
		} else {
			v->state = (v->state & ~(S_OWN | S_RESIDENT)) | S_TOUCHED;
		}
	}
}

static void op_brk(void)
{
	int old = heap_pages, grow = !old || (old < HEAP_MAX && rnd(2));
	int n = grow ? 1 + (int)rnd(HEAP_MAX - old) : -1 - (int)rnd(old);

	note("sbrk %d pages", n);
	void *r = sbrk((intptr_t)n * PAGE);
	if (r != addr(arena_pages + old))
		fail("sbrk: %s", r == (void *)-1 ? strerror(errno) : "wrong break");
	heap_pages += n;
	memset(&pg[arena_pages + heap_pages], 0,
	       (HEAP_MAX - heap_pages) * sizeof(pg[0]));
	for (int i = arena_pages + old; i < arena_pages + heap_pages; i++)
		pg[i] = (struct vpage){ .kind = K_ANON, .prot = PROT_READ | PROT_WRITE,
					.flags = F_ACCT };
	focus(arena_pages + old, n > 0 ? n : 0);
}

/* Write writable page v: new contents in full, or a new word 0 (which a
 * COW copy must add to the old contents). */
void write_page(struct vpage *v, int full)
{
	copy_on_write(v);
	struct content *c = content_of(v);
	*c = full ? fresh() : (struct content){ next64(), c->stamp };
	int f = access_page((uint64_t *)addr(v - pg), full ? WR_ALL : WR_HEAD,
			    NULL, c);
	if (f)
		fail("%s: a write faulted (%s)", pname(v - pg), fault_name(f));
	v->state |= S_TOUCHED | S_RESIDENT | (is_private(v) ? S_TAINT : 0);
}

/* Access 1-4 pages of the arena or heap: write where allowed, else read
 * and probe.  Touching marks untouched anonymous memory as touched. */
static void op_touch(void)
{
	int heap_side = heap_pages && !rnd(6), n = 1 + rnd(4);
	int lo = heap_side ? arena_pages + (int)rnd(heap_pages)
			   : (int)rnd(arena_pages);
	int end = heap_side ? arena_pages + heap_pages : arena_pages;

	n = n < end - lo ? n : end - lo;
	note("touch %d pages from %s", n, pname(lo));
	for (struct vpage *v = &pg[lo]; v < &pg[lo + n]; v++) {
		int i = v - pg, full = rnd(2);
		if (!(v->prot & PROT_WRITE) || !rnd(3)) {
			v->state |= v->prot ? S_TOUCHED : 0;
			check_page(i, 1);
			continue;
		}
		write_page(v, full);
	}
	focus(lo, n);
}

/* pwrite a whole file page, or its word 0. */
static void op_pwrite(void)
{
	static uint64_t buf[WORDS];
	int k = rnd(FILE_PAGES), full = rnd(2), len = full ? PAGE : 8;
	struct content c = sh->slot[k];

	c = full ? fresh() : (struct content){ next64(), c.stamp };

	note("pwrite file page %d%s", k, full ? "" : ", word 0");
	fill(buf, &c, len / 8);
	if (pwrite(fd, buf, len, (off_t)k * PAGE) != len)
		fail("pwrite: %s", strerror(errno));
	sh->slot[k] = c;
}

/* msync a range, then read the whole file: it must hold what was written. */
static void op_msync(void)
{
	static uint64_t buf[WORDS];
	int lo, n = pick_mapped(&lo), sync = rnd(2);

	note("msync pages %d+%d %s", lo, n, sync ? "MS_SYNC" : "MS_ASYNC");
	if (n && msync(addr(lo), (size_t)n * PAGE, sync ? MS_SYNC : MS_ASYNC))
		fail("msync: %s", strerror(errno));
	for (int k = 0; k < FILE_PAGES; k++) {
		if (pread(fd, buf, PAGE, (off_t)k * PAGE) != PAGE)
			fail("pread of file page %d: %s", k, strerror(errno));
		for (int w = 0; w < WORDS; w++)
			if (buf[w] != word(&sh->slot[k], w))
				fail("file page %d word %d is %016lx, the model says "
				     "%016lx", k, w, buf[w], word(&sh->slot[k], w));
	}
}

/* The child checks what it inherited, runs a few steps of its own, checks
 * after each, and exits; then the parent checks all of its memory. */
static void op_fork(void)
{
	int steps = 1 + rnd(6), status;

	note("fork, the child runs %d steps", steps);
	pid_t pid = fork();
	if (pid < 0)
		fail("fork: %s", strerror(errno));
	if (pid == 0) {
		rng = mix(rng ^ 0xf02c);
		for (int i = 0; i < npages; i++) {
			if (pg[i].flags & F_DONTCOPY)
				pg[i] = (struct vpage){ 0 };
			if (pg[i].kind == K_HTLBS)	/* -P: see hugetlb.c */
				pg[i].state &= ~S_RESIDENT;
		}
		focus_all = 1;
		check_all();
		for (child_step = 1; child_step <= steps; child_step++)
			do_step();
		_exit(0);
	}
	if (waitpid(pid, &status, 0) != pid)
		fail("waitpid: %s", strerror(errno));
	if (!WIFEXITED(status) || WEXITSTATUS(status))
		fail("the forked child failed (wait status %#x)", status);
	focus_all = 1;
}

/* One step: an operation drawn by weight (-H: from its own table), the
 * model's taint (and huge pages), the checks. */
void do_step(void)
{
	static const struct op { int weight; void (*op)(void); } ops[] = {
		{ 14, op_mmap }, { 6, op_munmap }, { 10, op_mprotect },
		{ 8, op_madvise }, { 5, op_brk }, { 40, op_touch },
		{ 5, op_pwrite }, { 5, op_msync }, { 3, op_fork },
	}, huge_ops[] = {
		{ 8, op_mmap }, { 6, op_munmap }, { 10, op_mprotect },
		{ 10, op_madvise }, { 2, op_brk }, { 25, op_touch },
		{ 3, op_pwrite }, { 3, op_msync }, { 4, op_fork },
		{ 8, op_mremap }, { 6, op_fill }, { 6, op_thp }, { 2, op_htlb },
		{ 3, op_collapse },
	};
	const struct op *t = huge ? huge_ops : ops;
	int r = rnd(96), k = 0;

	while (r >= t[k].weight)
		r -= t[k++].weight;
	if ((t[k].op == op_fork && child_step) || (t[k].op == op_htlb && !htlb))
		k = 5;			/* no grandchildren, no window: touch */
	t[k].op();
	spread_taint();
	if (huge)
		thp_spread();
	check_all();
}

