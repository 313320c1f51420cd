/*
 * tests/host/malloc/align.c - every allocation function returns memory
 * aligned as promised, and the aligned ones reject bad alignments as glibc.
 */
#include "talloc.h"
#include <errno.h>
#include <string.h>

static const size_t sizes[] = { 0, 1, 7, 8, 15, 16, 17, 24, 100, 1000, 4095, 4096,
				70000, 130000, 300000, 1 << 20 };
#define NSIZES (sizeof(sizes) / sizeof(sizes[0]))

/* Check alignment and usable size, then write every usable byte and free. */
static void use(void *p, size_t bytes, size_t align, const char *fn)
{
	CHECK(p != NULL, "%s(%zu) returned NULL", fn, bytes);
	CHECK((uintptr_t)p % align == 0, "%s(%zu) = %p, not %zu-aligned", fn, bytes, p, align);
	size_t usable = T(malloc_usable_size)(p);
	CHECK(usable >= bytes, "%s: usable %zu < %zu", fn, usable, bytes);
	memset(p, 0x5a, usable);
	T(free)(p);
}

static void plain_apis(void)
{
	for (size_t i = 0; i < NSIZES; i++) {
		size_t n = sizes[i];
		use(T(malloc)(n), n, 16, "malloc");
		use(T(calloc)(1, n), n, 16, "calloc");
		use(T(realloc)(NULL, n), n, 16, "realloc");
		void *p = T(malloc)(1);
		use(T(realloc)(p, n ? n : 1), n, 16, "realloc grow");
		use(T(valloc)(n), n, 4096, "valloc");
		use(T(pvalloc)(n), (n + 4095) & ~(size_t)4095, 4096, "pvalloc");
	}
}

static void aligned_apis(void)
{
	for (size_t a = 1; a <= (1 << 21); a <<= 1)
		for (size_t i = 0; i < NSIZES; i++) {
			size_t n = sizes[i];
			void *p = NULL;
			use(T(memalign)(a, n), n, a, "memalign");
			use(T(aligned_alloc)(a, n), n, a, "aligned_alloc");
			if (a >= sizeof(void *)) {
				CHECK(T(posix_memalign)(&p, a, n) == 0, "posix_memalign(%zu, %zu)", a, n);
				use(p, n, a, "posix_memalign");
			}
		}
}

static void bad_alignments(void)
{
	void *p = (void *)1;
	CHECK(T(posix_memalign)(&p, 0, 8) == EINVAL, "posix_memalign align 0");
	CHECK(T(posix_memalign)(&p, 4, 8) == EINVAL, "posix_memalign align 4");
	CHECK(T(posix_memalign)(&p, 24, 8) == EINVAL, "posix_memalign align 24");
	CHECK(p == (void *)1, "posix_memalign wrote *memptr on failure");
	CHECK(T(posix_memalign)(&p, 64, SIZE_MAX / 2) == ENOMEM, "posix_memalign huge");
	errno = 0;
	CHECK(T(aligned_alloc)(24, 8) == NULL && errno == EINVAL, "aligned_alloc(24)");
	errno = 0;
	CHECK(T(memalign)(SIZE_MAX / 2 + 2, 8) == NULL && errno == EINVAL, "memalign huge align");
	errno = 0;
	CHECK(T(memalign)(64, SIZE_MAX - 100) == NULL && errno == ENOMEM, "memalign huge size");
	p = T(memalign)(48, 100);       /* rounded up to 64 */
	use(p, 100, 64, "memalign(48)");
	errno = 0;
	CHECK(T(pvalloc)(SIZE_MAX - 10) == NULL && errno == ENOMEM, "pvalloc overflow");
}

/* Many aligned blocks live at once, freed in a shuffled order. */
static void interleaved(void)
{
	enum { N = 2000 };
	static void *ptrs[N];
	uint64_t rng = 42;
	for (int i = 0; i < N; i++) {
		size_t a = (size_t)32 << (i % 8), n = rng_next(&rng) % 5000;
		ptrs[i] = T(memalign)(a, n);
		CHECK(ptrs[i] && (uintptr_t)ptrs[i] % a == 0, "memalign(%zu, %zu)", a, n);
		memset(ptrs[i], i & 0xff, n);
	}
	for (int i = 0; i < N; i++) {
		int j = (int)(rng_next(&rng) % N);
		void *t = ptrs[i];
		ptrs[i] = ptrs[j];
		ptrs[j] = t;
	}
	for (int i = 0; i < N; i++)
		T(free)(ptrs[i]);
}

int main(void)
{
	plain_apis();
	aligned_apis();
	bad_alignments();
	interleaved();
	return 0;
}
