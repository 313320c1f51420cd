/*
 * libc/newlib/dirent.c - directory streams for newlib programs: opendir,
 * fdopendir, readdir, rewinddir, telldir, seekdir, dirfd, closedir,
 * scandir and alphasort over Linux's getdents64, as musl does them.
 */
#include "pagoda_sys.h"
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define LINUX_O_DIRECTORY	0200000
#define LINUX_O_CLOEXEC		02000000
#define LINUX_F_SETFD		2

struct __pagoda_dir {
	int fd;
	size_t pos, end;		/* the unread part of buf */
	long tell;			/* d_off of the last entry returned */
	char buf[4096];
};

DIR *fdopendir(int fd)
{
	DIR *d = calloc(1, sizeof(*d));

	if (d)
		d->fd = fd;
	return d;
}

DIR *opendir(const char *path)
{
	int fd = (int)__pagoda_ret(SC4(openat, AT_FDCWD, path,
				       LINUX_O_DIRECTORY | LINUX_O_CLOEXEC, 0));
	DIR *d;

	if (fd < 0)
		return NULL;
	if (!(d = fdopendir(fd)))
		close(fd);
	return d;
}

/* The next entry, refilling the buffer from getdents64; NULL at the end
 * (errno unchanged) or on an error (errno set). */
struct dirent *readdir(DIR *d)
{
	if (d->pos >= d->end) {
		long n = __pagoda_ret(SC3(getdents64, d->fd, d->buf, sizeof(d->buf)));
		if (n <= 0)
			return NULL;
		d->pos = 0;
		d->end = n;
	}
	struct dirent *e = (struct dirent *)(d->buf + d->pos);
	d->pos += e->d_reclen;
	d->tell = e->d_off;
	return e;
}

void rewinddir(DIR *d)
{
	lseek(d->fd, 0, SEEK_SET);
	d->pos = d->end = 0;
	d->tell = 0;
}

long telldir(DIR *d)
{
	return d->tell;
}

void seekdir(DIR *d, long off)
{
	lseek(d->fd, off, SEEK_SET);
	d->pos = d->end = 0;
	d->tell = off;
}

int dirfd(DIR *d)
{
	return d->fd;
}

int closedir(DIR *d)
{
	int r = close(d->fd);

	free(d);
	return r;
}

int alphasort(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

/* The entries of path that filter accepts, sorted by compar, in *list;
 * their number, or -1. */
int scandir(const char *path, struct dirent ***list,
	    int (*filter)(const struct dirent *),
	    int (*compar)(const struct dirent **, const struct dirent **))
{
	DIR *d = opendir(path);
	struct dirent *e, **v = NULL;
	size_t n = 0, cap = 0;

	if (!d)
		return -1;
	while ((e = readdir(d))) {
		if (filter && !filter(e))
			continue;
		if (n == cap) {
			struct dirent **nv = realloc(v, (cap = cap ? 2 * cap : 16) * sizeof(*v));
			if (!nv)
				break;
			v = nv;
		}
		if (!(v[n] = malloc(e->d_reclen)))
			break;
		memcpy(v[n++], e, e->d_reclen);
	}
	closedir(d);
	if (compar && n)
		qsort(v, n, sizeof(*v), (int (*)(const void *, const void *))compar);
	*list = v;
	return (int)n;
}
