/*
 * kernel/signal_frame.c - running a signal handler on x86-64 (Linux's
 * arch/x86/kernel/signal.c): the frame, sigreturn, the alternate stack.
 *
 * On the way back to user mode, do_signal asks get_signal (signal.c) for a
 * signal with a handler, and calls the handler by building an rt_sigframe
 * on the user stack, with exactly Linux's layout:
 *
 *     higher addresses   [ red zone: 128 bytes, left alone            ]
 *                        [ FPU state (fxsave image, 64-byte aligned)   ]
 *                        [ siginfo_t info                              ]
 *                        [ struct ucontext uc (registers, old mask)    ]
 *     new rsp ->         [ pretcode = sa_restorer (the return address) ]
 *
 * The handler runs with rdi = signo, rsi = &info, rdx = &uc; when it
 * returns into the restorer, rt_sigreturn puts back what uc holds.
 */
#include "kernel.h"
#include "x86.h"
#include "../mm/mm.h"
#include "syscalls.h"
#include <uapi/errno.h>
#include <uapi/signal.h>

#define USER_RFLAGS	0x40dd5ull	/* CF PF AF ZF SF TF DF OF AC */
#define SS_AUTODISARM	(1u << 31)

struct rt_sigframe {
	uint64_t pretcode;
	struct ucontext uc;
	siginfo_t info;
};

/* Is rsp on the current task's alternate signal stack? */
static bool on_sig_stack(uint64_t rsp)
{
	struct task *t = current;

	return t->sas_size && rsp > t->sas_sp && rsp <= t->sas_sp + t->sas_size;
}

/* Where the frame goes: the alternate stack if asked for and not on it. */
static uint64_t frame_stack(struct k_sigaction *ka, uint64_t rsp)
{
	struct task *t = current;

	if ((ka->flags & SA_ONSTACK) && t->sas_size && !(t->sas_flags & SS_DISABLE) &&
	    !on_sig_stack(rsp))
		return t->sas_sp + t->sas_size;
	return rsp - 128;
}

/* The siginfo_t a handler or sigtimedwait is given for ks: a child's
 * pid, uid and status for SIGCHLD, the address of a fault, or the
 * sender's pid and uid (and sigqueue's value). */
void copy_siginfo(siginfo_t *info, const struct ksignal *ks)
{
	memset(info, 0, sizeof(*info));
	info->si_signo = ks->sig;
	info->si_code = ks->code;
	if (ks->sig == SIGCHLD && ks->code >= CLD_EXITED && ks->code <= CLD_CONTINUED) {
		info->si_pid = (int)ks->addr;
		info->si_uid = ks->uid;
		info->si_status = ks->status;
	} else if (ks->code > 0 && ks->code != SI_KERNEL) {
		info->si_addr = (void *)ks->addr;
	} else {
		info->si_pid = (int)ks->addr;
		info->si_uid = ks->uid;
		info->si_ptr = (void *)ks->value;
	}
}

/* Build the frame and point the user registers at the handler.
 * Returns 0, or -EFAULT if the user stack cannot take the frame. */
static int setup_rt_frame(const struct ksignal *ks, struct k_sigaction *ka,
			  struct trapframe *tf)
{
	int sig = ks->sig;
	uint8_t fpu[512] __attribute__((aligned(16)));
	struct rt_sigframe f;
	uint64_t sp = frame_stack(ka, tf->rsp);
	uint64_t fpstate = ALIGN_DOWN(sp - sizeof(fpu), 64);
	uint64_t frame = ALIGN_DOWN(fpstate - sizeof(f), 16) - 8;

	__asm__ volatile("fxsave %0" : "=m"(fpu));
	memset(&f, 0, sizeof(f));
	f.pretcode = ka->restorer;
	copy_siginfo(&f.info, ks);
	f.uc.uc_stack.ss_sp = (void *)current->sas_sp;
	f.uc.uc_stack.ss_size = current->sas_size;
	f.uc.uc_stack.ss_flags = current->sas_size ? current->sas_flags : SS_DISABLE;
	struct sigcontext *sc = &f.uc.uc_mcontext;
	*sc = (struct sigcontext){
		.r8 = tf->r8, .r9 = tf->r9, .r10 = tf->r10, .r11 = tf->r11,
		.r12 = tf->r12, .r13 = tf->r13, .r14 = tf->r14, .r15 = tf->r15,
		.rdi = tf->rdi, .rsi = tf->rsi, .rbp = tf->rbp, .rbx = tf->rbx,
		.rdx = tf->rdx, .rax = tf->rax, .rcx = tf->rcx, .rsp = tf->rsp,
		.rip = tf->rip, .eflags = tf->rflags, .cs = USER_CS, .ss = USER_DS,
		.err = tf->vector < 32 ? tf->error : 0,
		.trapno = tf->vector < 32 ? tf->vector : 0,
		.oldmask = current->sig_blocked,
		.cr2 = ks->addr,
		.fpstate = (struct _fpstate *)fpstate,
	};
	f.uc.uc_sigmask = current->restore_sigmask ? current->saved_sigmask
						   : current->sig_blocked;
	current->restore_sigmask = false;
	if (copy_to_user((void *)fpstate, fpu, sizeof(fpu)) ||
	    copy_to_user((void *)frame, &f, sizeof(f)))
		return -EFAULT;
	tf->rsp = frame;
	tf->rip = ka->handler;
	tf->rdi = sig;
	tf->rsi = frame + offsetof(struct rt_sigframe, info);
	tf->rdx = frame + offsetof(struct rt_sigframe, uc);
	tf->rax = 0;
	tf->rflags &= ~(1ull << 8 | 1ull << 10);	/* TF, DF off */
	current->sig_blocked |= ka->mask & ~UNBLOCKABLE;
	if (!(ka->flags & SA_NODEFER))
		current->sig_blocked |= SIGBIT(sig) & ~UNBLOCKABLE;
	if (ka->flags & SA_RESETHAND)
		ka->handler = (uint64_t)SIG_DFL;
	return 0;
}

