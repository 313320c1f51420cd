/*
 * tests/user/malloc_api.c - the allocation API of Pagoda's malloc, as in
 * tests/host/malloc/{align,realloc,calloc}.c: every function returns memory
 * aligned as promised and really usable up to malloc_usable_size(); the
 * aligned ones reject bad alignments as glibc does; realloc keeps the
 * contents (grow, shrink, in place, mapped chunks); calloc zeroes (also
 * reused chunks) and fails with ENOMEM on overflow; huge requests fail with
 * ENOMEM.  Output: counts and yes/no only, never an address.
 */
#include "utest.h"
#include <malloc.h>
#include <stdint.h>
#include <sys/mman.h>

/* Tests look at a block after realloc failed or moved it, on purpose. */
#pragma GCC diagnostic ignored "-Wuse-after-free"

#define KiB 1024UL
#define MiB (1024 * KiB)

/* Sizes the compiler cannot see through (no -Walloc-size-larger-than). */
static volatile size_t vhuge = SIZE_MAX, vhalf = SIZE_MAX / 2;

/* The compiler may not drop a malloc whose block is only freed. */
#define KEEP(p) __asm__ volatile("" : : "r"(p) : "memory")

static const char *yesno(int c)
{
	return c ? "yes" : "no";
}

static const size_t sizes[] = { 0, 1, 7, 8, 15, 16, 17, 24, 100, 1000, 4095, 4096,
				70000, 130000, 300000, 1 << 20 };
#define NSIZES (sizeof(sizes) / sizeof(sizes[0]))

static int bad;		/* checks failed in this test */

/* Check alignment and usable size, write every usable byte, free. */
static void use(void *p, size_t bytes, size_t align, const char *fn)
{
	if (p == NULL) {
		printf("%s(%zu) = NULL %s\n", fn, bytes, errname(errno));
		bad++;
		return;
	}
	if ((uintptr_t)p % align) {
		printf("%s(%zu): not %zu-aligned\n", fn, bytes, align);
		bad++;
	}
	size_t usable = malloc_usable_size(p);
	if (usable < bytes) {
		printf("%s(%zu): usable %zu\n", fn, bytes, usable);
		bad++;
	}
	memset(p, 0x5a, usable);
	free(p);
}

static void align_plain(void)
{
	int n = 0;

	for (size_t i = 0; i < NSIZES; i++) {
		size_t s = sizes[i];
		use(malloc(s), s, 16, "malloc");
		use(calloc(1, s), s, 16, "calloc");
		use(realloc(NULL, s), s, 16, "realloc");
		use(realloc(malloc(1), s ? s : 1), s, 16, "realloc grow");
		use(valloc(s), s, 4096, "valloc");
		use(pvalloc(s), (s + 4095) & ~(size_t)4095, 4096, "pvalloc");
		n += 6;
	}
	printf("%d allocations (malloc calloc realloc valloc pvalloc), %d bad\n", n, bad);
}

static void align_memalign(void)
{
	int n = 0;

	for (size_t a = 1; a <= (1 << 21); a <<= 1)
		for (size_t i = 0; i < NSIZES; i++) {
			size_t s = sizes[i];
			void *p = NULL;
			use(memalign(a, s), s, a, "memalign");
			use(aligned_alloc(a, s), s, a, "aligned_alloc");
			n += 2;
			if (a >= sizeof(void *)) {
				int r = posix_memalign(&p, a, s);
				if (r)
					printf("posix_memalign(%zu, %zu) = %s\n", a, s, errname(r));
				use(p, s, a, "posix_memalign");
				n++;
			}
		}
	printf("%d aligned allocations, alignments 1 .. 2 MiB, %d bad\n", n, bad);
}

