/*
 * Opening files and controlling descriptors.
 */
#ifndef _FCNTL_H
#define _FCNTL_H

#include <sys/types.h>
#include <uapi/fcntl.h>
#include <uapi/stat.h>		/* S_I* mode bits */
#include <uapi/unistd.h>	/* SEEK_* */

int open(const char *path, int flags, ...);
int openat(int dirfd, const char *path, int flags, ...);
int creat(const char *path, mode_t mode);
int fcntl(int fd, int cmd, ...);

#endif
