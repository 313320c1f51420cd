/*
 * Signals.
 *
 * struct sigaction is the usual user-side one; sigaction() converts it to
 * the kernel's struct kernel_sigaction and always passes SA_RESTORER with
 * __restore_rt, which returns from a handler through rt_sigreturn.
 */
#ifndef _SIGNAL_H
#define _SIGNAL_H

#include <sys/types.h>
#include <bits/sigset.h>
#include <uapi/signal.h>

#define NSIG		(_NSIG + 1)

typedef int sig_atomic_t;
typedef __sighandler_t sighandler_t;
typedef struct ucontext ucontext_t;

struct sigaction {
	union {
		void (*sa_handler)(int);
		void (*sa_sigaction)(int, siginfo_t *, void *);
	} __sa_handler;
	sigset_t sa_mask;
	int sa_flags;
	void (*sa_restorer)(void);
};
#define sa_handler	__sa_handler.sa_handler
#define sa_sigaction	__sa_handler.sa_sigaction

int sigaction(int sig, const struct sigaction *restrict act,
	      struct sigaction *restrict old);
sighandler_t signal(int sig, sighandler_t handler);
int raise(int sig);
int kill(pid_t pid, int sig);
int sigprocmask(int how, const sigset_t *restrict set, sigset_t *restrict old);
int sigpending(sigset_t *set);
int sigsuspend(const sigset_t *mask);
int sigaltstack(const stack_t *restrict ss, stack_t *restrict old);

int sigemptyset(sigset_t *set);
int sigfillset(sigset_t *set);
int sigaddset(sigset_t *set, int sig);
int sigdelset(sigset_t *set, int sig);
int sigismember(const sigset_t *set, int sig);

#endif
