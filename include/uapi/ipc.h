/*
 * System V IPC: the flags and commands of shmget/shmat/shmctl and their
 * structures.  Values and layouts are Linux x86-64's (linux/ipc.h,
 * linux/shm.h, asm-generic/ipcbuf.h and shmbuf.h).
 */
#ifndef _UAPI_IPC_H
#define _UAPI_IPC_H

#define IPC_PRIVATE	0		/* the key of a new, nameless object */

/* *get flags, beside the permission bits. */
#define IPC_CREAT	00001000	/* create if the key does not exist */
#define IPC_EXCL	00002000	/* with IPC_CREAT: fail if it does */
#define IPC_NOWAIT	00004000

/* *ctl commands. */
#define IPC_RMID	0		/* remove */
#define IPC_SET		1		/* set uid, gid, mode */
#define IPC_STAT	2		/* read the shmid64_ds */
#define IPC_INFO	3		/* the limits */
#define IPC_64		0x0100		/* 64-bit layouts (implied on x86-64) */
#define SHM_LOCK	11
#define SHM_UNLOCK	12
#define SHM_STAT	13
#define SHM_INFO	14
#define SHM_STAT_ANY	15

/* shmat flags. */
#define SHM_RDONLY	010000		/* attach read-only */
#define SHM_RND		020000		/* round the address down to SHMLBA */
#define SHM_REMAP	040000		/* replace what is mapped there */
#define SHM_EXEC	0100000		/* executable */

/* Limits (Linux's defaults; the sysctls kernel.shm*). */
#define SHMMIN		1		/* bytes in the smallest segment */
#define SHMMNI		4096		/* segments in the system */
#define SHMMAX		(~0ul - (1ul << 24))	/* bytes in the largest */
#define SHMALL		(~0ul - (1ul << 24))	/* pages in all of them */
#define SHMSEG		SHMMNI		/* segments one process may attach */

struct ipc64_perm {
	int key;
	unsigned int uid, gid;		/* the owner */
	unsigned int cuid, cgid;	/* the creator */
	unsigned int mode;		/* permission bits, SHM_DEST, ... */
	unsigned short seq;		/* the slot's use count */
	unsigned short __pad2;
	unsigned long __unused1, __unused2;
};

struct shmid64_ds {
	struct ipc64_perm shm_perm;
	unsigned long shm_segsz;	/* bytes */
	long shm_atime, shm_dtime, shm_ctime;	/* last attach, detach, change */
	int shm_cpid, shm_lpid;		/* creator, last shmat/shmdt */
	unsigned long shm_nattch;	/* attaches (VMAs) now */
	unsigned long __unused4, __unused5;
};

struct shminfo64 {			/* IPC_INFO */
	unsigned long shmmax, shmmin, shmmni, shmseg, shmall;
	unsigned long __unused1, __unused2, __unused3, __unused4;
};

struct shm_info {			/* SHM_INFO */
	int used_ids;
	unsigned long shm_tot, shm_rss, shm_swp;	/* pages */
	unsigned long swap_attempts, swap_successes;
};

#endif
