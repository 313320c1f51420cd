/*
 * tests/user/malloc_sys.c - where Pagoda's malloc meets the kernel, as
 * tests/host/malloc/{thresh_prog,syscount,stats,nobrk}.c check it on the
 * host: the mmap threshold (100 KiB from the heap, 200 KiB mapped, the
 * threshold rising when a mapped chunk is freed), mallopt, trimming,
 * mallinfo2 and malloc_stats, and the heap carrying on in mmap()ed regions
 * when the break cannot move.
 *
 * No ptrace here: each phase is observed through sbrk(0) before and after,
 * the number of lines of /proc/self/maps (read with read(2), which does not
 * allocate), whether an address is inside some mapping, and mallinfo2.
 * Printed: directions, deltas and yes/no, never an address.
 */
#include "utest.h"
#include <fcntl.h>
#include <malloc.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/resource.h>

/* Tests look at where a block was after freeing it, on purpose. */
#pragma GCC diagnostic ignored "-Wuse-after-free"

#define KiB 1024UL
#define MiB (1024 * KiB)
#define PAGE 4096UL

/* The compiler may not drop a malloc whose block is only freed. */
#define KEEP(p) __asm__ volatile("" : : "r"(p) : "memory")

static char maps[64 * 1024];
static char *heap0;		/* the break before the test's first malloc */

static const char *yesno(int c)
{
	return c ? "yes" : "no";
}

/* /proc/self/maps into maps[]; returns its length. */
static size_t read_maps(void)
{
	int fd = open("/proc/self/maps", O_RDONLY);
	size_t len = 0;
	ssize_t r;

	if (fd < 0) {
		printf("open /proc/self/maps: %s\n", errname(errno));
		_exit(1);
	}
	while (len < sizeof(maps) - 1 && (r = read(fd, maps + len, sizeof(maps) - 1 - len)) > 0)
		len += (size_t)r;
	close(fd);
	maps[len] = 0;
	return len;
}

static int maps_lines(void)
{
	size_t len = read_maps();
	int n = 0;

	for (size_t i = 0; i < len; i++)
		n += maps[i] == '\n';
	return n;
}

/* Is addr inside a line "start-end ..." of /proc/self/maps? */
static int is_mapped(const void *addr)
{
	uintptr_t a = (uintptr_t)addr;

	read_maps();
	for (char *line = maps; *line; ) {
		char *end;
		uintptr_t lo = strtoul(line, &end, 16), hi = strtoul(end + 1, NULL, 16);
		if (a >= lo && a < hi)
			return 1;
		line = strchr(line, '\n');
		if (!line)
			break;
		line++;
	}
	return 0;
}

/* Between the initial break and the current one? */
static int in_heap(const void *p)
{
	return (const char *)p >= heap0 && (const char *)p < (char *)sbrk(0);
}

/* What the kernel-facing side of malloc looks like at one moment. */
struct snap {
	char *brk;
	int lines;
	struct mallinfo2 mi;
};

static struct snap snap(void)
{
	struct snap s;

	s.mi = mallinfo2();
	s.brk = sbrk(0);
	s.lines = maps_lines();
	return s;
}

static const char *brk_dir(const struct snap *a, const struct snap *b)
{
	return b->brk > a->brk ? "up" : b->brk < a->brk ? "down" : "same";
}

/* One phase: how the break, the maps and the mapped chunks changed. */
static void report(const char *phase, const struct snap *a, const struct snap *b)
{
	printf("%-12s brk %-4s maps %+d hblks %+ld hblkhd %s\n", phase, brk_dir(a, b),
	       b->lines - a->lines, (long)b->mi.hblks - (long)a->mi.hblks,
	       b->mi.hblkhd > a->mi.hblkhd ? "up" : b->mi.hblkhd < a->mi.hblkhd ? "down" : "same");
}

static void *touch(void *p, size_t n)
{
	if (p == NULL) {
		printf("allocation of %zu failed: %s\n", n, errname(errno));
		fflush(stdout);
		_exit(1);
	}
	memset(p, 1, n);
	return p;
}

/* Let malloc set up its heap outside the phases. */
static void *warm_up(void)
{
	heap0 = sbrk(0);
	void *p = touch(malloc(1), 1);
	KEEP(p);
	return p;
}

/* ---- The threshold ------------------------------------------------------ */

