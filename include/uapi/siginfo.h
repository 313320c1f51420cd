/*
 * include/uapi/siginfo.h - the names a siginfo_t is read with (Linux's
 * include/uapi/asm-generic/siginfo.h): the field accessors si_pid ...
 * si_fd of the union in uapi/signal.h's siginfo_t, and the si_code
 * values.  Only macros, so that newlib's <sys/signal.h>, whose siginfo_t
 * has the same layout with its own types, uses these very lines.
 */
#ifndef _UAPI_SIGINFO_H
#define _UAPI_SIGINFO_H

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

/* si_code: who sent it (any signal). */
#define SI_USER		0	/* kill() */
#define SI_KERNEL	0x80
#define SI_QUEUE	(-1)
#define SI_TIMER	(-2)
#define SI_MESGQ	(-3)
#define SI_ASYNCIO	(-4)
#define SI_SIGIO	(-5)
#define SI_TKILL	(-6)	/* tkill(), tgkill() */

/* si_code for SIGILL. */
#define ILL_ILLOPC	1
#define ILL_ILLOPN	2
#define ILL_ILLADR	3
#define ILL_ILLTRP	4
#define ILL_PRVOPC	5
#define ILL_PRVREG	6
#define ILL_COPROC	7
#define ILL_BADSTK	8

/* si_code for SIGFPE. */
#define FPE_INTDIV	1
#define FPE_INTOVF	2
#define FPE_FLTDIV	3
#define FPE_FLTOVF	4
#define FPE_FLTUND	5
#define FPE_FLTRES	6
#define FPE_FLTINV	7
#define FPE_FLTSUB	8

/* si_code for SIGSEGV. */
#define SEGV_MAPERR	1	/* no mapping at the address */
#define SEGV_ACCERR	2	/* mapping does not allow the access */
#define SEGV_BNDERR	3
#define SEGV_PKUERR	4

/* si_code for SIGBUS. */
#define BUS_ADRALN	1
#define BUS_ADRERR	2	/* e.g. a file mapping beyond end of file */
#define BUS_OBJERR	3
#define BUS_MCEERR_AR	4
#define BUS_MCEERR_AO	5

/* si_code for SIGTRAP. */
#define TRAP_BRKPT	1
#define TRAP_TRACE	2

/* si_code for SIGCHLD. */
#define CLD_EXITED	1
#define CLD_KILLED	2
#define CLD_DUMPED	3
#define CLD_TRAPPED	4
#define CLD_STOPPED	5
#define CLD_CONTINUED	6

#endif
