/*
 * <sys/dirent.h> for newlib programs, in place of newlib's (which only
 * says "<dirent.h> not supported"): a struct dirent is a record of the
 * getdents64 buffer itself, so its header is uapi/dirent.h's struct
 * linux_dirent64 (the same field types) with room for a whole name; the
 * DT_* come from there too.  The DIR stream
 * is libc/newlib/dirent.c's.  newlib's <dirent.h> includes this and
 * declares opendir & co.
 */
#ifndef PAGODA_NEWLIB_SYS_DIRENT_H
#define PAGODA_NEWLIB_SYS_DIRENT_H

#include <sys/types.h>
#include <uapi/dirent.h>

struct dirent {
	__typeof__(((struct linux_dirent64 *)0)->d_ino) d_ino;
	__typeof__(((struct linux_dirent64 *)0)->d_off) d_off;
	__typeof__(((struct linux_dirent64 *)0)->d_reclen) d_reclen;
	__typeof__(((struct linux_dirent64 *)0)->d_type) d_type;
	char d_name[256];
};

_Static_assert(__builtin_offsetof(struct dirent, d_name) ==
	       __builtin_offsetof(struct linux_dirent64, d_name),
	       "struct dirent's header is struct linux_dirent64");

typedef struct __pagoda_dir DIR;

#endif
