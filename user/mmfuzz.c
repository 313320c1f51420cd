/*
 * user/mmfuzz.c - a seeded random walk over the memory-management system
 * calls, checked after every step against a shadow model.
 *
 *   mmfuzz [-s SEED] [-n STEPS] [-v]      (default: seed 1, 2000 steps)
 *
 * The same static binary runs on Linux, which validates the model, and in
 * Pagoda.  docs/mmfuzz.md says how to use it and how to read a failure.
 *
 * The model.  The fuzzer works inside an arena of ARENA_PAGES pages that it
 * reserves with one PROT_NONE mapping (every later mapping is MAP_FIXED
 * inside it, so page numbers mean the same on both kernels), and on the
 * heap [base, brk).  It keeps one struct vpage per page: what maps it
 * (nothing, private anonymous memory, shared anonymous object N, a private
 * or shared view of the fuzz file at page K), its protection, the hidden
 * VMA flags that decide merging (VM_ACCOUNT, VM_SEQ_READ, VM_RAND_READ,
 * VM_DONTCOPY) and what it holds.  A page's content is {head, stamp}: word
 * 0 is head, word i > 0 is mix(stamp, i), all zero when stamp is 0.  Shared
 * pages (the file's pages, shared anonymous objects) hold an index into a
 * table of contents that itself lives in a MAP_SHARED mapping: what a
 * forked child writes through a shared mapping reaches the parent's model
 * the way it reaches the parent's memory.  A private file page shows the
 * file's page until a write (or a populating write fault) copies it.
 *
 * The checks, after every step:
 *  maps    every arena page is in a VMA with the model's permissions, or in
 *          none; adjacent pages the model tells apart (kind, protection,
 *          hidden flags, object, offset) are in different VMAs; adjacent
 *          pages that must be one VMA are.  "Must" leaves out private pages
 *          that may have an anon_vma (Linux does not merge VMAs whose
 *          anon_vmas differ): a private page is "tainted" once written, and
 *          taint spreads over the pages that may share its VMA.  Linux also
 *          drops VM_ACCOUNT when mprotect makes an anonymous VMA without an
 *          anon_vma read-only; for tainted pages that leaves it unknown.
 *          The heap's VMA must end at brk.
 *  mincore pages written or populated are resident; private anonymous
 *          pages not touched since mmap, brk or MADV_DONTNEED are not.
 *  memory  readable pages read as the model says (four words of each, the
 *          whole page for the pages the step changed); untouched private
 *          anonymous pages are left alone, so that the line above holds.
 *          Probes through a SIGSEGV handler check that inaccessible pages
 *          fault with the right si_code and read-only ones fault on write,
 *          for the changed pages and a rotating window of others.  After a
 *          fork and at the end of a run every page gets the full check.
 *
 * A run happens in a forked child, so a failing run can be repeated with
 * shorter prefixes (bisection) to find the shortest one that fails.
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
#define ARENA_PAGES	256	/* 1 MiB: too small for a transparent huge page */
#define HEAP_MAX	32
#define NPAGES		(ARENA_PAGES + HEAP_MAX)
#define FILE_PAGES	32
#define SLOTS		(FILE_PAGES + 8192)	/* file pages, then shm objects */
#define MAX_RUN		16	/* pages per operation, at most */
#define WINDOW		8	/* pages probed in full by each check */

enum kind { K_NONE, K_ANON, K_SHM, K_FILEP, K_FILES };
static const char *const kind_name[] = {
	"unmapped", "anon-private", "anon-shared", "file-private", "file-shared"
};

/* vpage.flags: the hidden VMA flags */
#define F_ACCT		0x01	/* VM_ACCOUNT */
#define F_ACCT_MAYBE	0x02	/* VM_ACCOUNT unknown */
#define F_SEQ		0x04	/* VM_SEQ_READ */
#define F_RAND		0x08	/* VM_RAND_READ */
#define F_DONTCOPY	0x10	/* VM_DONTCOPY */
/* vpage.state */
#define S_TOUCHED	0x01	/* may be resident */
#define S_RESIDENT	0x02	/* must be resident */
#define S_OWN		0x04	/* private file page: has its own copy */
#define S_TAINT		0x08	/* private page whose VMA may have an anon_vma */

