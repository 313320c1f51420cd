/*
 * tests/user/malloc_abort.c - heap corruption that malloc must catch, as
 * tests/host/malloc/abort_prog.c: each test ends in abort() (the parent
 * prints "killed by signal 6") after malloc printed glibc's message on
 * stderr, which tools/test compares along with stdout.  stdout is flushed
 * before the corruption, so that no buffered line is lost or reordered.
 * The last two show what is not caught but still must not go unnoticed:
 * freeing an unmapped chunk twice is a SIGSEGV, in glibc as here.
 */
#include "utest.h"
#include <malloc.h>
#include <stdint.h>

/* The compiler must not see the double frees and wild pointers. */
#pragma GCC diagnostic ignored "-Wuse-after-free"
#pragma GCC diagnostic ignored "-Wfree-nonheap-object"

static void *volatile sink;

/* Hide a pointer from the compiler's alias and lifetime tracking. */
static char *launder(void *p)
{
	__asm__ volatile("" : "+r"(p));
	return p;
}

static void ready(const char *what)
{
	printf("%s\n", what);
	fflush(stdout);
}

static void double_free_fast(void)
{
	char *a = malloc(32);
	ready("free(p) twice, 32 bytes");
	free(launder(a));
	free(launder(a));
	printf("not caught\n");
}

static void double_free_small(void)
{
	char *a = malloc(2000);
	sink = malloc(2000);
	ready("free(p) twice, 2000 bytes");
	free(launder(a));
	free(launder(a));
	printf("not caught\n");
}

/* A fastbin chunk freed, another freed on top of it, then the first again:
   the bin's head differs, the key in bk still tells. */
static void double_free_fast_later(void)
{
	char *a = malloc(40), *b = malloc(40);
	ready("free(a), free(b), free(a), 40 bytes");
	free(launder(a));
	free(launder(b));
	free(launder(a));
	printf("not caught\n");
}

/* a's overflow hits b's size field. */
static void overflow_next_size(void)
{
	char *a = malloc(24), *b = malloc(24);
	ready("write 8 bytes past a 24-byte block, free the next one");
	memset(launder(a), 'A', malloc_usable_size(a) + 8);
	free(launder(b));
	printf("not caught\n");
}

/* A free chunk's size no longer matches its foot. */
static void overflow_prev_size(void)
{
	char *a = malloc(2000), *b = malloc(2000);
	sink = malloc(2000);
	ready("overwrite the size of a free chunk, then malloc");
	free(launder(b));
	*(size_t *)(launder(a) + malloc_usable_size(a)) = 2048 | 1;
	sink = malloc(2000);
	printf("not caught\n");
}

static void overflow_top_size(void)
{
	char *a = malloc(50000);
	ready("overwrite top's size, then malloc more than top has");
	*(size_t *)(launder(a) + malloc_usable_size(a)) = ~(size_t)0xff;
	sink = malloc(60000);
	printf("not caught\n");
}

static void invalid_pointer(void)
{
	char *a = malloc(100);
	ready("free(p + 8)");
	free(launder(a + 8));
	printf("not caught\n");
}

static void invalid_pointer_realloc(void)
{
	char *a = malloc(100);
	ready("realloc(p + 8, 200)");
	sink = realloc(launder(a + 8), 200);
	printf("not caught\n");
}

/* Use after free: a fastbin chunk's fd points at a chunk of another size. */
static void fastbin_fd(void)
{
	char *a = malloc(40), *b = malloc(40);
	ready("overwrite fd of a freed 40-byte block, malloc twice");
	free(launder(b));
	free(launder(a));
	*(char **)launder(a) = b + 8;
	sink = malloc(40);
	sink = malloc(40);
	printf("not caught\n");
}

/* A mapped chunk whose header says it is not page-aligned. */
static void mmapped_bad_header(void)
{
	char *a = malloc(300000);
	ready("corrupt the offset of a mapped chunk, free it");
	((size_t *)launder(a))[-2] = 24;
	free(launder(a));
	printf("not caught\n");
}

/* Freeing a mapped chunk twice reads the header of unmapped memory. */
static void mmapped_double_free(void)
{
	char *a = malloc(300000);
	ready("free a 300000-byte block twice");
	free(launder(a));
	free(launder(a));
	printf("not caught\n");
}

/* A freed small chunk is still usable to a buggy program; the heap must
   stay intact as long as its headers are not touched. */
static void write_after_free_data(void)
{
	char *a = malloc(2000), *b = malloc(2000);
	sink = b;
	free(launder(a));
	memset(launder(a) + 32, 0x55, 100);	/* past the list links */
	char *c = malloc(2000);
	printf("malloc after a use-after-free write that spared the headers: %s\n",
	       c ? "ok" : "NULL");
	free(c);
	free(launder(b));
	printf("still running\n");
}

static const struct utest tests[] = {
	{ "double_free_fast", double_free_fast },
	{ "double_free_small", double_free_small },
	{ "double_free_fast_later", double_free_fast_later },
	{ "overflow_next_size", overflow_next_size },
	{ "overflow_prev_size", overflow_prev_size },
	{ "overflow_top_size", overflow_top_size },
	{ "invalid_pointer", invalid_pointer },
	{ "invalid_pointer_realloc", invalid_pointer_realloc },
	{ "fastbin_fd", fastbin_fd },
	{ "mmapped_bad_header", mmapped_bad_header },
	{ "mmapped_double_free", mmapped_double_free },
	{ "write_after_free_data", write_after_free_data },
};

UTEST_MAIN(tests)
