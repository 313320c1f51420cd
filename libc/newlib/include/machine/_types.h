/*
 * <machine/_types.h> for newlib on Pagoda: the widths Linux x86-64 gives
 * the types of struct stat and of the ids (newlib's defaults for a bare
 * target are 16 bits: dev_t short, ino_t, uid_t and gid_t unsigned
 * short, which cut inode numbers, devices and ids above 65535).  It
 * replaces newlib's own header before newlib is built (libc/newlib/
 * newlib.mk), so newlib's libc.a and the programs agree on the types.
 */
#ifndef _MACHINE__TYPES_H
#define _MACHINE__TYPES_H
#include <machine/_default_types.h>

#define __machine_dev_t_defined
typedef unsigned long __dev_t;
#define __machine_ino_t_defined
typedef unsigned long __ino_t;
#define __machine_uid_t_defined
typedef unsigned int __uid_t;
#define __machine_gid_t_defined
typedef unsigned int __gid_t;

#endif