struct content {
	uint64_t head;
	uint32_t stamp;
};

struct vpage {
	uint8_t kind, prot, flags, state;
	uint32_t obj;		/* K_SHM: object number; else 0 */
	uint32_t slot;		/* K_SHM, K_FILE*: index into sh->slot */
	struct content own;	/* K_ANON, and K_FILEP with S_OWN */
};

/* Shared between a run, its forked children and the process that shrinks. */
struct shared {
	int failed_step;
	uint32_t next_slot, next_obj;
	struct content slot[SLOTS];
};

static struct vpage pg[NPAGES];	/* arena pages, then heap pages */
static int heap_pages;
static uint8_t *arena, *heap;
static struct shared *sh;
static int fd;			/* the fuzz file, FILE_PAGES long, unlinked */
static uint64_t rng;
static unsigned long seed;
static int step, child_step, verbose, quiet, window;
static int focus_lo, focus_n, focus_all;	/* what the next check does fully */

static const int prots[] = {
	PROT_NONE, PROT_READ, PROT_WRITE, PROT_READ | PROT_WRITE,
	PROT_READ | PROT_EXEC, PROT_READ | PROT_WRITE | PROT_EXEC
};
static const int sample[] = { 0, 1, 300, WORDS - 1 };

/* ---- output ------------------------------------------------------------ */

static void vsay(const char *fmt, va_list ap)
{
	char buf[256];
	int n = vsnprintf(buf, sizeof(buf), fmt, ap);

	if (write(1, buf, n < (int)sizeof(buf) ? n : (int)sizeof(buf) - 1) < 0)
		_exit(2);
}

static void say(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsay(fmt, ap);
	va_end(ap);
}

/* Report what differed, record the step for the shrinker, end the run. */
static _Noreturn void fail(const char *fmt, ...)
{
	va_list ap;

	if (!quiet) {
		say("mmfuzz: seed %lu, step %d", seed, step);
		if (child_step)
			say(", forked child step %d", child_step);
		say(": ");
		va_start(ap, fmt);
		vsay(fmt, ap);
		va_end(ap);
		say("\n");
	}
	sh->failed_step = step;
	_exit(1);
}

/* In -v mode, say what the step does (page numbers, never addresses). */
static void note(const char *fmt, ...)
{
	va_list ap;

	if (!verbose)
		return;
	if (child_step)
		say("  child step %d: ", child_step);
	else
		say("step %d: ", step);
	va_start(ap, fmt);
	vsay(fmt, ap);
	va_end(ap);
	say("\n");
}

static const char *prot_name(int prot)
{
	static const char *const names[] = { "---", "r--", "-w-", "rw-", "--x", "r-x", "-wx", "rwx" };

	return names[prot & 7];
}

/* The permissions /proc/self/maps shows for v: "rw-p", or "unmapped". */
static const char *perm_of(const struct vpage *v)
{
	static char buf[2][5];
	static int k;
	char *b = buf[k ^= 1];

	if (!v->kind)
		return "unmapped";
	snprintf(b, 5, "%c%c%c%c", v->prot & PROT_READ ? 'r' : '-',
		 v->prot & PROT_WRITE ? 'w' : '-', v->prot & PROT_EXEC ? 'x' : '-',
		 v->kind == K_SHM || v->kind == K_FILES ? 's' : 'p');
	return b;
}

