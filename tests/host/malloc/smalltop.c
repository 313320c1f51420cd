/*
 * tests/host/malloc/smalltop.c - the heap moves while top is as small as it
 * gets (MINSIZE, 32 bytes) and ends at the break, with a wall just above.
 *
 * The old top must still be fenced: freeing the block just below it reads
 * the header of top's neighbour above, which without the fences is the
 * wall (PROT_NONE): SIGSEGV.  Top's size is read from mallinfo2's keepcost.
 */
#include "talloc.h"
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define KiB 1024UL

static void *keep[256];

int main(void)
{
	int n = 0;

	T(free)(T(malloc)(100));                      /* the heap exists */
	while (T(mallinfo2)().keepcost > 64 * KiB && n < 256)
		keep[n++] = T(malloc)(16 * KiB);
	size_t top = T(mallinfo2)().keepcost;
	char *below = T(malloc)(top - 32 - 8);        /* leaves top MINSIZE */
	CHECK(below != NULL, "malloc(%zu) failed", top - 40);
	memset(below, 0x5a, top - 40);
	CHECK(T(mallinfo2)().keepcost == 32, "top is %zu bytes, not 32", T(mallinfo2)().keepcost);

	char *brk = sbrk(0);
	CHECK(below - 16 + top == brk, "top does not end at the break");
	CHECK(mmap(brk, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE,
		   -1, 0) == brk, "cannot map a wall above the break");
	char *elsewhere = T(malloc)(1000);            /* sbrk fails: a mapped region */
	CHECK(elsewhere != NULL, "malloc(1000) failed");
	T(free)(below);                               /* next to the old top */
	char *again = T(malloc)(top - 40);            /* the freed chunk, reused */
	CHECK(again != NULL, "malloc(%zu) failed", top - 40);
	memset(again, 0xa5, top - 40);
	T(free)(again);
	T(free)(elsewhere);
	while (n > 0)
		T(free)(keep[--n]);
	CHECK(munmap(brk, 4096) == 0, "munmap of the wall");
	return 0;
}