/* 100 KiB -> heap; 200 KiB -> own mapping; its free -> unmapped, and the
   threshold rises to its size; 200 KiB again -> heap (glibc's rule). */
static void thresh_dynamic(void)
{
	warm_up();
	struct snap s0 = snap();
	char *p1 = touch(malloc(100 * KiB), 100 * KiB);
	struct snap s1 = snap();
	report("small100k", &s0, &s1);
	printf("100 KiB in the heap: %s, in a mapping: %s\n", yesno(in_heap(p1)),
	       yesno(is_mapped(p1)));
	char *p2 = touch(malloc(200 * KiB), 200 * KiB);
	struct snap s2 = snap();
	report("big200k", &s1, &s2);
	printf("200 KiB in the heap: %s, in a mapping: %s, hblkhd >= 200 KiB: %s\n",
	       yesno(in_heap(p2)), yesno(is_mapped(p2)), yesno(s2.mi.hblkhd >= 200 * KiB));
	free(p2);
	struct snap s3 = snap();
	report("free200k", &s2, &s3);
	printf("its pages still mapped: %s\n", yesno(is_mapped(p2)));
	char *p3 = touch(malloc(200 * KiB), 200 * KiB);
	struct snap s4 = snap();
	report("again200k", &s3, &s4);
	printf("200 KiB again in the heap: %s\n", yesno(in_heap(p3)));
	/* the threshold is now ~200 KiB: 300 KiB still maps */
	char *p4 = touch(malloc(300 * KiB), 300 * KiB);
	struct snap s5 = snap();
	report("big300k", &s4, &s5);
	printf("300 KiB in the heap: %s\n", yesno(in_heap(p4)));
	printf("arena == break - initial break: %s\n", yesno(s5.mi.arena == (size_t)(s5.brk - heap0)));
	KEEP(p1);
	KEEP(p3);
}

/* mallopt(M_MMAP_THRESHOLD) fixes the threshold: 200 KiB maps every time;
   a lower threshold maps 100 KiB; above 32 MiB is refused. */
static void thresh_fixed(void)
{
	warm_up();
	printf("mallopt(M_MMAP_THRESHOLD, 128K) = %d\n", mallopt(M_MMAP_THRESHOLD, 128 * KiB));
	for (int round = 0; round < 2; round++) {
		struct snap s0 = snap();
		char *p = touch(malloc(200 * KiB), 200 * KiB);
		struct snap s1 = snap();
		report(round ? "again200k" : "big200k", &s0, &s1);
		printf("in the heap: %s\n", yesno(in_heap(p)));
		free(p);
		struct snap s2 = snap();
		report("free200k", &s1, &s2);
	}
	printf("mallopt(M_MMAP_THRESHOLD, 64K) = %d\n", mallopt(M_MMAP_THRESHOLD, 64 * KiB));
	for (int i = 0; i < 2; i++) {	/* the first fits in top, the second not */
		struct snap s0 = snap();
		char *p = touch(malloc(100 * KiB), 100 * KiB);
		struct snap s1 = snap();
		report(i ? "100k#2@64k" : "100k#1@64k", &s0, &s1);
		printf("100 KiB in the heap: %s\n", yesno(in_heap(p)));
		KEEP(p);
	}
	printf("mallopt(M_MMAP_THRESHOLD, 64M) = %d\n", mallopt(M_MMAP_THRESHOLD, 64 * MiB));
	printf("mallopt(12345, 1) = %d\n", mallopt(12345, 1));
}

/* M_MMAP_MAX = 0: even 1 MiB comes from the heap; M_MMAP_MAX = 2: the
   third big block comes from the heap. */
static void mmap_max(void)
{
	warm_up();
	printf("mallopt(M_MMAP_MAX, 0) = %d\n", mallopt(M_MMAP_MAX, 0));
	struct snap s0 = snap();
	char *p = touch(malloc(1 * MiB), 1 * MiB);
	struct snap s1 = snap();
	report("big1m", &s0, &s1);
	printf("1 MiB in the heap: %s\n", yesno(in_heap(p)));
	printf("mallopt(M_MMAP_MAX, 2) = %d\n", mallopt(M_MMAP_MAX, 2));
	char *q[3];
	for (int i = 0; i < 3; i++) {
		q[i] = touch(malloc(300 * KiB), 300 * KiB);
		printf("300 KiB #%d in the heap: %s\n", i, yesno(in_heap(q[i])));
	}
	struct mallinfo2 mi = mallinfo2();
	printf("hblks %zu\n", mi.hblks);
	for (int i = 0; i < 3; i++)
		free(q[i]);
	KEEP(p);
}

