/*
 * <sys/ucontext.h> for newlib programs (newlib has none): the machine
 * context a SA_SIGINFO handler's third argument points at, laid out as
 * the kernel builds it on x86-64 (glibc's names: ucontext_t, mcontext_t,
 * gregs[] indexed by REG_*); a handler's changes take effect at
 * rt_sigreturn.  uc_sigmask holds Linux's signal bits (bit n-1 for
 * Linux's signal n), not a newlib sigset_t, whose numbers differ.
 */
#ifndef PAGODA_NEWLIB_SYS_UCONTEXT_H
#define PAGODA_NEWLIB_SYS_UCONTEXT_H

#include <signal.h>

enum {
	REG_R8, REG_R9, REG_R10, REG_R11, REG_R12, REG_R13, REG_R14, REG_R15,
	REG_RDI, REG_RSI, REG_RBP, REG_RBX, REG_RDX, REG_RAX, REG_RCX, REG_RSP,
	REG_RIP, REG_EFL, REG_CSGSFS, REG_ERR, REG_TRAPNO, REG_OLDMASK, REG_CR2,
};
#define NGREG	23

typedef long long greg_t;
typedef greg_t gregset_t[NGREG];

/* The FXSAVE area the kernel saved (512 bytes). */
struct _libc_fpstate {
	unsigned short cwd, swd, ftw, fop;
	unsigned long long rip, rdp;
	unsigned int mxcsr, mxcr_mask;
	struct { unsigned short significand[4], exponent, __pad[3]; } _st[8];
	struct { unsigned int element[4]; } _xmm[16];
	unsigned int __reserved[24];
};
typedef struct _libc_fpstate *fpregset_t;

typedef struct {
	gregset_t gregs;
	fpregset_t fpregs;		/* NULL if the FPU was unused */
	unsigned long long __reserved1[8];
} mcontext_t;

typedef struct ucontext_t {
	unsigned long uc_flags;
	struct ucontext_t *uc_link;
	stack_t uc_stack;
	mcontext_t uc_mcontext;
	unsigned long uc_sigmask[16];	/* Linux's bits (glibc: 128 bytes) */
	struct _libc_fpstate __fpregs_mem;
	unsigned long long __ssp[4];
} ucontext_t;

#endif
