/*
 * user/mmfuzz.c - a seeded random walk over mmap, munmap, mprotect, brk,
 * madvise, msync, fork and memory accesses, checked after every step
 * against a shadow model.  Usage: mmfuzz [-s SEED] [-n STEPS] [-v].
 * Runs on Linux (which validates the model) and in Pagoda; docs/mmfuzz.md.
 *
 * The model.  Everything happens in an arena of ARENA_PAGES pages reserved
 * by one PROT_NONE mmap (later mappings are MAP_FIXED inside it, so page
 * numbers mean the same on both kernels) and in the heap [base, brk).  One
 * struct vpage per page says what maps it (nothing, private anonymous
 * memory, shared anonymous object N, a private or shared view of page K of
 * the fuzz file), its protection, the hidden VMA flags that decide merging
 * (VM_ACCOUNT, VM_SEQ_READ, VM_RAND_READ, VM_DONTCOPY), and its content
 * {head, stamp}: word 0 is head, word i > 0 is mix(stamp, i), zero if stamp
 * is 0.  Shared pages (file pages, shared anonymous objects) index a table
 * of contents kept in a MAP_SHARED mapping, so that what a forked child
 * writes reaches the parent's model as it reaches the parent's memory.  A
 * private file page shows the file until a write fault copies it.
 *
 * The checks after every step:
 *  maps    each arena and heap page has the model's permissions (or is
 *          unmapped); adjacent arena pages the model tells apart are in two
 *          VMAs, and those that must merge are in one.  Linux does not merge
 *          VMAs with different anon_vmas, so "must" leaves out pages that
 *          may have one: a private page is tainted once written, and taint
 *          spreads over the pages that may share its VMA.  Linux also drops
 *          VM_ACCOUNT when mprotect makes an anonymous VMA without anon_vma
 *          read-only; for a tainted page that leaves VM_ACCOUNT unknown.
 *  mincore written or populated pages are resident; private anonymous
 *          pages untouched since mmap, brk or MADV_DONTNEED are not.
 *  memory  readable pages hold what the model says: 4 words of each, the
 *          whole page for the pages the step changed (untouched private
 *          anonymous pages are not read: that would fault them in).  For
 *          those pages and a rotating window, probes through a SIGSEGV
 *          handler check that forbidden reads and writes fault, with the
 *          right si_code.  After a fork and at the end, every page in full.
 *
 * A run happens in a forked child, so that a failing run can be repeated
 * with shorter prefixes (bisection) to find the shortest that fails.
 */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#define PAGE		4096
#define WORDS		(PAGE / 8)
#define ARENA_PAGES	256	/* 1 MiB: no room for a transparent huge page */
#define HEAP_MAX	32
#define NPAGES		(ARENA_PAGES + HEAP_MAX)	/* arena, then heap */
#define FILE_PAGES	32
#define SLOTS		(FILE_PAGES + 8192)	/* the file, then shm objects */
#define MAX_RUN		16	/* pages an operation covers, at most */
#define WINDOW		8	/* pages each check probes besides the step's */

enum kind { K_NONE, K_ANON, K_SHM, K_FILEP, K_FILES };
static const char *const kind_name[] = {
	"unmapped", "anon-private", "anon-shared", "file-private", "file-shared"
};

#define F_ACCT		0x01	/* vpage.flags: VM_ACCOUNT */
#define F_ACCT_MAYBE	0x02	/* VM_ACCOUNT unknown */
#define F_SEQ		0x04	/* VM_SEQ_READ */
#define F_RAND		0x08	/* VM_RAND_READ */
#define F_DONTCOPY	0x10	/* VM_DONTCOPY */
#define S_TOUCHED	0x01	/* vpage.state: may be resident */
#define S_RESIDENT	0x02	/* must be resident */
#define S_OWN		0x04	/* private file page with its own copy */
#define S_TAINT		0x08	/* private page whose VMA may have an anon_vma */

struct content {
	uint64_t head;
	uint32_t stamp;
};

struct vpage {
	uint8_t kind, prot, flags, state;
	uint32_t obj;		/* K_SHM: object number, else 0 */
	uint32_t slot;		/* K_SHM, K_FILE*: index into sh->slot */
	struct content own;	/* K_ANON, and K_FILEP with S_OWN */
};

/* Shared by a run, its forked children and the shrinker. */
struct shared {
	int failed_step;
	uint32_t next_slot, next_obj;
	struct content slot[SLOTS];
};

