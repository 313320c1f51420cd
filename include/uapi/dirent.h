/*
 * Directory entries as getdents64 (and the older getdents) return them.
 */
#ifndef _UAPI_DIRENT_H
#define _UAPI_DIRENT_H

#include <uapi/types.h>

/*
 * getdents64 fills the buffer with these, each d_reclen bytes long
 * (a multiple of 8); d_off is an opaque cookie for lseek to the next one.
 */
struct linux_dirent64 {
	__u64 d_ino;
	__s64 d_off;
	__u16 d_reclen;
	__u8 d_type;			/* DT_* */
	char d_name[];			/* NUL-terminated */
};

/*
 * The older getdents (78): d_type is the last byte of the record, after
 * the name's NUL and padding.
 */
struct linux_dirent {
	__u64 d_ino;
	__u64 d_off;
	__u16 d_reclen;
	char d_name[];
};

#define DT_UNKNOWN	0
#define DT_FIFO		1
#define DT_CHR		2
#define DT_DIR		4
#define DT_BLK		6
#define DT_REG		8
#define DT_LNK		10
#define DT_SOCK		12
#define DT_WHT		14

#endif
