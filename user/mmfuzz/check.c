/*
 * user/mmfuzz/check.c - the mm fuzzer's checks after every step: the
 * kernel's /proc/self/maps, mincore and the memory itself against the
 * model, with probes through a SIGSEGV handler for the accesses that must
 * fault.  The design is at the top of user/mmfuzz.c.
 */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "mmfuzz.h"

static const int sample[] = { 0, 1, 300, WORDS - 1 };

/* ---- memory access through the SIGSEGV handler --------------------------- */

static sigjmp_buf probe_env;
static volatile int probing, fault_code;

void on_fault(int sig, siginfo_t *si, void *uc)
{
	(void)uc;
	fault_code = sig == SIGSEGV ? si->si_code : 100 + sig;
	if (probing)
		siglongjmp(probe_env, 1);	/* SA_NODEFER: nothing to unblock */
	fail("unexpected signal %d outside a probe", sig);
}

/* Access page p: read words into buf (4 sampled, or all), write word 0 or
 * all of c, or write word 0 back unchanged.  Returns 0 or how it faulted. */
int access_page(volatile uint64_t *p, int mode, uint64_t *buf,
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
static int kvma[NPAGES_MAX];	/* the kernel's VMA (maps line) of a page, or -1 */
static char kperm[NPAGES_MAX][5];	/* and its permissions */

/* Note a line of /proc/self/maps: its pages in the arena and the heap. */
static void note_vma(uintptr_t lo, uintptr_t hi, const char *perm, int line)
{
	for (int i0 = 0; i0 < npages; i0 += arena_pages) {
		uintptr_t a = (uintptr_t)addr(i0);
		uintptr_t end = a + (size_t)(i0 ? HEAP_MAX : arena_pages) * PAGE;

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
	for (int i = 0; i < npages; i++) {
		if (strcmp(kvma[i] < 0 ? "unmapped" : kperm[i], perm_of(&pg[i])))
			fail("maps: %s is %s", pname(i),
			     kvma[i] < 0 ? "unmapped" : kperm[i]);
		if (i == 0 || i >= arena_pages || !pg[i].kind || !pg[i - 1].kind)
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
	unsigned char vec[HUGE_ARENA + HTLB_PAGES];

	for (int i = 0, j; i < arena_pages + heap_pages; i = j) {
		for (j = i + 1; j < arena_pages + heap_pages && j != arena_pages &&
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
void check_page(int i, int full)
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

/* Is page i one to check in full: every page after a fork and at the
 * end, else those the step changed?  -H: of a long run about FULL_MAX
 * pages, of all pages every eighth (rotating), and those at 2 MiB edges. */
static int in_focus(int i)
{
	int lo = focus_all ? 0 : focus_lo, n = focus_all ? npages : focus_n;

	if (i < lo || i >= lo + n)
		return 0;
	if (!huge)
		return 1;
	int stride = focus_all ? 8 : n / FULL_MAX + 1, off = i % HPAGE;
	return (i - lo + window / WINDOW) % stride == 0 || i == lo + n - 1 ||
	       off < 2 || off >= HPAGE - 2;
}

/* How many of the n pages from lo are in page lo's VMA in the kernel's
 * maps of the last check. */
int kernel_vma_run(int lo, int n)
{
	int k = 1;

	while (k < n && kvma[lo + k] == kvma[lo])
		k++;
	return k;
}

void check_all(void)
{
	check_maps();
	check_resident();
	for (int i = 0; i < arena_pages + heap_pages; i++)
		check_page(i, in_focus(i) ||
			   (i - window + npages) % npages < WINDOW);
	window = (window + WINDOW) % npages;
	focus_lo = focus_n = focus_all = 0;
}