/* ---- Trimming ------------------------------------------------------------ */

static void *blocks[20];

/* 20 x 100 KiB grow the heap; freeing them all leaves a big top. */
static void fill_and_free(struct snap *a, struct snap *b, struct snap *c)
{
	*a = snap();
	for (int i = 0; i < 20; i++)
		blocks[i] = touch(malloc(100 * KiB), 100 * KiB);
	*b = snap();
	for (int i = 19; i >= 0; i--)
		free(blocks[i]);
	*c = snap();
	report("fill", a, b);
	report("freeall", b, c);
}

/* Default M_TRIM_THRESHOLD: freeing gives the top back, keeping M_TOP_PAD. */
static void trim_auto(void)
{
	struct snap a, b, c;

	warm_up();
	fill_and_free(&a, &b, &c);
	printf("top kept: >= 128 KiB %s, < 128 KiB + 1 page + 64 %s\n",
	       yesno(c.mi.keepcost >= 128 * KiB),
	       yesno(c.mi.keepcost < 128 * KiB + PAGE + 64));
	printf("arena == break - initial break: %s\n",
	       yesno(c.mi.arena == (size_t)(c.brk - heap0)));
	printf("malloc_trim(128 KiB) = %d\n", malloc_trim(128 * KiB));
}

/* M_TRIM_THRESHOLD high: free keeps the top; malloc_trim gives it back. */
static void trim_malloc_trim(void)
{
	struct snap a, b, c;

	warm_up();
	printf("mallopt(M_TRIM_THRESHOLD, 512M) = %d\n", mallopt(M_TRIM_THRESHOLD, 512 * MiB));
	fill_and_free(&a, &b, &c);
	printf("top >= 2000 KiB: %s\n", yesno(c.mi.keepcost >= 2000 * KiB));
	printf("malloc_trim(256 KiB) = %d\n", malloc_trim(256 * KiB));
	struct snap d = snap();
	report("trim256k", &c, &d);
	printf("top kept: >= 256 KiB %s, < 256 KiB + 1 page + 64 %s\n",
	       yesno(d.mi.keepcost >= 256 * KiB), yesno(d.mi.keepcost < 256 * KiB + PAGE + 64));
	printf("malloc_trim(0) = %d\n", malloc_trim(0));
	struct snap e = snap();
	report("trim0", &d, &e);
	printf("top kept < 1 page + 64: %s\n", yesno(e.mi.keepcost < PAGE + 64));
	printf("malloc_trim(0) again = %d\n", malloc_trim(0));
	printf("arena == break - initial break: %s\n",
	       yesno(e.mi.arena == (size_t)(e.brk - heap0)));
	/* memory past the lowered break is gone; new requests get fresh zeros */
	unsigned char *p = calloc(1, 500 * KiB);
	size_t dirty = 0;
	for (size_t i = 0; i < 500 * KiB; i++)
		dirty += p[i] != 0;
	printf("calloc(500 KiB) after trim: non-zero bytes %zu, in the heap %s\n", dirty,
	       yesno(in_heap(p)));
}

/* The break goes down and up again: calloc trusts the kernel to hand back
   zeroed pages past the old top (it does not clear them), so a kernel that
   kept the old contents would show here. */
static void brk_regrow_zero(void)
{
	warm_up();
	printf("mallopt(M_MMAP_MAX, 0) = %d\n", mallopt(M_MMAP_MAX, 0));
	for (int round = 0; round < 4; round++) {
		size_t n = (size_t)(round + 1) * MiB;
		struct snap s0 = snap();
		unsigned char *p = malloc(n);
		memset(p, 0xff, n);
		KEEP(p);
		struct snap s1 = snap();
		free(p);
		struct snap s2 = snap();
		unsigned char *q = calloc(1, n);
		struct snap s3 = snap();
		size_t dirty = 0;
		for (size_t i = 0; i < n; i++)
			dirty += q[i] != 0;
		printf("%zu MiB: malloc brk %s, free brk %s, calloc brk %s, in the heap %s, "
		       "non-zero bytes %zu\n", n / MiB, brk_dir(&s0, &s1), brk_dir(&s1, &s2),
		       brk_dir(&s2, &s3), yesno(in_heap(q)), dirty);
		memset(q, 0xee, n);
		free(q);
	}
}

