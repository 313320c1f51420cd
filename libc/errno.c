/*
 * errno, and the helper every system call wrapper returns through.
 */
#include <errno.h>
#include "libc.h"

int errno;

/* Turn a raw result into the libc convention: -errno becomes -1. */
long __syscall_ret(unsigned long r)
{
	if (r > -4096UL) {
		errno = (int)-r;
		return -1;
	}
	return (long)r;
}

/*
 * Non-zero while the process has one thread, as in glibc: Pagoda's libc
 * has no threads, so it is always 1, and malloc skips its lock.
 */
char __libc_single_threaded = 1;
