/*
 * wait4/waitid options and the wait status word.
 *
 * Status encoding (16 bits that matter):
 *   exited with code c:   c << 8            (low 7 bits zero)
 *   killed by signal s:   s | 0x80 if core  (bits 8..15 zero)
 *   stopped by signal s:  s << 8 | 0x7f
 *   continued:            0xffff
 */
#ifndef _UAPI_WAIT_H
#define _UAPI_WAIT_H

/* wait4 options. */
#define WNOHANG		0x00000001	/* return 0 instead of blocking */
#define WUNTRACED	0x00000002	/* also report stopped children */
#define WSTOPPED	WUNTRACED
#define WEXITED		0x00000004
#define WCONTINUED	0x00000008
#define WNOWAIT		0x01000000	/* leave the child waitable */
#define __WNOTHREAD	0x20000000
#define __WALL		0x40000000
#define __WCLONE	0x80000000

/* waitid idtype. */
#define P_ALL		0
#define P_PID		1
#define P_PGID		2
#define P_PIDFD		3

/* Building a status (kernel side). */
#define W_EXITCODE(code, sig)	(((code) & 0xff) << 8 | (sig))
#define W_STOPCODE(sig)		((sig) << 8 | 0x7f)
#define W_CONTINUED		0xffff
#define WCOREFLAG		0x80

/* Reading a status (user side). */
#define WEXITSTATUS(s)	(((s) & 0xff00) >> 8)
#define WTERMSIG(s)	((s) & 0x7f)
#define WSTOPSIG(s)	WEXITSTATUS(s)
#define WCOREDUMP(s)	((s) & WCOREFLAG)
#define WIFEXITED(s)	(WTERMSIG(s) == 0)
#define WIFSTOPPED(s)	(((s) & 0xff) == 0x7f)
#define WIFSIGNALED(s)	(WTERMSIG(s) != 0 && WTERMSIG(s) != 0x7f)
#define WIFCONTINUED(s)	((s) == W_CONTINUED)

#endif
