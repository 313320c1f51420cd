/*
 * __restore_rt: where a signal handler returns to.
 *
 * sigaction() registers it as the restorer (SA_RESTORER); the kernel
 * pushes its address as the handler's return address.  When the handler
 * returns, rsp points just past that slot, at the signal frame's
 * ucontext, and rt_sigreturn restores the registers and mask saved there.
 */
	.text
	.globl	__restore_rt
	.type	__restore_rt, @function
__restore_rt:
	mov	$15, %eax		/* SYS_rt_sigreturn */
	syscall
	hlt				/* not reached */
	.size	__restore_rt, . - __restore_rt

	.section .note.GNU-stack, "", @progbits