static void align_bad(void)
{
	void *p = (void *)1;

	printf("posix_memalign(0) = %s\n", errname(posix_memalign(&p, 0, 8)));
	printf("posix_memalign(4) = %s\n", errname(posix_memalign(&p, 4, 8)));
	printf("posix_memalign(24) = %s\n", errname(posix_memalign(&p, 24, 8)));
	printf("posix_memalign(1 << 63) = %s\n",
	       errname(posix_memalign(&p, (size_t)1 << 63, 8)));
	printf("*memptr untouched: %s\n", yesno(p == (void *)1));
	printf("posix_memalign(64, huge) = %s\n", errname(posix_memalign(&p, 64, vhalf)));
	printf("*memptr untouched: %s\n", yesno(p == (void *)1));
	errno = 0;
	p = aligned_alloc(24, 8);
	printf("aligned_alloc(24) = %s %s\n", p ? "ptr" : "NULL", errname(errno));
	errno = 0;
	p = aligned_alloc(0, 8);
	printf("aligned_alloc(0) = %s %s\n", p ? "ptr" : "NULL", errname(errno));
	errno = 0;
	p = memalign(vhalf + 2, 8);
	printf("memalign(SIZE_MAX/2 + 2) = %s %s\n", p ? "ptr" : "NULL", errname(errno));
	errno = 0;
	p = memalign(64, vhuge - 100);
	printf("memalign(64, huge) = %s %s\n", p ? "ptr" : "NULL", errname(errno));
	p = memalign(48, 100);		/* rounded up to 64 */
	printf("memalign(48): 64-aligned %s\n", yesno(p && (uintptr_t)p % 64 == 0));
	free(p);
	errno = 0;
	p = pvalloc(vhuge - 10);
	printf("pvalloc(huge) = %s %s\n", p ? "ptr" : "NULL", errname(errno));
	errno = 0;
	p = valloc(vhuge - 10);
	printf("valloc(huge) = %s %s\n", p ? "ptr" : "NULL", errname(errno));
}

/* Many aligned blocks live at once, each filled, freed in shuffled order. */
static void align_interleaved(void)
{
	enum { N = 2000 };
	static unsigned char *ptrs[N];
	static size_t len[N];
	uint64_t r = 42;
	int misaligned = 0, corrupt = 0;

	for (int i = 0; i < N; i++) {
		r = r * 6364136223846793005ULL + 1442695040888963407ULL;
		size_t a = (size_t)32 << (i % 8);
		len[i] = (r >> 33) % 5000;
		ptrs[i] = memalign(a, len[i]);
		if (!ptrs[i] || (uintptr_t)ptrs[i] % a)
			misaligned++;
		else
			memset(ptrs[i], i & 0xff, len[i]);
	}
	for (int i = 0; i < N; i++) {
		for (size_t k = 0; ptrs[i] && k < len[i]; k++)
			if (ptrs[i][k] != (i & 0xff)) {
				corrupt++;
				break;
			}
		free(ptrs[i]);
		ptrs[i] = NULL;
	}
	/* a second round, freed in a random order */
	for (int i = 0; i < N; i++)
		ptrs[i] = memalign((size_t)64 << (i % 6), 100 + i);
	for (int i = 0; i < N; i++) {
		r = r * 6364136223846793005ULL + 1442695040888963407ULL;
		int j = (int)((r >> 33) % N);
		unsigned char *t = ptrs[i];
		ptrs[i] = ptrs[j];
		ptrs[j] = t;
	}
	for (int i = 0; i < N; i++)
		free(ptrs[i]);
	struct mallinfo2 mi = mallinfo2();
	printf("%d blocks: misaligned %d, corrupt %d; heap adds up %s, mapped %zu\n",
	       N, misaligned, corrupt, yesno(mi.arena == mi.uordblks + mi.fordblks), mi.hblks);
}

/* ---- realloc ---------------------------------------------------------- */

static uint64_t pattern_byte(uint64_t tag, size_t i)
{
	return ((tag + i / 8) * 0x9E3779B97F4A7C15ULL) >> (8 * (i & 7));
}

static void fill(unsigned char *p, uint64_t tag, size_t from, size_t to)
{
	for (size_t i = from; i < to; i++)
		p[i] = (unsigned char)pattern_byte(tag, i);
}

static long first_diff(const unsigned char *p, uint64_t tag, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (p[i] != (unsigned char)pattern_byte(tag, i))
			return (long)i;
	return -1;
}

