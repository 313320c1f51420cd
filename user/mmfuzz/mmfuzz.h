/*
 * user/mmfuzz/mmfuzz.h - what the files of the mm fuzzer share: the model
 * of the address space (model.c), the checks (check.c), the operations
 * (ops.c) and the runs (run.c).  user/mmfuzz.c has main and the design.
 */
#ifndef MMFUZZ_H
#define MMFUZZ_H

#include <signal.h>
#include <stdint.h>
#include <unistd.h>

#define PAGE		4096
#define WORDS		(PAGE / 8)
#define ARENA_PAGES	256	/* 1 MiB: no room for a transparent huge page */
#define HPAGE		512	/* pages in a 2 MiB huge page */
#define HUGE_ARENA	(4 * HPAGE)	/* -H: 8 MiB, 2 MiB aligned */
#define HTLB_PAGES	(2 * HPAGE)	/* -P: then a window of MAP_HUGETLB */
#define HTLB_POOL	8		/* -P: nr_hugepages for the run */
#define HEAP_MAX	32
#define NPAGES_MAX	(HUGE_ARENA + HTLB_PAGES + HEAP_MAX)	/* arena, heap */
#define FILE_PAGES	32
#define SLOTS		(FILE_PAGES + 8192)	/* the file, then shm objects */
#define HUGE_SLOTS	(FILE_PAGES + 65536)	/* -H: more of them */
#define MAX_RUN		16	/* pages an operation covers, at most */
#define WINDOW		8	/* pages each check probes besides the step's */
#define FULL_MAX	32	/* -H: about as many of those in full */

enum kind { K_NONE, K_ANON, K_SHM, K_FILEP, K_FILES, K_HTLBP, K_HTLBS };

#define F_ACCT		0x01	/* vpage.flags: VM_ACCOUNT */
#define F_ACCT_MAYBE	0x02	/* VM_ACCOUNT unknown */
#define F_SEQ		0x04	/* VM_SEQ_READ */
#define F_RAND		0x08	/* VM_RAND_READ */
#define F_DONTCOPY	0x10	/* VM_DONTCOPY */
#define F_HUGE		0x20	/* VM_HUGEPAGE */
#define F_NOHUGE	0x40	/* VM_NOHUGEPAGE */
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
	struct content slot[HUGE_SLOTS];
};

/* model.c: the state of a run, output, random numbers, contents, merging */
extern struct vpage pg[NPAGES_MAX];
extern int huge;		/* -H: the huge-page mode (huge.c) */
extern int htlb;		/* -P: with the MAP_HUGETLB window */
extern int arena_pages, npages;	/* the arena's pages; and the heap's max */
extern int op_pages;		/* the arena's pages but the window */
extern int heap_pages;
extern uint8_t *arena, *heap;
extern struct shared *sh;
extern int fd;			/* the fuzz file, FILE_PAGES long, unlinked */
extern uint64_t rng;
extern unsigned long seed;
extern int step, child_step, verbose, quiet, window;
extern int focus_lo, focus_n, focus_all;	/* what the next check probes */
extern const char *const kind_name[];
extern const int prots[6];

void say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
const char *where(void);
/* -v: say what the step does.  fail: say what differed, end the run. */
#define note(...) do { if (verbose) { say("%s: ", where());		\
		say(__VA_ARGS__); say("\n"); } } while (0)
#define fail(...) do { if (!quiet) { say("mmfuzz: seed %lu, %s: ", seed,	\
		where()); say(__VA_ARGS__); say("\n"); }			\
		sh->failed_step = step; _exit(1); } while (0)
const char *prot_name(int prot);
const char *perm_of(const struct vpage *v);
const char *pname(int i);
const char *fault_name(int code);
uint64_t mix(uint64_t x);
uint64_t next64(void);
uint32_t rnd(uint32_t n);
uint64_t word(const struct content *c, int i);
void fill(uint64_t *buf, const struct content *c, int words);
struct content fresh(void);
uint8_t *addr(int i);
int is_private(const struct vpage *v);
struct content *content_of(struct vpage *v);
void copy_on_write(struct vpage *v);
enum { MUST_SPLIT, MAY_EITHER, MUST_MERGE };
int boundary_rule(const struct vpage *a, const struct vpage *b);
void spread_taint(void);

/* check.c: memory accesses through the SIGSEGV handler, and the checks */
enum { RD_SAMPLE, RD_ALL, WR_HEAD, WR_ALL, WR_SAME };
void on_fault(int sig, siginfo_t *si, void *uc);
int access_page(volatile uint64_t *p, int mode, uint64_t *buf,
		const struct content *c);
void check_page(int i, int full);
void check_all(void);
int kernel_vma_run(int lo, int n);

/* ops.c: the operations, and one step */
void focus(int lo, int n);
void populate(struct vpage *v);
void write_page(struct vpage *v, int full);
int pick_range(int *lo);
int pick_mapped(int *lo);
void do_step(void);

/* huge.c: the huge-page mode (-H) */
uint8_t *huge_arena(void);
int huge_start(void);
int huge_len(void);
void thp_spread(void);
void op_fill(void);
void op_mremap(void);
void op_thp(void);
void op_collapse(void);

/* hugetlb.c: the MAP_HUGETLB window (-H -P) */
int hugetlb_pool_take(void);
void hugetlb_pool_put(void);
void op_htlb(void);

/* run.c: a run in a child, shrinking */
#define MMFUZZ_VERBOSE	1	/* mmfuzz's flags: -v */
#define MMFUZZ_HUGE	2	/* -H */
#define MMFUZZ_HUGETLB	4	/* -P (with -H) */
int mmfuzz(unsigned long s, int steps, int flags);

#endif
