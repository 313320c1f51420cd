/*
 * kernel/signal.c - POSIX signals, enough for memory errors and processes.
 *
 * Sending sets a bit in the target's pending set (a signal whose action is
 * "ignore" is dropped at once, as Linux does).  Delivery happens on the way
 * back to user mode (do_signal): the default action ends the process, or
 * a handler is called by building an rt_sigframe on the user stack, with
 * exactly Linux's layout:
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

#define SIGBIT(sig)	(1ull << ((sig) - 1))
#define UNBLOCKABLE	(SIGBIT(SIGKILL) | SIGBIT(SIGSTOP))
#define CORE_SIGNALS	(SIGBIT(SIGQUIT) | SIGBIT(SIGILL) | SIGBIT(SIGTRAP) | \
			 SIGBIT(SIGABRT) | SIGBIT(SIGBUS) | SIGBIT(SIGFPE) | \
			 SIGBIT(SIGSEGV) | SIGBIT(SIGXCPU) | SIGBIT(SIGXFSZ) | \
			 SIGBIT(SIGSYS))
/* No job control in Pagoda: stop signals are ignored (docs/divergences.md). */
#define IGNORED_BY_DEFAULT (SIGBIT(SIGCHLD) | SIGBIT(SIGCONT) | SIGBIT(SIGURG) | \
			    SIGBIT(SIGWINCH) | SIGBIT(SIGSTOP) | SIGBIT(SIGTSTP) | \
			    SIGBIT(SIGTTIN) | SIGBIT(SIGTTOU))
#define USER_RFLAGS	0x40dd5ull	/* CF PF AF ZF SF TF DF OF AC */
#define SS_AUTODISARM	(1u << 31)

struct rt_sigframe {
	uint64_t pretcode;
	struct ucontext uc;
	siginfo_t info;
};

static bool sig_ignored(struct task *t, int sig)
{
	uint64_t h = t->sigaction[sig - 1].handler;

	if (h == (uint64_t)SIG_IGN)
		return sig != SIGKILL;
	return h == (uint64_t)SIG_DFL && (IGNORED_BY_DEFAULT & SIGBIT(sig));
}

/* Queue sig for t (si_code SI_USER); returns 0 or -EINVAL.  Callable
 * from interrupt handlers (Ctrl-C on the terminal). */
int send_signal(struct task *t, int sig)
{
	if (sig < 1 || sig > _NSIG)
		return -EINVAL;
	if (!t || t->state == TASK_ZOMBIE || sig_ignored(t, sig))
		return 0;
	if (t->pid == 1 && t->sigaction[sig - 1].handler == (uint64_t)SIG_DFL)
		return 0;		/* init only gets signals it handles */
	uint64_t flags = irq_save();
	t->sig_pending |= SIGBIT(sig);
	t->sig_code[sig - 1] = SI_USER;
	t->sig_addr[sig - 1] = current ? (uint64_t)current->pid : 0;
	if (t->state == TASK_SLEEPING && t->interruptible &&
	    (SIGBIT(sig) & ~t->sig_blocked))
		wake_task(t);
	irq_restore(flags);
	return 0;
}

/* A synchronous fault signal for the current task, which cannot be
 * ignored or blocked away: if it is, the default action applies. */
void force_sig_fault(int sig, int code, uint64_t addr)
{
	struct k_sigaction *ka = &current->sigaction[sig - 1];

	if (ka->handler == (uint64_t)SIG_IGN || (current->sig_blocked & SIGBIT(sig))) {
		ka->handler = (uint64_t)SIG_DFL;
		current->sig_blocked &= ~SIGBIT(sig);
	}
	current->sig_pending |= SIGBIT(sig);
	current->sig_code[sig - 1] = code;
	current->sig_addr[sig - 1] = addr;
}

bool signal_pending(void)
{
	return current->sig_pending & ~(current->sig_blocked & ~UNBLOCKABLE);
}

/* The default action of an unhandled signal: end the process, for a core
 * signal with a core file if RLIMIT_CORE allows (WCOREDUMP, 0x80). */
static __noreturn void sig_default_exit(int sig, struct trapframe *tf)
{
	if ((sig == SIGSEGV || sig == SIGBUS) && current->sig_code[sig - 1] > 0)
		printk("pid %d (%s): %s at %lx ip %lx\n", current->pid,
		       current->comm, sig == SIGSEGV ? "segfault" : "bus error",
		       current->sig_addr[sig - 1], tf->rip);
	bool core = (CORE_SIGNALS & SIGBIT(sig)) && do_coredump(sig, tf);
	do_exit(sig | (core ? 0x80 : 0));
}

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

