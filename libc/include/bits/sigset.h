/*
 * sigset_t: one bit per signal, bit (sig - 1), the same 64-bit word the
 * kernel uses, so it is passed to rt_sigprocmask as is (sigsetsize 8).
 * Shared by <signal.h> and <setjmp.h>.
 */
#ifndef _BITS_SIGSET_H
#define _BITS_SIGSET_H

typedef struct {
	unsigned long __bits[1];
} sigset_t;

#endif
