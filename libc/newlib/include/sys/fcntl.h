/*
 * <sys/fcntl.h> for newlib programs (what <fcntl.h> and <sys/file.h>
 * include): newlib's, with Linux's numbers and layout for what a program
 * hands the kernel as it is: the fcntl commands, the lock types and
 * struct flock (newlib's are BSD's: F_GETLK 7, F_RDLCK 1, a short
 * l_pid), AT_FDCWD and the AT_* flags (newlib's: -2 and 1, 2, 4, 8, 16).
 * newlib's libc.a uses none of them but F_GETFD..F_SETFL, which are the
 * same in both, so a program's fcntl() and raw syscall() pass Linux's.
 * Only the open() flags stay newlib's (its stdio uses them; translate.c
 * converts them), with O_PATH added in a bit newlib leaves free.  Plus
 * Linux's commands newlib lacks (F_OFD_*, the pipe sizes, F_[GS]ETSIG)
 * and fallocate.  tools/mknewlibmap checks the numbers against
 * include/uapi.
 */
#define flock __newlib_flock	/* newlib's struct flock, out of the way */
#include_next <sys/fcntl.h>
#undef flock

#ifndef PAGODA_NEWLIB_SYS_FCNTL_H
#define PAGODA_NEWLIB_SYS_FCNTL_H

#undef F_GETOWN
#undef F_SETOWN
#undef F_GETLK
#undef F_SETLK
#undef F_SETLKW
#undef F_RGETLK
#undef F_RSETLK
#undef F_CNVT
#undef F_RSETLKW
#undef F_DUPFD_CLOEXEC
#undef F_RDLCK
#undef F_WRLCK
#undef F_UNLCK
#undef F_UNLKSYS
#define F_GETLK		5	/* the first lock in the way */
#define F_SETLK		6	/* set or clear a lock, or fail */
#define F_SETLKW	7	/* set or clear a lock, waiting */
#define F_SETOWN	8	/* SIGIO's receiver */
#define F_GETOWN	9
#define F_SETSIG	10	/* the signal sent instead of SIGIO */
#define F_GETSIG	11
#define F_OFD_GETLK	36	/* locks owned by the open file description */
#define F_OFD_SETLK	37
#define F_OFD_SETLKW	38
#define F_DUPFD_CLOEXEC	1030
#define F_SETPIPE_SZ	1031	/* set a pipe's capacity */
#define F_GETPIPE_SZ	1032	/* get a pipe's capacity */

#define F_RDLCK		0
#define F_WRLCK		1
#define F_UNLCK		2

/* A record lock of F_GETLK, F_SETLK, F_SETLKW and the F_OFD_* commands. */
struct flock {
	short l_type;		/* F_RDLCK, F_WRLCK, F_UNLCK */
	short l_whence;		/* SEEK_SET, SEEK_CUR, SEEK_END */
	off_t l_start;		/* the first byte, from l_whence */
	off_t l_len;		/* bytes; 0: to the end and beyond */
	pid_t l_pid;		/* F_GETLK: the holder (-1: an OFD lock) */
};
int flock(int fd, int operation);

#undef AT_FDCWD
#undef AT_EACCESS
#undef AT_SYMLINK_NOFOLLOW
#undef AT_SYMLINK_FOLLOW
#undef AT_REMOVEDIR
#undef AT_EMPTY_PATH
#define AT_FDCWD		(-100)	/* the working directory */
#define AT_SYMLINK_NOFOLLOW	0x100
#define AT_EACCESS		0x200	/* faccessat: the effective ids */
#define AT_REMOVEDIR		0x200	/* unlinkat: act as rmdir */
#define AT_SYMLINK_FOLLOW	0x400
#define AT_NO_AUTOMOUNT		0x800
#define AT_EMPTY_PATH		0x1000	/* dirfd itself if the path is "" */

#ifndef O_PATH
#define O_PATH		0x2000000	/* a handle on the path only: no I/O */
#endif

#define FALLOC_FL_KEEP_SIZE	0x01	/* allocate, but do not grow the file */
#define FALLOC_FL_PUNCH_HOLE	0x02	/* free the range (with KEEP_SIZE) */
#define FALLOC_FL_NO_HIDE_STALE	0x04
#define FALLOC_FL_COLLAPSE_RANGE 0x08
#define FALLOC_FL_ZERO_RANGE	0x10
#define FALLOC_FL_INSERT_RANGE	0x20
#define FALLOC_FL_UNSHARE_RANGE	0x40
#define FALLOC_FL_WRITE_ZEROES	0x80
int fallocate(int fd, int mode, off_t offset, off_t len);

#endif
