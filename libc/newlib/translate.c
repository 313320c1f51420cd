/*
 * libc/newlib/translate.c - the raw system call, and newlib's numbers
 * against Linux's (see pagoda_sys.h for why both exist).
 */
#include "pagoda_sys.h"
#include <sys/wait.h>
#include "linux_map.h"

#define NPAIRS(t) (sizeof(t) / sizeof((t)[0]))

/* The syscall instruction: number in rax, arguments in rdi, rsi, rdx,
 * r10, r8, r9; rcx and r11 are clobbered.  Returns -errno on failure. */
long __pagoda_syscall(long nr, long a, long b, long c, long d, long e, long f)
{
	register long r10 __asm__("r10") = d;
	register long r8 __asm__("r8") = e;
	register long r9 __asm__("r9") = f;
	long ret;

	__asm__ volatile("syscall"
			 : "=a"(ret)
			 : "a"(nr), "D"(a), "S"(b), "d"(c), "r"(r10), "r"(r8), "r"(r9)
			 : "rcx", "r11", "memory");
	return ret;
}

/* errno from Linux's number: newlib's value of the same name. */
long __pagoda_ret(long r)
{
	if (r >= 0 || r < -4095)
		return r;
	errno = __pagoda_errno(r);
	return -1;
}

int __pagoda_errno(long r)
{
	for (unsigned i = 0; i < NPAIRS(errno_pairs); i++)
		if (errno_pairs[i].lx == -r)
			return errno_pairs[i].nl;
	return EINVAL;
}

/* Linux's number for newlib's errno value (0 for 0), or -1. */
int __pagoda_errno_to_linux(int errnum)
{
	if (errnum == 0)
		return 0;
	for (unsigned i = 0; i < NPAIRS(errno_pairs); i++)
		if (errno_pairs[i].nl == errnum)
			return (int)errno_pairs[i].lx;
	return -1;
}

int __pagoda_sig_to_linux(int sig)
{
	if (sig == 0)
		return 0;
	for (unsigned i = 0; i < NPAIRS(signal_pairs); i++)
		if (signal_pairs[i].nl == sig)
			return (int)signal_pairs[i].lx;
	return -1;
}

int __pagoda_sig_from_linux(int sig)
{
	for (unsigned i = 0; i < NPAIRS(signal_pairs); i++)
		if (signal_pairs[i].lx == sig)
			return signal_pairs[i].nl;
	return -1;
}

long __pagoda_oflags_to_linux(int flags)
{
	long lx = flags & O_ACCMODE;	/* 0, 1, 2 in both */

	for (unsigned i = 0; i < NPAIRS(oflag_pairs); i++)
		if ((flags & oflag_pairs[i].nl) == oflag_pairs[i].nl)
			lx |= oflag_pairs[i].lx;
	return lx;
}

int __pagoda_oflags_from_linux(long flags)
{
	int nl = flags & O_ACCMODE;

	for (unsigned i = 0; i < NPAIRS(oflag_pairs); i++)
		if ((flags & oflag_pairs[i].lx) == oflag_pairs[i].lx)
			nl |= oflag_pairs[i].nl;
	return nl;
}

/* A mask in newlib's numbering (its sigaddset sets bit n for signal n)
 * to Linux's (bit n-1). */
unsigned long __pagoda_sigset_to_linux(sigset_t set)
{
	unsigned long lx = 0;

	for (int sig = 1; sig < NSIG; sig++) {
		int l = __pagoda_sig_to_linux(sig);
		if ((set & (1ul << sig)) && l > 0)
			lx |= 1ul << (l - 1);
	}
	return lx;
}

sigset_t __pagoda_sigset_from_linux(unsigned long lx)
{
	sigset_t set = 0;

	for (int sig = 1; sig < NSIG; sig++) {
		int l = __pagoda_sig_to_linux(sig);
		if (l > 0 && (lx & (1ul << (l - 1))))
			set |= 1ul << sig;
	}
	return set;
}

/* A wait status: the terminating signal in newlib's numbers (newlib's
 * WIFEXITED/WTERMSIG read the same bit layout as Linux's). */
int __pagoda_status_from_linux(int status)
{
	int sig = status & 0x7f;

	if (sig == 0 || sig == 0x7f)
		return status;
	int nl = __pagoda_sig_from_linux(sig);
	return (status & ~0x7f) | (nl > 0 ? nl : sig);
}
