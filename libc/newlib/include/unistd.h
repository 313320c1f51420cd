/*
 * <unistd.h> for newlib programs: newlib's, plus the Linux calls of
 * libc/newlib/cred.c that its header leaves out (the saved ids).
 */
#include_next <unistd.h>

#ifndef PAGODA_NEWLIB_UNISTD_H
#define PAGODA_NEWLIB_UNISTD_H

int getresuid(uid_t *ruid, uid_t *euid, uid_t *suid);
int getresgid(gid_t *rgid, gid_t *egid, gid_t *sgid);
int setresuid(uid_t ruid, uid_t euid, uid_t suid);
int setresgid(gid_t rgid, gid_t egid, gid_t sgid);

#endif
