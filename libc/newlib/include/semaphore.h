/*
 * <semaphore.h> for newlib programs (newlib has none): unnamed POSIX
 * semaphores on a futex word, in libc/newlib/pthread_sync.c.
 */
#ifndef PAGODA_NEWLIB_SEMAPHORE_H
#define PAGODA_NEWLIB_SEMAPHORE_H

#include <time.h>

typedef struct {
	volatile int __value;
	volatile int __waiters;
} sem_t;

#define SEM_VALUE_MAX	0x7fffffff
#define SEM_FAILED	((sem_t *)0)

int sem_init(sem_t *sem, int pshared, unsigned value);
int sem_destroy(sem_t *sem);
int sem_wait(sem_t *sem);
int sem_trywait(sem_t *sem);
int sem_timedwait(sem_t *sem, const struct timespec *abstime);
int sem_post(sem_t *sem);
int sem_getvalue(sem_t *sem, int *value);

#endif
