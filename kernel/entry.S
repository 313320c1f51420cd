/*
 * kernel/entry.S - interrupt and exception entry.
 *
 * Every vector has a tiny stub that pushes an error code (the CPU pushes
 * one for some exceptions; the stub pushes 0 for the others) and the
 * vector number, then jumps to a common path that saves all registers as a
 * struct trapframe (kernel.h), calls trap(tf), restores and returns with
 * iretq.  On entry AC is cleared so that a user program cannot leave SMAP
 * disabled for the kernel.
 */
/* Save / restore the general registers in struct trapframe order. */
.macro SAVE_REGS
	pushq	%rax
	pushq	%rbx
	pushq	%rcx
	pushq	%rdx
	pushq	%rsi
	pushq	%rdi
	pushq	%rbp
	pushq	%r8
	pushq	%r9
	pushq	%r10
	pushq	%r11
	pushq	%r12
	pushq	%r13
	pushq	%r14
	pushq	%r15
.endm

.macro RESTORE_REGS
	popq	%r15
	popq	%r14
	popq	%r13
	popq	%r12
	popq	%r11
	popq	%r10
	popq	%r9
	popq	%r8
	popq	%rbp
	popq	%rdi
	popq	%rsi
	popq	%rdx
	popq	%rcx
	popq	%rbx
	popq	%rax
.endm

	.text

	.align 16
	.globl	trap_stubs
trap_stubs:
.set vec, 0
.rept 48
	.align 16
	.if (vec == 8) || (vec == 10) || (vec == 11) || (vec == 12) || (vec == 13) || (vec == 14) || (vec == 17) || (vec == 21) || (vec == 29) || (vec == 30)
	.else
	pushq	$0			/* no CPU error code: push a zero */
	.endif
	pushq	$vec
	jmp	trap_common
.set vec, vec + 1
.endr

trap_common:
	clac
	cld
	SAVE_REGS
	movq	%rsp, %rdi
	xorl	%ebp, %ebp
	call	trap
	.globl	trap_return
trap_return:
	RESTORE_REGS
	addq	$16, %rsp		/* vector and error code */
	iretq

/*
 * The SYSCALL instruction: RCX = user RIP, R11 = user RFLAGS, RSP is still
 * the user's, interrupts are off (SFMASK).  Switch to the task's kernel
 * stack and build the same struct trapframe an interrupt would (vector
 * 0x100 marks a syscall), so fork, exec and signal delivery see one layout.
 * Leave through trap_return (iretq): slower than SYSRET but it restores
 * any register state, which execve and sigreturn rely on.
 */
	.globl	syscall_entry
syscall_entry:
	movq	%rsp, syscall_user_rsp(%rip)
	movq	kernel_stack_top(%rip), %rsp
	pushq	$0x1b			/* user SS */
	pushq	syscall_user_rsp(%rip)
	pushq	%r11			/* user RFLAGS */
	pushq	$0x23			/* user CS */
	pushq	%rcx			/* user RIP */
	pushq	%rax			/* "error code": the syscall number */
	pushq	$0x100			/* "vector": a system call */
	SAVE_REGS
	movq	%rsp, %rdi
	xorl	%ebp, %ebp
	call	syscall_dispatch
	jmp	trap_return

/* Enter user mode for the first time through a prepared trapframe. */
	.globl	enter_user
enter_user:
	movq	%rdi, %rsp
	jmp	trap_return

	.bss
	.balign 8
syscall_user_rsp:
	.quad	0