/* One block through many sizes, across the heap/mmap boundary and back. */
static void realloc_contents(void)
{
	static const size_t steps[] = { 1, 24, 25, 100, 1000, 5000, 100000, 140000, 300000,
					2 << 20, 300000, 70000, 1000, 10, 3, 500000, 16 };
	size_t len = 0;
	unsigned char *p = NULL;

	for (size_t i = 0; i < sizeof(steps) / sizeof(steps[0]); i++) {
		size_t n = steps[i];
		p = realloc(p, n);
		if (p == NULL) {
			printf("realloc to %zu failed\n", n);
			return;
		}
		size_t keep = len < n ? len : n;
		long d = first_diff(p, 7, keep);
		printf("realloc %zu -> %zu: kept %zu bytes %s\n", len, n, keep,
		       d < 0 ? "intact" : "CORRUPT");
		fill(p, 7, keep, n);
		len = n;
	}
	free(p);
}

/* Shrink in place; grow into a free neighbour; grow into top. */
static void realloc_in_place(void)
{
	char *warm = malloc(1);		/* the heap exists before we look */
	char *p = malloc(4000);
	uintptr_t old = (uintptr_t)p;
	printf("shrink 4000 -> 100 in place: %s\n", yesno((uintptr_t)realloc(p, 100) == old));
	char *s = malloc(2000), *n = malloc(3000), *guard = malloc(3000);
	KEEP(warm);
	KEEP(guard);
	printf("s and n neighbours: %s\n",
	       yesno(n == s + malloc_usable_size(s) + sizeof(size_t)));
	memset(s, 1, 2000);
	free(n);
	old = (uintptr_t)s;
	char *s2 = realloc(s, 4000);
	int lost = 0;
	for (int i = 0; i < 2000; i++)
		lost += s2[i] != 1;
	printf("grow into free neighbour in place: %s, bytes lost %d\n", yesno((uintptr_t)s2 == old), lost);
	char *last = malloc(5000);
	memset(last, 2, 5000);
	old = (uintptr_t)last;
	char *last2 = realloc(last, 50000);
	lost = 0;
	for (int i = 0; i < 5000; i++)
		lost += last2[i] != 2;
	printf("grow into top in place: %s, bytes lost %d\n", yesno((uintptr_t)last2 == old), lost);
	/* grow where the neighbour is in use: moves, keeps contents */
	char *a = malloc(1000), *b = malloc(1000);
	KEEP(b);
	memset(a, 3, 1000);
	old = (uintptr_t)a;
	char *a2 = realloc(a, 20000);
	lost = 0;
	for (int i = 0; i < 1000; i++)
		lost += a2[i] != 3;
	printf("grow with neighbour in use moved: %s, bytes lost %d\n", yesno((uintptr_t)a2 != old), lost);
	free(a2);
	free(b);
	free(last2);
	free(guard);
	free(s2);
	free(p);
	free(warm);
}

static void realloc_edge(void)
{
	char *p = realloc(NULL, 10);
	printf("realloc(NULL, 10): %s\n", p ? "ptr" : "NULL");
	errno = 0;
	printf("realloc(p, 0) = %s (frees p)\n", realloc(p, 0) ? "ptr" : "NULL");
	p = malloc(10);
	strcpy(p, "keep me");
	errno = 0;
	char *q = realloc(p, vhuge - 100);
	printf("realloc(p, huge) = %s %s\n", q ? "ptr" : "NULL", errname(errno));
	errno = 0;
	q = reallocarray(p, vhalf, 3);
	printf("reallocarray overflow = %s %s\n", q ? "ptr" : "NULL", errname(errno));
	printf("p still holds \"%s\"\n", p);
	p = reallocarray(p, 100, 10);
	printf("reallocarray(100, 10): usable >= 1000 %s, kept \"%s\"\n",
	       yesno(p && malloc_usable_size(p) >= 1000), p ? p : "");
	free(p);
}

