/*
 * open/openat flags, fcntl commands and the *at() directory-fd flags.
 *
 * Values are Linux x86-64's (asm-generic/fcntl.h, linux/fcntl.h); the
 * O_* values are octal there and here.
 */
#ifndef _UAPI_FCNTL_H
#define _UAPI_FCNTL_H

/* open flags: the access mode (low two bits) ... */
#define O_RDONLY	00000000
#define O_WRONLY	00000001
#define O_RDWR		00000002
#define O_ACCMODE	00000003

/* ... and modifiers. */
#define O_CREAT		00000100
#define O_EXCL		00000200
#define O_NOCTTY	00000400
#define O_TRUNC		00001000
#define O_APPEND	00002000
#define O_NONBLOCK	00004000
#define O_NDELAY	O_NONBLOCK
#define O_DSYNC		00010000
#define O_ASYNC		00020000
#define O_DIRECT	00040000
#define O_LARGEFILE	00100000	/* implied on 64-bit */
#define O_DIRECTORY	00200000	/* fail unless a directory */
#define O_NOFOLLOW	00400000	/* fail if the last component is a symlink */
#define O_NOATIME	01000000
#define O_CLOEXEC	02000000	/* set FD_CLOEXEC on the new fd */
#define O_SYNC		04010000
#define O_RSYNC		O_SYNC
#define O_PATH		010000000	/* a handle on the path only: no I/O */
#define O_TMPFILE	(020000000 | O_DIRECTORY)

/* fcntl commands. */
#define F_DUPFD		0
#define F_GETFD		1
#define F_SETFD		2
#define F_GETFL		3
#define F_SETFL		4
#define F_GETLK		5
#define F_SETLK		6
#define F_SETLKW	7
#define F_SETOWN	8
#define F_GETOWN	9
#define F_SETSIG	10
#define F_GETSIG	11
#define F_OFD_GETLK	36		/* locks of the open file description */
#define F_OFD_SETLK	37
#define F_OFD_SETLKW	38
#define F_DUPFD_CLOEXEC	1030
#define F_SETPIPE_SZ	1031
#define F_GETPIPE_SZ	1032

/* F_GETFD/F_SETFD flag. */
#define FD_CLOEXEC	1

/* Lock types for struct flock. */
#define F_RDLCK		0
#define F_WRLCK		1
#define F_UNLCK		2

/* The record lock of F_GETLK/F_SETLK/F_SETLKW and the F_OFD_* commands. */
struct flock {
	short l_type;			/* F_RDLCK, F_WRLCK, F_UNLCK */
	short l_whence;			/* SEEK_SET, SEEK_CUR, SEEK_END */
	long l_start;			/* first byte, from l_whence */
	long l_len;			/* bytes; 0: to the end and beyond;
					 * negative: the bytes before l_start */
	int l_pid;			/* F_GETLK: the holder (-1: an OFD lock) */
};

/* flock(2) operations. */
#define LOCK_SH		1		/* shared */
#define LOCK_EX		2		/* exclusive */
#define LOCK_NB		4		/* fail with EWOULDBLOCK, do not wait */
#define LOCK_UN		8		/* unlock */

/* The *at() calls: a dirfd meaning "the current directory", and flags. */
#define AT_FDCWD		(-100)
#define AT_SYMLINK_NOFOLLOW	0x100
#define AT_EACCESS		0x200	/* faccessat: use effective ids */
#define AT_REMOVEDIR		0x200	/* unlinkat: act as rmdir */
#define AT_SYMLINK_FOLLOW	0x400
#define AT_NO_AUTOMOUNT		0x800
#define AT_EMPTY_PATH		0x1000	/* operate on dirfd itself if path is "" */

/* fallocate modes (Linux's falloc.h). */
#define FALLOC_FL_KEEP_SIZE	0x01	/* allocate, but do not grow the file */
#define FALLOC_FL_PUNCH_HOLE	0x02
#define FALLOC_FL_NO_HIDE_STALE	0x04
#define FALLOC_FL_COLLAPSE_RANGE 0x08
#define FALLOC_FL_ZERO_RANGE	0x10
#define FALLOC_FL_INSERT_RANGE	0x20
#define FALLOC_FL_UNSHARE_RANGE	0x40
#define FALLOC_FL_WRITE_ZEROES	0x80

/* renameat2 flags. */
#define RENAME_NOREPLACE	1
#define RENAME_EXCHANGE		2
#define RENAME_WHITEOUT		4

#endif
