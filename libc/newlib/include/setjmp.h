/*
 * <setjmp.h> for newlib programs: newlib's setjmp and longjmp, plus
 * sigsetjmp and siglongjmp, which newlib's bare target lacks.  A
 * sigjmp_buf is newlib's jmp_buf first (sigsetjmp, libc/newlib/
 * sigsetjmp.S, ends by jumping to setjmp with it) and, when savemask is
 * non-zero, the kernel's signal mask, which siglongjmp puts back.
 */
#ifndef PAGODA_NEWLIB_SETJMP_H
#define PAGODA_NEWLIB_SETJMP_H

#include_next <setjmp.h>

typedef struct {
	jmp_buf __jb;
	int __savemask;
	unsigned long __mask;	/* Linux-numbered, as rt_sigprocmask gives it */
} sigjmp_buf[1];

int sigsetjmp(sigjmp_buf env, int savemask) __attribute__((__returns_twice__));
void siglongjmp(sigjmp_buf env, int val) __attribute__((__noreturn__));

#endif
