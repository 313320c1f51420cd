/*
 * Streams: the standard three, opening, closing, flushing, buffering mode.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "libc.h"
#include "stdio_impl.h"

static unsigned char stdin_buf[STDIO_BUFSZ];
static unsigned char stdout_buf[STDIO_BUFSZ];

static FILE f_stderr = {
	.fd = 2, .flags = F_WRITE | F_STATIC, .mode = _IONBF,
	.buf = &f_stderr.onebyte, .size = 1,
};
static FILE f_stdout = {
	.fd = 1, .flags = F_WRITE | F_STATIC, .mode = -1,
	.buf = stdout_buf, .size = STDIO_BUFSZ, .next = &f_stderr,
};
static FILE f_stdin = {
	.fd = 0, .flags = F_READ | F_STATIC, .mode = -1,
	.buf = stdin_buf, .size = STDIO_BUFSZ, .next = &f_stdout,
};

FILE *stdin = &f_stdin;
FILE *stdout = &f_stdout;
FILE *stderr = &f_stderr;

/* Every open stream, newest first. */
FILE *__stdio_head = &f_stdin;

/* A new stream on fd, with a buffer of its own; NULL if out of memory. */
FILE *__stdio_new(int fd, int flags)
{
	FILE *f = malloc(sizeof(FILE) + STDIO_BUFSZ);

	if (!f)
		return NULL;
	memset(f, 0, sizeof(*f));
	f->fd = fd;
	f->flags = flags;
	f->mode = -1;
	f->buf = (unsigned char *)(f + 1);
	f->size = STDIO_BUFSZ;
	f->next = __stdio_head;
	__stdio_head = f;
	return f;
}

/*
 * Parse an fopen mode ("r", "w", "a", each with optional '+', and 'b',
 * 'e' for O_CLOEXEC, 'x' for O_EXCL).  Returns F_READ/F_WRITE flags and
 * sets *oflags for open(), or returns 0 with errno = EINVAL.
 */
static int parse_mode(const char *mode, int *oflags)
{
	int flags;

	switch (*mode) {
	case 'r': flags = F_READ; *oflags = O_RDONLY; break;
	case 'w': flags = F_WRITE; *oflags = O_WRONLY | O_CREAT | O_TRUNC; break;
	case 'a': flags = F_WRITE; *oflags = O_WRONLY | O_CREAT | O_APPEND; break;
	default: errno = EINVAL; return 0;
	}
	for (mode++; *mode; mode++) {
		if (*mode == '+') {
			flags = F_READ | F_WRITE;
			*oflags = (*oflags & ~O_ACCMODE) | O_RDWR;
		} else if (*mode == 'e') {
			*oflags |= O_CLOEXEC;
		} else if (*mode == 'x') {
			*oflags |= O_EXCL;
		}
	}
	return flags;
}

FILE *fopen(const char *restrict path, const char *restrict mode)
{
	int oflags, fd;
	int flags = parse_mode(mode, &oflags);
	FILE *f;

	if (!flags)
		return NULL;
	fd = open(path, oflags, 0666);
	if (fd < 0)
		return NULL;
	f = __stdio_new(fd, flags);
	if (!f)
		close(fd);
	return f;
}

FILE *fdopen(int fd, const char *mode)
{
	int oflags;
	int flags = parse_mode(mode, &oflags);

	return flags ? __stdio_new(fd, flags) : NULL;
}

/* Flush f, close its fd and free it; 0, or EOF if either failed. */
int fclose(FILE *f)
{
	int r = fflush(f);
	FILE **pp;

	if (close(f->fd) < 0)
		r = EOF;
	for (pp = &__stdio_head; *pp; pp = &(*pp)->next)
		if (*pp == f) {
			*pp = f->next;
			break;
		}
	if (!(f->flags & F_STATIC))
		free(f);
	return r;
}

/*
 * Write out f's pending output, or give back its unread input; with f
 * NULL, flush every stream.  0, or EOF if a write failed.
 */
int fflush(FILE *f)
{
	int r = 0;

	if (!f) {
		for (f = __stdio_head; f; f = f->next)
			if (fflush(f))
				r = EOF;
		return r;
	}
	if (f->wlen)
		return __stdio_flush(f);
	__stdio_drop_input(f);
	return 0;
}

/* Flush everything at exit (called by exit()). */
void __stdio_exit(void)
{
	fflush(NULL);
}

/*
 * Choose f's buffering before any I/O.  A NULL buf keeps f's own buffer;
 * _IONBF uses a one-byte buffer.  0, or -1 for a bad mode.
 */
int setvbuf(FILE *restrict f, char *restrict buf, int mode, size_t size)
{
	if (mode != _IOFBF && mode != _IOLBF && mode != _IONBF) {
		errno = EINVAL;
		return -1;
	}
	f->mode = mode;
	if (mode == _IONBF) {
		f->buf = &f->onebyte;
		f->size = 1;
	} else if (buf && size) {
		f->buf = (unsigned char *)buf;
		f->size = size;
	}
	return 0;
}

void setbuf(FILE *restrict f, char *restrict buf)
{
	setvbuf(f, buf, buf ? _IOFBF : _IONBF, BUFSIZ);
}

int fileno(FILE *f)
{
	return f->fd;
}
