/*
 * <sys/prctl.h> for newlib programs (newlib has none): prctl, implemented
 * in libc/newlib/posix.c, with the options Pagoda has (Linux's numbers,
 * include/uapi/prctl.h).
 */
#ifndef PAGODA_NEWLIB_SYS_PRCTL_H
#define PAGODA_NEWLIB_SYS_PRCTL_H

#include <uapi/prctl.h>

int prctl(int option, ...);

#endif
