/*
 * Terminal attributes.  struct termios is the kernel's (see
 * <uapi/ioctl.h>), so tcgetattr/tcsetattr are single ioctls.
 */
#ifndef _TERMIOS_H
#define _TERMIOS_H

#include <uapi/ioctl.h>

int tcgetattr(int fd, struct termios *t);
int tcsetattr(int fd, int action, const struct termios *t);

#endif
