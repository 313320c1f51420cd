/*
 * Fixed-size integer types for the ABI headers.
 *
 * The uapi headers are shared by the freestanding kernel and by libc, so
 * they include nothing: these are the only types they build on.  The names
 * are in the implementation's namespace (two underscores), as Linux's are.
 */
#ifndef _UAPI_TYPES_H
#define _UAPI_TYPES_H

typedef signed char		__s8;
typedef unsigned char		__u8;
typedef short			__s16;
typedef unsigned short		__u16;
typedef int			__s32;
typedef unsigned int		__u32;
typedef long			__s64;
typedef unsigned long		__u64;

/* x86-64 LP64: long and pointers are 64 bits. */
typedef long			__kernel_long_t;
typedef unsigned long		__kernel_ulong_t;
typedef int			__kernel_pid_t;
typedef unsigned int		__kernel_uid_t;
typedef unsigned int		__kernel_gid_t;
typedef unsigned long		__kernel_size_t;
typedef long			__kernel_time_t;
typedef long			__kernel_clock_t;

#endif
