/*
 * <sys/mman.h> for newlib programs (newlib has none): the same as Pagoda's
 * own libc's, which libc/newlib/mman.c implements, plus POSIX shared
 * memory objects (shm_open, shm_unlink: libc/newlib/shm.c).
 */
#include "../../../include/sys/mman.h"

#ifndef PAGODA_NEWLIB_SYS_MMAN_H
#define PAGODA_NEWLIB_SYS_MMAN_H
#include <sys/types.h>
int shm_open(const char *name, int oflag, mode_t mode);
int shm_unlink(const char *name);
#endif
