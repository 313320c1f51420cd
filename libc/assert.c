/*
 * The failure path of assert().
 */
#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include "libc.h"

/*
 * Print glibc's message, "prog: file:line: func: Assertion `expr' failed.",
 * and abort.
 */
_Noreturn void __assert_fail(const char *expr, const char *file,
			     unsigned int line, const char *func)
{
	fprintf(stderr, "%s: %s:%u: %s: Assertion `%s' failed.\n",
		__progname, file, line, func, expr);
	abort();
}
