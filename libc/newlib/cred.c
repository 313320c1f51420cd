/*
 * libc/newlib/cred.c - setting credentials from newlib programs: the
 * set*id family, the saved ids, the file-system ids and the supplementary
 * groups.  newlib's uid_t and gid_t are 16 bits wide, Linux's 32, so ids
 * read back go through 32-bit temporaries; (uid_t)-1 ("leave unchanged")
 * is widened to Linux's -1.
 */
#include "pagoda_sys.h"
#include <stdlib.h>
#include <sys/fsuid.h>
#include <unistd.h>

/* A newlib id as the kernel's 32-bit one: 0xffff, (uid_t)-1, stays -1. */
static long wide(unsigned id)
{
	return id == (uid_t)-1 ? -1L : (long)id;
}

int setuid(uid_t uid) { return (int)__pagoda_ret(SC1(setuid, wide(uid))); }
int setgid(gid_t gid) { return (int)__pagoda_ret(SC1(setgid, wide(gid))); }
int seteuid(uid_t uid) { return (int)__pagoda_ret(SC3(setresuid, -1, wide(uid), -1)); }
int setegid(gid_t gid) { return (int)__pagoda_ret(SC3(setresgid, -1, wide(gid), -1)); }

int setreuid(uid_t r, uid_t e)
{
	return (int)__pagoda_ret(SC2(setreuid, wide(r), wide(e)));
}

int setregid(gid_t r, gid_t e)
{
	return (int)__pagoda_ret(SC2(setregid, wide(r), wide(e)));
}

int setresuid(uid_t r, uid_t e, uid_t s)
{
	return (int)__pagoda_ret(SC3(setresuid, wide(r), wide(e), wide(s)));
}

int setresgid(gid_t r, gid_t e, gid_t s)
{
	return (int)__pagoda_ret(SC3(setresgid, wide(r), wide(e), wide(s)));
}

int getresuid(uid_t *r, uid_t *e, uid_t *s)
{
	unsigned int v[3];

	if (__pagoda_ret(SC3(getresuid, &v[0], &v[1], &v[2])) < 0)
		return -1;
	*r = v[0], *e = v[1], *s = v[2];
	return 0;
}

int getresgid(gid_t *r, gid_t *e, gid_t *s)
{
	unsigned int v[3];

	if (__pagoda_ret(SC3(getresgid, &v[0], &v[1], &v[2])) < 0)
		return -1;
	*r = v[0], *e = v[1], *s = v[2];
	return 0;
}

/* The file-system ids: the previous one is returned, never an error. */
int setfsuid(uid_t uid) { return (int)SC1(setfsuid, wide(uid)); }
int setfsgid(gid_t gid) { return (int)SC1(setfsgid, wide(gid)); }

int getgroups(int n, gid_t *list)
{
	unsigned int *v = n > 0 ? malloc(n * sizeof(*v)) : NULL;
	long r;

	if (n > 0 && !v) {
		errno = ENOMEM;
		return -1;
	}
	r = __pagoda_ret(SC2(getgroups, n, v));
	for (long i = 0; n > 0 && i < r; i++)
		list[i] = (gid_t)v[i];
	free(v);
	return (int)r;
}

int setgroups(int n, const gid_t *list)
{
	unsigned int *v = n > 0 ? malloc(n * sizeof(*v)) : NULL;
	long r;

	if (n > 0 && !v) {
		errno = ENOMEM;
		return -1;
	}
	for (int i = 0; i < n; i++)
		v[i] = list[i];
	r = __pagoda_ret(SC2(setgroups, n, v));
	free(v);
	return (int)r;
}
