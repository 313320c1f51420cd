/*
 * libc/newlib/pagoda_sys.h - private to the newlib system layer: the raw
 * system call, and the translation between newlib's numbers and Linux's.
 *
 * newlib is built for a bare "x86_64-elf" target, so its headers number
 * errno values, signals and open() flags their own way (BSD's and its
 * embedded targets'), and lay out struct stat differently.  Pagoda
 * speaks Linux's ABI.  (Where newlib's libc.a does not use a number, a
 * header in libc/newlib/include gives Linux's instead: clock ids, fcntl
 * commands, AT_*.)  Every call in this layer converts at the boundary:
 * arguments into Linux's numbers, results (and errno) back into newlib's.
 * The tables come from tools/mknewlibmap, which reads include/uapi.
 */
#ifndef PAGODA_NEWLIB_SYS_H
#define PAGODA_NEWLIB_SYS_H

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <time.h>

/* The Linux x86-64 system call numbers, as NR_read = 0, ... */
#define __SYSCALL(nr, name) enum { NR_##name = nr };
#include <uapi/syscall_list.h>
#undef __SYSCALL

long __pagoda_syscall(long nr, long a, long b, long c, long d, long e, long f);
#define SC0(n)			__pagoda_syscall(NR_##n, 0, 0, 0, 0, 0, 0)
#define SC1(n, a)		__pagoda_syscall(NR_##n, (long)(a), 0, 0, 0, 0, 0)
#define SC2(n, a, b)		__pagoda_syscall(NR_##n, (long)(a), (long)(b), 0, 0, 0, 0)
#define SC3(n, a, b, c)		__pagoda_syscall(NR_##n, (long)(a), (long)(b), (long)(c), 0, 0, 0)
#define SC4(n, a, b, c, d)	__pagoda_syscall(NR_##n, (long)(a), (long)(b), (long)(c), (long)(d), 0, 0)
#define SC6(n, a, b, c, d, e, f) __pagoda_syscall(NR_##n, (long)(a), (long)(b), (long)(c), \
						  (long)(d), (long)(e), (long)(f))

/* A system call's result: r, or -1 with errno set from -r (Linux's). */
long __pagoda_ret(long r);
/* newlib's errno value for Linux's -r (pthread calls return it). */
int __pagoda_errno(long r);

/* newlib's numbers to Linux's and back; -1 (or 0 flags) if it has none. */
int __pagoda_sig_to_linux(int sig);
int __pagoda_sig_from_linux(int sig);
long __pagoda_oflags_to_linux(int flags);
int __pagoda_oflags_from_linux(long flags);
int __pagoda_status_from_linux(int status);
unsigned long __pagoda_sigset_to_linux(sigset_t set);
sigset_t __pagoda_sigset_from_linux(unsigned long lx);

#endif
