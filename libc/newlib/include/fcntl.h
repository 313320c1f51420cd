/*
 * <fcntl.h> for newlib programs: newlib's, plus the Linux commands it
 * lacks (libc/newlib/syscalls.c's fcntl passes them through unchanged).
 */
#include_next <fcntl.h>

#ifndef F_SETPIPE_SZ
#define F_SETPIPE_SZ	1031	/* set a pipe's capacity */
#define F_GETPIPE_SZ	1032	/* get a pipe's capacity */
#endif