/* A mapped chunk: shrink keeps it, grow moves it, contents survive. */
static void realloc_mmapped(void)
{
	struct mallinfo2 m0 = mallinfo2();
	unsigned char *m = malloc(1 << 20);
	struct mallinfo2 m1 = mallinfo2();
	printf("1 MiB mapped: hblks +%zu\n", m1.hblks - m0.hblks);
	fill(m, 9, 0, 1 << 20);
	uintptr_t old = (uintptr_t)m;
	unsigned char *m2 = realloc(m, 200000);
	struct mallinfo2 m3 = mallinfo2();
	printf("shrink to 200000 in place: %s, hblkhd shrank %s, still mapped +%zu\n",
	       yesno((uintptr_t)m2 == old), yesno(m3.hblkhd < m1.hblkhd), m3.hblks - m0.hblks);
	printf("contents intact: %s\n", yesno(first_diff(m2, 9, 200000) < 0));
	old = (uintptr_t)m2;
	m = realloc(m2, 3 << 20);
	printf("grow to 3 MiB: moved %s, contents intact %s\n", yesno((uintptr_t)m != old),
	       yesno(m && first_diff(m, 9, 200000) < 0));
	fill(m, 9, 200000, 3 << 20);
	old = (uintptr_t)m;
	m2 = realloc(m, 150000);
	printf("shrink to 150000: in place %s, intact %s, usable >= 150000 %s\n",
	       yesno((uintptr_t)m2 == old), yesno(first_diff(m2, 9, 150000) < 0),
	       yesno(malloc_usable_size(m2) >= 150000));
	free(m2);
	struct mallinfo2 m4 = mallinfo2();
	printf("after free: hblks %zu hblkhd %zu (as before: %s)\n", m4.hblks - m0.hblks,
	       m4.hblkhd - m0.hblkhd, yesno(m4.hblks == m0.hblks && m4.hblkhd == m0.hblkhd));
}

/* ---- calloc ----------------------------------------------------------- */

static size_t nonzero(const unsigned char *p, size_t n)
{
	size_t bad = 0;

	for (size_t i = 0; i < n; i++)
		bad += p[i] != 0;
	return bad;
}

/* Dirty a block of each size, free it, calloc the same size again. */
static void calloc_reuse(void)
{
	static const size_t sz[] = { 1, 16, 24, 100, 152, 500, 1000, 2000, 9000, 70000,
				     130000, 200000, 1 << 20 };
	for (size_t i = 0; i < sizeof(sz) / sizeof(sz[0]); i++) {
		size_t n = sz[i], dirty = 0;
		for (int round = 0; round < 3; round++) {
			unsigned char *p = malloc(n);
			memset(p, 0xff, malloc_usable_size(p));
			KEEP(p);
			free(p);
			unsigned char *c = calloc(n, 1);
			dirty += nonzero(c, n);
			memset(c, 0xee, n);
			KEEP(c);
			free(c);
		}
		printf("calloc(%zu) after free x3: non-zero bytes %zu\n", n, dirty);
	}
}

/* Top shrinks (trim) and grows again: calloc must not trust stale bytes. */
static void calloc_top(void)
{
	unsigned char *big = malloc(100000), *big2 = malloc(100000);
	memset(big, 0xff, 100000);
	memset(big2, 0xff, 100000);
	KEEP(big);
	KEEP(big2);
	free(big2);
	free(big);
	malloc_trim(0);
	size_t dirty = 0;
	for (int i = 0; i < 50; i++) {
		unsigned char *p = calloc(1, 4000 + 100 * i);
		dirty += nonzero(p, 4000 + 100 * i);
		memset(p, 0xcc, 4000 + 100 * i);
		KEEP(p);
	}
	/* the fastbins: small chunks dirtied and freed, calloc'ed again */
	void *small[64];
	for (int i = 0; i < 64; i++) {
		small[i] = malloc(16 + i);
		memset(small[i], 0xab, 16 + i);
		KEEP(small[i]);
	}
	for (int i = 0; i < 64; i++)
		free(small[i]);
	for (int i = 0; i < 64; i++)
		dirty += nonzero(calloc(16 + i, 1), 16 + i);
	printf("top regrowth and fastbin reuse: non-zero bytes %zu\n", dirty);
}

