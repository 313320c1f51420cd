/*
 * libc/newlib/clone.S - the calls whose child starts on another stack, or
 * on the caller's: __pagoda_clone, __pagoda_clone_fn and vfork.
 *
 * __pagoda_clone(flags, stack, ptid, ctid, tls, fn, arg) for
 * pthread_create: clone(2) with the child on stack, where it calls
 * fn(arg) (which never returns: pthread_exit).  fn and arg go on the
 * child's stack first, since the child starts with the parent's
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
/*
 * __pagoda_clone_fn(fn, stack, flags, arg, ptid, tls, ctid) for clone()
 * (process.c), flags in Linux's numbers.  fn and arg go on the child's
 * stack (aligned down to 16 bytes); the child calls fn(arg) and exits
 * with its value; the parent gets the child's id, or -1 with errno
 * (__pagoda_ret).  A NULL fn or stack is EINVAL.
 */
	.globl	__pagoda_clone_fn
	.type	__pagoda_clone_fn, @function
__pagoda_clone_fn:
	testq	%rdi, %rdi
	jz	2f
	testq	%rsi, %rsi
	jz	2f
	andq	$-16, %rsi
	subq	$16, %rsi
	movq	%rdi, 0(%rsi)		/* fn */
	movq	%rcx, 8(%rsi)		/* arg */
	movq	%rdx, %rdi		/* flags */
	movq	%r8, %rdx		/* ptid */
	movq	%r9, %r8		/* tls */
	movq	8(%rsp), %r10		/* ctid, the seventh argument */
	movl	$56, %eax		/* __NR_clone */
	syscall
	testq	%rax, %rax
	jnz	1f
	xorl	%ebp, %ebp		/* the child: the end of backtraces */
	popq	%rax
	popq	%rdi
	call	*%rax
	movl	%eax, %edi
	movl	$60, %eax		/* __NR_exit: this thread only */
	syscall
	hlt
1:	movq	%rax, %rdi
	jmp	__pagoda_ret
2:	movq	$-22, %rdi		/* -EINVAL */
	jmp	__pagoda_ret
	.size	__pagoda_clone_fn, . - __pagoda_clone_fn

/*
 * vfork(): the child borrows the parent's memory and stack until it
 * execs or exits, so nothing may be kept on the stack across the system
 * call: the return address waits in a register.  Returns as fork does.
 */
	.globl	vfork
	.type	vfork, @function
vfork:
	popq	%rdx			/* the return address */
	movl	$58, %eax		/* __NR_vfork */
	syscall
	pushq	%rdx
	movq	%rax, %rdi
	jmp	__pagoda_ret
	.size	vfork, . - vfork

	.section .note.GNU-stack, "", @progbits
