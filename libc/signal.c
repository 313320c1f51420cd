/*
 * Signals: sigaction and friends, and sigset_t operations.
 */
#include <errno.h>
#include <signal.h>
#include <unistd.h>
#include "libc.h"

/*
 * Install act for sig and/or fetch the old action.  The kernel's struct
 * has another field order; the restorer is always ours unless the caller
 * sets SA_RESTORER: a handler's `ret` lands in __restore_rt, which calls
 * rt_sigreturn to resume the interrupted code.
 */
int sigaction(int sig, const struct sigaction *restrict act,
	      struct sigaction *restrict old)
{
	struct kernel_sigaction k, ko;
	long r;

	if (act) {
		k.handler = act->sa_handler;
		k.flags = (unsigned int)act->sa_flags | SA_RESTORER;
		k.restorer = act->sa_flags & SA_RESTORER ? act->sa_restorer
							 : __restore_rt;
		k.mask = act->sa_mask.__bits[0];
	}
	r = __syscall4(SYS_rt_sigaction, sig, act ? &k : NULL,
		       old ? &ko : NULL, sizeof(k.mask));
	if (r == 0 && old) {
		old->sa_handler = ko.handler;
		old->sa_flags = (int)ko.flags;
		old->sa_restorer = ko.restorer;
		old->sa_mask.__bits[0] = ko.mask;
	}
	return __syscall_ret(r);
}

/* BSD semantics, as glibc: the handler stays, system calls restart. */
sighandler_t signal(int sig, sighandler_t handler)
{
	struct sigaction sa = { .sa_handler = handler, .sa_flags = SA_RESTART };
	struct sigaction old;

	if (sigaction(sig, &sa, &old) < 0)
		return SIG_ERR;
	return old.sa_handler;
}

int kill(pid_t pid, int sig)
{
	return __syscall_ret(__syscall2(SYS_kill, pid, sig));
}

/* Send sig to the calling process. */
int raise(int sig)
{
	return kill(getpid(), sig);
}

int sigprocmask(int how, const sigset_t *restrict set, sigset_t *restrict old)
{
	return __syscall_ret(__syscall4(SYS_rt_sigprocmask, how, set, old,
					sizeof(sigset_t)));
}

int sigpending(sigset_t *set)
{
	return __syscall_ret(__syscall2(SYS_rt_sigpending, set,
					sizeof(sigset_t)));
}

/* Wait for a signal with mask in force; always -1 (EINTR). */
int sigsuspend(const sigset_t *mask)
{
	return __syscall_ret(__syscall2(SYS_rt_sigsuspend, mask,
					sizeof(sigset_t)));
}

int sigaltstack(const stack_t *restrict ss, stack_t *restrict old)
{
	return __syscall_ret(__syscall2(SYS_sigaltstack, ss, old));
}

int sigemptyset(sigset_t *set)
{
	set->__bits[0] = 0;
	return 0;
}

int sigfillset(sigset_t *set)
{
	set->__bits[0] = ~0UL;
	return 0;
}

/* The bit for sig, or 0 with errno = EINVAL if sig is out of range. */
static unsigned long sigbit(int sig)
{
	if (sig < 1 || sig > _NSIG) {
		errno = EINVAL;
		return 0;
	}
	return 1UL << (sig - 1);
}

int sigaddset(sigset_t *set, int sig)
{
	unsigned long bit = sigbit(sig);

	set->__bits[0] |= bit;
	return bit ? 0 : -1;
}

int sigdelset(sigset_t *set, int sig)
{
	unsigned long bit = sigbit(sig);

	set->__bits[0] &= ~bit;
	return bit ? 0 : -1;
}

int sigismember(const sigset_t *set, int sig)
{
	unsigned long bit = sigbit(sig);

	if (!bit)
		return -1;
	return !!(set->__bits[0] & bit);
}
