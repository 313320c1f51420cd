/*
 * kernel/signal.c - POSIX signals, enough for memory errors and processes.
 *
 * Sending sets a bit in the target's pending set, with the siginfo fields
 * beside it (a signal whose action is "ignore" is dropped at once, as Linux
 * does).  Delivery happens on the way back to user mode: get_signal takes
 * the next one, ending the process for a default action; a handler is run
 * by kernel/signal_frame.c, which builds Linux's rt_sigframe.  The system
 * calls of actions, masks and sending are here too.
 */
#include "kernel.h"
#include "x86.h"
#include "../mm/mm.h"
#include "syscalls.h"
#include <uapi/errno.h>
#include <uapi/signal.h>
#include <uapi/wait.h>

#define CORE_SIGNALS	(SIGBIT(SIGQUIT) | SIGBIT(SIGILL) | SIGBIT(SIGTRAP) | \
			 SIGBIT(SIGABRT) | SIGBIT(SIGBUS) | SIGBIT(SIGFPE) | \
			 SIGBIT(SIGSEGV) | SIGBIT(SIGXCPU) | SIGBIT(SIGXFSZ) | \
			 SIGBIT(SIGSYS))
/* No job control in Pagoda: stop signals are ignored (docs/divergences.md). */
#define IGNORED_BY_DEFAULT (SIGBIT(SIGCHLD) | SIGBIT(SIGCONT) | SIGBIT(SIGURG) | \
			    SIGBIT(SIGWINCH) | SIGBIT(SIGSTOP) | SIGBIT(SIGTSTP) | \
			    SIGBIT(SIGTTIN) | SIGBIT(SIGTTOU))

static bool sig_ignored(struct task *t, int sig)
{
	uint64_t h = t->sighand->action[sig - 1].handler;

	if (h == (uint64_t)SIG_IGN)
		return sig != SIGKILL;
	return h == (uint64_t)SIG_DFL && (IGNORED_BY_DEFAULT & SIGBIT(sig));
}

/* Would thread t take sig now (Linux's wants_signal)? */
static bool wants_signal(int sig, struct task *t)
{
	if (t->exiting || t->state == TASK_ZOMBIE || t->state == TASK_DEAD)
		return false;
	return sig == SIGKILL || !(t->sig_blocked & SIGBIT(sig));
}

/* A signal is pending for t: end its interruptible sleep. */
static void signal_wake_up(struct task *t)
{
	if (t->state == TASK_SLEEPING && t->interruptible)
		wake_task(t);
}

/* Find a thread to take a process-directed sig, t first (Linux's
 * complete_signal), and wake it.  None: the first to unblock it will. */
static void complete_signal(int sig, struct task *p)
{
	struct task *t;

	if (wants_signal(sig, p)) {
		signal_wake_up(p);
		return;
	}
	for_each_thread(p, t) {
		if (wants_signal(sig, t)) {
			signal_wake_up(t);
			return;
		}
	}
}

/* Mark ks->sig pending in p with its siginfo. */
static void set_pending(struct sigpending *p, const struct ksignal *ks)
{
	int sig = ks->sig;

	p->signal |= SIGBIT(sig);
	p->code[sig - 1] = ks->code;
	p->addr[sig - 1] = ks->addr;
	p->uid[sig - 1] = ks->uid;
	p->status[sig - 1] = ks->status;
	p->value[sig - 1] = ks->value;
}

/* A real-time signal already pending in p (of t's process): queue this
 * sending too.  Past RLIMIT_SIGPENDING a sigqueue gets -EAGAIN and a
 * kill() is only the pending one (Linux's __send_signal). */
static int queue_again(struct sigpending *p, struct task *t, const struct ksignal *ks)
{
	struct sigqueue *q = sigqueue_alloc(t->signal, ks);

	if (!q)
		return ks->code == SI_USER ? 0 : -EAGAIN;
	sigqueue_append(p, q);
	return 0;
}

/*
 * Queue ks->sig with its si_code, si_addr (or sender pid), uid, status and
 * value: for t's whole process if group (kill: any thread not blocking it
 * takes it), else for the thread t (tgkill).  A standard signal already
 * pending keeps the first one's siginfo (Linux's legacy_queue); a
 * real-time one is queued again.  Callable from interrupt handlers (for
 * standard signals).  0, -EINVAL or -EAGAIN.
 */
