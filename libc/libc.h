/*
 * libc-internal declarations: raw system calls and shared helpers.
 * Not installed; only libc sources include it.
 *
 * A raw system call returns what the kernel returns: a result, or -errno
 * (a value in -4095..-1).  Wrappers pass that through __syscall_ret(),
 * which turns -errno into errno = e and a return of -1.
 *
 * x86-64 convention: number in rax, arguments in rdi rsi rdx r10 r8 r9,
 * result in rax; the syscall instruction clobbers rcx and r11.
 */
#ifndef _LIBC_H
#define _LIBC_H

#include <sys/syscall.h>

static inline long __sc0(long n)
{
	long ret;
	__asm__ volatile("syscall" : "=a"(ret) : "a"(n)
			 : "rcx", "r11", "memory");
	return ret;
}

static inline long __sc1(long n, long a)
{
	long ret;
	__asm__ volatile("syscall" : "=a"(ret) : "a"(n), "D"(a)
			 : "rcx", "r11", "memory");
	return ret;
}

static inline long __sc2(long n, long a, long b)
{
	long ret;
	__asm__ volatile("syscall" : "=a"(ret) : "a"(n), "D"(a), "S"(b)
			 : "rcx", "r11", "memory");
	return ret;
}

static inline long __sc3(long n, long a, long b, long c)
{
	long ret;
	__asm__ volatile("syscall" : "=a"(ret) : "a"(n), "D"(a), "S"(b), "d"(c)
			 : "rcx", "r11", "memory");
	return ret;
}

static inline long __sc4(long n, long a, long b, long c, long d)
{
	long ret;
	register long r10 __asm__("r10") = d;
	__asm__ volatile("syscall" : "=a"(ret)
			 : "a"(n), "D"(a), "S"(b), "d"(c), "r"(r10)
			 : "rcx", "r11", "memory");
	return ret;
}

static inline long __sc5(long n, long a, long b, long c, long d, long e)
{
	long ret;
	register long r10 __asm__("r10") = d;
	register long r8 __asm__("r8") = e;
	__asm__ volatile("syscall" : "=a"(ret)
			 : "a"(n), "D"(a), "S"(b), "d"(c), "r"(r10), "r"(r8)
			 : "rcx", "r11", "memory");
	return ret;
}

static inline long __sc6(long n, long a, long b, long c, long d, long e,
			 long f)
{
	long ret;
	register long r10 __asm__("r10") = d;
	register long r8 __asm__("r8") = e;
	register long r9 __asm__("r9") = f;
	__asm__ volatile("syscall" : "=a"(ret)
			 : "a"(n), "D"(a), "S"(b), "d"(c), "r"(r10), "r"(r8),
			   "r"(r9)
			 : "rcx", "r11", "memory");
	return ret;
}

/* The same, casting each argument (int, pointer, size) to long. */
#define __syscall0(n)		__sc0(n)
#define __syscall1(n, a)	__sc1(n, (long)(a))
#define __syscall2(n, a, b)	__sc2(n, (long)(a), (long)(b))
#define __syscall3(n, a, b, c)	__sc3(n, (long)(a), (long)(b), (long)(c))
#define __syscall4(n, a, b, c, d) \
	__sc4(n, (long)(a), (long)(b), (long)(c), (long)(d))
#define __syscall5(n, a, b, c, d, e) \
	__sc5(n, (long)(a), (long)(b), (long)(c), (long)(d), (long)(e))
#define __syscall6(n, a, b, c, d, e, f) \
	__sc6(n, (long)(a), (long)(b), (long)(c), (long)(d), (long)(e), (long)(f))

/* -errno to errno and -1; anything else passes through.  (errno.c) */
long __syscall_ret(unsigned long r);

/* The auxiliary vector and argv[0]'s last component.  (start.c) */
extern unsigned long *__auxv;
extern const char *__progname;

/* Flush all streams at exit; weak, so exit() does not pull in stdio. */
void __stdio_exit(void) __attribute__((weak));

/* Restorer for signal handlers: calls rt_sigreturn.  (sigrestore.S) */
void __restore_rt(void);

#endif
