/*
 * <sys/signal.h> for newlib programs: newlib's, but with Linux's siginfo_t
 * (the kernel's layout, so a handler reads the frame the kernel built) and
 * a struct sigaction with sa_sigaction and the SA_* flags, all with Linux's
 * values (libc/newlib/signal.c hands them to rt_sigaction as they are; the
 * generated linux_defs.h checks each against include/uapi/signal.h).
 * newlib's bare-target siginfo_t and struct sigaction are renamed out of
 * the way while its header is read.  Signal numbers stay newlib's: si_signo
 * is translated before the handler runs.
 */
#ifndef PAGODA_NEWLIB_SYS_SIGNAL_H
#define PAGODA_NEWLIB_SYS_SIGNAL_H

#define siginfo_t __newlib_siginfo_t
#define sigaction __newlib_sigaction
#include_next <sys/signal.h>
#undef siginfo_t
#undef sigaction

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

#define si_pid		__fields._kill.pid
#define si_uid		__fields._kill.uid
#define si_status	__fields._sigchld.status
#define si_utime	__fields._sigchld.utime
#define si_stime	__fields._sigchld.stime
#define si_value	__fields._rt.value
#define si_int		__fields._rt.value.sival_int
#define si_ptr		__fields._rt.value.sival_ptr
#define si_timerid	__fields._timer.tid
#define si_overrun	__fields._timer.overrun
#define si_addr		__fields._sigfault.addr
#define si_addr_lsb	__fields._sigfault.addr_lsb
#define si_band		__fields._sigpoll.band
#define si_fd		__fields._sigpoll.fd

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

#define SA_SIGINFO	0x00000004	/* handler(sig, siginfo_t *, ucontext) */
#define SA_ONSTACK	0x08000000	/* the handler runs on the sigaltstack */
#define SA_RESTART	0x10000000	/* restart interrupted system calls */
#define SA_NODEFER	0x40000000	/* do not block the signal in its handler */
#define SA_RESETHAND	0x80000000	/* back to SIG_DFL once caught */

/* si_code: who sent it (newlib numbers these its own way). */
#undef SI_USER
#undef SI_QUEUE
#undef SI_TIMER
#undef SI_ASYNCIO
#undef SI_MESGQ
#define SI_USER		0	/* kill() */
#define SI_KERNEL	0x80
#define SI_QUEUE	(-1)
#define SI_TIMER	(-2)
#define SI_MESGQ	(-3)
#define SI_ASYNCIO	(-4)
#define SI_SIGIO	(-5)
#define SI_TKILL	(-6)	/* tkill(), tgkill() */

#define ILL_ILLOPC	1
#define ILL_ILLOPN	2
#define ILL_ILLADR	3
#define ILL_ILLTRP	4
#define ILL_PRVOPC	5
#define ILL_PRVREG	6
#define ILL_COPROC	7
#define ILL_BADSTK	8

#define FPE_INTDIV	1
#define FPE_INTOVF	2
#define FPE_FLTDIV	3
#define FPE_FLTOVF	4
#define FPE_FLTUND	5
#define FPE_FLTRES	6
#define FPE_FLTINV	7
#define FPE_FLTSUB	8

#define SEGV_MAPERR	1	/* no mapping at the address */
#define SEGV_ACCERR	2	/* the mapping does not allow the access */
#define SEGV_BNDERR	3
#define SEGV_PKUERR	4

#define BUS_ADRALN	1
#define BUS_ADRERR	2	/* e.g. a file mapping beyond end of file */
#define BUS_OBJERR	3
#define BUS_MCEERR_AR	4
#define BUS_MCEERR_AO	5

#define TRAP_BRKPT	1
#define TRAP_TRACE	2

#define CLD_EXITED	1
#define CLD_KILLED	2
#define CLD_DUMPED	3
#define CLD_TRAPPED	4
#define CLD_STOPPED	5
#define CLD_CONTINUED	6

#endif
