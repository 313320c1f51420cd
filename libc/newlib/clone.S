/*
 * libc/newlib/clone.S - the calls whose child starts on another stack, or
 * on the caller's: __pagoda_clone, __pagoda_clone_fn and vfork.
 *
 * The two clone entries take their arguments in their C prototypes'
 * orders and move them into clone(2)'s, then share clone_syscall.
 */

/*
 * clone_syscall: clone(2) in Linux's x86-64 order - flags %rdi, child stack
 * %rsi, parent tid %rdx, child tid %r10, tls %r8 - with the child's fn in
 * %r9 and arg in %rcx.  fn and arg go on the child's stack first, since
 * the child starts with the parent's registers but its own rsp; the
 * child calls fn(arg) and exits this thread with its value.  Returns the
 * child's tid, or -errno, to the parent.
 */
	.text
	.type	clone_syscall, @function	/* local: no .globl */
clone_syscall:
	subq	$16, %rsi
	movq	%r9, 0(%rsi)		/* fn */
	movq	%rcx, 8(%rsi)		/* arg */
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
1:	ret
	.size	clone_syscall, . - clone_syscall

/*
 * __pagoda_clone(flags, stack, ptid, ctid, tls, fn, arg) for
 * pthread_create, in the system call's order but for two: ctid moves
 * from %rcx (the C ABI's fourth argument register) to %r10 (the system
 * call's), and arg, the seventh argument, from the stack to %rcx.  fn
 * never returns (pthread_exit).  Returns the child's tid, or -errno.
 */
	.globl	__pagoda_clone
	.type	__pagoda_clone, @function
__pagoda_clone:
	movq	%rcx, %r10		/* ctid */
	movq	8(%rsp), %rcx		/* arg */
	jmp	clone_syscall
	.size	__pagoda_clone, . - __pagoda_clone

/*
 * __pagoda_clone_fn(fn, stack, flags, arg, ptid, tls, ctid) for clone()
 * (process.c), glibc's order with flags in Linux's numbers: the stack is
 * aligned down to 16 bytes and the arguments rotate into clone_syscall's -
 * fn %rdi -> %r9, flags %rdx -> %rdi, ptid %r8 -> %rdx, tls %r9 -> %r8,
 * ctid (the seventh, on the stack) -> %r10; arg stays in %rcx.  The
 * parent gets the child's id, or -1 with errno (__pagoda_ret).  A NULL
 * fn or stack is EINVAL.
 */
	.globl	__pagoda_clone_fn
	.type	__pagoda_clone_fn, @function
__pagoda_clone_fn:
	testq	%rdi, %rdi
	jz	2f
	testq	%rsi, %rsi
	jz	2f
	andq	$-16, %rsi
	movq	%rdi, %rax		/* fn */
	movq	%rdx, %rdi		/* flags */
	movq	%r8, %rdx		/* ptid */
	movq	%r9, %r8		/* tls */
	movq	%rax, %r9		/* fn */
	movq	8(%rsp), %r10		/* ctid */
	call	clone_syscall
	movq	%rax, %rdi
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