/* "page 5 (anon-private rw-p)": page i and what the model says it is. */
static const char *pname(int i)
{
	static char buf[2][48];
	static int k;
	char *b = buf[k ^= 1];

	snprintf(b, sizeof(buf[0]), "%spage %d (%s%s%s)", i < ARENA_PAGES ? "" : "heap ",
		 i < ARENA_PAGES ? i : i - ARENA_PAGES, kind_name[pg[i].kind],
		 pg[i].kind ? " " : "", pg[i].kind ? perm_of(&pg[i]) : "");
	return b;
}

static const char *fault_name(int code)
{
	return code == 0 ? "did not fault" : code == SEGV_MAPERR ? "SEGV_MAPERR" :
	       code == SEGV_ACCERR ? "SEGV_ACCERR" : "another signal";
}

/* ---- random numbers and page contents ----------------------------------- */

static uint64_t mix(uint64_t x)
{
	x ^= x >> 30;
	x *= 0xbf58476d1ce4e5b9ull;
	x ^= x >> 27;
	x *= 0x94d049bb133111ebull;
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

static struct content fresh(void)
{
	struct content c = { 0, rnd(0xfffffffeu) + 1 };

	c.head = word(&c, 1) ^ 1;
	return c;
}

/* ---- the model ----------------------------------------------------------- */

static uint8_t *addr(int i)
{
	if (i < ARENA_PAGES)
		return arena + (size_t)i * PAGE;
	return heap + (size_t)(i - ARENA_PAGES) * PAGE;
}

static int is_private(const struct vpage *v)
{
	return v->kind == K_ANON || v->kind == K_FILEP;
}

static int readable(const struct vpage *v)
{
	return v->kind && v->prot;	/* x86: any access right implies read */
}

static int writable(const struct vpage *v)
{
	return v->kind && (v->prot & PROT_WRITE);
}

static struct content *content_of(struct vpage *v)
{
	if (v->kind == K_ANON || (v->state & S_OWN))
		return &v->own;
	return &sh->slot[v->slot];
}

/* A private file page's first write copies the file's page (COW). */
static void copy_on_write(struct vpage *v)
{
	if (v->kind == K_FILEP && !(v->state & S_OWN)) {
		v->own = sh->slot[v->slot];
		v->state |= S_OWN;
	}
}

enum { MUST_SPLIT, MAY_EITHER, MUST_MERGE };

/* May mapped pages a and b = a + 1 be one VMA, must they, or must not? */
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
	return ((a->state | b->state) & S_TAINT) ? MAY_EITHER : MUST_MERGE;
}

/* Taint every arena page that may share a VMA with a tainted one. */
static void spread_taint(void)
{
	for (int pass = 0; pass < 2; pass++) {
		for (int k = 1; k < ARENA_PAGES; k++) {
			int i = pass ? ARENA_PAGES - 1 - k : k, j = pass ? i + 1 : i - 1;
			struct vpage *a = &pg[i < j ? i : j], *b = &pg[i < j ? j : i];

			if (a->kind && b->kind && boundary_rule(a, b) != MUST_SPLIT)
				pg[i].state |= pg[j].state & S_TAINT;
		}
	}
}

static void focus(int lo, int n)
{
	focus_lo = lo;
	focus_n = n;
}

/* ---- memory access through the SIGSEGV handler ---------------------------- */

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

/* Copy the sampled words (or all) of page p into buf; 0 or the fault. */
static int fetch(const volatile uint64_t *p, uint64_t *buf, int full)
{
	if (sigsetjmp(probe_env, 0))
		return probing = 0, fault_code;
	probing = 1;
	for (int k = 0; k < (full ? WORDS : 4); k++) {
		int w = full ? k : sample[k];
		buf[w] = p[w];
	}
	probing = 0;
	return 0;
}

/* Write c to page p: word 0 only, or the whole page; 0 or the fault. */
static int store(volatile uint64_t *p, const struct content *c, int full)
{
	if (sigsetjmp(probe_env, 0))
		return probing = 0, fault_code;
	probing = 1;
	for (int w = full ? WORDS - 1 : 0; w >= 0; w--)
		p[w] = word(c, w);
	probing = 0;
	return 0;
}

