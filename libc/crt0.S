/*
 * _start: the entry point of every program.
 *
 * The kernel enters here with rsp pointing at the initial stack:
 *
 *   rsp ->  argc
 *           argv[0] ... argv[argc-1], NULL
 *           envp[0] ... NULL
 *           auxv: (type, value) pairs ..., (AT_NULL, 0)
 *
 * Other registers carry nothing we use.  We hand that pointer to
 * __libc_start_main (start.c), which never returns.
 */
	.text
	.globl	_start
	.type	_start, @function
_start:
	xor	%ebp, %ebp		/* outermost frame: backtraces stop here */
	mov	%rsp, %rdi		/* argument 1: the initial stack */
	and	$-16, %rsp		/* the ABI wants rsp 16-aligned at a call */
	call	__libc_start_main
	hlt				/* not reached */
	.size	_start, . - _start

	.section .note.GNU-stack, "", @progbits
