/*
 * <sys/fsuid.h> for newlib programs (newlib has none): the file-system
 * ids, implemented in libc/newlib/process.c.
 */
#ifndef PAGODA_NEWLIB_SYS_FSUID_H
#define PAGODA_NEWLIB_SYS_FSUID_H

#include <sys/types.h>

int setfsuid(uid_t uid);
int setfsgid(gid_t gid);

#endif
