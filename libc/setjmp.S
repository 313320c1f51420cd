/*
 * setjmp, longjmp, sigsetjmp.
 *
 * jmp_buf holds the callee-saved registers (the ABI lets a function
 * clobber all others), the stack pointer as it is after setjmp returns,
 * and the return address:
 *   0 rbx  8 rbp  16 r12  24 r13  32 r14  40 r15  48 rsp  56 rip
 * then __mask_saved at 64 and __mask at 72 for sigsetjmp (sigsetjmp.c).
 */

/*
 * Fill the jmp_buf at rdi from inside setjmp or sigsetjmp (called, not
 * yet returned: the return address is at (%rsp)).  Clobbers rdx.
 */
	.macro	save_context
	mov	%rbx, 0(%rdi)
	mov	%rbp, 8(%rdi)
	mov	%r12, 16(%rdi)
	mov	%r13, 24(%rdi)
	mov	%r14, 32(%rdi)
	mov	%r15, 40(%rdi)
	lea	8(%rsp), %rdx		/* rsp once we have returned */
	mov	%rdx, 48(%rdi)
	mov	(%rsp), %rdx		/* our return address */
	mov	%rdx, 56(%rdi)
	.endm

	.text
	.globl	setjmp
	.type	setjmp, @function
setjmp:
	save_context
	xor	%eax, %eax		/* first return: 0 */
	ret
	.size	setjmp, . - setjmp

/* longjmp(env, val): return from setjmp again, with val (1 if val is 0). */
	.globl	longjmp
	.type	longjmp, @function
longjmp:
	mov	%esi, %eax
	test	%eax, %eax
	jnz	1f
	inc	%eax
1:	mov	0(%rdi), %rbx
	mov	8(%rdi), %rbp
	mov	16(%rdi), %r12
	mov	24(%rdi), %r13
	mov	32(%rdi), %r14
	mov	40(%rdi), %r15
	mov	48(%rdi), %rsp
	jmp	*56(%rdi)
	.size	longjmp, . - longjmp

/*
 * sigsetjmp(env, savemask): setjmp, then tail-call __sigsetjmp_mask
 * (rdi and esi still hold env and savemask), which records the mask and
 * returns 0 straight to our caller.
 */
	.globl	sigsetjmp
	.type	sigsetjmp, @function
sigsetjmp:
	save_context
	jmp	__sigsetjmp_mask
	.size	sigsetjmp, . - sigsetjmp

	.section .note.GNU-stack, "", @progbits
