/*
 * syscall(number, a1..a6) and __syscall(number, a1..a6).
 *
 * Written in assembly because they are variadic: the caller's arguments
 * are already in rdi rsi rdx rcx r8 r9 and on the stack; we shift them
 * one place into the kernel's order (rax, rdi rsi rdx r10 r8 r9).
 * __syscall returns the raw result (-errno on failure); syscall sets
 * errno and returns -1.
 */
/* Move the C arguments into the kernel's registers and trap. */
	.macro	DO_SYSCALL
	mov	%rdi, %rax		/* number */
	mov	%rsi, %rdi		/* a1 */
	mov	%rdx, %rsi		/* a2 */
	mov	%rcx, %rdx		/* a3 */
	mov	%r8, %r10		/* a4 */
	mov	%r9, %r8		/* a5 */
	mov	8(%rsp), %r9		/* a6, the first stack argument */
	syscall
	.endm

	.text
	.globl	__syscall
	.type	__syscall, @function
__syscall:
	DO_SYSCALL
	ret
	.size	__syscall, . - __syscall

	.globl	syscall
	.type	syscall, @function
syscall:
	DO_SYSCALL
	cmp	$-4095, %rax		/* -4095..-1 is an error */
	jae	1f
	ret
1:	neg	%eax
	mov	%eax, errno(%rip)
	mov	$-1, %rax
	ret
	.size	syscall, . - syscall

	.section .note.GNU-stack, "", @progbits
