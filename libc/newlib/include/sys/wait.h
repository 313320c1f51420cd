/*
 * <sys/wait.h> for newlib programs: newlib's, plus WCOREDUMP (the 0x80
 * bit of the status, which its comment names and its macros leave out)
 * and Linux's __WALL, __WCLONE and __WNOTHREAD.
 */
#include_next <sys/wait.h>

#ifndef WCOREDUMP
#define WCOREDUMP(w)	((w) & 0x80)
#endif

/* Linux's waitpid options for clone children (WNOHANG and WUNTRACED are
 * the same numbers in both). */
#ifndef __WALL
#define __WNOTHREAD	0x20000000	/* not the children of other threads */
#define __WALL		0x40000000	/* clone children too */
#define __WCLONE	0x80000000	/* only clone children */
#endif
