/*
 * tests/pagoda/trace_mm.c - trace=mm logs every call of the mm class.
 * Makes each mm-class system call once (and two that fail) and prints the
 * line trace=mm must log for it, "[pid] name(args) = result" as
 * kernel/syscall.c and mm/trace.c format it (flags by name, a failure as
 * strace's "-1 ENAME (message)"); tools/test boots with trace=mm and checks
 * that every printed line is in the kernel log.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#define PAGE	4096

/* A result as the trace prints it: a number, or "-1 ENAME (message)". */
static const char *res(long r)
{
	static char buf[8][64];
	static int n;
	char *b = buf[n++ % 8];

	if (r == -EINVAL)
		return "-1 EINVAL (Invalid argument)";
	if (r == -EBADF)
		return "-1 EBADF (Bad file descriptor)";
	snprintf(b, 64, "%ld", r);
	return b;
}

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
	printf("[%d] mmap(0, %d, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, "
	       "-1, 0) = %#lx\n", pid, 2 * PAGE, p);
	printf("[%d] mlock(%#lx, %d) = %s\n", pid, p, 2 * PAGE,
	       res(sys(SYS_mlock, p, 2 * PAGE, 0, 0, 0, 0)));
	printf("[%d] munlock(%#lx, %d) = %s\n", pid, p, 2 * PAGE,
	       res(sys(SYS_munlock, p, 2 * PAGE, 0, 0, 0, 0)));
	printf("[%d] mlock2(%#lx, %d, MLOCK_ONFAULT) = %s\n", pid, p, PAGE,
	       res(sys(SYS_mlock2, p, PAGE, MLOCK_ONFAULT, 0, 0, 0)));
	printf("[%d] mlockall(MCL_CURRENT) = %s\n", pid,
	       res(sys(SYS_mlockall, MCL_CURRENT, 0, 0, 0, 0, 0)));
	printf("[%d] munlockall() = %s\n", pid,
	       res(sys(SYS_munlockall, 0, 0, 0, 0, 0, 0)));
	printf("[%d] mincore(%#lx, %d, %#lx) = %s\n", pid, p, 2 * PAGE,
	       (unsigned long)vec,
	       res(sys(SYS_mincore, p, 2 * PAGE, (long)vec, 0, 0, 0)));
	printf("[%d] madvise(%#lx, %d, MADV_DONTNEED) = %s\n", pid, p, 2 * PAGE,
	       res(sys(SYS_madvise, p, 2 * PAGE, MADV_DONTNEED, 0, 0, 0)));
	printf("[%d] madvise(%#lx, %d, 12345) = %s\n", pid, p, PAGE,
	       res(sys(SYS_madvise, p, PAGE, 12345, 0, 0, 0)));
	printf("[%d] mprotect(%#lx, %d, PROT_READ) = %s\n", pid, p, PAGE,
	       res(sys(SYS_mprotect, p, PAGE, PROT_READ, 0, 0, 0)));
	printf("[%d] msync(%#lx, %d, MS_SYNC) = %s\n", pid, p, PAGE,
	       res(sys(SYS_msync, p, PAGE, MS_SYNC, 0, 0, 0)));
	printf("[%d] munmap(%#lx, %d) = %s\n", pid, p, 2 * PAGE,
	       res(sys(SYS_munmap, p, 2 * PAGE, 0, 0, 0, 0)));
	printf("[%d] mmap(0, %d, PROT_READ, MAP_PRIVATE, -1, 0) = %s\n", pid, PAGE,
	       res(sys(SYS_mmap, 0, PAGE, PROT_READ, MAP_PRIVATE, -1, 0)));
	return 0;
}
