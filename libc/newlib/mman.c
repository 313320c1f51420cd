/*
 * libc/newlib/mman.c - memory calls for newlib programs: the break (brk,
 * sbrk, which newlib calls _sbrk) and the <sys/mman.h> calls, each one
 * Linux system call.  Pagoda's malloc (libc/malloc*.c, linked in place of
 * newlib's) takes memory from here exactly as in Pagoda's own libc.
 */
#include "pagoda_sys.h"
#include <stdarg.h>
#include <stdint.h>
#include <sys/mman.h>
#include <unistd.h>

static uintptr_t cur_brk;

/* brk(2) returns the new break, or the old one if it could not move. */
int brk(void *addr)
{
	uintptr_t r = (uintptr_t)SC1(brk, addr);

	cur_brk = r;
	if (r < (uintptr_t)addr) {
		errno = ENOMEM;
		return -1;
	}
	return 0;
}

void *sbrk(ptrdiff_t inc)
{
	if (!cur_brk)
		cur_brk = (uintptr_t)SC1(brk, 0);
	uintptr_t old = cur_brk;
	if (inc && brk((void *)(old + inc)) < 0)
		return (void *)-1;
	return (void *)old;
}

void *mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off)
{
	long r = __pagoda_ret(SC6(mmap, addr, len, prot, flags, fd, off));
	return r == -1 ? MAP_FAILED : (void *)r;
}

int munmap(void *addr, size_t len)
{
	return (int)__pagoda_ret(SC2(munmap, addr, len));
}

int mprotect(void *addr, size_t len, int prot)
{
	return (int)__pagoda_ret(SC3(mprotect, addr, len, prot));
}

int msync(void *addr, size_t len, int flags)
{
	return (int)__pagoda_ret(SC3(msync, addr, len, flags));
}

int madvise(void *addr, size_t len, int advice)
{
	return (int)__pagoda_ret(SC3(madvise, addr, len, advice));
}

int mincore(void *addr, size_t len, unsigned char *vec)
{
	return (int)__pagoda_ret(SC3(mincore, addr, len, vec));
}

int mlock(const void *addr, size_t len)
{
	return (int)__pagoda_ret(SC2(mlock, addr, len));
}

int munlock(const void *addr, size_t len)
{
	return (int)__pagoda_ret(SC2(munlock, addr, len));
}

int mlockall(int flags)
{
	return (int)__pagoda_ret(SC1(mlockall, flags));
}

int munlockall(void)
{
	return (int)__pagoda_ret(SC0(munlockall));
}

void *mremap(void *old, size_t old_len, size_t new_len, int flags, ...)
{
	va_list ap;
	va_start(ap, flags);
	void *new_addr = (flags & MREMAP_FIXED) ? va_arg(ap, void *) : NULL;
	va_end(ap);
	long r = __pagoda_ret(SC6(mremap, old, old_len, new_len, flags, new_addr, 0));
	return r == -1 ? MAP_FAILED : (void *)r;
}

void *_sbrk(ptrdiff_t inc) __attribute__((alias("sbrk"), copy(sbrk)));
