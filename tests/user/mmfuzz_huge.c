/*
 * tests/user/mmfuzz_huge.c - the memory-management fuzzer in its huge-page
 * mode (mmfuzz -H) for make test: seeds 1 and 2, 200 steps each, in an
 * 8 MiB arena aligned to 2 MiB, where transparent huge pages are made,
 * split, copied at fork and moved by mremap.  Its output must be the same
 * in Pagoda as on Linux (THP mode madvise on both): one "ok" line per
 * seed.  It is linked with the files of user/mmfuzz/.
 */
#include "../../user/mmfuzz/mmfuzz.h"

int main(void)
{
	int failed = 0;

	for (unsigned long s = 1; s <= 2; s++)
		failed |= mmfuzz(s, 200, MMFUZZ_HUGE);
	return failed;
}
