/*
 * tests/user/mmfuzz_huge.c - the memory-management fuzzer in its huge-page
 * mode (mmfuzz -H) for make test: seeds 1 and 2, 200 steps each, in an
 * 8 MiB arena aligned to 2 MiB, where transparent huge pages are made,
 * split, copied at fork and moved by mremap; seed 2 with MAP_HUGETLB pages
 * too (-P: it sets the hugetlb pool under the lock that tests/run/hugetlb.c
 * takes, and puts it back).  Its output must be the same in Pagoda as on
 * Linux (THP mode madvise on both): one "ok" line per seed.  It is linked
 * with the files of user/mmfuzz/.
 */
#include "../../user/mmfuzz/mmfuzz.h"

int main(void)
{
	int failed = 0;

	failed |= mmfuzz(1, 200, MMFUZZ_HUGE);
	failed |= mmfuzz(2, 200, MMFUZZ_HUGE | MMFUZZ_HUGETLB);
	return failed;
}
