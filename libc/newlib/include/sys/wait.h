/*
 * <sys/wait.h> for newlib programs: newlib's, plus WCOREDUMP (the 0x80
 * bit of the status, which its comment names and its macros leave out).
 */
#include_next <sys/wait.h>

#ifndef WCOREDUMP
#define WCOREDUMP(w)	((w) & 0x80)
#endif
