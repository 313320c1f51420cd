/*
 * stdio internals: the FILE structure and the formatting engine's
 * interface.  Not installed; only libc sources include it.
 *
 * A FILE has one buffer used in one direction at a time.  Reading:
 * rpos..rend is input not yet consumed.  Writing: buf[0..wlen) is output
 * not yet written.  Switching direction flushes the pending output, or
 * gives back the unread input with lseek.
 */
#ifndef _STDIO_IMPL_H
#define _STDIO_IMPL_H

#include <stdarg.h>
#include <stdio.h>

#define STDIO_BUFSZ	4096		/* one page */

/* FILE flags. */
#define F_READ		0x01		/* opened for reading */
#define F_WRITE		0x02		/* opened for writing */
#define F_EOF		0x04		/* end-of-file indicator */
#define F_ERR		0x08		/* error indicator */
#define F_STATIC	0x10		/* stdin/stdout/stderr: not freed */

struct _FILE {
	int fd;
	int flags;			/* F_* */
	int mode;			/* _IOFBF, _IOLBF, _IONBF; -1: not yet */
	unsigned char *buf;
	size_t size;			/* of buf */
	unsigned char *rpos;		/* next byte to read */
	unsigned char *rend;		/* end of buffered input */
	size_t wlen;			/* bytes of output waiting in buf */
	struct _FILE *next;		/* all open streams */
	unsigned char onebyte;		/* the buffer when unbuffered */
};

/* stdio_file.c */
extern FILE *__stdio_head;
FILE *__stdio_new(int fd, int flags);

/* stdio_io.c */
int __stdio_flush(FILE *f);
int __stdio_refill(FILE *f);
size_t __stdio_write(FILE *f, const void *p, size_t n);
void __stdio_drop_input(FILE *f);

/*
 * The formatting engine (fmt.c, fmt_float.c) writes through a struct
 * fmt_out, so one engine serves FILEs, file descriptors and strings.
 */
struct fmt_out {
	void (*put)(struct fmt_out *o, const char *s, size_t n);
	size_t count;			/* bytes produced so far */
};

/* Conversion flags. */
#define FL_MINUS	0x01		/* left-justify */
#define FL_PLUS		0x02		/* always a sign */
#define FL_SPACE	0x04		/* space in place of '+' */
#define FL_ZERO		0x08		/* pad with zeros */
#define FL_ALT		0x10		/* '#': alternate form */

/* A parsed conversion specification: %[flags][width][.prec][len]conv. */
struct fmt_spec {
	int flags;
	int width;
	int prec;			/* -1 if not given */
	int len;			/* LEN_* */
	int conv;			/* the conversion character */
};

enum { LEN_NONE, LEN_HH, LEN_H, LEN_L, LEN_LL, LEN_Z, LEN_J, LEN_T, LEN_LD };

/* fmt.c: returns bytes produced, or -1 with errno = EOVERFLOW. */
int __vformat(struct fmt_out *o, const char *fmt, va_list ap);
void __fmt_put(struct fmt_out *o, const char *s, size_t n);
void __fmt_begin(struct fmt_out *o, const struct fmt_spec *sp,
		 const char *prefix, size_t len);
void __fmt_end(struct fmt_out *o, const struct fmt_spec *sp, size_t len);

/* fmt_float.c: %f %e %g (and %F %E %G). */
void __fmt_float(struct fmt_out *o, const struct fmt_spec *sp, double v);

#endif