/* M_TOP_PAD: how much more than needed the heap grows (and keeps). */
static void top_pad(void)
{
	warm_up();
	static const size_t pads[] = { 1 * MiB, 0 };
	for (int i = 0; i < 2; i++) {
		printf("mallopt(M_TOP_PAD, %zu KiB) = %d\n", pads[i] / KiB,
		       mallopt(M_TOP_PAD, (int)pads[i]));
		char *before = sbrk(0), *after = before;
		for (int n = 0; n < 50 && after == before; n++) {
			blocks[n % 20] = touch(malloc(100 * KiB), 100 * KiB);
			after = sbrk(0);
		}
		size_t grew = (size_t)(after - before), top = mallinfo2().keepcost;
		printf("break grew: %s, by >= pad %s, by < pad + 100 KiB + 2 pages %s\n",
		       yesno(grew > 0), yesno(grew >= pads[i]),
		       yesno(grew < pads[i] + 100 * KiB + 2 * PAGE));
		printf("top left: >= pad %s, < pad + 1 page + 64 %s\n", yesno(top >= pads[i]),
		       yesno(top < pads[i] + PAGE + 64));
	}
	/* free with the default trim threshold keeps the pad in top */
	printf("mallopt(M_TOP_PAD, 300 KiB) = %d\n", mallopt(M_TOP_PAD, 300 * KiB));
	printf("mallopt(M_TRIM_THRESHOLD, 128 KiB) = %d\n", mallopt(M_TRIM_THRESHOLD, 128 * KiB));
	struct snap a, b, c;
	fill_and_free(&a, &b, &c);
	printf("top kept: >= 300 KiB %s, < 300 KiB + 1 page + 64 %s\n",
	       yesno(c.mi.keepcost >= 300 * KiB), yesno(c.mi.keepcost < 300 * KiB + PAGE + 64));
}

/* ---- Statistics --------------------------------------------------------- */

static void mallinfo_consistency(void)
{
	void *small[100];

	heap0 = sbrk(0);
	for (int i = 0; i < 100; i++)
		small[i] = touch(malloc(1000), 1000);
	struct mallinfo2 a = mallinfo2();
	printf("arena == uordblks + fordblks: %s\n", yesno(a.arena == a.uordblks + a.fordblks));
	printf("uordblks >= 100 x 1000: %s\n", yesno(a.uordblks >= 100 * 1000));
	printf("arena == break - initial break: %s\n",
	       yesno(a.arena == (size_t)((char *)sbrk(0) - heap0)));
	printf("keepcost == fordblks (only top is free): %s\n", yesno(a.keepcost == a.fordblks));
	void *big = touch(malloc(1 * MiB), 1 * MiB);
	struct mallinfo2 b = mallinfo2();
	printf("1 MiB: hblks %+ld, hblkhd grew by >= 1 MiB %s, arena same %s\n",
	       (long)b.hblks - (long)a.hblks, yesno(b.hblkhd >= a.hblkhd + 1 * MiB),
	       yesno(b.arena == a.arena));
	for (int i = 0; i < 100; i += 2)
		free(small[i]);
	struct mallinfo2 c = mallinfo2();
	printf("free 50: fordblks grew by >= 50000 %s, ordblks grew %s, still adds up %s\n",
	       yesno(c.fordblks >= a.fordblks + 50 * 1000), yesno(c.ordblks > a.ordblks),
	       yesno(c.arena == c.uordblks + c.fordblks));
	printf("keepcost > 0 and <= fordblks: %s\n", yesno(c.keepcost > 0 && c.keepcost <= c.fordblks));
	void *tiny[40];
	for (int i = 0; i < 40; i++)
		tiny[i] = touch(malloc(40), 40);
	for (int i = 0; i < 40; i += 2)
		free(tiny[i]);
	struct mallinfo2 d = mallinfo2();
	printf("20 fastbin chunks: smblks %zu, fsmblks %zu\n", d.smblks, d.fsmblks);
	free(big);
	struct mallinfo2 e = mallinfo2();
	printf("free 1 MiB: hblks %zu hblkhd %zu\n", e.hblks, e.hblkhd);
	for (int i = 1; i < 100; i += 2)
		free(small[i]);
	for (int i = 1; i < 40; i += 2)
		free(tiny[i]);
	struct mallinfo2 f = mallinfo2();
	printf("all freed: uordblks %zu (small), adds up %s, usmblks %zu\n",
	       f.uordblks < 4096 ? (size_t)0 : f.uordblks, yesno(f.arena == f.uordblks + f.fordblks),
	       f.usmblks);
}

