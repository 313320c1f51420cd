/*
 * libc/newlib/sigsetjmp.S - sigsetjmp(env, savemask) for newlib programs
 * (<setjmp.h>, libc/newlib/include).  It must not return through a frame
 * of its own, since setjmp records its caller's stack and return address:
 * so it keeps savemask, asks rt_sigprocmask for the current mask into env
 * when savemask is non-zero (a system call leaves rdi, rsi and the stack
 * alone), then jumps to newlib's setjmp with env, whose jmp_buf is first.
 * siglongjmp (signal.c) puts the mask back and calls longjmp.
 */
#define SJ_SAVEMASK	64	/* offsetof(sigjmp_buf, __savemask), checked in signal.c */
#define SJ_MASK		72	/* offsetof(sigjmp_buf, __mask) */

	.text
	.globl	sigsetjmp
	.type	sigsetjmp, @function
sigsetjmp:
	movl	%esi, SJ_SAVEMASK(%rdi)
	testl	%esi, %esi
	jz	1f
	movq	%rdi, %r8
	leaq	SJ_MASK(%rdi), %rdx	/* old set */
	xorl	%esi, %esi		/* set: NULL, only read the mask */
	xorl	%edi, %edi		/* SIG_BLOCK */
	movl	$8, %r10d		/* sizeof the kernel's sigset */
	movl	$14, %eax		/* __NR_rt_sigprocmask */
	syscall
	movq	%r8, %rdi
1:	jmp	setjmp
	.size	sigsetjmp, . - sigsetjmp
	.section .note.GNU-stack, "", @progbits