static struct vpage pg[NPAGES];
static int heap_pages;
static uint8_t *arena, *heap;
static struct shared *sh;
static int fd;			/* the fuzz file, FILE_PAGES long, unlinked */
static uint64_t rng;
static unsigned long seed;
static int step, child_step, verbose, quiet, window;
static int focus_lo, focus_n, focus_all;	/* what the next check probes */

static const int prots[] = { PROT_NONE, PROT_READ, PROT_WRITE,
	PROT_READ | PROT_WRITE, PROT_READ | PROT_EXEC,
	PROT_READ | PROT_WRITE | PROT_EXEC };
static const int sample[] = { 0, 1, 300, WORDS - 1 };

/* ---- output -------------------------------------------------------------- */

/* printf to stdout, unbuffered, so that forked children keep the order. */
static void say(const char *fmt, ...)
{
	char buf[256];
	va_list ap;

	va_start(ap, fmt);
	int n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (write(1, buf, n < (int)sizeof(buf) ? n : (int)sizeof(buf) - 1) < 0)
		_exit(2);
}

/* "step 7", or "step 7, forked child step 2" */
static const char *where(void)
{
	static char buf[48];
	int n = snprintf(buf, sizeof(buf), "step %d", step);

	if (child_step)
		snprintf(buf + n, sizeof(buf) - n, ", forked child step %d", child_step);
	return buf;
}

/* -v: say what the step does.  fail: say what differed, end the run. */
#define note(...) do { if (verbose) { say("%s: ", where());		\
		say(__VA_ARGS__); say("\n"); } } while (0)
#define fail(...) do { if (!quiet) { say("mmfuzz: seed %lu, %s: ", seed,	\
		where()); say(__VA_ARGS__); say("\n"); }			\
		sh->failed_step = step; _exit(1); } while (0)

static const char *prot_name(int prot)
{
	static const char *const n[] = { "---", "r--", "-w-", "rw-", "--x",
					 "r-x", "-wx", "rwx" };
	return n[prot & 7];
}

/* What /proc/self/maps shows for v: "rw-p" or "unmapped". */
static const char *perm_of(const struct vpage *v)
{
	static char buf[5];

	snprintf(buf, 5, "%s%c", prot_name(v->prot),
		 v->kind == K_SHM || v->kind == K_FILES ? 's' : 'p');
	return v->kind ? buf : "unmapped";
}

/* "page 5 (anon-private rw-p)": page i and what the model says it is. */
static const char *pname(int i)
{
	static char buf[2][48];
	static int k;

	k ^= 1;
	snprintf(buf[k], sizeof(buf[0]), "%spage %d (%s%s%s)",
		 i < ARENA_PAGES ? "" : "heap ", i % ARENA_PAGES,
		 kind_name[pg[i].kind], pg[i].kind ? " " : "",
		 pg[i].kind ? perm_of(&pg[i]) : "");
	return buf[k];
}

static const char *fault_name(int code)
{
	return code == 0 ? "did not fault" : code == SEGV_MAPERR ? "SEGV_MAPERR" :
	       code == SEGV_ACCERR ? "SEGV_ACCERR" : "another signal";
}

/* ---- random numbers, contents, the model --------------------------------- */

static uint64_t mix(uint64_t x)		/* splitmix64's finalizer */
{
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
	return x ^ (x >> 31);
}

static uint64_t next64(void)
{
	return mix(rng += 0x9e3779b97f4a7c15ull);
}

static uint32_t rnd(uint32_t n)
{
	return next64() % n;
}

static uint64_t word(const struct content *c, int i)
{
	if (i == 0)
		return c->head;
	return c->stamp ? mix((uint64_t)c->stamp << 32 | (uint64_t)i) : 0;
}

/* The first `words` words of a page holding c. */
static void fill(uint64_t *buf, const struct content *c, int words)
{
	for (int w = 0; w < words; w++)
		buf[w] = word(c, w);
}

static struct content fresh(void)
{
	struct content c = { 0, rnd(0xfffffffeu) + 1 };

	c.head = word(&c, 1) ^ 1;
	return c;
}

static uint8_t *addr(int i)
{
	return i < ARENA_PAGES ? arena + (size_t)i * PAGE
			       : heap + (size_t)(i - ARENA_PAGES) * PAGE;
}

static int is_private(const struct vpage *v)
{
	return v->kind == K_ANON || v->kind == K_FILEP;
}

static struct content *content_of(struct vpage *v)
{
	return v->kind == K_ANON || (v->state & S_OWN) ? &v->own : &sh->slot[v->slot];
}

