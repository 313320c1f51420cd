/*
 * libc/newlib/strerror.c - glibc's error messages for newlib programs
 * (newlib's own say "Not enough space" for ENOMEM, glibc's "Cannot
 * allocate memory"), so that output compares equal with a Linux run:
 * strerror, strerror_l and newlib's _strerror_r under them, perror and
 * strerror_r.  The table is Pagoda's libc's (libc/errlist.h), indexed by
 * Linux's numbers, so this file reads include/uapi/errno.h and not
 * newlib's <errno.h>; translate.c maps newlib's number to Linux's.
 */
#include <uapi/errno.h>
#include <locale.h>
#include <reent.h>
#include <stdio.h>
#include <string.h>

#include "../errlist.h"

int __pagoda_errno_to_linux(int errnum);	/* translate.c */

/* glibc's message for newlib's errnum; an unknown number is EINVAL in
 * *errptr (if given) and "" for newlib's internal callers (strerror_r,
 * perror), "Unknown error N" for strerror. */
char *_strerror_r(struct _reent *r, int errnum, int internal, int *errptr)
{
	static char unknown[32];
	int lx = __pagoda_errno_to_linux(errnum);

	(void)r;
	if (lx >= 0 && lx < (int)(sizeof(linux_errors) / sizeof(linux_errors[0])) &&
	    linux_errors[lx])
		return (char *)linux_errors[lx];
	if (errptr)
		*errptr = EINVAL;
	if (internal)
		return "";
	snprintf(unknown, sizeof(unknown), "Unknown error %d", errnum);
	return unknown;
}

char *strerror(int errnum)
{
	return _strerror_r(NULL, errnum, 0, NULL);
}

char *strerror_l(int errnum, locale_t locale)
{
	(void)locale;
	return _strerror_r(NULL, errnum, 0, NULL);
}
