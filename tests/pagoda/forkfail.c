/*
 * tests/pagoda/forkfail.c - fork until memory runs out, on a small boot
 * without swap.  The parent has 64 touched areas 2 MiB apart, so most of
 * what a fork allocates is page tables inside copy_page_range: the fork
 * that finds no frame fails halfway through the copy, with ENOMEM, and
 * the half-built address space must go without a trace (the debug
 * kernel validates it as it goes).  Then every child ends and is reaped,
 * and free memory comes back to what it was.  Not run on Linux: its OOM
 * killer would act first, and the host's memory is shared.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#define AREAS 64
#define STRIDE (2ul << 20)

/* MemFree from /proc/meminfo, in kB. */
static long mem_free(void)
{
	char line[128];
	long kb = -1;
	FILE *f = fopen("/proc/meminfo", "r");

	while (f && fgets(line, sizeof(line), f))
		if (sscanf(line, "MemFree: %ld kB", &kb) == 1)
			break;
	if (f)
		fclose(f);
	return kb;
}

/* Fork children that wait on the pipe until one fork fails; returns how
 * many were forked, with the failing fork's errno in *err. */
static int fork_until_failure(int p[2], int *err)
{
	int n = 0;
	pid_t pid;

	while ((pid = fork()) > 0)
		n++;
	if (pid == 0) {
		char c;
		close(p[1]);
		read(p[0], &c, 1);	/* until the parent closes its end */
		_exit(0);
	}
	*err = errno;
	return n;
}

int main(void)
{
	char *base = mmap(NULL, AREAS * STRIDE, PROT_NONE,
			  MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (base == MAP_FAILED)
		return 1;
	for (int i = 0; i < AREAS; i++) {
		char *a = base + i * STRIDE;
		mprotect(a, 4096, PROT_READ | PROT_WRITE);	/* one VMA each */
		*a = (char)i;
	}
	long before = mem_free();
	int ok = 1;
	for (int round = 0; round < 3; round++) {
		int p[2], err, reaped = 0;
		pipe(p);
		int n = fork_until_failure(p, &err);
		close(p[0]);
		close(p[1]);
		while (wait(NULL) > 0)
			reaped++;
		long after = mem_free();
		printf("round %d: forked %d, then %s; reaped %d; MemFree %ld -> %ld kB\n",
		       round, n, strerror(err), reaped, before, after);
		ok &= err == ENOMEM && n > 0 && reaped == n && after >= before - 64;
	}
	for (int i = 0; i < AREAS; i++)
		ok &= base[i * STRIDE] == (char)i;
	printf("%s\n", ok ? "PASS" : "FAIL");
	return 0;
}
