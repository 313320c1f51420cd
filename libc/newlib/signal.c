/*
 * libc/newlib/signal.c - real signal handlers for newlib programs.
 *
 * newlib's own signal() and raise() (taken out of its libc.a with its
 * malloc, libc/newlib/newlib.mk) only run a handler for raise() in the
 * program itself.  Here signal() and sigaction() install the handler in
 * the kernel (rt_sigaction), so a fault, an alarm or another process's
 * kill reaches it as on Linux.  The kernel passes Linux's signal number;
 * dispatch() calls the program's handler with newlib's.  signal() keeps
 * glibc's BSD semantics (SA_RESTART, the handler stays installed);
 * sigaction passes SA_RESTART, SA_NODEFER, SA_RESETHAND and SA_ONSTACK.
 */
#include "pagoda_sys.h"
#include <reent.h>
#include <unistd.h>
#include "linux_defs.h"

/* What rt_sigaction reads and writes (include/uapi/signal.h). */
struct kernel_sigaction {
	void (*handler)(int);
	unsigned long flags;
	void (*restorer)(void);
	unsigned long mask;
};

/* The flags <signal.h> gives Linux's values (libc/newlib/include). */
#define PASSED_FLAGS	((unsigned)(SA_ONSTACK | SA_RESTART | SA_NODEFER | SA_RESETHAND))

static _sig_func_ptr handlers[NSIG];	/* by newlib's number */
void __pagoda_sigreturn(void);		/* crt0.S: rt_sigreturn */

static void dispatch(int linux_sig)
{
	int sig = __pagoda_sig_from_linux(linux_sig);

	if (sig > 0 && sig < NSIG && handlers[sig])
		handlers[sig](sig);
}

/* Install h for sig with Linux's flags; the old handler in *old. */
static int install(int sig, _sig_func_ptr h, sigset_t mask, unsigned long flags,
		   _sig_func_ptr *old, sigset_t *old_mask, unsigned long *old_flags)
{
	int lx = __pagoda_sig_to_linux(sig);
	struct kernel_sigaction k = {
		.handler = (h == SIG_DFL || h == SIG_IGN) ? h : dispatch,
		.flags = flags | LINUX_SA_RESTORER,
		.restorer = __pagoda_sigreturn,
		.mask = __pagoda_sigset_to_linux(mask),
	}, ko;

	if (sig <= 0 || sig >= NSIG || lx <= 0 || h == SIG_ERR) {
		errno = EINVAL;
		return -1;
	}
	if (__pagoda_ret(SC4(rt_sigaction, lx, &k, &ko, 8)) < 0)
		return -1;
	if (old)
		*old = ko.handler == dispatch ? handlers[sig] : ko.handler;
	if (old_mask)
		*old_mask = __pagoda_sigset_from_linux(ko.mask);
	if (old_flags)
		*old_flags = ko.flags;
	handlers[sig] = h;
	return 0;
}

int sigaction(int sig, const struct sigaction *act, struct sigaction *old)
{
	struct kernel_sigaction ko;
	int lx = __pagoda_sig_to_linux(sig);

	if (!act) {
		if (sig <= 0 || sig >= NSIG || lx <= 0) {
			errno = EINVAL;
			return -1;
		}
		if (__pagoda_ret(SC4(rt_sigaction, lx, NULL, &ko, 8)) < 0)
			return -1;
		if (old) {
			old->sa_handler = ko.handler == dispatch ? handlers[sig] : ko.handler;
			old->sa_mask = __pagoda_sigset_from_linux(ko.mask);
			old->sa_flags = (ko.flags & LINUX_SA_NOCLDSTOP ? SA_NOCLDSTOP : 0) |
					(int)(ko.flags & PASSED_FLAGS);
		}
		return 0;
	}
	_sig_func_ptr oh;
	sigset_t om;
	unsigned long of;
	unsigned long flags = (act->sa_flags & SA_NOCLDSTOP ? LINUX_SA_NOCLDSTOP : 0) |
			      ((unsigned)act->sa_flags & PASSED_FLAGS);
	if (install(sig, act->sa_handler, act->sa_mask, flags, &oh, &om, &of) < 0)
		return -1;
	if (old) {
		old->sa_handler = oh;
		old->sa_mask = om;
		old->sa_flags = (of & LINUX_SA_NOCLDSTOP ? SA_NOCLDSTOP : 0) |
				(int)(of & PASSED_FLAGS);
	}
	return 0;
}

_sig_func_ptr signal(int sig, _sig_func_ptr h)
{
	_sig_func_ptr old;

	if (install(sig, h, 0, LINUX_SA_RESTART, &old, NULL, NULL) < 0)
		return SIG_ERR;
	return old;
}

int raise(int sig)
{
	return kill(getpid(), sig);
}

/* newlib's reentrant names for the two (abort calls raise). */
_sig_func_ptr _signal_r(struct _reent *r, int sig, _sig_func_ptr h)
{
	(void)r;
	return signal(sig, h);
}

int _raise_r(struct _reent *r, int sig)
{
	(void)r;
	return raise(sig);
}
