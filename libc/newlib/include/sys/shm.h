/*
 * <sys/shm.h> for newlib programs (newlib has none): System V shared
 * memory, shmget/shmat/shmdt/shmctl (libc/newlib/shm.c), with struct
 * shmid_ds, shminfo and shm_info as glibc lays them out on x86-64 (the
 * kernel's shmid64_ds ..., include/uapi/ipc.h) and Linux's SHM_* numbers
 * (that header's own lines, in <pagoda/linux_shm.h> from
 * tools/mknewlibmap; the mode bits and SHMLBA are not in it).
 */
#ifndef PAGODA_NEWLIB_SYS_SHM_H
#define PAGODA_NEWLIB_SYS_SHM_H

#include <sys/ipc.h>
#include <pagoda/linux_shm.h>	/* the shmat flags, the shmctl commands */

#define SHM_R		0400		/* read permission */
#define SHM_W		0200		/* write permission */
#define SHM_DEST	01000		/* mode: removed at the last detach */
#define SHM_LOCKED	02000		/* mode: SHM_LOCK'ed */
#define SHMLBA		4096		/* attach addresses' alignment */

typedef unsigned long shmatt_t;

struct shmid_ds {
	struct ipc_perm shm_perm;
	size_t shm_segsz;		/* bytes */
	time_t shm_atime;		/* last attach */
	time_t shm_dtime;		/* last detach */
	time_t shm_ctime;		/* last change */
	pid_t shm_cpid;			/* creator */
	pid_t shm_lpid;			/* last shmat/shmdt */
	shmatt_t shm_nattch;		/* attaches now */
	unsigned long __glibc_reserved5, __glibc_reserved6;
};

struct shminfo {			/* IPC_INFO */
	unsigned long shmmax, shmmin, shmmni, shmseg, shmall;
	unsigned long __glibc_reserved1, __glibc_reserved2;
	unsigned long __glibc_reserved3, __glibc_reserved4;
};

struct shm_info {			/* SHM_INFO */
	int used_ids;
	unsigned long shm_tot, shm_rss, shm_swp;	/* pages */
	unsigned long swap_attempts, swap_successes;
};

int shmget(key_t key, size_t size, int flags);
void *shmat(int id, const void *addr, int flags);
int shmdt(const void *addr);
int shmctl(int id, int cmd, struct shmid_ds *buf);

#endif
