/*
 * Stream I/O: the buffer machinery, then characters, lines and blocks.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "stdio_impl.h"

/* Decide the buffering of a stream that has none yet: by isatty. */
static void pick_mode(FILE *f)
{
	if (f->mode < 0)
		f->mode = isatty(f->fd) ? _IOLBF : _IOFBF;
}

/* Write all n bytes of p to f's fd; returns how many were written. */
static size_t write_all(FILE *f, const unsigned char *p, size_t n)
{
	size_t done = 0;
	ssize_t r;

	while (done < n) {
		r = write(f->fd, p + done, n - done);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			f->flags |= F_ERR;
			break;
		}
		done += r;
	}
	return done;
}

/* Write out the pending output; 0, or EOF on error (output is dropped). */
int __stdio_flush(FILE *f)
{
	size_t n = f->wlen;

	f->wlen = 0;
	return write_all(f, f->buf, n) == n ? 0 : EOF;
}

/* Forget unread input, moving the fd offset back to where f is. */
void __stdio_drop_input(FILE *f)
{
	if (f->rpos < f->rend)
		lseek(f->fd, -(off_t)(f->rend - f->rpos), SEEK_CUR);
	f->rpos = f->rend = f->buf;
}

/* Get ready to write: check the mode, drop read-ahead.  0 or EOF. */
static int start_write(FILE *f)
{
	if (!(f->flags & F_WRITE)) {
		f->flags |= F_ERR;
		errno = EBADF;
		return EOF;
	}
	__stdio_drop_input(f);
	pick_mode(f);
	return 0;
}

/* Get ready to read: check the mode, flush pending output.  0 or EOF. */
static int start_read(FILE *f)
{
	if (!(f->flags & F_READ)) {
		f->flags |= F_ERR;
		errno = EBADF;
		return EOF;
	}
	if (f->wlen && __stdio_flush(f))
		return EOF;
	pick_mode(f);
	return 0;
}

/*
 * read() up to n bytes for f into dst.  Before an interactive read
 * (f not fully buffered), show the user what stdout has pending.
 * Returns the count, or 0 at end of file or error (flag set).
 */
static size_t fill(FILE *f, unsigned char *dst, size_t n)
{
	ssize_t r;

	if (f->flags & F_EOF || start_read(f))
		return 0;
	if (f->mode != _IOFBF && stdout->mode == _IOLBF && stdout->wlen)
		__stdio_flush(stdout);
	do
		r = read(f->fd, dst, n);
	while (r < 0 && errno == EINTR);
	if (r <= 0) {
		f->flags |= r ? F_ERR : F_EOF;
		return 0;
	}
	return r;
}

/* Refill f's buffer; 0, or EOF at end of file or error. */
int __stdio_refill(FILE *f)
{
	size_t n = fill(f, f->buf, f->size);

	f->rpos = f->buf;
	f->rend = f->buf + n;
	return n ? 0 : EOF;
}

/* Copy into f's buffer, writing out first if it would overflow. */
static size_t buffer_or_write(FILE *f, const unsigned char *s, size_t n)
{
	if (f->wlen + n > f->size) {
		if (f->wlen && __stdio_flush(f))
			return 0;
		if (n >= f->size)
			return write_all(f, s, n);
	}
	memcpy(f->buf + f->wlen, s, n);
	f->wlen += n;
	return n;
}

/*
 * Buffered write of n bytes.  A line-buffered stream is flushed through
 * its last newline, an unbuffered one entirely.  Returns bytes accepted.
 */
size_t __stdio_write(FILE *f, const void *p, size_t n)
{
	const unsigned char *s = p;
	size_t now = 0, done;

	if (start_write(f))
		return 0;
	if (f->mode == _IONBF)
		now = n;
	else if (f->mode == _IOLBF)
		for (now = n; now > 0 && s[now - 1] != '\n'; now--)
			;
	done = buffer_or_write(f, s, now);
	if (now && (done < now || __stdio_flush(f)))
		return done;
	return done + buffer_or_write(f, s + now, n - now);
}

