/*
 * libc/newlib/clone.S - __pagoda_clone(flags, stack, ptid, ctid, tls, fn,
 * arg) for pthread_create: clone(2) with the child on stack, where it
 * calls fn(arg) (which never returns: pthread_exit).  fn and arg go on
 * the child's stack first, since the child starts with the parent's
 * registers but its own rsp.  Returns the child's tid, or -errno.
 */
	.text
	.globl	__pagoda_clone
	.type	__pagoda_clone, @function
__pagoda_clone:
	movq	8(%rsp), %rax		/* arg, the seventh argument */
	subq	$16, %rsi
	movq	%r9, 0(%rsi)		/* fn */
	movq	%rax, 8(%rsi)
	movq	%rcx, %r10		/* ctid: the fourth system call argument */
	movl	$56, %eax		/* __NR_clone */
	syscall
	testq	%rax, %rax
	jnz	1f
	xorl	%ebp, %ebp		/* the child: the end of backtraces */
	popq	%rax
	popq	%rdi
	call	*%rax
	hlt
1:	ret
	.size	__pagoda_clone, . - __pagoda_clone
	.section .note.GNU-stack, "", @progbits