/* malloc_stats prints glibc's lines on stderr; check them, numbers aside,
   and that they agree with mallinfo2. */
static void malloc_stats_lines(void)
{
	void *p[10];
	int fds[2];
	static char out[4096];

	for (int i = 0; i < 10; i++)
		p[i] = touch(malloc(1000 * (i + 1)), 1000);
	void *big = touch(malloc(500 * KiB), 500 * KiB);
	struct mallinfo2 mi = mallinfo2();
	fflush(stdout);
	pipe(fds);
	int saved = dup(2);
	dup2(fds[1], 2);
	malloc_stats();
	dup2(saved, 2);
	close(fds[1]);
	ssize_t n = read(fds[0], out, sizeof(out) - 1);
	out[n > 0 ? n : 0] = 0;
	unsigned long nums[8];
	int k = 0;
	for (char *line = strtok(out, "\n"); line; line = strtok(NULL, "\n")) {
		char *eq = strchr(line, '=');
		if (eq) {
			if (k < 8)
				nums[k++] = strtoul(eq + 1, NULL, 10);
			*eq = 0;
		}
		printf("[%s]%s\n", line, eq ? " = N" : "");
	}
	if (k == 6) {
		printf("system bytes == arena: %s\n", yesno(nums[0] == mi.arena));
		printf("in use bytes == uordblks: %s\n", yesno(nums[1] == mi.uordblks));
		printf("total system == arena + hblkhd: %s\n", yesno(nums[2] == mi.arena + mi.hblkhd));
		printf("total in use == uordblks + hblkhd: %s\n",
		       yesno(nums[3] == mi.uordblks + mi.hblkhd));
		printf("max mmap regions %lu, max mmap bytes >= 500 KiB %s\n", nums[4],
		       yesno(nums[5] >= 500 * KiB));
	}
	free(big);
	for (int i = 0; i < 10; i++)
		free(p[i]);
}

/* ---- When the break cannot move ----------------------------------------- */

#define N 3000
static unsigned char *blk[N];
static size_t len[N];
static uint64_t rng = 99;

static uint64_t rng_next(void)
{
	rng ^= rng >> 12;
	rng ^= rng << 25;
	rng ^= rng >> 27;
	return rng * 0x2545F4914F6CDD1DULL;
}

static unsigned char pat(int i, size_t k)
{
	return (unsigned char)(i * 31 + k * 7 + (k >> 8));
}

static void alloc_range(int from, int to)
{
	for (int i = from; i < to; i++) {
		len[i] = 1 + rng_next() % (i % 10 == 0 ? 100000 : 3000);
		blk[i] = malloc(len[i]);
		if (blk[i] == NULL) {
			printf("malloc(%zu) failed: %s\n", len[i], errname(errno));
			fflush(stdout);
			_exit(1);
		}
		for (size_t k = 0; k < len[i]; k++)
			blk[i][k] = pat(i, k);
	}
}

/* Number of live blocks of [from, to) whose contents changed. */
static int check_range(int from, int to)
{
	int bad = 0;

	for (int i = from; i < to; i++)
		if (blk[i])
			for (size_t k = 0; k < len[i]; k++)
				if (blk[i][k] != pat(i, k)) {
					bad++;
					break;
				}
	return bad;
}

static void free_half(int from, int to)
{
	for (int i = from; i < to; i += 2) {
		free(blk[i]);
		blk[i] = NULL;
	}
}

