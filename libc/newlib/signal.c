/*
 * libc/newlib/signal.c - real signal handlers for newlib programs.
 *
 * newlib's own signal() and raise() (taken out of its libc.a with its
 * malloc, libc/newlib/newlib.mk) only run a handler for raise() in the
 * program itself.  Here signal() and sigaction() install the handler in
 * the kernel (rt_sigaction), so a fault, an alarm or another process's
 * kill reaches it as on Linux.  The kernel is always asked for SA_SIGINFO
 * and enters dispatch() with Linux's signal number and siginfo_t (whose
 * layout <sys/signal.h>, libc/newlib/include, is Linux's); dispatch()
 * puts newlib's number in si_signo and calls the program's handler with
 * one argument, or three if it asked for SA_SIGINFO.  signal() keeps
 * glibc's BSD semantics (SA_RESTART, the handler stays installed);
 * sigaction's flags have Linux's values and pass as they are.  Also
 * siglongjmp (sigsetjmp is sigsetjmp.S), and raise, pthread_kill and
 * pthread_sigmask, which act on the calling (or the named) thread.
 */
#include "pthread_impl.h"
#include <reent.h>
#include <setjmp.h>
#include <stddef.h>
#include <unistd.h>
#include "linux_defs.h"

/* What rt_sigaction reads and writes (include/uapi/signal.h). */
struct kernel_sigaction {
	union {
		_sig_func_ptr handler;
		void (*sigaction)(int, siginfo_t *, void *);
	};
	unsigned long flags;
	void (*restorer)(void);
	unsigned long mask;
};

/* The sigaction flags the kernel is given and reports back. */
#define PASSED_FLAGS	((unsigned long)(SA_NOCLDSTOP | SA_SIGINFO | SA_ONSTACK | \
					 SA_RESTART | SA_NODEFER | SA_RESETHAND))

_Static_assert(sizeof(siginfo_t) == 128 && offsetof(siginfo_t, si_code) == 8 &&
	       offsetof(siginfo_t, si_addr) == 16, "siginfo_t is Linux's");
_Static_assert(offsetof(__typeof__(((sigjmp_buf *)0)[0][0]), __savemask) == 64 &&
	       offsetof(__typeof__(((sigjmp_buf *)0)[0][0]), __mask) == 72,
	       "sigsetjmp.S's SJ_SAVEMASK and SJ_MASK");

static struct sigaction actions[NSIG];	/* by newlib's number */
void __pagoda_sigreturn(void);		/* crt0.S: rt_sigreturn */

/* The kernel's handler for every caught signal: the program's, by
 * newlib's number, with one argument or SA_SIGINFO's three. */
static void dispatch(int linux_sig, siginfo_t *si, void *uc)
{
	int sig = __pagoda_sig_from_linux(linux_sig);

	if (sig <= 0 || sig >= NSIG)
		return;
	si->si_signo = sig;
	if (actions[sig].sa_flags & SA_SIGINFO)
		actions[sig].sa_sigaction(sig, si, uc);
	else
		actions[sig].sa_handler(sig);
}

/* The kernel's view of act: a caught signal goes to dispatch. */
static struct kernel_sigaction to_kernel(const struct sigaction *act)
{
	struct kernel_sigaction k = {
		.flags = ((unsigned long)(unsigned)act->sa_flags & PASSED_FLAGS) |
			 LINUX_SA_RESTORER,
		.restorer = __pagoda_sigreturn,
		.mask = __pagoda_sigset_to_linux(act->sa_mask),
	};

	if (act->sa_handler == SIG_DFL || act->sa_handler == SIG_IGN) {
		k.handler = act->sa_handler;
	} else {
		k.sigaction = dispatch;
		k.flags |= LINUX_SA_SIGINFO;
	}
	return k;
}

/* A handler of the library's own for Linux signal lx, which newlib's
 * numbers cannot name (pthread_setxid.c): all signals blocked while it
 * runs, interrupted calls restarted.  0 or -1. */
int __pagoda_own_handler(int lx, void (*fn)(int, siginfo_t *, void *))
{
	struct kernel_sigaction k = {
		.sigaction = fn,
		.flags = LINUX_SA_SIGINFO | LINUX_SA_RESTART | LINUX_SA_RESTORER,
		.restorer = __pagoda_sigreturn,
		.mask = ~0ul,
	};

	return (int)__pagoda_ret(SC4(rt_sigaction, lx, &k, NULL, 8));
}

/* Install act for sig (if act) and record it; what it replaces in *old
 * (if old): the program's handler and SA_SIGINFO where dispatch stood. */
static int install(int sig, const struct sigaction *act, struct sigaction *old)
{
	int lx = __pagoda_sig_to_linux(sig);
	struct kernel_sigaction k, ko;
	struct sigaction prev;

	if (sig <= 0 || sig >= NSIG || lx <= 0 || (act && act->sa_handler == SIG_ERR)) {
		errno = EINVAL;
		return -1;
	}
	if (act)
		k = to_kernel(act);
	prev = actions[sig];
	if (act)
		actions[sig] = *act;
	if (__pagoda_ret(SC4(rt_sigaction, lx, act ? &k : NULL, &ko, 8)) < 0) {
		actions[sig] = prev;
		return -1;
	}
	if (!old)
		return 0;
	unsigned long flags = ko.flags & PASSED_FLAGS;
	if (ko.sigaction == dispatch) {
		old->sa_sigaction = prev.sa_sigaction;
		flags = (flags & ~(unsigned long)SA_SIGINFO) |
			((unsigned)prev.sa_flags & SA_SIGINFO);
	} else {
		old->sa_handler = ko.handler;
	}
	old->sa_mask = __pagoda_sigset_from_linux(ko.mask);
	old->sa_flags = (int)flags;
	return 0;
}

int sigaction(int sig, const struct sigaction *act, struct sigaction *old)
{
	return install(sig, act, old);
}

_sig_func_ptr signal(int sig, _sig_func_ptr h)
{
	struct sigaction sa = { .sa_handler = h, .sa_flags = SA_RESTART }, old;

	if (install(sig, &sa, &old) < 0)
		return SIG_ERR;
	return old.sa_handler;
}

/* The calling thread, as glibc's and musl's raise. */
int raise(int sig)
{
	int err = pthread_kill(pthread_self(), sig);

	if (err) {
		errno = err;
		return -1;
	}
	return 0;
}

/* tgkill(2) to the thread: 0 or an error number, errno untouched. */
int pthread_kill(pthread_t thread, int sig)
{
	int lx = __pagoda_sig_to_linux(sig);

	if (lx < 0)
		return EINVAL;
	long r = SC3(tgkill, SC0(getpid), ((struct pthread *)thread)->tid, lx);
	return r < 0 ? __pagoda_errno(r) : 0;
}

/* sigprocmask (the mask is the thread's), with an error number. */
int pthread_sigmask(int how, const sigset_t *set, sigset_t *old)
{
	int saved = errno, err = 0;

	if (sigprocmask(how, set, old) < 0)
		err = errno;
	errno = saved;
	return err;
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

/* Back to env's sigsetjmp, which returns val; with the signal mask it saw
 * if it was asked to save it (SIG_SETMASK is 2 in Linux). */
void siglongjmp(sigjmp_buf env, int val)
{
	if (env->__savemask)
		SC4(rt_sigprocmask, 2, &env->__mask, NULL, 8);
	longjmp(env->__jb, val);
}
