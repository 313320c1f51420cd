/*
 * <sys/signal.h> for newlib programs: newlib's, but with Linux's siginfo_t
 * (the kernel's layout, so a handler reads the frame the kernel built) and
 * a struct sigaction with sa_sigaction and the SA_* flags, all with Linux's
 * values (libc/newlib/signal.c hands them to rt_sigaction as they are; the
 * SA_* are include/uapi/signal.h's own lines, in <pagoda/linux_signal.h>
 * from tools/mknewlibmap, since that header's signal numbers are Linux's;
 * the si_* names and codes are include/uapi/siginfo.h itself).
 * newlib's bare-target siginfo_t and struct sigaction (and the calls that
 * take them) are renamed out of the way while its header is read.
 * Signal numbers stay newlib's: si_signo is translated before the
 * handler runs.
 */
#ifndef PAGODA_NEWLIB_SYS_SIGNAL_H
#define PAGODA_NEWLIB_SYS_SIGNAL_H

#define siginfo_t __newlib_siginfo_t
#define sigaction __newlib_sigaction
#define sigwaitinfo __newlib_sigwaitinfo
#define sigtimedwait __newlib_sigtimedwait
#include_next <sys/signal.h>
#undef siginfo_t
#undef sigaction
#undef sigwaitinfo
#undef sigtimedwait

typedef struct {
	int si_signo;		/* newlib's number */
	int si_errno;
	int si_code;		/* SI_*, or the signal's own codes below */
	int __pad0;
	union {
		int __pad[28];
		struct { pid_t pid; int uid; } _kill;
		struct { int tid; int overrun; union sigval value; } _timer;
		struct { pid_t pid; int uid; union sigval value; } _rt;
		struct { pid_t pid; int uid; int status; long utime, stime; } _sigchld;
		struct { void *addr; short addr_lsb; } _sigfault;
		struct { long band; int fd; } _sigpoll;
	} __fields;
} siginfo_t;

struct sigaction {
	union {
		_sig_func_ptr __handler;
		void (*__sigaction)(int, siginfo_t *, void *);	/* SA_SIGINFO */
	} __u;
	sigset_t sa_mask;
	int sa_flags;
};

#define sa_handler	__u.__handler
#define sa_sigaction	__u.__sigaction

int sigaction(int, const struct sigaction *, struct sigaction *);
int sigwaitinfo(const sigset_t *, siginfo_t *);
int sigtimedwait(const sigset_t *, siginfo_t *, const struct timespec *);

#include <pagoda/linux_signal.h>	/* the SA_* flags */

/* si_pid ... si_fd and the si_code values, Linux's own lines (newlib
 * numbers its few SI_* its own way: those go first). */
#undef SI_USER
#undef SI_QUEUE
#undef SI_TIMER
#undef SI_ASYNCIO
#undef SI_MESGQ
#include <uapi/siginfo.h>

#endif
