/*
 * struct stat as stat/fstat/lstat/newfstatat fill it on x86-64 (144 bytes),
 * and the file mode bits.
 */
#ifndef _UAPI_STAT_H
#define _UAPI_STAT_H

#include <uapi/time.h>

struct stat {
	__u64 st_dev;
	__u64 st_ino;
	__u64 st_nlink;			/* x86-64 puts nlink before mode */
	__u32 st_mode;
	__u32 st_uid;
	__u32 st_gid;
	__u32 __pad0;
	__u64 st_rdev;
	__s64 st_size;			/* bytes */
	__s64 st_blksize;		/* preferred I/O size */
	__s64 st_blocks;		/* 512-byte units allocated */
	struct timespec st_atim;
	struct timespec st_mtim;
	struct timespec st_ctim;
	__s64 __reserved[3];
};

/* File type: the S_IFMT bits of st_mode. */
#define S_IFMT		0170000
#define S_IFSOCK	0140000
#define S_IFLNK		0120000
#define S_IFREG		0100000
#define S_IFBLK		0060000
#define S_IFDIR		0040000
#define S_IFCHR		0020000
#define S_IFIFO		0010000

#define S_ISSOCK(m)	(((m) & S_IFMT) == S_IFSOCK)
#define S_ISLNK(m)	(((m) & S_IFMT) == S_IFLNK)
#define S_ISREG(m)	(((m) & S_IFMT) == S_IFREG)
#define S_ISBLK(m)	(((m) & S_IFMT) == S_IFBLK)
#define S_ISDIR(m)	(((m) & S_IFMT) == S_IFDIR)
#define S_ISCHR(m)	(((m) & S_IFMT) == S_IFCHR)
#define S_ISFIFO(m)	(((m) & S_IFMT) == S_IFIFO)

/* Permission bits. */
#define S_ISUID		04000
#define S_ISGID		02000
#define S_ISVTX		01000
#define S_IRWXU		00700
#define S_IRUSR		00400
#define S_IWUSR		00200
#define S_IXUSR		00100
#define S_IRWXG		00070
#define S_IRGRP		00040
#define S_IWGRP		00020
#define S_IXGRP		00010
#define S_IRWXO		00007
#define S_IROTH		00004
#define S_IWOTH		00002
#define S_IXOTH		00001

/* utimensat: tv_nsec values that mean "the current time", "leave it". */
#define UTIME_NOW	((1l << 30) - 1l)
#define UTIME_OMIT	((1l << 30) - 2l)

#endif
