/*
 * The program break: brk and sbrk, with glibc's semantics.
 *
 * The brk system call takes the wanted break and returns the break that is
 * now in force: the old one if it refused, and the current one if asked
 * for 0.  libc remembers the break so sbrk need not ask each time.
 */
#include <errno.h>
#include <stdint.h>
#include <unistd.h>
#include "libc.h"

static uintptr_t curbrk;		/* 0 until first asked */

/* Set the break to addr; 0, or -1 with ENOMEM. */
int brk(void *addr)
{
	uintptr_t r = (uintptr_t)__syscall1(SYS_brk, addr);

	curbrk = r;
	if (r < (uintptr_t)addr) {
		errno = ENOMEM;
		return -1;
	}
	return 0;
}

/*
 * Move the break by increment bytes; returns the old break (the start of
 * the new memory), or (void *)-1 with ENOMEM.
 */
void *sbrk(intptr_t increment)
{
	uintptr_t old;

	if (!curbrk)
		curbrk = (uintptr_t)__syscall1(SYS_brk, 0);
	old = curbrk;
	if (increment == 0)
		return (void *)old;
	if ((increment > 0 && old + increment < old) ||
	    (increment < 0 && old < (uintptr_t)-increment) ||
	    brk((void *)(old + increment)) < 0) {
		errno = ENOMEM;
		return (void *)-1;
	}
	return (void *)old;
}
