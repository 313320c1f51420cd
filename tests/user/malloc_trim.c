/*
 * tests/user/malloc_trim.c - free memory inside the heap goes back to the
 * kernel: the pages of a big free chunk below a block still in use (which
 * pins the break) are released with MADV_DONTNEED when the chunk reaches
 * 8 x M_TRIM_THRESHOLD, and malloc_trim() releases them for every free
 * chunk, returning 1 when it released memory, as glibc's does.
 *
 * Resident memory is read from /proc/self/statm (read(2) into a static
 * buffer: no allocation).  Printed: yes/no and return values, never a
 * size, so that Linux and Pagoda print the same.  tests/host/malloc/run.sh
 * also runs the malloc_trim_* tests against glibc's malloc on the host.
 */
#include "utest.h"
#include <fcntl.h>
#include <malloc.h>
#include <stdint.h>

#define KiB 1024UL
#define MiB (1024 * KiB)
#define PAGE 4096UL
#define NBLK 2000

static char *blk[NBLK];
static size_t set_size;		/* bytes in blk[] */

static const char *yesno(int c)
{
	return c ? "yes" : "no";
}

/* Resident bytes of this process (statm's second field, in pages). */
static size_t resident(void)
{
	static char buf[128];
	int fd = open("/proc/self/statm", O_RDONLY);
	ssize_t n = fd < 0 ? -1 : read(fd, buf, sizeof(buf) - 1);

	if (fd >= 0)
		close(fd);
	if (n <= 0) {
		printf("read /proc/self/statm: %s\n", errname(errno));
		_exit(1);
	}
	buf[n] = 0;
	char *p = strchr(buf, ' ');
	return p ? strtoul(p + 1, NULL, 10) * PAGE : 0;
}

/* A mixed set, 1 KiB to 64 KiB (past the tcache's sizes, so that it
   coalesces as it is freed; all from the heap, below the mmap threshold),
   about 16 MiB, every page written; then a small block that ends up above
   all of them, so the break cannot come down. */
static char *fill(void)
{
	uint64_t rng = 12345;

	set_size = 0;
	for (int i = 0; i < NBLK; i++) {
		rng = rng * 6364136223846793005ULL + 1442695040888963407ULL;
		size_t n = (rng >> 33) % 4 ? 1 * KiB + (rng >> 40) % (3 * KiB) :
			   16 * KiB + (rng >> 40) % (48 * KiB);
		blk[i] = malloc(n);
		if (blk[i] == NULL) {
			printf("malloc(%zu) failed\n", n);
			_exit(1);
		}
		memset(blk[i], i, n);
		set_size += n;
	}
	char *pin = malloc(64);
	int above = 1;
	for (int i = 0; i < NBLK; i++)
		above &= pin > blk[i];
	printf("the set is over 8 MiB: %s; the pin is above all of it: %s\n",
	       yesno(set_size > 8 * MiB), yesno(above));
	return pin;
}

static void free_set(void)
{
	for (int i = 0; i < NBLK; i++)
		free(blk[i]);
}

/* Freeing the set gives its pages back at once: the free chunk it leaves
   is far over 8 x M_TRIM_THRESHOLD (1 MiB). */
static void release_on_free(void)
{
	size_t base = resident();
	char *pin = fill();
	size_t full = resident();
	free_set();
	size_t after = resident();
	printf("resident with the set: over 3/4 of it more %s\n",
	       yesno(full - base > set_size / 4 * 3));
	printf("resident after free: under 1/4 of the set more %s\n",
	       yesno(after < base + set_size / 4));
	free(pin);
}

/* M_TRIM_THRESHOLD high: free keeps the pages; malloc_trim releases them,
   and says so. */
static void malloc_trim_released(void)
{
	printf("mallopt(M_TRIM_THRESHOLD, 1 GiB) = %d\n", mallopt(M_TRIM_THRESHOLD, 1024 * MiB));
	size_t base = resident();
	char *pin = fill();
	free_set();
	size_t after = resident();
	printf("resident after free: over 3/4 of the set more %s\n",
	       yesno(after - base > set_size / 4 * 3));
	printf("malloc_trim(0) = %d\n", malloc_trim(0));
	size_t trimmed = resident();
	printf("resident after malloc_trim: under 1/4 of the set more %s\n",
	       yesno(trimmed < base + set_size / 4));
	free(pin);
}

/* Nothing to release: malloc_trim says 0 (after one that trimmed top). */
static void malloc_trim_nothing(void)
{
	char *p = malloc(100);

	free(p);
	printf("malloc_trim(0) = %d\n", malloc_trim(0));
	printf("malloc_trim(0) again = %d\n", malloc_trim(0));
	p = malloc(100);
	memset(p, 1, 100);
	printf("malloc(100) after trims: %s\n", p ? "ok" : "NULL");
	free(p);
}

static const struct utest tests[] = {
	{ "release_on_free", release_on_free },
	{ "malloc_trim_released", malloc_trim_released },
	{ "malloc_trim_nothing", malloc_trim_nothing },
};

UTEST_MAIN(tests)
