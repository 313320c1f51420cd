/*
 * kernel/ktest.c - the boot-time self-test runner.
 *
 * Tests live in tests/kernel/ and register with KTEST() into the .ktests
 * section.  `test=all` runs every test not marked manual; `test=NAME` runs
 * the tests whose name is NAME or starts with "NAME/".  Each prints one
 * line, `ktest NAME: ok` or `ktest NAME: FAIL` (after its reasons, each
 * on a `ktest: reason: ...` line), which tools/test turns into its report.
 */
#include "kernel.h"

extern const struct ktest __ktests_start[], __ktests_end[];

/* Print a failure reason; returns 1 so a test can `return ktest_fail(..)`. */
int ktest_fail(const char *fmt, ...)
{
	va_list ap;

	printk("ktest: reason: ");
	va_start(ap, fmt);
	vprintk(fmt, ap);
	va_end(ap);
	printk("\n");
	return 1;
}

static bool selected(const struct ktest *t, const char *which)
{
	size_t n = strlen(which);

	if (!strcmp(which, "all"))
		return !t->manual;
	return !strncmp(t->name, which, n) &&
	       (t->name[n] == '\0' || t->name[n] == '/');
}

/* Run the selected tests; returns after printing a summary line. */
void ktest_run(const char *which)
{
	int passed = 0, failed = 0;

	for (const struct ktest *t = __ktests_start; t < __ktests_end; t++) {
		if (!selected(t, which))
			continue;
		if (t->fn() == 0) {
			printk("ktest %s: ok\n", t->name);
			passed++;
		} else {
			printk("ktest %s: FAIL\n", t->name);
			failed++;
		}
	}
	printk("ktest summary: %d passed, %d failed\n", passed, failed);
}
