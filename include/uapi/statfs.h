/*
 * struct statfs as statfs/fstatfs fill it on x86-64 (120 bytes), and the
 * file-system magic numbers Pagoda reports (Linux's uapi/linux/magic.h).
 */
#ifndef _UAPI_STATFS_H
#define _UAPI_STATFS_H

#include <uapi/types.h>

struct statfs {
	__kernel_long_t f_type;		/* the file system's magic number */
	__kernel_long_t f_bsize;	/* block size */
	__u64 f_blocks;			/* blocks in all */
	__u64 f_bfree;			/* free blocks */
	__u64 f_bavail;			/* free blocks for unprivileged users */
	__u64 f_files;			/* inodes in all */
	__u64 f_ffree;			/* free inodes */
	__s32 f_fsid[2];		/* the device number */
	__kernel_long_t f_namelen;	/* longest file name */
	__kernel_long_t f_frsize;	/* fragment size */
	__kernel_long_t f_flags;	/* ST_* mount flags */
	__kernel_long_t f_spare[4];
};

#define RAMFS_MAGIC		0x858458f6
#define PROC_SUPER_MAGIC	0x9fa0
#define PIPEFS_MAGIC		0x50495045

/* f_flags: the mount's flags (statvfs's ST_*), with ST_VALID set. */
#define ST_RDONLY	0x0001
#define ST_NOSUID	0x0002
#define ST_NODEV	0x0004
#define ST_NOEXEC	0x0008
#define ST_VALID	0x0020
#define ST_RELATIME	0x1000

#endif
