/*
 * libc/newlib/crt0.S - where a newlib program starts: the kernel enters at
 * _start with rsp at argc (then argv[], NULL, envp[], NULL, auxv).  Clear
 * the frame pointer (the end of backtraces), pass that stack to
 * __pagoda_start (process.c) with rsp 16-byte aligned as the ABI wants.
 * Also the signal-return trampoline.
 */
	.text
	.globl	_start
	.type	_start, @function
_start:
	xorl	%ebp, %ebp
	movq	%rsp, %rdi
	andq	$-16, %rsp
	call	__pagoda_start
	hlt
	.size	_start, . - _start

/* Where a signal handler returns (sa_restorer, signal.c): the kernel
 * restores the interrupted context from the frame it built. */
	.globl	__pagoda_sigreturn
	.type	__pagoda_sigreturn, @function
__pagoda_sigreturn:
	movl	$15, %eax		/* __NR_rt_sigreturn */
	syscall
	.size	__pagoda_sigreturn, . - __pagoda_sigreturn
	.section .note.GNU-stack, "", @progbits
