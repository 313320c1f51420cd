/*
 * kernel/switch.S - switching kernel stacks between tasks.
 *
 * context_switch(&prev->ksp, next->ksp) saves the callee-saved registers
 * on prev's kernel stack, stores its stack pointer, loads next's and
 * restores next's registers; the `ret` then continues next where it called
 * context_switch - or, for a task that never ran, at task_start or
 * kthread_start, which copy_thread() placed there as the return address
 * and which first finish the switch as switch_to does after its call.
 */
	.text
	.globl	context_switch
context_switch:
	pushq	%rbp
	pushq	%rbx
	pushq	%r12
	pushq	%r13
	pushq	%r14
	pushq	%r15
	movq	%rsp, (%rdi)
	movq	%rsi, %rsp
	popq	%r15
	popq	%r14
	popq	%r13
	popq	%r12
	popq	%rbx
	popq	%rbp
	ret

/* A new user task: its trapframe is right above; leave through it. */
	.globl	task_start
task_start:
	call	finish_task_switch
	call	return_to_user_prepare_new
	jmp	trap_return

/* A new kernel thread: r12 = function, r13 = its argument. */
	.globl	kthread_start
kthread_start:
	call	finish_task_switch
	sti
	movq	%r13, %rdi
	call	*%r12
	movl	%eax, %edi
	call	do_exit