int send_signal_info(const struct ksignal *ks, struct task *t, bool group)
{
	int sig = ks->sig;

	if (sig < 1 || sig > _NSIG)
		return -EINVAL;
	if (!t || !t->signal->live || sig_ignored(t, sig))
		return 0;
	if (t->tgid == 1 && t->sighand->action[sig - 1].handler == (uint64_t)SIG_DFL)
		return 0;		/* init only gets signals it handles */
	struct sigpending *p = group ? &t->signal->shared_pending : &t->pending;
	if (p->signal & SIGBIT(sig))
		return sig >= SIGRTMIN ? queue_again(p, t, ks) : 0;
	uint64_t flags = irq_save();
	set_pending(p, ks);
	if (group)
		complete_signal(sig, t);
	else if (wants_signal(sig, t))
		signal_wake_up(t);
	irq_restore(flags);
	return 0;
}

/* send_signal_info of sig with a code and an address (or sender pid), the
 * uid the current task's (none in an interrupt: 0). */
static int do_send_sig(int sig, int code, uint64_t addr, struct task *t,
		       bool group)
{
	struct ksignal ks = { sig, code, addr, current ? current->cred.uid : 0, 0, 0 };

	return send_signal_info(&ks, t, group);
}

/* The process of leader tsk has ended: its exit_signal (SIGCHLD) to the
 * parent, with CLD_EXITED and the exit code, or CLD_KILLED / CLD_DUMPED
 * and the signal (Linux's do_notify_parent). */
void do_notify_parent(struct task *tsk, int sig)
{
	int code = tsk->signal->group_exit_code;
	struct ksignal ks = { sig, CLD_EXITED, (uint64_t)tsk->tgid, tsk->cred.uid,
			      WEXITSTATUS(code), 0 };

	if (!WIFEXITED(code)) {
		ks.code = code & 0x80 ? CLD_DUMPED : CLD_KILLED;
		ks.status = WTERMSIG(code);
	}
	send_signal_info(&ks, tsk->parent, true);
}

/* A process-directed signal from the current task (si_code SI_USER). */
int send_signal(struct task *t, int sig)
{
	return do_send_sig(sig, SI_USER, current ? (uint64_t)current->tgid : 0,
			   t, true);
}

/* A signal for the current thread alone (SIGPIPE), si_code SI_USER. */
int send_sig_current(int sig)
{
	return do_send_sig(sig, SI_USER, current->tgid, current, false);
}

/* SIGKILL to every other live thread of p's process (exit_group, a fatal
 * signal, execve). */
void zap_other_threads(struct task *p)
{
	struct task *t;

	for_each_thread(p, t) {
		if (t == p || t->state == TASK_ZOMBIE)
			continue;
		t->pending.signal |= SIGBIT(SIGKILL);
		signal_wake_up(t);
	}
}

/* The process's pending signals in which that tsk will not take now:
 * wake other threads that would (Linux's retarget_shared_pending). */
static void retarget_shared_pending(struct task *tsk, uint64_t which)
{
	uint64_t retarget = tsk->signal->shared_pending.signal & which;
	struct task *t;

	for_each_thread(tsk, t) {
		if (!retarget)
			return;
		if (t == tsk || t->exiting)
			continue;
		uint64_t wants = retarget & ~t->sig_blocked;
		if (wants) {
			signal_wake_up(t);
			retarget &= ~wants;
		}
	}
}

/* t is exiting: another thread must take the process's pending signals. */
void exit_signals(struct task *t)
{
	if (!thread_group_empty(t) && !(t->signal->flags & SIGNAL_GROUP_EXIT))
		retarget_shared_pending(t, ~t->sig_blocked);
}

/* A synchronous fault signal for the current thread, which cannot be
 * ignored or blocked away: if it is, the default action applies. */
void force_sig_fault(int sig, int code, uint64_t addr)
{
	struct k_sigaction *ka = &current->sighand->action[sig - 1];

	if (ka->handler == (uint64_t)SIG_IGN || (current->sig_blocked & SIGBIT(sig))) {
		ka->handler = (uint64_t)SIG_DFL;
		current->sig_blocked &= ~SIGBIT(sig);
	}
	current->pending.signal |= SIGBIT(sig);
	current->pending.code[sig - 1] = code;
	current->pending.addr[sig - 1] = addr;
	current->pending.uid[sig - 1] = 0;
	current->pending.status[sig - 1] = 0;
	current->pending.value[sig - 1] = 0;
}


/*
 * A core signal ends the process as do_group_exit does, but the thread
 * that took it first stops the others and writes the core file, if
 * RLIMIT_CORE allows (WCOREDUMP, 0x80, in the status): once, and not for
 * a process already exiting or exec'ing, as Linux's coredump_wait.
 */
