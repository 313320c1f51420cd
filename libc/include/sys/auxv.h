/*
 * The auxiliary vector the kernel passed at exec.
 */
#ifndef _SYS_AUXV_H
#define _SYS_AUXV_H

#include <uapi/auxv.h>

/* The value for type, or 0 with errno = ENOENT if absent. */
unsigned long getauxval(unsigned long type);

#endif
