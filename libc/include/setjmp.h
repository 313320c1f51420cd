/*
 * Non-local jumps.  setjmp does not save the signal mask (as in glibc);
 * sigsetjmp(env, 1) does, and siglongjmp restores it, which is what a
 * jump out of a signal handler wants.
 */
#ifndef _SETJMP_H
#define _SETJMP_H

#include <bits/sigset.h>

/* rbx rbp r12 r13 r14 r15 rsp rip, then the optional signal mask. */
typedef struct __jmp_buf_tag {
	unsigned long __regs[8];
	int __mask_saved;
	sigset_t __mask;
} jmp_buf[1];

typedef jmp_buf sigjmp_buf;

int setjmp(jmp_buf env) __attribute__((returns_twice));
_Noreturn void longjmp(jmp_buf env, int val);
int sigsetjmp(sigjmp_buf env, int savemask) __attribute__((returns_twice));
_Noreturn void siglongjmp(sigjmp_buf env, int val);

#endif
