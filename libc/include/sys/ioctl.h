/*
 * Device control.
 */
#ifndef _SYS_IOCTL_H
#define _SYS_IOCTL_H

#include <uapi/ioctl.h>

int ioctl(int fd, unsigned long request, ...);

#endif