/* Write word 0 of page p back unchanged; 0 or the fault. */
static int probe_write(volatile uint64_t *p)
{
	if (sigsetjmp(probe_env, 0))
		return probing = 0, fault_code;
	probing = 1;
	p[0] = p[0];
	probing = 0;
	return 0;
}

/* ---- the checks ---------------------------------------------------------- */

static char maps[1 << 16];
static int kvma[NPAGES];		/* the kernel's VMA (line) of a page, or -1 */
static char kperm[NPAGES][5];		/* and its permissions */

/* Note one line of /proc/self/maps: the pages it holds in the arena and in
 * the heap's HEAP_MAX pages. */
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
	int f = open("/proc/self/maps", O_RDONLY), len = 0, r;

	if (f < 0)
		fail("open /proc/self/maps: %s", strerror(errno));
	while ((r = read(f, maps + len, sizeof(maps) - 1 - len)) > 0)
		len += r;
	close(f);
	if (r < 0 || len == sizeof(maps) - 1)
		fail("cannot read /proc/self/maps whole");
	maps[len] = 0;
	memset(kvma, -1, sizeof(kvma));
	if (len == 0 || maps[len - 1] != '\n')
		fail("/proc/self/maps does not end with a newline");
	for (char *p = maps, *e; *p; p = strchr(e, '\n') + 1) {
		uintptr_t lo = strtoul(p, &e, 16), hi = strtoul(e + 1, &e, 16);

		note_vma(lo, hi, e + 1, p - maps);
	}
}

/* The VMAs against the model: permissions of every arena and heap page,
 * and the arena's VMA boundaries against the model's merged view. */