/* Someone else moves the break: malloc must not write into their memory. */
static void nobrk_foreign_sbrk(void)
{
	alloc_range(0, 1000);
	char *foreign = sbrk(12345);
	printf("sbrk(12345) ok: %s\n", yesno(foreign != (void *)-1));
	memset(foreign, 0x77, 12345);
	alloc_range(1000, 2000);
	int bad = 0;
	for (int i = 0; i < 12345; i++)
		bad += (unsigned char)foreign[i] != 0x77;
	printf("foreign bytes overwritten: %d, blocks corrupted: %d\n", bad, check_range(0, 2000));
	free_half(0, 2000);
	alloc_range(2000, 2500);
	printf("after more: blocks corrupted %d\n", check_range(0, 2500));
	struct mallinfo2 mi = mallinfo2();
	printf("adds up: %s\n", yesno(mi.arena == mi.uordblks + mi.fordblks));
}

/* A mapping right above the break: sbrk fails, malloc goes on in mmap()ed
   heap regions (glibc's MORECORE failure fallback), fencing the old top. */
static void nobrk_wall(void)
{
	heap0 = sbrk(0);
	alloc_range(0, 2000);
	char *brk = sbrk(0);
	char *wall = (char *)(((uintptr_t)brk + PAGE - 1) & ~(PAGE - 1));
	void *w = mmap(wall, PAGE, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE,
		       -1, 0);
	printf("wall above the break: %s\n", yesno(w == wall));
	errno = 0;
	int failed = sbrk(PAGE) == (void *)-1;
	printf("sbrk(1 page) fails: %s %s\n", yesno(failed), errname(errno));
	struct mallinfo2 m0 = mallinfo2();
	free_half(0, 2000);
	alloc_range(2000, N);		/* needs more than top had */
	struct mallinfo2 m1 = mallinfo2();
	printf("the break moved: %s\n", yesno(sbrk(0) != brk));
	printf("heap grew by mmap: arena grew %s, arena > break - initial break %s\n",
	       yesno(m1.arena > m0.arena), yesno(m1.arena > (size_t)(brk - heap0)));
	printf("blocks corrupted: %d\n", check_range(0, N));
	free_half(1, N);
	free_half(2000, N);
	alloc_range(0, 1500);		/* reuse freed and fenced memory */
	printf("after reuse: blocks corrupted %d, break moved %s\n", check_range(0, N),
	       yesno(sbrk(0) != brk));
	struct mallinfo2 mi = mallinfo2();
	printf("adds up: %s\n", yesno(mi.arena == mi.uordblks + mi.fordblks));
	for (int i = 0; i < N; i++)
		free(blk[i]);
	mi = mallinfo2();
	printf("all freed: adds up %s\n", yesno(mi.arena == mi.uordblks + mi.fordblks));
}

/* A wall, and mmap for chunks off: one request far bigger than top must
   still succeed, from a mapped heap region. */
static void nobrk_big(void)
{
	warm_up();
	printf("mallopt(M_MMAP_MAX, 0) = %d\n", mallopt(M_MMAP_MAX, 0));
	char *brk = sbrk(0);
	char *wall = (char *)(((uintptr_t)brk + PAGE - 1) & ~(PAGE - 1));
	void *w = mmap(wall, PAGE, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE,
		       -1, 0);
	printf("wall above the break: %s\n", yesno(w == wall));
	struct snap s0 = snap();
	unsigned char *p = malloc(3 * MiB);
	struct snap s1 = snap();
	printf("malloc(3 MiB) = %s\n", p ? "ptr" : "NULL");
	if (!p)
		return;
	memset(p, 0x42, 3 * MiB);
	report("big3m", &s0, &s1);
	printf("in the brk heap: %s, in a mapping: %s, arena grew by >= 3 MiB: %s\n",
	       yesno(in_heap(p)), yesno(is_mapped(p) && is_mapped(p + 3 * MiB - 1)),
	       yesno(s1.mi.arena >= s0.mi.arena + 3 * MiB));
	unsigned char *q = calloc(1, 2 * MiB);
	size_t dirty = 0;
	for (size_t i = 0; q && i < 2 * MiB; i++)
		dirty += q[i] != 0;
	printf("calloc(2 MiB) = %s, non-zero bytes %zu\n", q ? "ptr" : "NULL", dirty);
	free(p);
	free(q);
	struct mallinfo2 mi = mallinfo2();
	printf("adds up: %s\n", yesno(mi.arena == mi.uordblks + mi.fordblks));
}

/* RLIMIT_DATA: brk fails at the limit, and so do the mmap fallback and
   mapped chunks (private writable memory counts too): NULL with ENOMEM,
   and malloc works again once memory is freed. */
