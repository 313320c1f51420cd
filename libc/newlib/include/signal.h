/*
 * <signal.h> for newlib programs: newlib's, plus the sigaction flags its
 * bare-target header leaves out, with Linux's values (libc/newlib/
 * signal.c passes them to rt_sigaction as they are).
 */
#include_next <signal.h>

#ifndef SA_RESTART
#define SA_ONSTACK	0x08000000	/* the handler runs on the sigaltstack */
#define SA_RESTART	0x10000000	/* restart interrupted system calls */
#define SA_NODEFER	0x40000000	/* do not block the signal in its handler */
#define SA_RESETHAND	((int)0x80000000)	/* back to SIG_DFL once caught */
#endif
