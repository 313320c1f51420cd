/*
 * Leaving the process: exit, atexit, _Exit, _exit.
 */
#include <stdlib.h>
#include <unistd.h>
#include "libc.h"

#define ATEXIT_MAX	32		/* POSIX's minimum */

static void (*handlers[ATEXIT_MAX])(void);
static int nhandlers;

/* Destructor table; the linker defines the bounds (empty if none). */
extern void (*__fini_array_start[])(void) __attribute__((weak));
extern void (*__fini_array_end[])(void) __attribute__((weak));

/* Register fn to run at exit(); 0, or -1 if the table is full. */
int atexit(void (*fn)(void))
{
	if (nhandlers == ATEXIT_MAX)
		return -1;
	handlers[nhandlers++] = fn;
	return 0;
}

/*
 * Run the atexit handlers (last registered first), then the destructors,
 * flush stdio if the program used it, and end the process.
 */
_Noreturn void exit(int status)
{
	void (**fn)(void);

	while (nhandlers > 0)
		handlers[--nhandlers]();
	for (fn = __fini_array_end; fn > __fini_array_start; )
		(*--fn)();
	if (__stdio_exit)
		__stdio_exit();
	_Exit(status);
}

/* End the process now: no handlers, no flushing. */
_Noreturn void _Exit(int status)
{
	for (;;)
		__syscall1(SYS_exit_group, status);
}

_Noreturn void _exit(int status)
{
	_Exit(status);
}
