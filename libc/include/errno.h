/*
 * errno: set by a failing system call wrapper, never cleared by libc.
 * Pagoda processes are single-threaded, so it is a plain global.
 */
#ifndef _ERRNO_H
#define _ERRNO_H

#include <uapi/errno.h>

extern int errno;

#endif
