/*
 * tests/user/mmfuzz_fixed.c - the memory-management fuzzer's fixed steps
 * for make test: seeds 1 to 4, 2500 steps each - 10,000 random mm calls,
 * memory accesses and forks, with the leak check around them.  Its output must be
 * the same in Pagoda as on Linux: one "ok" line per seed.  It is linked
 * with the files of user/mmfuzz/, the fuzzer without its main.
 */
#include "../../user/mmfuzz/mmfuzz.h"

int main(void)
{
	int failed = 0;

	for (unsigned long s = 1; s <= 4; s++)
		failed |= mmfuzz(s, 2500, 0);
	return failed;
}