static __noreturn void sig_core_exit(int sig, const struct trapframe *tf)
{
	struct signal_struct *s = current->signal;

	if (!(s->flags & SIGNAL_GROUP_EXIT) && !s->group_exec_task) {
		s->flags |= SIGNAL_GROUP_EXIT;
		s->group_exit_code = sig;
		zap_other_threads(current);
		if (do_coredump(sig, tf))
			s->group_exit_code |= 0x80;
	}
	do_group_exit(sig);
}

/* The default action of an unhandled signal: end the process. */
static __noreturn void sig_default_exit(const struct ksignal *ks,
					struct trapframe *tf)
{
	int sig = ks->sig;

	if ((sig == SIGSEGV || sig == SIGBUS) && ks->code > 0)
		printk("pid %d (%s): %s at %lx ip %lx\n", current->pid,
		       current->comm, sig == SIGSEGV ? "segfault" : "bus error",
		       ks->addr, tf->rip);
	if (CORE_SIGNALS & SIGBIT(sig))
		sig_core_exit(sig, tf);
	do_group_exit(sig);
}

/*
 * Take the next signal in mask for the current thread: synchronous faults
 * first, then its own signals, then its process's (as Linux's
 * dequeue_signal).  Returns 0 if none.
 */
int dequeue_signal(uint64_t mask, struct ksignal *ks)
{
	struct sigpending *p = &current->pending;
	uint64_t ready = p->signal & mask;

	if (!ready) {
		p = &current->signal->shared_pending;
		ready = p->signal & mask;
	}
	if (!ready)
		return 0;
	int sig = __builtin_ctzll(ready) + 1;
	if (ready & SIGBIT(SIGSEGV))
		sig = SIGSEGV;
	else if (ready & SIGBIT(SIGBUS))
		sig = SIGBUS;
	uint64_t flags = irq_save();	/* send_signal may run in an IRQ */
	p->signal &= ~SIGBIT(sig);
	irq_restore(flags);
	*ks = (struct ksignal){ sig, p->code[sig - 1], p->addr[sig - 1],
				p->uid[sig - 1], p->status[sig - 1], p->value[sig - 1] };
	struct ksignal next;
	struct sigqueue *q = sig >= SIGRTMIN ? sigqueue_take(p, sig, &next) : NULL;
	if (q) {			/* the next sending of it stays pending */
		flags = irq_save();
		set_pending(p, &next);
		irq_restore(flags);
		sigqueue_free(current->signal, q);
	}
	return sig;
}

/*
 * The next signal with a handler to run (Linux's get_signal): in *ks, its
 * action in *ka.  Ignored signals are dropped and default actions taken
 * here (the process ends).  Returns false if no handler is to run.
 */
bool get_signal(struct ksignal *ks, struct k_sigaction **ka, struct trapframe *tf)
{
	while (dequeue_signal(~(current->sig_blocked & ~UNBLOCKABLE), ks)) {
		int sig = ks->sig;
		*ka = &current->sighand->action[sig - 1];
		if (sig != SIGKILL && (*ka)->handler == (uint64_t)SIG_IGN)
			continue;
		if (sig == SIGKILL || (*ka)->handler == (uint64_t)SIG_DFL) {
			if (IGNORED_BY_DEFAULT & SIGBIT(sig))
				continue;
			sig_default_exit(ks, tf);
		}
		return true;
	}
	return false;
}

/* sig is ignored now: drop it wherever it is pending in the process. */
static void flush_ignored(int sig)
{
	struct task *t;

	current->signal->shared_pending.signal &= ~SIGBIT(sig);
	sigqueue_flush(&current->signal->shared_pending, current->signal, sig);
	for_each_thread(current, t) {
		t->pending.signal &= ~SIGBIT(sig);
		sigqueue_flush(&t->pending, t->signal, sig);
	}
}

SYSCALL_DEFINE4(rt_sigaction, int, sig, const struct k_sigaction *, uact,
		struct k_sigaction *, uold, size_t, sigsetsize)
{
	struct k_sigaction ka, *action = current->sighand->action;

