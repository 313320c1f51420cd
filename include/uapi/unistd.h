/*
 * Small constants of file system calls: access() modes and lseek() whence.
 */
#ifndef _UAPI_UNISTD_H
#define _UAPI_UNISTD_H

/* access/faccessat mode: existence, or a mask of permissions. */
#define F_OK		0
#define X_OK		1
#define W_OK		2
#define R_OK		4

/* lseek whence. */
#define SEEK_SET	0
#define SEEK_CUR	1
#define SEEK_END	2
#define SEEK_DATA	3
#define SEEK_HOLE	4

#endif