int fgetc(FILE *f)
{
	if (f->rpos < f->rend)
		return *f->rpos++;
	if (__stdio_refill(f))
		return EOF;
	return *f->rpos++;
}

int getc(FILE *f)
{
	return fgetc(f);
}

int getchar(void)
{
	return fgetc(stdin);
}

/* Push c back so the next read returns it; one byte is guaranteed. */
int ungetc(int c, FILE *f)
{
	if (c == EOF || start_read(f))
		return EOF;
	if (f->rpos == f->rend)
		f->rpos = f->rend = f->buf + f->size;
	if (f->rpos == f->buf)
		return EOF;
	*--f->rpos = (unsigned char)c;
	f->flags &= ~F_EOF;
	return (unsigned char)c;
}

/* Read a line of at most size-1 bytes, keeping the '\n'; NULL if none. */
char *fgets(char *restrict s, int size, FILE *restrict f)
{
	int i = 0, c = 0;

	while (i < size - 1 && c != '\n') {
		c = fgetc(f);
		if (c == EOF)
			break;
		s[i++] = (char)c;
	}
	if (i == 0 || (c == EOF && f->flags & F_ERR))
		return NULL;
	s[i] = '\0';
	return s;
}

/*
 * Read up to and including delim into *line, growing it with realloc
 * (*cap is its size).  Returns the length, or -1 at end of file.
 */
ssize_t getdelim(char **restrict line, size_t *restrict cap, int delim,
		 FILE *restrict f)
{
	size_t n = 0;
	int c = 0;
	char *p;

	if (!*line)
		*cap = 0;
	while (c != delim && (c = fgetc(f)) != EOF) {
		if (n + 2 > *cap) {
			p = realloc(*line, *cap ? *cap * 2 : 128);
			if (!p)
				return -1;
			*line = p;
			*cap = *cap ? *cap * 2 : 128;
		}
		(*line)[n++] = (char)c;
	}
	if (n == 0)
		return -1;
	(*line)[n] = '\0';
	return n;
}

ssize_t getline(char **restrict line, size_t *restrict cap, FILE *restrict f)
{
	return getdelim(line, cap, '\n', f);
}

int fputc(int c, FILE *f)
{
	unsigned char b = (unsigned char)c;

	return __stdio_write(f, &b, 1) == 1 ? b : EOF;
}

int putc(int c, FILE *f)
{
	return fputc(c, f);
}

int putchar(int c)
{
	return fputc(c, stdout);
}

int fputs(const char *restrict s, FILE *restrict f)
{
	size_t n = strlen(s);

	return __stdio_write(f, s, n) == n ? 0 : EOF;
}

/* s and a newline to stdout. */
int puts(const char *s)
{
	return fputs(s, stdout) == EOF || fputc('\n', stdout) == EOF ? EOF : 0;
}

/* Read n items of size bytes; returns the number of whole items read. */
size_t fread(void *restrict p, size_t size, size_t n, FILE *restrict f)
{
	unsigned char *d = p;
	size_t want, left, k;

	if (!size || !n || n > (size_t)-1 / size)
		return 0;
	want = left = size * n;
	while (left) {
		k = f->rend - f->rpos;
		if (k) {
			k = k < left ? k : left;
			memcpy(d, f->rpos, k);
			f->rpos += k;
		} else if (left >= f->size) {
			k = fill(f, d, left);	/* big: straight into p */
			if (!k)
				break;
		} else if (__stdio_refill(f)) {
			break;
		} else {
			continue;
		}
		d += k;
		left -= k;
	}
	return (want - left) / size;
}

size_t fwrite(const void *restrict p, size_t size, size_t n, FILE *restrict f)
{
	if (!size || !n || n > (size_t)-1 / size)
		return 0;
	return __stdio_write(f, p, size * n) / size;
}
