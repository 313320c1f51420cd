/*
 * tests/user/mmfuzz_fixed.c - the memory-management fuzzer's fixed steps
 * for make test: seeds 1, 2 and 3, 1500 steps each.  Its output must be
 * the same in Pagoda as on Linux: one "ok" line per seed.  user/mmfuzz.c
 * is included whole, without its main.
 */
#define MMFUZZ_NO_MAIN
#include "../../user/mmfuzz.c"

int main(void)
{
	int failed = 0;

	for (unsigned long s = 1; s <= 3; s++)
		failed |= mmfuzz(s, 1500, 0);
	return failed;
}
