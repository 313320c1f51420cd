/*
 * ipc/ipc.h - the public API of ipc/ (System V IPC), grouped by file.
 *
 * A System V object is found by a key (shmget) and then named by an id,
 * which is its slot in a table plus a use count of the slot, as in
 * Linux's ipc/util.c.  Only shared memory exists so far.
 */
#ifndef IPC_IPC_H
#define IPC_IPC_H

#include "../kernel/kernel.h"
#include <uapi/ipc.h>

struct seqbuf;

/* shm.c: shared memory segments (their pages: mm/shmem.c). */
int sysvipc_shm_show(struct seqbuf *m, struct task *t);	/* /proc/sysvipc/shm */

/* The system calls, as the Linux prototypes (returning -errno). */
long sys_shmget(int key, size_t size, int shmflg);
long sys_shmat(int shmid, uint64_t shmaddr, int shmflg);
long sys_shmdt(uint64_t shmaddr);
long sys_shmctl(int shmid, int cmd, struct shmid64_ds *buf);

#endif
