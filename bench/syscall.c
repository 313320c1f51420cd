/*
 * bench/syscall.c - the null system call: the cost of entering and
 * leaving the kernel for a call that does almost nothing.
 *
 * getppid is called through syscall() so that no libc caches the answer
 * (glibc once cached getpid, never getppid, but syscall() makes sure).
 *
 *   metric null_syscall NS ns/call
 */
#include <sys/syscall.h>

#include "bench.h"

#define WARMUP 1000
#define ITERS 200000

int main(void)
{
	for (int i = 0; i < WARMUP; i++)
		syscall(SYS_getppid);

	uint64_t t0 = now_ns();
	for (int i = 0; i < ITERS; i++)
		syscall(SYS_getppid);
	uint64_t t1 = now_ns();

	metric("null_syscall", (double)(t1 - t0) / ITERS, "ns/call");
	return 0;
}
