/*
 * Reading directories.  A struct dirent is a record of the getdents64
 * buffer itself: its header is the same as struct linux_dirent64's.
 */
#ifndef _DIRENT_H
#define _DIRENT_H

#include <sys/types.h>
#include <uapi/dirent.h>	/* DT_* */

typedef struct __dirstream DIR;

struct dirent {
	ino_t d_ino;
	off_t d_off;
	unsigned short d_reclen;
	unsigned char d_type;
	char d_name[256];
};

DIR *opendir(const char *path);
struct dirent *readdir(DIR *d);
int closedir(DIR *d);
void rewinddir(DIR *d);
int dirfd(DIR *d);
ssize_t getdents64(int fd, void *buf, size_t size);

#endif
