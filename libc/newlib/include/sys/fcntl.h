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
 * and fallocate.  The numbers are include/uapi/fcntl.h's own lines, in
 * <pagoda/linux_fcntl.h> (tools/mknewlibmap writes it at make newlib):
 * that header cannot be included here, as its O_* are Linux's too.
 */
#define flock __newlib_flock	/* newlib's struct flock, out of the way */
#include_next <sys/fcntl.h>
#undef flock

#ifndef PAGODA_NEWLIB_SYS_FCNTL_H
#define PAGODA_NEWLIB_SYS_FCNTL_H

#undef F_RGETLK			/* newlib's BSD names Linux lacks */
#undef F_RSETLK
#undef F_CNVT
#undef F_RSETLKW
#undef F_UNLKSYS
#include <pagoda/linux_fcntl.h>	/* F_*, the lock types, AT_*, FALLOC_FL_* */

/* A record lock of F_GETLK, F_SETLK, F_SETLKW and the F_OFD_* commands. */
struct flock {
	short l_type;		/* F_RDLCK, F_WRLCK, F_UNLCK */
	short l_whence;		/* SEEK_SET, SEEK_CUR, SEEK_END */
	off_t l_start;		/* the first byte, from l_whence */
	off_t l_len;		/* bytes; 0: to the end and beyond */
	pid_t l_pid;		/* F_GETLK: the holder (-1: an OFD lock) */
};
int flock(int fd, int operation);

#ifndef O_PATH
#define O_PATH		0x2000000	/* a handle on the path only: no I/O */
#endif

int fallocate(int fd, int mode, off_t offset, off_t len);

#endif
