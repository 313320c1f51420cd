/*
 * <sys/ipc.h> for newlib programs (newlib has none): System V IPC's
 * struct ipc_perm as glibc lays it out on x86-64 (the kernel's
 * ipc64_perm, with mode a full mode_t), the IPC_* flags and commands
 * (include/uapi/ipc.h's own lines, in <pagoda/linux_ipc.h> from
 * tools/mknewlibmap: the uapi header's structures are the kernel's, not
 * glibc's), and ftok (libc/newlib/shm.c).
 */
#ifndef PAGODA_NEWLIB_SYS_IPC_H
#define PAGODA_NEWLIB_SYS_IPC_H

#include <sys/types.h>

#define IPC_PRIVATE	((key_t)0)	/* the key of a new, nameless object */
#include <pagoda/linux_ipc.h>	/* the IPC_* flags and commands */

struct ipc_perm {
	int __key;		/* Linux's key_t: an int (newlib's is a long) */
	uid_t uid, gid;		/* the owner */
	uid_t cuid;		/* the creator */
	gid_t cgid;
	mode_t mode;		/* permission bits, SHM_DEST, ... */
	unsigned short __seq;	/* the slot's use count */
	unsigned short __pad2;
	unsigned long __glibc_reserved1, __glibc_reserved2;
};

key_t ftok(const char *path, int id);

#endif