	if (sigsetsize != sizeof(uint64_t) || sig < 1 || sig > _NSIG)
		return -EINVAL;
	if (uact && (sig == SIGKILL || sig == SIGSTOP))
		return -EINVAL;
	if (uact && copy_from_user(&ka, uact, sizeof(ka)))
		return -EFAULT;
	if (uold && copy_to_user(uold, &action[sig - 1], sizeof(ka)))
		return -EFAULT;
	if (uact) {
		ka.mask &= ~UNBLOCKABLE;
		action[sig - 1] = ka;
		if (sig_ignored(current, sig))
			flush_ignored(sig);
	}
	return 0;
}

/* Set the current thread's mask; process signals it now blocks go to
 * another thread (Linux's set_current_blocked). */
void set_current_blocked(uint64_t set)
{
	uint64_t newly = set & ~current->sig_blocked;

	current->sig_blocked = set & ~UNBLOCKABLE;
	if (!thread_group_empty(current))
		retarget_shared_pending(current, newly);
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
			set |= old;
		else if (how == SIG_UNBLOCK)
			set = old & ~set;
		else if (how != SIG_SETMASK)
			return -EINVAL;
		set_current_blocked(set);
	}
	if (uold && copy_to_user(uold, &old, sizeof(old)))
		return -EFAULT;
	return 0;
}

/* The blocked signals waiting for this thread: its own and its
 * process's (a shorter set is allowed, as Linux). */
SYSCALL_DEFINE2(rt_sigpending, uint64_t *, uset, size_t, sigsetsize)
{
	uint64_t set = (current->pending.signal |
			current->signal->shared_pending.signal) & current->sig_blocked;

	if (sigsetsize > sizeof(set))
		return -EINVAL;
	return copy_to_user(uset, &set, sigsetsize) ? -EFAULT : 0;
}

/* May the current task signal t?  As Linux's check_kill_permission: a
 * thread of its own process, root, or a real or effective uid equal to
 * t's real or saved one; SIGCONT within the session. */
bool kill_permitted(struct task *t, int sig)
{
	const struct cred *c = &current->cred, *tc = &t->cred;

	if (t->signal == current->signal)
		return true;
	if (sig == SIGCONT && t->signal->sid == current->signal->sid)
		return true;
	return capable() || c->euid == tc->suid || c->euid == tc->uid ||
	       c->uid == tc->suid || c->uid == tc->uid;
}

/* kill(pid, sig): pid > 0 the process of task pid, 0 the caller's group,
 * -1 all others but init, < -1 the group -pid.  sig 0 only checks
 * existence.  Every match is a process-directed signal.  -ESRCH if
 * nothing matches, -EPERM if no match may be signalled (except for pid
 * -1, which Linux then reports as success). */
SYSCALL_DEFINE2(kill, int, pid, int, sig)
{
	int found = 0, sent = 0;

	if (sig < 0 || sig > _NSIG)
		return -EINVAL;
	if (pid > 0) {
		struct task *t = find_task(pid);
		if (!t || !t->signal->live)
			return -ESRCH;
		if (!kill_permitted(t, sig))
			return -EPERM;
		return sig ? send_signal(t, sig) : 0;
	}
	for (struct task *t = task_next(NULL); t; t = task_next(t)) {
		int pgid = t->signal->pgid;
		bool match = pid == 0 ? pgid == current->signal->pgid
			   : pid == -1 ? t->tgid > 1 && t->signal != current->signal
			   : pgid == -pid;
		if (!match || !thread_group_leader(t) || !t->signal->live)
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

/* A signal for thread tid (of process tgid if tgid > 0), SI_TKILL: the
 * checks of Linux's do_send_specific, in its order. */
static long do_tkill(int tgid, int tid, int sig)
{
	struct task *t = find_task(tid);

	if (!t || t->state == TASK_DEAD || (tgid > 0 && t->tgid != tgid))
		return -ESRCH;
	if (sig < 0 || sig > _NSIG)
		return -EINVAL;
	if (!kill_permitted(t, sig))
		return -EPERM;
	return sig ? do_send_sig(sig, SI_TKILL, current->tgid, t, false) : 0;
}

SYSCALL_DEFINE2(tkill, int, tid, int, sig)
{
	return tid <= 0 ? -EINVAL : do_tkill(0, tid, sig);
}

SYSCALL_DEFINE3(tgkill, int, tgid, int, tid, int, sig)
{
	return tgid <= 0 || tid <= 0 ? -EINVAL : do_tkill(tgid, tid, sig);
}

/* pause(): sleep until a signal is delivered; always -EINTR. */
SYSCALL_DEFINE0(pause)
{
	while (!signal_pending())
		sleep_on_interruptible(&current->pending);
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
	set_current_blocked(mask);
	return sys_pause();
}
