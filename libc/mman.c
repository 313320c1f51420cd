/*
 * Memory-mapping system calls.
 */
#include <stdarg.h>
#include <sys/mman.h>
#include "libc.h"

void *mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off)
{
	return (void *)__syscall_ret(__syscall6(SYS_mmap, addr, len, prot,
						flags, fd, off));
}

int munmap(void *addr, size_t len)
{
	return __syscall_ret(__syscall2(SYS_munmap, addr, len));
}

int mprotect(void *addr, size_t len, int prot)
{
	return __syscall_ret(__syscall3(SYS_mprotect, addr, len, prot));
}

int msync(void *addr, size_t len, int flags)
{
	return __syscall_ret(__syscall3(SYS_msync, addr, len, flags));
}

int madvise(void *addr, size_t len, int advice)
{
	return __syscall_ret(__syscall3(SYS_madvise, addr, len, advice));
}

int mincore(void *addr, size_t len, unsigned char *vec)
{
	return __syscall_ret(__syscall3(SYS_mincore, addr, len, vec));
}

int mlock(const void *addr, size_t len)
{
	return __syscall_ret(__syscall2(SYS_mlock, addr, len));
}

int munlock(const void *addr, size_t len)
{
	return __syscall_ret(__syscall2(SYS_munlock, addr, len));
}

int mlockall(int flags)
{
	return __syscall_ret(__syscall1(SYS_mlockall, flags));
}

int munlockall(void)
{
	return __syscall_ret(__syscall0(SYS_munlockall));
}

/* mremap(old, old_len, new_len, flags[, new_addr]): new_addr is read with
 * MREMAP_FIXED (the place) and MREMAP_DONTUNMAP (a hint without FIXED). */
void *mremap(void *old, size_t old_len, size_t new_len, int flags, ...)
{
	va_list ap;
	void *new_addr = NULL;

	if (flags & (MREMAP_FIXED | MREMAP_DONTUNMAP)) {
		va_start(ap, flags);
		new_addr = va_arg(ap, void *);
		va_end(ap);
	}
	return (void *)__syscall_ret(__syscall5(SYS_mremap, old, old_len,
						new_len, flags, new_addr));
}
