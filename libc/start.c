/*
 * Program start-up: find argv, envp and auxv on the initial stack, run the
 * constructors, call main, and exit with its result.  Also getauxval().
 */
#include <errno.h>
#include <stdlib.h>
#include <sys/auxv.h>
#include "libc.h"

char **environ;
unsigned long *__auxv;
const char *__progname = "";

int main(int argc, char **argv, char **envp);

/* Constructor tables; the linker defines the bounds (empty if none). */
typedef void (*init_fn)(int, char **, char **);
extern init_fn __preinit_array_start[] __attribute__((weak));
extern init_fn __preinit_array_end[] __attribute__((weak));
extern init_fn __init_array_start[] __attribute__((weak));
extern init_fn __init_array_end[] __attribute__((weak));

/* The part of argv[0] after its last '/'. */
static const char *basename_of(const char *path)
{
	const char *s = path;

	for (; *path; path++)
		if (*path == '/')
			s = path + 1;
	return s;
}

/* Called by _start (crt0.S) with the initial stack pointer. */
_Noreturn void __libc_start_main(long *sp)
{
	int argc = (int)sp[0];
	char **argv = (char **)(sp + 1);
	char **envp = argv + argc + 1;
	char **p = envp;
	init_fn *fn;

	while (*p)
		p++;
	__auxv = (unsigned long *)(p + 1);
	environ = envp;
	if (argc > 0)
		__progname = basename_of(argv[0]);

	for (fn = __preinit_array_start; fn < __preinit_array_end; fn++)
		(*fn)(argc, argv, envp);
	for (fn = __init_array_start; fn < __init_array_end; fn++)
		(*fn)(argc, argv, envp);

	exit(main(argc, argv, envp));
}

/* The auxiliary vector entry for type, or 0 with errno = ENOENT. */
unsigned long getauxval(unsigned long type)
{
	unsigned long *a;

	for (a = __auxv; a && a[0] != AT_NULL; a += 2)
		if (a[0] == type)
			return a[1];
	errno = ENOENT;
	return 0;
}