/* Build the frame and point the user registers at the handler.
 * Returns 0, or -EFAULT if the user stack cannot take the frame. */
static int setup_rt_frame(int sig, struct k_sigaction *ka, struct trapframe *tf)
{
	uint8_t fpu[512] __attribute__((aligned(16)));
	struct rt_sigframe f;
	uint64_t sp = frame_stack(ka, tf->rsp);
	uint64_t fpstate = ALIGN_DOWN(sp - sizeof(fpu), 64);
	uint64_t frame = ALIGN_DOWN(fpstate - sizeof(f), 16) - 8;

	__asm__ volatile("fxsave %0" : "=m"(fpu));
	memset(&f, 0, sizeof(f));
	f.pretcode = ka->restorer;
	f.info.si_signo = sig;
	f.info.si_code = current->sig_code[sig - 1];
	if (f.info.si_code > 0 && f.info.si_code != SI_KERNEL)
		f.info.si_addr = (void *)current->sig_addr[sig - 1];
	else
		f.info.si_pid = (int)current->sig_addr[sig - 1];
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
		.cr2 = current->sig_addr[sig - 1],
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

/* A syscall interrupted by a handled signal: restart it (SA_RESTART, for
 * the calls Linux restarts) or let it fail with EINTR. */
static void maybe_restart(struct trapframe *tf, struct k_sigaction *ka)
{
	static const int restartable[] = { 0, 1, 17, 18, 19, 20, 61, 2, 257 };

	if (tf->vector != 0x100 || (int64_t)tf->rax != -EINTR ||
	    !(ka->flags & SA_RESTART))
		return;
	for (size_t i = 0; i < ARRAY_SIZE(restartable); i++) {
		if ((int)tf->error == restartable[i]) {
			tf->rax = tf->error;
			tf->rip -= 2;		/* back over the syscall insn */
			return;
		}
	}
}

/* Deliver pending signals before returning to user mode with tf. */
void do_signal(struct trapframe *tf)
{
	while (signal_pending()) {
		uint64_t ready = current->sig_pending & ~(current->sig_blocked & ~UNBLOCKABLE);
		int sig = __builtin_ctzll(ready) + 1;
		if (ready & SIGBIT(SIGSEGV))
			sig = SIGSEGV;		/* synchronous faults first */
		else if (ready & SIGBIT(SIGBUS))
			sig = SIGBUS;
		uint64_t flags = irq_save();	/* send_signal may run in an IRQ */
		current->sig_pending &= ~SIGBIT(sig);
		irq_restore(flags);
		struct k_sigaction *ka = &current->sigaction[sig - 1];
		if (sig != SIGKILL && ka->handler == (uint64_t)SIG_IGN)
			continue;
		if (sig == SIGKILL || ka->handler == (uint64_t)SIG_DFL) {
			if (IGNORED_BY_DEFAULT & SIGBIT(sig))
				continue;
			sig_default_exit(sig, tf);
		}
		maybe_restart(tf, ka);
		if (setup_rt_frame(sig, ka, tf))
			do_exit(SIGSEGV);	/* no room for the frame */
		return;
	}
}

SYSCALL_DEFINE4(rt_sigaction, int, sig, const struct k_sigaction *, uact,
		struct k_sigaction *, uold, size_t, sigsetsize)
{
	struct k_sigaction ka;

	if (sigsetsize != sizeof(uint64_t) || sig < 1 || sig > _NSIG)
		return -EINVAL;
	if (uact && (sig == SIGKILL || sig == SIGSTOP))
		return -EINVAL;
	if (uact && copy_from_user(&ka, uact, sizeof(ka)))
		return -EFAULT;
	if (uold && copy_to_user(uold, &current->sigaction[sig - 1], sizeof(ka)))
		return -EFAULT;
	if (uact) {
		ka.mask &= ~UNBLOCKABLE;
		current->sigaction[sig - 1] = ka;
		if (sig_ignored(current, sig))
			current->sig_pending &= ~SIGBIT(sig);
	}
	return 0;
}

SYSCALL_DEFINE4(rt_sigprocmask, int, how, const uint64_t *, uset,
		uint64_t *, uold, size_t, sigsetsize)
{
	uint64_t set, old = current->sig_blocked;

	if (sigsetsize != sizeof(uint64_t))
		return -EINVAL;
	if (uset) {
		if (copy_from_user(&set, uset, sizeof(set)))
			return -EFAULT;
		if (how == SIG_BLOCK)
			current->sig_blocked |= set;
		else if (how == SIG_UNBLOCK)
			current->sig_blocked &= ~set;
		else if (how == SIG_SETMASK)
			current->sig_blocked = set;
		else
			return -EINVAL;
		current->sig_blocked &= ~UNBLOCKABLE;
	}
	if (uold && copy_to_user(uold, &old, sizeof(old)))
		return -EFAULT;
	return 0;
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
		do_exit(SIGSEGV);
	struct sigcontext *sc = &f.uc.uc_mcontext;
	if (sc->fpstate && copy_from_user(fpu, sc->fpstate, sizeof(fpu)))
		do_exit(SIGSEGV);
	tf->r8 = sc->r8; tf->r9 = sc->r9; tf->r10 = sc->r10; tf->r11 = sc->r11;
	tf->r12 = sc->r12; tf->r13 = sc->r13; tf->r14 = sc->r14; tf->r15 = sc->r15;
	tf->rdi = sc->rdi; tf->rsi = sc->rsi; tf->rbp = sc->rbp; tf->rbx = sc->rbx;
	tf->rdx = sc->rdx; tf->rax = sc->rax; tf->rcx = sc->rcx; tf->rsp = sc->rsp;
	tf->rip = sc->rip;
	if ((sc->cs | 3) != USER_CS)
		force_sig_fault(SIGSEGV, SI_KERNEL, 0);
	tf->rflags = (tf->rflags & ~USER_RFLAGS) | (sc->eflags & USER_RFLAGS);
	tf->vector = 0;			/* not a syscall to restart any more */
	current->sig_blocked = f.uc.uc_sigmask & ~UNBLOCKABLE;
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

/* kill(pid, sig): pid > 0 one process, 0 the caller's group, -1 all
 * others but init, < -1 the group -pid.  sig 0 only checks existence. */
/* May the current task signal t?  As Linux's check_kill_permission: root,
 * or a real or effective uid equal to t's real or saved one; SIGCONT
 * within the session. */
static bool kill_permitted(struct task *t, int sig)
{
	const struct cred *c = &current->cred, *tc = &t->cred;

	if (sig == SIGCONT && t->sid == current->sid)
		return true;
	return capable() || c->euid == tc->suid || c->euid == tc->uid ||
	       c->uid == tc->suid || c->uid == tc->uid;
}

/* kill: -ESRCH if nothing matches, -EPERM if no match may be signalled
 * (except for pid -1, which Linux then reports as success). */
SYSCALL_DEFINE2(kill, int, pid, int, sig)
{
	int found = 0, sent = 0;

	if (sig < 0 || sig > _NSIG)
		return -EINVAL;
	for (struct task *t = task_next(NULL); t; t = task_next(t)) {
		bool match = pid > 0 ? t->pid == pid
			   : pid == 0 ? t->pgid == current->pgid
			   : pid == -1 ? t->pid > 1 && t != current
			   : t->pgid == -pid;
		if (!match || t->state == TASK_ZOMBIE)
			continue;
		found++;
		if (!kill_permitted(t, sig))
			continue;
		sent++;
		if (sig)
			send_signal(t, sig);
	}
	if (!found)
		return -ESRCH;
	return sent || pid == -1 ? 0 : -EPERM;
}

SYSCALL_DEFINE2(tkill, int, tid, int, sig)
{
	return tid <= 0 ? -EINVAL : sys_kill(tid, sig);
}

SYSCALL_DEFINE3(tgkill, int, tgid, int, tid, int, sig)
{
	return tgid <= 0 || tid != tgid ? (tgid <= 0 ? -EINVAL : -ESRCH)
					 : sys_kill(tid, sig);
}

/* pause(): sleep until a signal is delivered; always -EINTR. */
SYSCALL_DEFINE0(pause)
{
	while (!signal_pending())
		sleep_on_interruptible(&current->sig_pending);
	return -EINTR;
}

SYSCALL_DEFINE2(rt_sigsuspend, const uint64_t *, umask, size_t, sigsetsize)
{
	uint64_t mask;

	if (sigsetsize != sizeof(uint64_t))
		return -EINVAL;
	if (copy_from_user(&mask, umask, sizeof(mask)))
		return -EFAULT;
	current->saved_sigmask = current->sig_blocked;
	current->restore_sigmask = true;
	current->sig_blocked = mask & ~UNBLOCKABLE;
	return sys_pause();
}
