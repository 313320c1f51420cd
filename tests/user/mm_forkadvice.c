/*
 * tests/user/mm_forkadvice.c - madvise advice that acts at fork:
 * MADV_WIPEONFORK (the child sees zeros, the parent keeps its data),
 * MADV_KEEPONFORK (undoes it), and WIPEONFORK's EINVAL on shared memory.
 */
#include "utest.h"
#include <sys/mman.h>

#define PG 4096

/* What a child reads at p[0] and p[PG] (printed by the child). */
static void child_reads(const char *what, char *p)
{
	pid_t pid = fork();

	if (pid == 0) {
		printf("%s: child reads %d %d\n", what, p[0], p[PG]);
		fflush(stdout);
		_exit(0);
	}
	waitpid(pid, NULL, 0);
}

static void wipeonfork(void)
{
	char *p = mmap(NULL, 2 * PG, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	p[0] = 7;
	p[PG] = 8;
	SHOW("madvise(WIPEONFORK)", madvise(p, 2 * PG, MADV_WIPEONFORK));
	child_reads("wiped", p);
	printf("parent still has %d %d\n", p[0], p[PG]);
	SHOW("madvise(KEEPONFORK)", madvise(p, 2 * PG, MADV_KEEPONFORK));
	child_reads("kept", p);
}

static void wipeonfork_partial(void)
{
	char *p = mmap(NULL, 2 * PG, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	p[0] = 1;
	p[PG] = 2;
	SHOW("madvise(second page, WIPEONFORK)", madvise(p + PG, PG, MADV_WIPEONFORK));
	child_reads("half wiped", p);
}

static void wipeonfork_shared(void)
{
	char *s = mmap(NULL, PG, PROT_READ | PROT_WRITE,
		       MAP_SHARED | MAP_ANONYMOUS, -1, 0);

	SHOW("madvise(shared, WIPEONFORK)", madvise(s, PG, MADV_WIPEONFORK));
	SHOW("madvise(shared, KEEPONFORK)", madvise(s, PG, MADV_KEEPONFORK));
}

static const struct utest tests[] = {
	{ "wipeonfork", wipeonfork },
	{ "wipeonfork_partial", wipeonfork_partial },
	{ "wipeonfork_shared", wipeonfork_shared },
};

UTEST_MAIN(tests)
