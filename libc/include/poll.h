/*
 * poll.h - wait for events on file descriptors.
 */
#ifndef _POLL_H
#define _POLL_H

#include <uapi/poll.h>

typedef unsigned long nfds_t;

int poll(struct pollfd *fds, nfds_t nfds, int timeout);

#endif
