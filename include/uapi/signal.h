/*
 * Signals: numbers, sigaction flags, siginfo_t and the x86-64 signal frame.
 *
 * Layouts are Linux x86-64's (asm/signal.h, asm-generic/siginfo.h,
 * asm/sigcontext.h, asm/ucontext.h).  The kernel's signal mask is one
 * 64-bit word: bit (sig - 1) stands for signal sig.
 *
 * Signal frame, as Linux builds it when it delivers a signal: below the
 * interrupted rsp (minus the 128-byte red zone, or on the altstack) it
 * places a struct rt_sigframe { restorer address; struct ucontext uc;
 * siginfo_t info; } followed by the FPU state (512 bytes fxsave,
 * 64-byte aligned, uc.uc_mcontext.fpstate points at it), and enters the
 * handler with rdi = sig, rsi = &info, rdx = &uc, rax = 0 and rsp pointing
 * at the restorer address, so that `ret` from the handler jumps to the
 * restorer, which calls rt_sigreturn (15) to restore uc.
 */
#ifndef _UAPI_SIGNAL_H
#define _UAPI_SIGNAL_H

#include <uapi/types.h>

#define _NSIG		64	/* signals are 1.._NSIG */

#define SIGHUP		1
#define SIGINT		2
#define SIGQUIT		3
#define SIGILL		4
#define SIGTRAP		5
#define SIGABRT		6
#define SIGIOT		6
#define SIGBUS		7
#define SIGFPE		8
#define SIGKILL		9
#define SIGUSR1		10
#define SIGSEGV		11
#define SIGUSR2		12
#define SIGPIPE		13
#define SIGALRM		14
#define SIGTERM		15
#define SIGSTKFLT	16
#define SIGCHLD		17
#define SIGCONT		18
#define SIGSTOP		19
#define SIGTSTP		20
#define SIGTTIN		21
#define SIGTTOU		22
#define SIGURG		23
#define SIGXCPU		24
#define SIGXFSZ		25
#define SIGVTALRM	26
#define SIGPROF		27
#define SIGWINCH	28
#define SIGIO		29
#define SIGPOLL		SIGIO
#define SIGPWR		30
#define SIGSYS		31
#define SIGRTMIN	32
#define SIGRTMAX	_NSIG

/* sigaction flags. */
#define SA_NOCLDSTOP	0x00000001
#define SA_NOCLDWAIT	0x00000002
#define SA_SIGINFO	0x00000004	/* handler(sig, siginfo_t *, ucontext *) */
#define SA_RESTORER	0x04000000	/* restorer field is valid */
#define SA_ONSTACK	0x08000000
#define SA_RESTART	0x10000000
#define SA_NODEFER	0x40000000
#define SA_RESETHAND	0x80000000
#define SA_NOMASK	SA_NODEFER
#define SA_ONESHOT	SA_RESETHAND

/* rt_sigprocmask how. */
#define SIG_BLOCK	0
#define SIG_UNBLOCK	1
#define SIG_SETMASK	2

typedef void (*__sighandler_t)(int);
typedef void (*__sigrestore_t)(void);

#define SIG_DFL		((__sighandler_t)0)
#define SIG_IGN		((__sighandler_t)1)
#define SIG_ERR		((__sighandler_t)-1)

/*
 * What rt_sigaction(sig, act, oact, sizeof(mask)) reads and writes: note
 * the order differs from libc's struct sigaction (mask last, restorer).
 */
struct kernel_sigaction {
	__sighandler_t handler;		/* SIG_DFL, SIG_IGN or a function */
	__u64 flags;			/* SA_* */
	__sigrestore_t restorer;	/* used when SA_RESTORER is set */
	__u64 mask;			/* blocked during the handler */
};

/* sigaltstack. */
#define SS_ONSTACK	1
#define SS_DISABLE	2
#define MINSIGSTKSZ	2048
#define SIGSTKSZ	8192

typedef struct sigaltstack {
	void *ss_sp;
	int ss_flags;
	__kernel_size_t ss_size;
} stack_t;

union sigval {
	int sival_int;
	void *sival_ptr;
};

/*
 * siginfo_t: 128 bytes; signo, errno, code, then a union at offset 16
 * whose member depends on the signal and si_code.
 */
typedef struct siginfo {
	int si_signo;
	int si_errno;
	int si_code;
	int __pad0;
	union {
		int __pad[28];
		struct {			/* kill, tkill, SI_USER */
			__kernel_pid_t pid;
			__kernel_uid_t uid;
		} _kill;
		struct {			/* POSIX timers */
			int tid;
			int overrun;
			union sigval value;
		} _timer;
		struct {			/* sigqueue, SI_QUEUE */
			__kernel_pid_t pid;
			__kernel_uid_t uid;
			union sigval value;
		} _rt;
		struct {			/* SIGCHLD */
			__kernel_pid_t pid;
			__kernel_uid_t uid;
			int status;		/* exit code, or signal number */
			__kernel_clock_t utime;
			__kernel_clock_t stime;
		} _sigchld;
		struct {			/* SIGSEGV SIGBUS SIGILL SIGFPE SIGTRAP */
			void *addr;		/* faulting address */
			short addr_lsb;
		} _sigfault;
		struct {			/* SIGIO */
			long band;
			int fd;
		} _sigpoll;
	} __fields;
} siginfo_t;

/* si_pid ... si_fd, and the si_code values (SI_*, SEGV_*, CLD_*, ...):
 * shared with newlib's <sys/signal.h>. */
#include "siginfo.h"

/* The 512-byte fxsave image that fpstate points at. */
struct _fpstate {
	__u16 cwd;
	__u16 swd;
	__u16 twd;
	__u16 fop;
	__u64 rip;
	__u64 rdp;
	__u32 mxcsr;
	__u32 mxcsr_mask;
	__u32 st_space[32];	/* 8 x87 registers, 16 bytes each */
	__u32 xmm_space[64];	/* 16 xmm registers, 16 bytes each */
	__u32 reserved2[12];
	__u32 reserved3[12];
};

/* Saved registers in a signal frame: 256 bytes. */
struct sigcontext {
	__u64 r8, r9, r10, r11, r12, r13, r14, r15;
	__u64 rdi, rsi, rbp, rbx, rdx, rax, rcx, rsp;
	__u64 rip;
	__u64 eflags;
	__u16 cs, gs, fs, ss;
	__u64 err;		/* page-fault error code */
	__u64 trapno;		/* exception vector, 14 for a page fault */
	__u64 oldmask;
	__u64 cr2;		/* faulting address */
	struct _fpstate *fpstate;
	__u64 reserved1[8];
};

#define UC_FP_XSTATE	0x1

/* The third handler argument with SA_SIGINFO. */
struct ucontext {
	__u64 uc_flags;
	struct ucontext *uc_link;
	stack_t uc_stack;
	struct sigcontext uc_mcontext;	/* offset 40 */
	__u64 uc_sigmask;		/* offset 296: mask to restore */
};

#endif