/* A private file page's first write fault copies the file's page. */
static void copy_on_write(struct vpage *v)
{
	if (v->kind == K_FILEP && !(v->state & S_OWN)) {
		v->own = sh->slot[v->slot];
		v->state |= S_OWN;
	}
}

enum { MUST_SPLIT, MAY_EITHER, MUST_MERGE };

/* Must mapped pages a and b = a + 1 be in two VMAs, or in one, or either? */
static int boundary_rule(const struct vpage *a, const struct vpage *b)
{
	if (a->kind != b->kind || a->prot != b->prot || a->obj != b->obj ||
	    (a->kind != K_ANON && b->slot != a->slot + 1) ||
	    ((a->flags ^ b->flags) & (F_SEQ | F_RAND | F_DONTCOPY)))
		return MUST_SPLIT;
	if ((a->flags | b->flags) & F_ACCT_MAYBE)
		return MAY_EITHER;
	if ((a->flags ^ b->flags) & F_ACCT)
		return MUST_SPLIT;
	return (a->state | b->state) & S_TAINT ? MAY_EITHER : MUST_MERGE;
}

/* Taint every arena page that may share a VMA with a tainted one. */
static void spread_taint(void)
{
	for (int pass = 0; pass < 2; pass++) {
		for (int k = 1; k < ARENA_PAGES; k++) {
			int i = pass ? ARENA_PAGES - 1 - k : k, j = pass ? i + 1 : i - 1;
			int lo = i < j ? i : j;

			if (pg[lo].kind && pg[lo + 1].kind &&
			    boundary_rule(&pg[lo], &pg[lo + 1]) != MUST_SPLIT)
				pg[i].state |= pg[j].state & S_TAINT;
		}
	}
}

/* ---- memory access through the SIGSEGV handler --------------------------- */

enum { RD_SAMPLE, RD_ALL, WR_HEAD, WR_ALL, WR_SAME };
static sigjmp_buf probe_env;
static volatile int probing, fault_code;

static void on_fault(int sig, siginfo_t *si, void *uc)
{
	(void)uc;
	fault_code = sig == SIGSEGV ? si->si_code : 100 + sig;
	if (probing)
		siglongjmp(probe_env, 1);	/* SA_NODEFER: nothing to unblock */
	fail("unexpected signal %d outside a probe", sig);
}

/* Access page p: read words into buf (4 sampled, or all), write word 0 or
 * all of c, or write word 0 back unchanged.  Returns 0 or how it faulted. */
static int access_page(volatile uint64_t *p, int mode, uint64_t *buf,
		       const struct content *c)
{
	int n = mode == RD_SAMPLE ? 4 : mode == RD_ALL || mode == WR_ALL ? WORDS : 1;

	if (sigsetjmp(probe_env, 0))
		return probing = 0, fault_code;
	probing = 1;
	for (int k = 0; k < n; k++) {
		int w = mode == RD_SAMPLE ? sample[k] : k;
		if (mode <= RD_ALL)
			buf[w] = p[w];
		else
			p[w] = mode == WR_SAME ? p[w] : word(c, w);
	}
	probing = 0;
	return 0;
}

/* ---- the checks ---------------------------------------------------------- */

static char maps[1 << 16];
static int kvma[NPAGES];	/* the kernel's VMA (maps line) of a page, or -1 */
static char kperm[NPAGES][5];	/* and its permissions */

/* Note a line of /proc/self/maps: its pages in the arena and the heap. */
static void note_vma(uintptr_t lo, uintptr_t hi, const char *perm, int line)
{
	for (int i0 = 0; i0 < NPAGES; i0 += ARENA_PAGES) {
		uintptr_t a = (uintptr_t)addr(i0);
		uintptr_t end = a + (i0 ? HEAP_MAX : ARENA_PAGES) * PAGE;

		for (uintptr_t p = lo > a ? lo : a; p < hi && p < end; p += PAGE) {
			kvma[i0 + (p - a) / PAGE] = line;
			memcpy(kperm[i0 + (p - a) / PAGE], perm, 4);
		}
	}
}