/* Run the interrupted syscall again: back over the syscall instruction
 * with its number in rax. */
static void restart_syscall(struct trapframe *tf)
{
	tf->rax = tf->error;
	tf->rip -= 2;
}

/* A syscall interrupted by a handled signal: restart it (SA_RESTART, for
 * the calls Linux restarts, and any that returned -ERESTARTSYS) or let it
 * fail with EINTR. */
static void maybe_restart(struct trapframe *tf, struct k_sigaction *ka)
{
	static const int restartable[] = {
		__NR_read, __NR_write, __NR_pread64, __NR_pwrite64, __NR_readv,
		__NR_writev, __NR_wait4, __NR_open, __NR_openat,
	};
	int64_t ret = (int64_t)tf->rax;

	if (tf->vector != TRAP_SYSCALL || (ret != -EINTR && ret != -ERESTARTSYS))
		return;
	if (!(ka->flags & SA_RESTART)) {
		tf->rax = -EINTR;
		return;
	}
	for (size_t i = 0; i < ARRAY_SIZE(restartable); i++)
		if (ret == -ERESTARTSYS || (int)tf->error == restartable[i]) {
			restart_syscall(tf);
			return;
		}
}

/* Deliver pending signals before returning to user mode with tf; with
 * none to handle, restart a syscall that asked for it (Linux's
 * arch_do_signal_or_restart). */
void do_signal(struct trapframe *tf)
{
	struct ksignal ks;
	struct k_sigaction *ka;

	if (signal_pending() && get_signal(&ks, &ka, tf)) {
		maybe_restart(tf, ka);
		if (setup_rt_frame(&ks, ka, tf))
			do_group_exit(SIGSEGV);	/* no room for the frame */
		return;
	}
	if (syscall_restart_pending(tf))
		restart_syscall(tf);	/* no handler ran: as if never stopped */
}

/* Return from a handler: restore what setup_rt_frame saved.  A frame that
 * cannot be read kills the process with SIGSEGV; one whose code segment is
 * not the user's gets SIGSEGV as its return, as Linux's iret to a kernel
 * selector faults (the other registers are restored first). */
SYSCALL_DEFINE0(rt_sigreturn)
{
	struct trapframe *tf = task_pt_regs(current);
	uint8_t fpu[512] __attribute__((aligned(16)));
	struct rt_sigframe f;
	uint64_t frame = tf->rsp - 8;	/* the handler's ret popped pretcode */

	if (copy_from_user(&f, (void *)frame, sizeof(f)))
		do_group_exit(SIGSEGV);
	struct sigcontext *sc = &f.uc.uc_mcontext;
	if (sc->fpstate && copy_from_user(fpu, sc->fpstate, sizeof(fpu)))
		do_group_exit(SIGSEGV);
	tf->r8 = sc->r8; tf->r9 = sc->r9; tf->r10 = sc->r10; tf->r11 = sc->r11;
	tf->r12 = sc->r12; tf->r13 = sc->r13; tf->r14 = sc->r14; tf->r15 = sc->r15;
	tf->rdi = sc->rdi; tf->rsi = sc->rsi; tf->rbp = sc->rbp; tf->rbx = sc->rbx;
	tf->rdx = sc->rdx; tf->rax = sc->rax; tf->rcx = sc->rcx; tf->rsp = sc->rsp;
	tf->rip = sc->rip;
	if ((sc->cs | 3) != USER_CS)
		force_sig_fault(SIGSEGV, SI_KERNEL, 0);
	tf->rflags = (tf->rflags & ~USER_RFLAGS) | (sc->eflags & USER_RFLAGS);
	tf->vector = 0;			/* not a syscall to restart any more */
	set_current_blocked(f.uc.uc_sigmask);
	if (sc->fpstate) {
		struct _fpstate *fs = (struct _fpstate *)fpu;
		fs->mxcsr &= 0xffbf;	/* reserved MXCSR bits would #GP */
		__asm__ volatile("fxrstor %0" : : "m"(fpu));
	}
	return 0;
}

SYSCALL_DEFINE2(sigaltstack, const stack_t *, uss, stack_t *, uoss)
{
	stack_t ss, old = {
		.ss_sp = (void *)current->sas_sp, .ss_size = current->sas_size,
		.ss_flags = current->sas_size ? current->sas_flags : SS_DISABLE,
	};
	uint64_t rsp = task_pt_regs(current)->rsp;

	if (on_sig_stack(rsp))
		old.ss_flags = SS_ONSTACK;
	if (uss) {
		if (copy_from_user(&ss, uss, sizeof(ss)))
			return -EFAULT;
		if (old.ss_flags == SS_ONSTACK)
			return -EPERM;
		if (ss.ss_flags & ~(SS_DISABLE | SS_AUTODISARM))
			return -EINVAL;
		if (!(ss.ss_flags & SS_DISABLE) && ss.ss_size < MINSIGSTKSZ)
			return -ENOMEM;
		current->sas_sp = (uint64_t)ss.ss_sp;
		current->sas_size = (ss.ss_flags & SS_DISABLE) ? 0 : ss.ss_size;
		current->sas_flags = ss.ss_flags;
	}
	if (uoss && copy_to_user(uoss, &old, sizeof(old)))
		return -EFAULT;
	return 0;
}
