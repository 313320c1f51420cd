/*
 * <sys/select.h> for newlib programs: newlib's (select is in
 * libc/newlib/posix.c; fd_set is Linux's bit layout, FD_SETSIZE 64),
 * with FD_ISSET giving 0 or 1 as in glibc, not the bit itself.
 */
#include_next <sys/select.h>

#ifndef PAGODA_NEWLIB_SYS_SELECT_H
#define PAGODA_NEWLIB_SYS_SELECT_H
#undef FD_ISSET
#define FD_ISSET(n, p)	(((p)->fds_bits[(n) / NFDBITS] & (1ul << ((n) % NFDBITS))) != 0)
#endif
