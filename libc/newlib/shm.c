/*
 * libc/newlib/shm.c - shared memory for newlib programs: System V's
 * shmget, shmat, shmdt, shmctl and ftok (Linux's layouts and numbers,
 * include/sys/shm.h, so each is one system call), and POSIX's shm_open
 * and shm_unlink, which are files in /dev/shm (a directory of Pagoda's
 * ramfs, fs/dev.c), as in glibc.
 */
#include "pagoda_sys.h"
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/shm.h>
#include <sys/stat.h>
#include <unistd.h>
#include "linux_defs.h"

/* Linux's key_t is an int: the upper half of newlib's long is not passed. */
int shmget(key_t key, size_t size, int flags)
{
	return (int)__pagoda_ret(SC3(shmget, (int)key, size, flags));
}

void *shmat(int id, const void *addr, int flags)
{
	return (void *)__pagoda_ret(SC3(shmat, id, addr, flags));
}

int shmdt(const void *addr)
{
	return (int)__pagoda_ret(SC1(shmdt, addr));
}

int shmctl(int id, int cmd, struct shmid_ds *buf)
{
	return (int)__pagoda_ret(SC3(shmctl, id, cmd, buf));
}

/* glibc's key: the low 16 bits of the inode, 8 of the device, 8 of id. */
key_t ftok(const char *path, int id)
{
	struct stat st;

	if (stat(path, &st) < 0)
		return -1;
	return (key_t)(int)((st.st_ino & 0xffff) | ((st.st_dev & 0xff) << 16) |
			    ((unsigned)(id & 0xff) << 24));
}

/* "/dev/shm/NAME" for "/NAME" (leading slashes skipped) into buf; 0, or
 * -1 with errno: EINVAL for an empty name, ".", ".." or a slash inside,
 * ENAMETOOLONG past NAME_MAX. */
static int shm_path(const char *name, char *buf, size_t size)
{
	while (*name == '/')
		name++;
	size_t n = strlen(name);
	if (n == 0 || strchr(name, '/') || !strcmp(name, ".") || !strcmp(name, "..")) {
		errno = EINVAL;
		return -1;
	}
	if (n > NAME_MAX) {
		errno = ENAMETOOLONG;
		return -1;
	}
	snprintf(buf, size, "/dev/shm/%s", name);
	return 0;
}

int shm_open(const char *name, int oflag, mode_t mode)
{
	char path[sizeof("/dev/shm/") + NAME_MAX];

	if (shm_path(name, path, sizeof(path)))
		return -1;
	return open(path, oflag | O_NOFOLLOW | O_CLOEXEC, mode);
}

int shm_unlink(const char *name)
{
	char path[sizeof("/dev/shm/") + NAME_MAX];

	if (shm_path(name, path, sizeof(path)))
		return -1;
	return unlink(path);
}
