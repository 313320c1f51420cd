/*
 * The printf family: each sets up a struct fmt_out and runs __vformat.
 *
 * Output to a stream or fd is collected in a 256-byte local buffer first,
 * so even unbuffered stderr gets a few large writes, not one per piece.
 */
#include <stdarg.h>
#include <unistd.h>
#include "stdio_impl.h"

/* Output into a string, truncated to size - 1 bytes plus a NUL. */
struct str_out {
	struct fmt_out out;
	char *s;
	size_t size;			/* room left, counting the NUL */
};

static void str_put(struct fmt_out *o, const char *s, size_t n)
{
	struct str_out *so = (struct str_out *)o;
	size_t k = so->size > 1 ? so->size - 1 : 0;

	if (k > n)
		k = n;
	while (k--) {
		*so->s++ = *s++;
		so->size--;
	}
}

/* Output through a small buffer to a FILE (f) or to a file descriptor. */
struct buf_out {
	struct fmt_out out;
	FILE *f;			/* NULL: write to fd */
	int fd;
	int err;
	size_t len;
	char buf[256];
};

static void buf_flush(struct buf_out *bo)
{
	size_t n = bo->len;
	ssize_t r;
	char *p = bo->buf;

	bo->len = 0;
	if (bo->f) {
		if (__stdio_write(bo->f, p, n) != n)
			bo->err = 1;
		return;
	}
	for (; n; n -= r, p += r) {
		r = write(bo->fd, p, n);
		if (r <= 0) {
			bo->err = 1;
			return;
		}
	}
}

static void buf_put(struct fmt_out *o, const char *s, size_t n)
{
	struct buf_out *bo = (struct buf_out *)o;

	while (n--) {
		if (bo->len == sizeof(bo->buf))
			buf_flush(bo);
		bo->buf[bo->len++] = *s++;
	}
}

/* Format to f or fd; the count, or -1 if formatting or writing failed. */
static int buffered_format(FILE *f, int fd, const char *fmt, va_list ap)
{
	struct buf_out bo = { .out = { buf_put, 0 }, .f = f, .fd = fd };
	int r = __vformat(&bo.out, fmt, ap);

	buf_flush(&bo);
	return bo.err ? -1 : r;
}

int vsnprintf(char *restrict s, size_t n, const char *restrict fmt, va_list ap)
{
	struct str_out so = { .out = { str_put, 0 }, .s = s, .size = n };
	int r = __vformat(&so.out, fmt, ap);

	if (n)
		*so.s = '\0';
	return r;
}

int vsprintf(char *restrict s, const char *restrict fmt, va_list ap)
{
	return vsnprintf(s, (size_t)-1, fmt, ap);
}

int vfprintf(FILE *restrict f, const char *restrict fmt, va_list ap)
{
	return buffered_format(f, -1, fmt, ap);
}

int vprintf(const char *restrict fmt, va_list ap)
{
	return vfprintf(stdout, fmt, ap);
}

int vdprintf(int fd, const char *restrict fmt, va_list ap)
{
	return buffered_format(NULL, fd, fmt, ap);
}

int snprintf(char *restrict s, size_t n, const char *restrict fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = vsnprintf(s, n, fmt, ap);
	va_end(ap);
	return r;
}

int sprintf(char *restrict s, const char *restrict fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = vsprintf(s, fmt, ap);
	va_end(ap);
	return r;
}

int fprintf(FILE *restrict f, const char *restrict fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = vfprintf(f, fmt, ap);
	va_end(ap);
	return r;
}

int printf(const char *restrict fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = vfprintf(stdout, fmt, ap);
	va_end(ap);
	return r;
}

int dprintf(int fd, const char *restrict fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = vdprintf(fd, fmt, ap);
	va_end(ap);
	return r;
}
