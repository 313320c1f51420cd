/*
 * tests/kernel/selftest.c - tests of the test machinery itself.
 *
 * selftest-fault is manual (test=selftest-fault): it dereferences an
 * unmapped address on purpose, and the harness expects a panic whose
 * backtrace names selftest_fault_victim.
 */
#include "../../kernel/kernel.h"

static int selftest_printk(void)
{
	char buf[64];

	snprintf(buf, sizeof(buf), "%d|%5u|%-3s|%x|%lx|%c|%zu|%%|%05d|%#lx|%#x",
		 -42, 7u, "ab", 0xbeefu, 0x123456789abul, 'z', (size_t)99, -12,
		 0x1000ul, 0u);
	if (strcmp(buf, "-42|    7|ab |beef|123456789ab|z|99|%|-0012|0x1000|0"))
		return ktest_fail("snprintf gave '%s'", buf);
	return 0;
}
KTEST("selftest/printk", selftest_printk);

static int selftest_ticks(void)
{
	uint64_t start = timer_ticks();

	for (uint64_t spin = 0; timer_ticks() < start + 2; spin++)
		if (spin > 2000000000ull)
			return ktest_fail("timer does not tick");
	return 0;
}
KTEST("selftest/timer", selftest_ticks);

static int selftest_ksyms(void)
{
	uint64_t off;
	const char *name = ksym_lookup((uint64_t)selftest_ksyms + 3, &off);

	if (!name || strcmp(name, "selftest_ksyms") || off != 3)
		return ktest_fail("ksym_lookup gave %s+%lu", name ? name : "?", off);
	return 0;
}
KTEST("selftest/ksyms", selftest_ksyms);

__attribute__((noinline)) static void selftest_fault_victim(volatile int *p)
{
	*p = 1;
}

static int selftest_fault(void)
{
	selftest_fault_victim((volatile int *)0xdead0000ull);
	return ktest_fail("the write to an unmapped address did not fault");
}
KTEST_MANUAL("selftest-fault", selftest_fault);
