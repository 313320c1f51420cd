/*
 * System call numbers, SYS_name, from the one list in
 * <uapi/syscall_list.h>.  They are enum constants, not macros: use them
 * in C expressions (syscall(SYS_getpid)), not in #ifdef.
 */
#ifndef _SYS_SYSCALL_H
#define _SYS_SYSCALL_H

enum {
#define __SYSCALL(nr, name) SYS_##name = nr,
#include <uapi/syscall_list.h>
#undef __SYSCALL
};

/* Like syscall(), but returns -errno instead of setting errno. */
long __syscall(long number, ...);
long syscall(long number, ...);

#endif
