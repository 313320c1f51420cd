/*
 * libc/newlib/crt0.S - where a newlib program starts: the kernel enters at
 * _start with rsp at argc (then argv[], NULL, envp[], NULL, auxv).  Clear
 * the frame pointer (the end of backtraces), pass that stack to
 * __pagoda_start (process.c) with rsp 16-byte aligned as the ABI wants.
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
	.section .note.GNU-stack, "", @progbits
