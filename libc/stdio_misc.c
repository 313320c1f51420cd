/*
 * Stream position and state, perror, remove.
 */
#include <errno.h>
#include <string.h>
#include <unistd.h>
#include "stdio_impl.h"

/* Move f to off (from whence), dropping buffered data; 0 or -1. */
int fseek(FILE *f, long off, int whence)
{
	if (f->wlen && __stdio_flush(f))
		return -1;
	if (whence == SEEK_CUR && f->rpos < f->rend)
		off -= f->rend - f->rpos;
	if (lseek(f->fd, off, whence) < 0)
		return -1;
	f->rpos = f->rend = f->buf;
	f->flags &= ~F_EOF;
	return 0;
}

/* f's position: the fd's offset less unread input; -1 on error. */
long ftell(FILE *f)
{
	off_t pos;

	if (f->wlen && __stdio_flush(f))
		return -1;
	pos = lseek(f->fd, 0, SEEK_CUR);
	if (pos < 0)
		return -1;
	return pos - (f->rend - f->rpos);
}

void rewind(FILE *f)
{
	fseek(f, 0, SEEK_SET);
	f->flags &= ~F_ERR;
}

int feof(FILE *f)
{
	return !!(f->flags & F_EOF);
}

int ferror(FILE *f)
{
	return !!(f->flags & F_ERR);
}

void clearerr(FILE *f)
{
	f->flags &= ~(F_EOF | F_ERR);
}

/* "s: message for errno" on stderr, or just the message if s is empty. */
void perror(const char *s)
{
	const char *msg = strerror(errno);

	if (s && *s)
		fprintf(stderr, "%s: %s\n", s, msg);
	else
		fprintf(stderr, "%s\n", msg);
}

/* Remove a file or an empty directory. */
int remove(const char *path)
{
	if (unlink(path) == 0)
		return 0;
	return errno == EISDIR ? rmdir(path) : -1;
}