static void load_maps(void)
{
	int f = open("/proc/self/maps", O_RDONLY), len = 0, r = 0;

	while (f >= 0 && (r = read(f, maps + len, sizeof(maps) - 1 - len)) > 0)
		len += r;
	close(f);
	if (f < 0 || r < 0 || !len || len == (int)sizeof(maps) - 1 ||
	    maps[len - 1] != '\n')
		fail("cannot read /proc/self/maps");
	maps[len] = 0;
	memset(kvma, -1, sizeof(kvma));
	for (char *p = maps, *e; *p; p = strchr(e, '\n') + 1) {
		uintptr_t lo = strtoul(p, &e, 16), hi = strtoul(e + 1, &e, 16);
		note_vma(lo, hi, e + 1, p - maps);
	}
}

static void check_maps(void)
{
	load_maps();
	for (int i = 0; i < NPAGES; i++) {
		if (strcmp(kvma[i] < 0 ? "unmapped" : kperm[i], perm_of(&pg[i])))
			fail("maps: %s is %s", pname(i),
			     kvma[i] < 0 ? "unmapped" : kperm[i]);
		if (i == 0 || i >= ARENA_PAGES || !pg[i].kind || !pg[i - 1].kind)
			continue;
		int rule = boundary_rule(&pg[i - 1], &pg[i]);
		if (rule == MUST_SPLIT && kvma[i] == kvma[i - 1])
			fail("maps: %s and %s are one VMA; the model tells them apart",
			     pname(i - 1), pname(i));
		if (rule == MUST_MERGE && kvma[i] != kvma[i - 1])
			fail("maps: %s and %s are two VMAs; the model merges them",
			     pname(i - 1), pname(i));
	}
}

/* mincore over each run of mapped pages (mincore refuses holes). */
static void check_resident(void)
{
	unsigned char vec[ARENA_PAGES];

	for (int i = 0, j; i < ARENA_PAGES + heap_pages; i = j) {
		for (j = i + 1; j < ARENA_PAGES + heap_pages && j != ARENA_PAGES &&
		     pg[j].kind && pg[i].kind; j++)
			;
		if (pg[i].kind && mincore(addr(i), (size_t)(j - i) * PAGE, vec))
			fail("mincore(%s, %d pages): %s", pname(i), j - i,
			     strerror(errno));
		for (int k = i; k < j && pg[i].kind; k++) {
			if ((pg[k].state & S_RESIDENT) && !(vec[k - i] & 1))
				fail("mincore: %s was written or populated, but is "
				     "not resident", pname(k));
			if (pg[k].kind == K_ANON && !(pg[k].state & S_TOUCHED) &&
			    (vec[k - i] & 1))
				fail("mincore: %s is resident, but was never touched",
				     pname(k));
		}
	}
}

/* Check page i's contents if it is readable (all words if full); if full,
 * also that the accesses its protection forbids fault. */
static void check_page(int i, int full)
{
	struct vpage *v = &pg[i];
	volatile uint64_t *p = (uint64_t *)addr(i);
	uint64_t buf[WORDS];
	int f, want = v->kind ? SEGV_ACCERR : SEGV_MAPERR;

	if (!v->prot) {
		if (full && (f = access_page(p, RD_SAMPLE, buf, NULL)) != want)
			fail("%s: a read %s, expected %s", pname(i), fault_name(f),
			     fault_name(want));
		return;
	}
	if (v->kind == K_ANON && !(v->state & S_TOUCHED))
		return;
	if ((f = access_page(p, full ? RD_ALL : RD_SAMPLE, buf, NULL)))
		fail("%s: a read faulted (%s)", pname(i), fault_name(f));
	v->state |= S_TOUCHED;
	const struct content *c = content_of(v);
	for (int k = 0; k < (full ? WORDS : 4); k++) {
		int w = full ? k : sample[k];
		if (buf[w] != word(c, w))
			fail("%s: word %d is %016lx, the model says %016lx", pname(i),
			     w, buf[w], word(c, w));
	}
	if (full && !(v->prot & PROT_WRITE) &&
	    (f = access_page(p, WR_SAME, NULL, NULL)) != SEGV_ACCERR)
		fail("%s: a write %s, expected SEGV_ACCERR", pname(i), fault_name(f));
}

static void check_all(void)
{
	check_maps();
	check_resident();
	for (int i = 0; i < ARENA_PAGES + heap_pages; i++)
		check_page(i, focus_all || (i >= focus_lo && i < focus_lo + focus_n) ||
			   (i - window + NPAGES) % NPAGES < WINDOW);
	window = (window + WINDOW) % NPAGES;
	focus_lo = focus_n = focus_all = 0;
}

/* ---- the operations ------------------------------------------------------ */

static void focus(int lo, int n)
{
	focus_lo = lo;
	focus_n = n;
}

