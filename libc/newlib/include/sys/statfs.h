/*
 * <sys/statfs.h> for newlib programs (newlib has none): statfs and
 * fstatfs (libc/newlib/posix.c) with struct statfs as glibc declares it
 * on x86-64, which is the kernel's layout (include/uapi/statfs.h, 120
 * bytes) with f_fsid a struct, so the kernel fills it directly.
 */
#ifndef PAGODA_NEWLIB_SYS_STATFS_H
#define PAGODA_NEWLIB_SYS_STATFS_H

typedef struct {
	int __val[2];
} fsid_t;

struct statfs {
	long f_type;			/* the file system's magic number */
	long f_bsize;			/* block size */
	unsigned long f_blocks;		/* blocks in all */
	unsigned long f_bfree;		/* free blocks */
	unsigned long f_bavail;		/* free blocks for unprivileged users */
	unsigned long f_files;		/* inodes in all */
	unsigned long f_ffree;		/* free inodes */
	fsid_t f_fsid;			/* the device number */
	long f_namelen;			/* longest file name */
	long f_frsize;			/* fragment size */
	long f_flags;			/* ST_* mount flags */
	long f_spare[4];
};

int statfs(const char *path, struct statfs *buf);
int fstatfs(int fd, struct statfs *buf);

#endif
