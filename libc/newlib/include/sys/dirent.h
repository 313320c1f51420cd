/*
 * <sys/dirent.h> for newlib programs, in place of newlib's (which only
 * says "<dirent.h> not supported"): Linux's struct dirent as getdents64
 * fills it, and the DIR stream libc/newlib/dirent.c reads it through.
 * newlib's <dirent.h> includes this and declares opendir & co.
 */
#ifndef PAGODA_NEWLIB_SYS_DIRENT_H
#define PAGODA_NEWLIB_SYS_DIRENT_H

#include <sys/types.h>

struct dirent {
	ino_t d_ino;
	off_t d_off;
	unsigned short d_reclen;
	unsigned char d_type;
	char d_name[256];
};

#define DT_UNKNOWN	0
#define DT_FIFO		1
#define DT_CHR		2
#define DT_DIR		4
#define DT_BLK		6
#define DT_REG		8
#define DT_LNK		10
#define DT_SOCK		12

typedef struct __pagoda_dir DIR;

#endif