static void check_maps(void)
{
	load_maps();
	for (int i = 0; i < NPAGES; i++) {
		const char *got = kvma[i] < 0 ? "unmapped" : kperm[i];

		if (strcmp(got, perm_of(&pg[i])))
			fail("maps: %s is %s", pname(i), got);
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

/* mincore over each run of mapped pages (mincore wants no holes). */
static void check_resident(void)
{
	unsigned char vec[ARENA_PAGES];

	for (int i = 0, j; i < ARENA_PAGES + heap_pages; i = j) {
		for (j = i + 1; j < ARENA_PAGES + heap_pages && j != ARENA_PAGES &&
		     pg[j].kind && pg[i].kind; j++)
			;
		if (!pg[i].kind)
			continue;
		if (mincore(addr(i), (size_t)(j - i) * PAGE, vec))
			fail("mincore(%s, %d pages): %s", pname(i), j - i,
			     strerror(errno));
		for (int k = i; k < j; k++) {
			int in = vec[k - i] & 1;
			if ((pg[k].state & S_RESIDENT) && !in)
				fail("mincore: %s was written or populated, but is "
				     "not resident", pname(k));
			if (pg[k].kind == K_ANON && !(pg[k].state & S_TOUCHED) && in)
				fail("mincore: %s was never touched, but is resident",
				     pname(k));
		}
	}
}

static void compare(int i, const uint64_t *buf, int full)
{
	const struct content *c = content_of(&pg[i]);

	for (int k = 0; k < (full ? WORDS : 4); k++) {
		int w = full ? k : sample[k];
		if (buf[w] != word(c, w))
			fail("%s: word %d is %016lx, the model says %016lx",
			     pname(i), w, buf[w], word(c, w));
	}
}

/* Check page i: its contents if readable (all of them if full), and if full
 * that the accesses it does not allow fault. */
static void check_page(int i, int full)
{
	struct vpage *v = &pg[i];
	uint64_t buf[WORDS];
	int f;

	if (!readable(v)) {
		int want = v->kind ? SEGV_ACCERR : SEGV_MAPERR;
		if (full && (f = fetch((uint64_t *)addr(i), buf, 0)) != want)
			fail("%s: a read %s, expected %s", pname(i),
			     fault_name(f), fault_name(want));
		return;
	}
	if (v->kind == K_ANON && !(v->state & S_TOUCHED))
		return;			/* a read would fault it in */
	if ((f = fetch((uint64_t *)addr(i), buf, full)))
		fail("%s: a read faulted (%s)", pname(i), fault_name(f));
	v->state |= S_TOUCHED;
	compare(i, buf, full);
	if (full && !writable(v) && (f = probe_write((uint64_t *)addr(i))) != SEGV_ACCERR)
		fail("%s: a write %s, expected SEGV_ACCERR", pname(i),
		     fault_name(f));
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

/* Read the whole file and compare it with the model. */
static void check_file(void)
{
	static uint64_t buf[WORDS];

	for (int k = 0; k < FILE_PAGES; k++) {
		if (pread(fd, buf, PAGE, (off_t)k * PAGE) != PAGE)
			fail("pread of file page %d: %s", k, strerror(errno));
		for (int w = 0; w < WORDS; w++)
			if (buf[w] != word(&sh->slot[k], w))
				fail("file page %d word %d is %016lx, the model says %016lx",
				     k, w, buf[w], word(&sh->slot[k], w));
	}
}

/* ---- the operations -------------------------------------------------------- */

/* A run of 1..MAX_RUN mapped arena pages from a random place; its length
 * (0 if nothing is mapped). */
static int pick_mapped(int *lo)
{
	int start = rnd(ARENA_PAGES), want = 1 + rnd(MAX_RUN), n = 0;

	for (int k = 0; k < ARENA_PAGES; k++) {
		int i = (start + k) % ARENA_PAGES;
		if (!pg[i].kind)
			continue;
		while (n < want && i + n < ARENA_PAGES && pg[i + n].kind)
			n++;
		*lo = i;
		break;
	}
	focus(*lo, n);
	return n;
}

/* What MAP_POPULATE does to a page: Linux faults accessible pages in, with
 * a write fault (so a private file page is copied) for private writable.
 * A read fault on anonymous memory maps the zero page, which may not stay
 * resident (a forked child does not inherit it): no promise there. */
static void populate(struct vpage *v)
{
	v->state |= S_TOUCHED;
	if (!v->prot)
		return;
	if (v->kind != K_ANON || (v->prot & PROT_WRITE))
		v->state |= S_RESIDENT;
	if (is_private(v) && (v->prot & PROT_WRITE)) {
		copy_on_write(v);
		v->state |= S_TAINT;
	}
}

static void op_mmap(void)
{
	static const int kinds[] = { K_ANON, K_ANON, K_SHM, K_FILEP, K_FILES };
	int kind = kinds[rnd(5)], lo = rnd(ARENA_PAGES), n = 1 + rnd(MAX_RUN);
	int prot = prots[rnd(6)], pop = !rnd(4);

	n = n < ARENA_PAGES - lo ? n : ARENA_PAGES - lo;
	if (kind == K_SHM && sh->next_slot + n > SLOTS)
		kind = K_ANON;
	int shared = kind == K_SHM || kind == K_FILES, file = kind >= K_FILEP;
	uint32_t off = file ? rnd(FILE_PAGES - n + 1) : 0;
	if (file)
		prot &= ~PROT_EXEC;	/* the file may be on a noexec mount */
	note("mmap pages %d+%d %s %s%s, file page %u", lo, n, kind_name[kind],
	     prot_name(prot), pop ? " populate" : "", off);
	int flags = MAP_FIXED | (shared ? MAP_SHARED : MAP_PRIVATE) |
		    (file ? 0 : MAP_ANONYMOUS) | (pop ? MAP_POPULATE : 0);
	void *r = mmap(addr(lo), (size_t)n * PAGE, prot, flags, file ? fd : -1,
		       (off_t)off * PAGE);
	if (r != addr(lo))
		fail("mmap: %s", r == MAP_FAILED ? strerror(errno) : "moved");
	uint32_t obj = kind == K_SHM ? ++sh->next_obj : 0;
	uint32_t slot = kind == K_SHM ? sh->next_slot : off;
	if (kind == K_SHM)
		sh->next_slot += n;
	for (int k = 0; k < n; k++) {
		int acct = !shared && (prot & PROT_WRITE);
		pg[lo + k] = (struct vpage){ kind, prot, acct ? F_ACCT : 0, 0, obj,
					     slot + k, { 0, 0 } };
		if (pop)
			populate(&pg[lo + k]);
	}
	focus(lo, n);
}

static void op_munmap(void)
{
	int lo = rnd(ARENA_PAGES), n = 1 + rnd(MAX_RUN);

	n = n < ARENA_PAGES - lo ? n : ARENA_PAGES - lo;
	note("munmap pages %d+%d", lo, n);
	if (munmap(addr(lo), (size_t)n * PAGE))
		fail("munmap: %s", strerror(errno));
	memset(&pg[lo], 0, n * sizeof(pg[0]));
	focus(lo, n);
}

/* The model's mprotect of one page: VM_ACCOUNT comes with the first write
 * permission of a private page; Linux drops it again from an anonymous VMA
 * made read-only before it has an anon_vma. */
static void protect(struct vpage *v, int prot)
{
	if (v->prot == prot)
		return;
	v->prot = prot;
	if ((prot & PROT_WRITE) && is_private(v))
		v->flags = (v->flags & ~F_ACCT_MAYBE) | F_ACCT;
	else if (!(prot & PROT_WRITE) && v->kind == K_ANON && (v->flags & F_ACCT))
		v->flags ^= (v->state & S_TAINT) ? F_ACCT | F_ACCT_MAYBE : F_ACCT;
}

static void op_mprotect(void)
{
	int lo, n = pick_mapped(&lo), prot = prots[rnd(6)];

	for (int k = 0; k < n; k++)
		if (pg[lo + k].kind >= K_FILEP)
			prot &= ~PROT_EXEC;
	note("mprotect pages %d+%d %s", lo, n, prot_name(prot));
	if (n && mprotect(addr(lo), (size_t)n * PAGE, prot))
		fail("mprotect: %s", strerror(errno));
	for (int k = 0; k < n; k++)
		protect(&pg[lo + k], prot);
}

/* MADV_DONTNEED: private anonymous pages are zero and gone; a private file
 * page loses its copy; shared pages keep their contents. */
static void dontneed(struct vpage *v)
{
	if (v->kind == K_ANON) {
		v->own = (struct content){ 0, 0 };
		v->state &= S_TAINT;
	} else {
		v->state = (v->state & ~(S_OWN | S_RESIDENT)) | S_TOUCHED;
	}
}

static void op_madvise(void)
{
	static const struct { int advice; const char *name; uint8_t set, clear; } a[] = {
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
	for (int i = lo; i < lo + n; i++) {
		pg[i].flags = (pg[i].flags & ~a[k].clear) | a[k].set;
		if (a[k].advice == MADV_DONTNEED)
			dontneed(&pg[i]);
	}
}

static void op_brk(void)
{
	int grow = !heap_pages || (heap_pages < HEAP_MAX && rnd(2));
	int n = grow ? 1 + (int)rnd(HEAP_MAX - heap_pages) : -1 - (int)rnd(heap_pages);
	int old = heap_pages;

	note("sbrk %d pages", n);
	void *r = sbrk((intptr_t)n * PAGE);
	if (r != addr(ARENA_PAGES + old))
		fail("sbrk: %s", r == (void *)-1 ? strerror(errno) : "wrong break");
	heap_pages += n;
	for (int i = ARENA_PAGES + (n > 0 ? old : heap_pages); i < ARENA_PAGES +
	     (n > 0 ? heap_pages : old); i++)
		pg[i] = (struct vpage){ n > 0 ? K_ANON : K_NONE,
					n > 0 ? PROT_READ | PROT_WRITE : 0,
					n > 0 ? F_ACCT : 0, 0, 0, 0, { 0, 0 } };
	focus(ARENA_PAGES + heap_pages - (n > 0 ? n : 0), n > 0 ? n : 0);
}

/* Write to page i: word 0 only (a COW's copy must keep the rest), or all. */
static void write_page(int i)
{
	struct vpage *v = &pg[i];
	int full = rnd(2);

	copy_on_write(v);
	struct content *c = content_of(v);
	if (full)
		*c = fresh();
	else
		c->head = next64();
	if (store((uint64_t *)addr(i), c, full))
		fail("%s: a write faulted (%s)", pname(i), fault_name(fault_code));
	v->state |= S_TOUCHED | S_RESIDENT | (is_private(v) ? S_TAINT : 0);
}

/* Access 1-4 pages of the arena or heap: write where allowed, else read and
 * probe (a read makes untouched anonymous memory touched). */
static void op_touch(void)
{
	int heap_side = heap_pages && !rnd(6);
	int lo = heap_side ? ARENA_PAGES + (int)rnd(heap_pages) : (int)rnd(ARENA_PAGES);
	int end = heap_side ? ARENA_PAGES + heap_pages : ARENA_PAGES, n = 1 + rnd(4);

	n = n < end - lo ? n : end - lo;
	note("touch %s, %d pages", pname(lo), n);
	for (int i = lo; i < lo + n; i++) {
		if (writable(&pg[i]) && rnd(3)) {
			write_page(i);
		} else {
			if (readable(&pg[i]))
				pg[i].state |= S_TOUCHED;
			check_page(i, 1);
		}
	}
	focus(lo, n);
}

/* pwrite a whole file page, or its word 0. */
static void op_pwrite(void)
{
	static uint64_t buf[WORDS];
	int k = rnd(FILE_PAGES), full = rnd(2);
	struct content c = sh->slot[k];

	if (full)
		c = fresh();
	else
		c.head = next64();
	note("pwrite file page %d%s", k, full ? "" : ", word 0");
	for (int w = 0; w < (full ? WORDS : 1); w++)
		buf[w] = word(&c, w);
	if (pwrite(fd, buf, full ? PAGE : 8, (off_t)k * PAGE) != (full ? PAGE : 8))
		fail("pwrite: %s", strerror(errno));
	sh->slot[k] = c;
}

static void op_msync(void)
{
	int lo, n = pick_mapped(&lo), sync = rnd(2);

	note("msync pages %d+%d %s", lo, n, sync ? "MS_SYNC" : "MS_ASYNC");
	if (n && msync(addr(lo), (size_t)n * PAGE, sync ? MS_SYNC : MS_ASYNC))
		fail("msync: %s", strerror(errno));
	check_file();
}

static void do_step(void);

/* The child runs a few steps of its own, checking after each; the parent
 * then checks all of its memory, which only shared writes may change. */
static void op_fork(void)
{
	int steps = 1 + rnd(6), status;

	note("fork, child runs %d steps", steps);
	pid_t pid = fork();
	if (pid < 0)
		fail("fork: %s", strerror(errno));
	if (pid == 0) {
		rng = mix(rng ^ 0x5eed);
		for (int i = 0; i < NPAGES; i++)
			if (pg[i].flags & F_DONTCOPY)
				pg[i] = (struct vpage){ 0 };
		child_step = 0;
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

/* Set up a run: the arena, the fuzz file, the signal handlers. */
static void setup(void)
{
	struct sigaction sa = { 0 };
	char name[32];

	sa.sa_sigaction = on_fault;
	sa.sa_flags = SA_SIGINFO | SA_NODEFER;
	sigaction(SIGSEGV, &sa, NULL);
	sigaction(SIGBUS, &sa, NULL);
	rng = mix(seed);
	memset(sh, 0, sizeof(*sh));
	sh->next_slot = FILE_PAGES;
	arena = mmap(NULL, ARENA_PAGES * PAGE, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS,
		     -1, 0);
	if (arena == MAP_FAILED)
		fail("mmap of the arena: %s", strerror(errno));
	for (int i = 0; i < ARENA_PAGES; i++)
		pg[i] = (struct vpage){ K_ANON, PROT_NONE, 0, 0, 0, 0, { 0, 0 } };
	snprintf(name, sizeof(name), "mmfuzz.%d.tmp", (int)getpid());
	fd = open(name, O_RDWR | O_CREAT | O_EXCL, 0600);
	if (fd < 0 || unlink(name))
		fail("create %s: %s", name, strerror(errno));
	for (int k = 0; k < FILE_PAGES; k++)
		sh->slot[k] = fresh();
	static uint64_t buf[WORDS];
	for (int k = 0; k < FILE_PAGES; k++) {
		for (int w = 0; w < WORDS; w++)
			buf[w] = word(&sh->slot[k], w);
		if (write(fd, buf, PAGE) != PAGE)
			fail("write the fuzz file: %s", strerror(errno));
	}
}

static void run(int steps)
{
	setup();
	focus_all = 1;
	check_all();
	for (step = 1; step <= steps; step++)
		do_step();
	step = steps;
	focus_all = 1;
	check_all();
}

/* Run the first `steps` steps in a child; 0 if they pass, else the step
 * that failed. */
static int attempt(int steps, int loud)
{
	int status;

	sh->failed_step = 0;
	pid_t pid = fork();
	if (pid == 0) {
		verbose = verbose && loud;
		quiet = !loud;
		run(steps);
		_exit(0);
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid) {
		say("mmfuzz: fork or wait failed: %s\n", strerror(errno));
		return steps ? steps : 1;
	}
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		return 0;
	if (loud && !WIFEXITED(status))
		say("mmfuzz: seed %lu: killed by signal %d\n", seed, WTERMSIG(status));
	return sh->failed_step > 0 ? sh->failed_step : steps;
}

/* Bisect for the shortest failing prefix: the first lo steps pass, the
 * first hi fail. */
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

/* Run `steps` steps with seed s; prints one line and returns 0, or reports
 * the failure and the shortest failing prefix and returns 1. */
int mmfuzz(unsigned long s, int steps, int verb)
{
	seed = s;
	verbose = verb;
	sh = mmap(NULL, sizeof(*sh), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS,
		  -1, 0);
	if (sh == MAP_FAILED) {
		say("mmfuzz: mmap: %s\n", strerror(errno));
		return 1;
	}
	heap = sbrk(0);
	heap += -(uintptr_t)heap % PAGE;
	if (brk(heap)) {
		say("mmfuzz: brk: %s\n", strerror(errno));
		return 1;
	}
	int failed = attempt(steps, 1);
	if (!failed)
		say("mmfuzz: seed %lu, %d steps, ok\n", seed, steps);
	else {
		int k = shrink(failed);
		say("shortest failing prefix: %d steps (rerun: mmfuzz -s %lu -n %d -v)\n",
		    k, seed, k);
	}
	munmap(sh, sizeof(*sh));
	return failed != 0;
}

#ifndef MMFUZZ_NO_MAIN
int main(int argc, char **argv)
{
	unsigned long s = 1;
	int n = 2000, v = 0, c;

	while ((c = getopt(argc, argv, "s:n:v")) != -1) {
		if (c == 's')
			s = strtoul(optarg, NULL, 0);
		else if (c == 'n')
			n = atoi(optarg);
		else if (c == 'v')
			v = 1;
		else
			break;
	}
	if (c != -1 || optind < argc || n < 0) {
		dprintf(2, "usage: mmfuzz [-s SEED] [-n STEPS] [-v]\n");
		return 2;
	}
	return mmfuzz(s, n, v);
}
#endif