static void nobrk_rlimit(void)
{
	static void *b[1024];
	struct rlimit rl = { 4 * MiB, 4 * MiB };
	int n = 0;

	warm_up();
	SHOW("setrlimit(RLIMIT_DATA, 4 MiB)", setrlimit(RLIMIT_DATA, &rl));
	errno = 0;
	while (n < 1024 && (b[n] = malloc(64 * KiB)) != NULL)
		n++;
	int e = errno;
	printf("64 KiB blocks before NULL: >= 32 %s, <= 64 %s, errno %s\n", yesno(n >= 32),
	       yesno(n <= 64), errname(e));
	printf("no block outside the brk heap: %s\n", yesno(n == 0 || in_heap(b[n - 1])));
	errno = 0;
	void *big = malloc(300 * KiB);
	e = errno;
	printf("malloc(300 KiB) = %s %s\n", big ? "ptr" : "NULL", errname(e));
	for (int i = 0; i < n; i++)
		free(b[i]);
	void *p = malloc(100), *q = malloc(1 * MiB);
	printf("after freeing: malloc(100) %s, malloc(1 MiB) %s\n", p ? "ok" : "NULL",
	       q ? "ok" : "NULL");
	free(q);
	free(p);
	free(big);
}

/* Resident pages of [a, a + n) (both page-aligned), or -1 with errno. */
static long resident(const char *a, size_t n)
{
	static unsigned char vec[1024];
	long r = 0;

	if (n / PAGE > sizeof(vec))
		return -2;
	if (mincore((void *)a, n, vec) != 0)
		return -1;
	for (size_t i = 0; i < n / PAGE; i++)
		r += vec[i] & 1;
	return r;
}

/* The seed article's experiment: malloc'ed memory, heap or mapped, gets
   pages only when touched (mincore), and loses them when given back.
   The first and last 64 KiB are left out (headers, large folios). */
static void demand_paging(void)
{
	warm_up();
	for (int mapped = 1; mapped >= 0; mapped--) {
		if (!mapped)
			printf("mallopt(M_MMAP_MAX, 0) = %d\n", mallopt(M_MMAP_MAX, 0));
		char *p = malloc(1000 * KiB);
		char *lo = (char *)(((uintptr_t)p + 64 * KiB) & ~(PAGE - 1));
		size_t n = 768 * KiB;
		printf("%s: in the heap %s\n", mapped ? "mapped 1000 KiB" : "heap 1000 KiB",
		       yesno(in_heap(p)));
		printf("  resident before touching: %ld of %zu\n", resident(lo, n), n / PAGE);
		for (size_t i = 0; i < 1000 * KiB; i += 2 * PAGE)
			p[i] = 1;		/* every other page */
		printf("  after touching every other page: %ld\n", resident(lo, n));
		memset(p, 2, 1000 * KiB);
		printf("  after memset: %ld\n", resident(lo, n));
		free(p);
		errno = 0;
		long r = resident(lo, n);
		printf("  after free: %ld %s\n", r, r < 0 ? errname(errno) : "");
		if (!mapped) {		/* the trim threshold rose to 2 x 1000 KiB */
			printf("  malloc_trim(0) = %d\n", malloc_trim(0));
			errno = 0;
			r = resident(lo, n);
			printf("  after malloc_trim: %ld %s\n", r, r < 0 ? errname(errno) : "");
		}
	}
}

static const struct utest tests[] = {
	{ "thresh_dynamic", thresh_dynamic },
	{ "thresh_fixed", thresh_fixed },
	{ "mmap_max", mmap_max },
	{ "trim_auto", trim_auto },
	{ "trim_malloc_trim", trim_malloc_trim },
	{ "brk_regrow_zero", brk_regrow_zero },
	{ "top_pad", top_pad },
	{ "mallinfo_consistency", mallinfo_consistency },
	{ "malloc_stats_lines", malloc_stats_lines },
	{ "nobrk_foreign_sbrk", nobrk_foreign_sbrk },
	{ "nobrk_wall", nobrk_wall },
	{ "nobrk_big", nobrk_big },
	{ "nobrk_rlimit", nobrk_rlimit },
	{ "demand_paging", demand_paging },
};

UTEST_MAIN(tests)
