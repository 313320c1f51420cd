/*
 * user/mmfuzz/model.c - the mm fuzzer's model of the address space: the
 * state of a run (one struct vpage per page), output, the seeded random
 * numbers, page contents, and the rule that says which neighbouring pages
 * must be one VMA.  The design is at the top of user/mmfuzz.c.
 */
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "mmfuzz.h"

const char *const kind_name[] = {
	"unmapped", "anon-private", "anon-shared", "file-private", "file-shared",
	"hugetlb-private", "hugetlb-shared"
};

struct vpage pg[NPAGES_MAX];
int huge, htlb, arena_pages = ARENA_PAGES, npages = ARENA_PAGES + HEAP_MAX;
int op_pages = ARENA_PAGES;
int heap_pages;
uint8_t *arena, *heap;
struct shared *sh;
int fd;
uint64_t rng;
unsigned long seed;
int step, child_step, verbose, quiet, window;
int focus_lo, focus_n, focus_all;

const int prots[6] = { PROT_NONE, PROT_READ, PROT_WRITE,
	PROT_READ | PROT_WRITE, PROT_READ | PROT_EXEC,
	PROT_READ | PROT_WRITE | PROT_EXEC };

/* ---- output -------------------------------------------------------------- */

/* printf to stdout, unbuffered, so that forked children keep the order. */
void say(const char *fmt, ...)
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
const char *where(void)
{
	static char buf[48];
	int n = snprintf(buf, sizeof(buf), "step %d", step);

	if (child_step)
		snprintf(buf + n, sizeof(buf) - n, ", forked child step %d", child_step);
	return buf;
}

const char *prot_name(int prot)
{
	static const char *const n[] = { "---", "r--", "-w-", "rw-", "--x",
					 "r-x", "-wx", "rwx" };
	return n[prot & 7];
}

/* What /proc/self/maps shows for v: "rw-p" or "unmapped". */
const char *perm_of(const struct vpage *v)
{
	static char buf[5];

	if (!v->kind)
		return "unmapped";
	memcpy(buf, prot_name(v->prot), 3);	/* no snprintf: once a page a step */
	buf[3] = v->kind == K_SHM || v->kind == K_FILES || v->kind == K_HTLBS ?
		 's' : 'p';
	return buf;
}

/* "page 5 (anon-private rw-p)": page i and what the model says it is. */
const char *pname(int i)
{
	static char buf[2][48];
	static int k;

	k ^= 1;
	snprintf(buf[k], sizeof(buf[0]), "%spage %d (%s%s%s)",
		 i < arena_pages ? "" : "heap ", i < arena_pages ? i : i - arena_pages,
		 kind_name[pg[i].kind], pg[i].kind ? " " : "",
		 pg[i].kind ? perm_of(&pg[i]) : "");
	return buf[k];
}

const char *fault_name(int code)
{
	return code == 0 ? "did not fault" : code == SEGV_MAPERR ? "SEGV_MAPERR" :
	       code == SEGV_ACCERR ? "SEGV_ACCERR" : "another signal";
}

/* ---- random numbers, contents, the model --------------------------------- */

uint64_t mix(uint64_t x)		/* splitmix64's finalizer */
{
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
	return x ^ (x >> 31);
}

uint64_t next64(void)
{
	return mix(rng += 0x9e3779b97f4a7c15ull);
}

uint32_t rnd(uint32_t n)
{
	return next64() % n;
}

uint64_t word(const struct content *c, int i)
{
	if (i == 0)
		return c->head;
	return c->stamp ? mix((uint64_t)c->stamp << 32 | (uint64_t)i) : 0;
}

/* The first `words` words of a page holding c. */
void fill(uint64_t *buf, const struct content *c, int words)
{
	for (int w = 0; w < words; w++)
		buf[w] = word(c, w);
}

struct content fresh(void)
{
	struct content c = { 0, rnd(0xfffffffeu) + 1 };

	c.head = word(&c, 1) ^ 1;
	return c;
}

uint8_t *addr(int i)
{
	return i < arena_pages ? arena + (size_t)i * PAGE
			       : heap + (size_t)(i - arena_pages) * PAGE;
}

int is_private(const struct vpage *v)
{
	return v->kind == K_ANON || v->kind == K_FILEP;
}

struct content *content_of(struct vpage *v)
{
	return v->kind == K_ANON || (v->state & S_OWN) ? &v->own : &sh->slot[v->slot];
}

/* A private file page's first write fault copies the file's page. */
void copy_on_write(struct vpage *v)
{
	if (v->kind == K_FILEP && !(v->state & S_OWN)) {
		v->own = sh->slot[v->slot];
		v->state |= S_OWN;
	}
}

/* Must mapped pages a and b = a + 1 be in two VMAs, or in one, or either? */
int boundary_rule(const struct vpage *a, const struct vpage *b)
{
	if (a->kind != b->kind || a->prot != b->prot || a->obj != b->obj ||
	    (a->kind != K_ANON && b->slot != a->slot + 1) ||
	    ((a->flags ^ b->flags) &
	     (F_SEQ | F_RAND | F_DONTCOPY | F_HUGE | F_NOHUGE)))
		return MUST_SPLIT;
	if ((a->flags | b->flags) & F_ACCT_MAYBE)
		return MAY_EITHER;
	if ((a->flags ^ b->flags) & F_ACCT)
		return MUST_SPLIT;
	return (a->state | b->state) & S_TAINT ? MAY_EITHER : MUST_MERGE;
}

/* Taint every arena page that may share a VMA with a tainted one. */
void spread_taint(void)
{
	for (int pass = 0; pass < 2; pass++) {
		for (int k = 1; k < arena_pages; k++) {
			int i = pass ? arena_pages - 1 - k : k, j = pass ? i + 1 : i - 1;
			int lo = i < j ? i : j;

			if (pg[lo].kind && pg[lo + 1].kind &&
			    boundary_rule(&pg[lo], &pg[lo + 1]) != MUST_SPLIT)
				pg[i].state |= pg[j].state & S_TAINT;
		}
	}
}