/* A random range of 1..MAX_RUN arena pages; its length. */
static int pick_range(int *lo)
{
	int n = 1 + rnd(MAX_RUN);

	*lo = rnd(ARENA_PAGES);
	n = n < ARENA_PAGES - *lo ? n : ARENA_PAGES - *lo;
	focus(*lo, n);
	return n;
}

/* A run of 1..MAX_RUN mapped arena pages; its length, 0 if none. */
static int pick_mapped(int *lo)
{
	int start = rnd(ARENA_PAGES), want = 1 + rnd(MAX_RUN), n = 0, i = 0;

	for (int k = 0; k < ARENA_PAGES && !n; k++) {
		i = (start + k) % ARENA_PAGES;
		while (n < want && i + n < ARENA_PAGES && pg[i + n].kind)
			n++;
	}
	focus(*lo = i, n);
	return n;
}

/* MAP_POPULATE faults accessible pages in, private writable ones with a
 * write fault (a private file page gets its copy).  A read fault of
 * anonymous memory maps the zero page, which a fork does not pass on. */
static void populate(struct vpage *v)
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
	uint32_t off = file ? rnd(FILE_PAGES - n + 1) : 0;

	if (kind == K_SHM && sh->next_slot + n > SLOTS)
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
 * page loses its copy; shared pages keep their contents. */
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
	};
	int lo, n = pick_mapped(&lo), k = rnd(sizeof(a) / sizeof(a[0]));

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
	if (r != addr(ARENA_PAGES + old))
		fail("sbrk: %s", r == (void *)-1 ? strerror(errno) : "wrong break");
	heap_pages += n;
	memset(&pg[ARENA_PAGES + heap_pages], 0,
	       (HEAP_MAX - heap_pages) * sizeof(pg[0]));
	for (int i = ARENA_PAGES + old; i < ARENA_PAGES + heap_pages; i++)
		pg[i] = (struct vpage){ .kind = K_ANON, .prot = PROT_READ | PROT_WRITE,
					.flags = F_ACCT };
	focus(ARENA_PAGES + old, n > 0 ? n : 0);
}

/* Access 1-4 pages of the arena or heap: write where allowed (word 0 only,
 * which a COW copy must add to the old contents, or all), else read and
 * probe.  Touching marks untouched anonymous memory as touched. */