static void calloc_overflow(void)
{
	errno = 0;
	void *p = calloc(vhalf, 3);
	printf("calloc(SIZE_MAX/2, 3) = %s %s\n", p ? "ptr" : "NULL", errname(errno));
	errno = 0;
	p = calloc(1, vhuge - 4);
	printf("calloc(1, SIZE_MAX-4) = %s %s\n", p ? "ptr" : "NULL", errname(errno));
	errno = 0;
	p = calloc((vhuge >> 32) + 1, (vhuge >> 32) + 1);
	printf("calloc(2^32, 2^32) = %s %s\n", p ? "ptr" : "NULL", errname(errno));
	p = calloc(0, 10);
	printf("calloc(0, 10) = %s\n", p ? "ptr" : "NULL");
	free(p);
	p = calloc(10, 0);
	printf("calloc(10, 0) = %s\n", p ? "ptr" : "NULL");
	free(p);
}

/* ---- sizes ------------------------------------------------------------ */

/* malloc_usable_size is at least the request, at most a little more, and
   all of it is usable (checked by filling it next to a live neighbour). */
static void usable_size(void)
{
	static const size_t req[] = { 0, 1, 24, 25, 40, 100, 1000, 4000, 100000,
				      131072, 200000 };
	printf("malloc_usable_size(NULL) = %zu\n", malloc_usable_size(NULL));
	for (size_t i = 0; i < sizeof(req) / sizeof(req[0]); i++) {
		unsigned char *p = malloc(req[i]), *next = malloc(24);
		size_t u = malloc_usable_size(p);
		memset(next, 0x11, 24);
		memset(p, 0x22, u);
		int ok = 1;
		for (int k = 0; k < 24; k++)
			ok &= next[k] == 0x11;
		printf("malloc(%zu): usable %zu, neighbour intact %s\n", req[i], u, yesno(ok));
		free(p);
		free(next);
	}
}

static void huge_enomem(void)
{
	static const size_t huge[] = { SIZE_MAX, SIZE_MAX - 4096, (size_t)PTRDIFF_MAX + 1,
				       PTRDIFF_MAX, (size_t)1 << 50, (size_t)1 << 47 };
	static const char *const names[] = { "SIZE_MAX", "SIZE_MAX-4096", "PTRDIFF_MAX+1",
					     "PTRDIFF_MAX", "1<<50", "1<<47" };
	for (size_t i = 0; i < sizeof(huge) / sizeof(huge[0]); i++) {
		size_t n = huge[i] + (vhuge - SIZE_MAX);
		errno = 0;
		void *p = malloc(n);
		printf("malloc(%s) = %s %s\n", names[i], p ? "ptr" : "NULL", errname(errno));
		errno = 0;
		p = realloc(NULL, n);
		printf("realloc(NULL, %s) = %s %s\n", names[i], p ? "ptr" : "NULL",
		       errname(errno));
	}
	/* and malloc still works afterwards, for small and mapped sizes */
	void *a = malloc(100), *b = malloc(1 << 20);
	printf("afterwards: malloc(100) %s, malloc(1 MiB) %s\n", a ? "ok" : "NULL",
	       b ? "ok" : "NULL");
	free(a);
	free(b);
}

static const struct utest tests[] = {
	{ "align_plain", align_plain },
	{ "align_memalign", align_memalign },
	{ "align_bad", align_bad },
	{ "align_interleaved", align_interleaved },
	{ "realloc_contents", realloc_contents },
	{ "realloc_in_place", realloc_in_place },
	{ "realloc_edge", realloc_edge },
	{ "realloc_mmapped", realloc_mmapped },
	{ "calloc_reuse", calloc_reuse },
	{ "calloc_top", calloc_top },
	{ "calloc_overflow", calloc_overflow },
	{ "usable_size", usable_size },
	{ "huge_enomem", huge_enomem },
};

UTEST_MAIN(tests)
