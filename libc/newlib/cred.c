/*
 * libc/newlib/cred.c - setting credentials from newlib programs: the
 * set*id family, the saved ids, the file-system ids and the supplementary
 * groups.  uid_t and gid_t are Linux's 32 bits (libc/newlib/include/
 * machine/_types.h), so ids and id arrays pass to the kernel as they are.
 * The set calls reach every thread (pthread_setxid.c), as in glibc and
 * musl; the file-system ids stay the calling thread's, as there.
 */
#include "pagoda_sys.h"
#include <sys/fsuid.h>
#include <unistd.h>

_Static_assert(sizeof(uid_t) == 4 && sizeof(gid_t) == 4, "Linux's id width");

/* pthread_setxid.c: the call in every thread of the process. */
long __pagoda_setxid(long nr, long a, long b, long c);
#define SETXID(n, a, b, c)	(int)__pagoda_setxid(NR_##n, (long)(a), (long)(b), (long)(c))

int setuid(uid_t uid) { return SETXID(setuid, uid, 0, 0); }
int setgid(gid_t gid) { return SETXID(setgid, gid, 0, 0); }
int seteuid(uid_t uid) { return SETXID(setresuid, -1, uid, -1); }
int setegid(gid_t gid) { return SETXID(setresgid, -1, gid, -1); }
int setreuid(uid_t r, uid_t e) { return SETXID(setreuid, r, e, 0); }
int setregid(gid_t r, gid_t e) { return SETXID(setregid, r, e, 0); }
int setresuid(uid_t r, uid_t e, uid_t s) { return SETXID(setresuid, r, e, s); }
int setresgid(gid_t r, gid_t e, gid_t s) { return SETXID(setresgid, r, e, s); }

int getresuid(uid_t *r, uid_t *e, uid_t *s)
{
	return (int)__pagoda_ret(SC3(getresuid, r, e, s));
}

int getresgid(gid_t *r, gid_t *e, gid_t *s)
{
	return (int)__pagoda_ret(SC3(getresgid, r, e, s));
}

/* The file-system ids: the previous one is returned, never an error. */
int setfsuid(uid_t uid) { return (int)SC1(setfsuid, uid); }
int setfsgid(gid_t gid) { return (int)SC1(setfsgid, gid); }

int getgroups(int n, gid_t *list)
{
	return (int)__pagoda_ret(SC2(getgroups, n, list));
}

int setgroups(int n, const gid_t *list)
{
	return SETXID(setgroups, n, list, 0);
}
