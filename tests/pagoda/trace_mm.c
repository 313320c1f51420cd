/*
 * tests/pagoda/trace_mm.c - trace=mm logs every call of the mm class.
 * Makes each mm-class system call once (and two that fail) and prints the
 * line trace=mm must log for it, "[pid] name(args) = result" as
 * kernel/syscall.c formats it; tools/test boots with trace=mm and checks
 * that every printed line is in the kernel log.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#define PAGE	4096

/* The raw result, -errno on failure, as the kernel returns it. */
static long sys(long nr, long a, long b, long c, long d, long e, long f)
{
	long r = syscall(nr, a, b, c, d, e, f);

	return r == -1 ? -errno : r;
}

int main(void)
{
	int pid = getpid();
	unsigned char vec[2];
	long brk0 = sys(SYS_brk, 0, 0, 0, 0, 0, 0);
	long p = sys(SYS_mmap, 0, 2 * PAGE, PROT_READ | PROT_WRITE,
		     MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	printf("[%d] brk(0) = %#lx\n", pid, brk0);
	printf("[%d] mmap(0, %d, %#x, %#x, -1, 0) = %#lx\n", pid, 2 * PAGE,
	       PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, p);
	printf("[%d] mlock(%#lx, %d) = %ld\n", pid, p, 2 * PAGE,
	       sys(SYS_mlock, p, 2 * PAGE, 0, 0, 0, 0));
	printf("[%d] munlock(%#lx, %d) = %ld\n", pid, p, 2 * PAGE,
	       sys(SYS_munlock, p, 2 * PAGE, 0, 0, 0, 0));
	printf("[%d] mlock2(%#lx, %d, %d) = %ld\n", pid, p, PAGE, MLOCK_ONFAULT,
	       sys(SYS_mlock2, p, PAGE, MLOCK_ONFAULT, 0, 0, 0));
	printf("[%d] mlockall(%d) = %ld\n", pid, MCL_CURRENT,
	       sys(SYS_mlockall, MCL_CURRENT, 0, 0, 0, 0, 0));
	printf("[%d] munlockall() = %ld\n", pid,
	       sys(SYS_munlockall, 0, 0, 0, 0, 0, 0));
	printf("[%d] mincore(%#lx, %d, %#lx) = %ld\n", pid, p, 2 * PAGE,
	       (unsigned long)vec, sys(SYS_mincore, p, 2 * PAGE, (long)vec, 0, 0, 0));
	printf("[%d] madvise(%#lx, %d, %d) = %ld\n", pid, p, 2 * PAGE,
	       MADV_DONTNEED, sys(SYS_madvise, p, 2 * PAGE, MADV_DONTNEED, 0, 0, 0));
	printf("[%d] madvise(%#lx, %d, %d) = %ld\n", pid, p, PAGE, 12345,
	       sys(SYS_madvise, p, PAGE, 12345, 0, 0, 0));
	printf("[%d] mprotect(%#lx, %d, %#x) = %ld\n", pid, p, PAGE, PROT_READ,
	       sys(SYS_mprotect, p, PAGE, PROT_READ, 0, 0, 0));
	printf("[%d] msync(%#lx, %d, %#x) = %ld\n", pid, p, PAGE, MS_SYNC,
	       sys(SYS_msync, p, PAGE, MS_SYNC, 0, 0, 0));
	printf("[%d] munmap(%#lx, %d) = %ld\n", pid, p, 2 * PAGE,
	       sys(SYS_munmap, p, 2 * PAGE, 0, 0, 0, 0));
	printf("[%d] mmap(0, %d, %#x, %#x, -1, 0) = %#lx\n", pid, PAGE, PROT_READ,
	       MAP_PRIVATE, sys(SYS_mmap, 0, PAGE, PROT_READ, MAP_PRIVATE, -1, 0));
	return 0;
}