static void op_touch(void)
{
	int heap_side = heap_pages && !rnd(6), n = 1 + rnd(4);
	int lo = heap_side ? ARENA_PAGES + (int)rnd(heap_pages)
			   : (int)rnd(ARENA_PAGES);
	int end = heap_side ? ARENA_PAGES + heap_pages : ARENA_PAGES, f;

	n = n < end - lo ? n : end - lo;
	note("touch %d pages from %s", n, pname(lo));
	for (struct vpage *v = &pg[lo]; v < &pg[lo + n]; v++) {
		int i = v - pg, full = rnd(2);
		if (!(v->prot & PROT_WRITE) || !rnd(3)) {
			v->state |= v->prot ? S_TOUCHED : 0;
			check_page(i, 1);
			continue;
		}
		copy_on_write(v);
		struct content *c = content_of(v);
		*c = full ? fresh() : (struct content){ next64(), c->stamp };
		f = access_page((uint64_t *)addr(i), full ? WR_ALL : WR_HEAD, NULL, c);
		if (f)
			fail("%s: a write faulted (%s)", pname(i), fault_name(f));
		v->state |= S_TOUCHED | S_RESIDENT | (is_private(v) ? S_TAINT : 0);
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

static void do_step(void);

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
		for (int i = 0; i < NPAGES; i++)
			if (pg[i].flags & F_DONTCOPY)
				pg[i] = (struct vpage){ 0 };
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

static void do_step(void)
{
	static const struct { int weight; void (*op)(void); } ops[] = {
		{ 14, op_mmap }, { 6, op_munmap }, { 10, op_mprotect },
		{ 8, op_madvise }, { 5, op_brk }, { 40, op_touch },
		{ 5, op_pwrite }, { 5, op_msync }, { 3, op_fork },
	};
	int r = rnd(96), k = 0;

	while (r >= ops[k].weight)
		r -= ops[k++].weight;
	if (ops[k].op == op_fork && child_step)
		k = 5;			/* no grandchildren: touch instead */
	ops[k].op();
	spread_taint();
	check_all();
}

/* ---- runs, shrinking, main ----------------------------------------------- */

/* A run's arena and fuzz file (created in the current directory, and
 * unlinked at once). */
static void setup(void)
{
	static uint64_t buf[WORDS];
	char name[32];

	rng = mix(seed);
	memset(sh, 0, sizeof(*sh));
	sh->next_slot = FILE_PAGES;
	arena = mmap(NULL, ARENA_PAGES * PAGE, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS,
		     -1, 0);
	if (arena == MAP_FAILED)
		fail("mmap of the arena: %s", strerror(errno));
	for (int i = 0; i < ARENA_PAGES; i++)
		pg[i] = (struct vpage){ .kind = K_ANON };
	snprintf(name, sizeof(name), "mmfuzz.%d.tmp", (int)getpid());
	if ((fd = open(name, O_RDWR | O_CREAT | O_EXCL, 0600)) < 0 || unlink(name))
		fail("create the fuzz file: %s", strerror(errno));
	for (int k = 0; k < FILE_PAGES; k++) {
		sh->slot[k] = fresh();
		fill(buf, &sh->slot[k], WORDS);
		if (write(fd, buf, PAGE) != PAGE)
			fail("write the fuzz file: %s", strerror(errno));
	}
}

/* Run the first `steps` steps in a child; 0 if they pass, else the step
 * that failed.  Only a loud attempt prints. */
static int attempt(int steps, int loud)
{
	int status;

	sh->failed_step = 0;
	pid_t pid = fork();
	if (pid == 0) {
		verbose &= loud;
		quiet = !loud;
		setup();
		focus_all = 1;
		check_all();
		for (step = 1; step <= steps; step++)
			do_step();
		step = steps;
		focus_all = 1;
		check_all();
		_exit(0);
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid) {
		say("mmfuzz: fork or wait: %s\n", strerror(errno));
		return steps ? steps : 1;
	}
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		return 0;
	if (loud && !WIFEXITED(status))
		say("mmfuzz: seed %lu: killed by signal %d\n", seed, WTERMSIG(status));
	return sh->failed_step > 0 ? sh->failed_step : steps ? steps : 1;
}

/* Bisect for the shortest failing prefix: the first lo steps pass (for
 * lo = 0 that is an assumption), the first hi fail. */
static int shrink(int hi)
{
	int lo = 0;

	if (!attempt(hi, 0)) {
		say("mmfuzz: the failure did not happen again with %d steps\n", hi);
		return hi;
	}
	while (hi - lo > 1) {
		int mid = lo + (hi - lo) / 2, f = attempt(mid, 0);
		if (f)
			hi = f < mid ? f : mid;
		else
			lo = mid;
	}
	return hi;
}

/* Run `steps` steps from seed s.  Prints one line and returns 0, or
 * reports the failure and the shortest failing prefix and returns 1. */
int mmfuzz(unsigned long s, int steps, int verb)
{
	struct sigaction sa = { .sa_flags = SA_SIGINFO | SA_NODEFER };

	sa.sa_sigaction = on_fault;
	sigaction(SIGSEGV, &sa, NULL);
	sigaction(SIGBUS, &sa, NULL);
	seed = s;
	verbose = verb;
	sh = mmap(NULL, sizeof(*sh), PROT_READ | PROT_WRITE,
		  MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	heap = sbrk(0);
	heap += -(uintptr_t)heap % PAGE;
	if (sh == MAP_FAILED || brk(heap)) {
		say("mmfuzz: cannot set up: %s\n", strerror(errno));
		return 1;
	}
	int failed = attempt(steps, 1);
	if (!failed) {
		say("mmfuzz: seed %lu, %d steps, ok\n", seed, steps);
	} else {
		int k = shrink(failed);
		say("shortest failing prefix: %d steps (rerun: mmfuzz -s %lu -n %d "
		    "-v)\n", k, seed, k);
	}
	munmap(sh, sizeof(*sh));
	return failed != 0;
}

#ifndef MMFUZZ_NO_MAIN
int main(int argc, char **argv)
{
	unsigned long s = 1;
	int n = 2000, v = 0, c;

	while ((c = getopt(argc, argv, "s:n:v")) != -1 && c != '?') {
		if (c == 's')
			s = strtoul(optarg, NULL, 0);
		else if (c == 'n')
			n = atoi(optarg);
		else
			v = 1;
	}
	if (c != -1 || optind < argc || n < 0) {
		dprintf(2, "usage: mmfuzz [-s SEED] [-n STEPS] [-v]\n");
		return 2;
	}
	return mmfuzz(s, n, v);
}
#endif
