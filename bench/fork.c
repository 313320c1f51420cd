/*
 * bench/fork.c - fork + exit + wait, and the copy-on-write break.
 *
 * fork: the parent has 0, 16 or 256 MiB of private anonymous memory, every
 * page touched (so every page is present and must be shared or copied);
 * one operation is fork, the child's immediate _exit(0), and the parent's
 * waitpid.  The per-MiB figure is (time with M MiB - time with 0) / M: the
 * cost fork and exit add for each MiB of resident memory.  A kernel that
 * copies eagerly pays a page copy per page; one with copy-on-write pays
 * for page-table entries only.
 *
 * COW break: the parent touches 16 MiB and forks; the child writes one
 * byte in every page, each write a write-protect fault that copies the
 * page, and reports through a pipe how long its loop took.  Repeated
 * COW_ROUNDS times.
 *
 *   metric fork_<M>mib US us/op           M = 0, 16, 256
 *   metric fork_<M>mib_per_mib US us/MiB  M = 16, 256
 *   metric cow_break NS ns/page
 */
#include <sys/wait.h>

#include "bench.h"

#define COW_REGION (16 * MIB)
#define COW_ROUNDS 8

/* Wait for child pid; it must have exited with status 0. */
static void reap(pid_t pid)
{
	int status;

	if (waitpid(pid, &status, 0) != pid)
		die("waitpid");
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		fprintf(stderr, "bench: child failed, status %#x\n", status);
		exit(1);
	}
}

/* Microseconds per fork+exit+wait with mib MiB touched. */
static double fork_cost(size_t mib, int iters)
{
	size_t len = mib * MIB;
	char *p = len ? map_anon(len) : NULL;

	if (len)
		touch_pages(p, len);
	uint64_t t0 = now_ns();
	for (int i = 0; i < iters; i++) {
		pid_t pid = fork();

		if (pid < 0)
			die("fork");
		if (pid == 0)
			_exit(0);
		reap(pid);
	}
	uint64_t t1 = now_ns();

	if (len && munmap(p, len))
		die("munmap");
	return (double)(t1 - t0) / iters / 1000.0;
}

/* Child side of the COW break: write every page, send the time taken. */
static void cow_child(char *p, int fd)
{
	uint64_t t0 = now_ns();

	touch_pages(p, COW_REGION);
	uint64_t dt = now_ns() - t0;

	_exit(write(fd, &dt, sizeof(dt)) == sizeof(dt) ? 0 : 1);
}

/* Nanoseconds per page for a child to break COW on 16 MiB. */
static double cow_break_cost(void)
{
	char *p = map_anon(COW_REGION);
	uint64_t total = 0, dt;
	int fds[2];

	touch_pages(p, COW_REGION);
	if (pipe(fds))
		die("pipe");
	for (int r = 0; r < COW_ROUNDS; r++) {
		pid_t pid = fork();

		if (pid < 0)
			die("fork");
		if (pid == 0)
			cow_child(p, fds[1]);
		if (read(fds[0], &dt, sizeof(dt)) != sizeof(dt))
			die("read pipe");
		reap(pid);
		total += dt;
	}
	close(fds[0]);
	close(fds[1]);
	munmap(p, COW_REGION);
	return (double)total / (COW_ROUNDS * (COW_REGION / PAGE_SIZE));
}

int main(void)
{
	static const struct { size_t mib; int iters; } runs[] = {
		{ 0, 400 }, { 16, 100 }, { 256, 10 },
	};
	double base = 0;
	char name[64];

	wait_for_fine_clock();
	for (size_t i = 0; i < sizeof(runs) / sizeof(runs[0]); i++) {
		double us = fork_cost(runs[i].mib, runs[i].iters);

		snprintf(name, sizeof(name), "fork_%zumib", runs[i].mib);
		metric(name, us, "us/op");
		if (runs[i].mib == 0) {
			base = us;
			continue;
		}
		snprintf(name, sizeof(name), "fork_%zumib_per_mib", runs[i].mib);
		metric(name, (us - base) / runs[i].mib, "us/MiB");
	}
	metric("cow_break", cow_break_cost(), "ns/page");
	return 0;
}
