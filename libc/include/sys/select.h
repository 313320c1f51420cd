/*
 * sys/select.h - select(2) and its fd sets (1024 descriptors, as Linux).
 */
#ifndef _SYS_SELECT_H
#define _SYS_SELECT_H

#include <sys/time.h>

#define FD_SETSIZE	1024

typedef struct {
	unsigned long fds_bits[FD_SETSIZE / (8 * sizeof(unsigned long))];
} fd_set;

#define __FD_BITS	(8 * sizeof(unsigned long))
#define FD_ZERO(s)	__builtin_memset((s), 0, sizeof(fd_set))
#define FD_SET(d, s)	((s)->fds_bits[(d) / __FD_BITS] |= 1ul << ((d) % __FD_BITS))
#define FD_CLR(d, s)	((s)->fds_bits[(d) / __FD_BITS] &= ~(1ul << ((d) % __FD_BITS)))
#define FD_ISSET(d, s)	(!!((s)->fds_bits[(d) / __FD_BITS] & (1ul << ((d) % __FD_BITS))))

int select(int nfds, fd_set *readfds, fd_set *writefds, fd_set *exceptfds,
	   struct timeval *timeout);

#endif
