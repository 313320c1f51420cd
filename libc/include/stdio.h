/*
 * Buffered streams and formatted I/O.
 *
 * Buffering: stderr is unbuffered; any other stream is line-buffered when
 * its fd is a terminal (checked at its first read or write) and fully
 * buffered otherwise.  Reading from a line-buffered or unbuffered stream
 * first flushes stdout if stdout is line-buffered.  exit() flushes all.
 */
#ifndef _STDIO_H
#define _STDIO_H

#include <stdarg.h>
#include <stddef.h>
#include <sys/types.h>
#include <uapi/unistd.h>	/* SEEK_SET, SEEK_CUR, SEEK_END */

typedef struct _FILE FILE;
typedef off_t fpos_t;

#define EOF		(-1)
#define BUFSIZ		8192
#define FILENAME_MAX	4096
#define FOPEN_MAX	16

/* setvbuf modes. */
#define _IOFBF		0	/* full buffering */
#define _IOLBF		1	/* line buffering */
#define _IONBF		2	/* no buffering */

extern FILE *stdin;
extern FILE *stdout;
extern FILE *stderr;

/* Opening and closing. */
FILE *fopen(const char *restrict path, const char *restrict mode);
FILE *fdopen(int fd, const char *mode);
int fclose(FILE *f);
int fflush(FILE *f);
int setvbuf(FILE *restrict f, char *restrict buf, int mode, size_t size);
void setbuf(FILE *restrict f, char *restrict buf);
int fileno(FILE *f);

/* Characters and lines. */
int fgetc(FILE *f);
int getc(FILE *f);
int getchar(void);
int ungetc(int c, FILE *f);
char *fgets(char *restrict s, int size, FILE *restrict f);
ssize_t getdelim(char **restrict line, size_t *restrict cap, int delim,
		 FILE *restrict f);
ssize_t getline(char **restrict line, size_t *restrict cap, FILE *restrict f);
int fputc(int c, FILE *f);
int putc(int c, FILE *f);
int putchar(int c);
int fputs(const char *restrict s, FILE *restrict f);
int puts(const char *s);

/* Blocks. */
size_t fread(void *restrict p, size_t size, size_t n, FILE *restrict f);
size_t fwrite(const void *restrict p, size_t size, size_t n, FILE *restrict f);

/* Position and state. */
int fseek(FILE *f, long off, int whence);
long ftell(FILE *f);
void rewind(FILE *f);
int feof(FILE *f);
int ferror(FILE *f);
void clearerr(FILE *f);

/* Formatted output. */
#define __printf_like(f, a)	__attribute__((format(printf, f, a)))
int printf(const char *restrict fmt, ...) __printf_like(1, 2);
int fprintf(FILE *restrict f, const char *restrict fmt, ...)
	__printf_like(2, 3);
int dprintf(int fd, const char *restrict fmt, ...) __printf_like(2, 3);
int sprintf(char *restrict s, const char *restrict fmt, ...)
	__printf_like(2, 3);
int snprintf(char *restrict s, size_t n, const char *restrict fmt, ...)
	__printf_like(3, 4);
int vprintf(const char *restrict fmt, va_list ap) __printf_like(1, 0);
int vfprintf(FILE *restrict f, const char *restrict fmt, va_list ap)
	__printf_like(2, 0);
int vdprintf(int fd, const char *restrict fmt, va_list ap) __printf_like(2, 0);
int vsprintf(char *restrict s, const char *restrict fmt, va_list ap)
	__printf_like(2, 0);
int vsnprintf(char *restrict s, size_t n, const char *restrict fmt, va_list ap)
	__printf_like(3, 0);

/* Formatted input, from strings only. */
int sscanf(const char *restrict s, const char *restrict fmt, ...)
	__attribute__((format(scanf, 2, 3)));
int vsscanf(const char *restrict s, const char *restrict fmt, va_list ap)
	__attribute__((format(scanf, 2, 0)));

/* Errors and files. */
void perror(const char *s);
int rename(const char *old, const char *new);
int remove(const char *path);

#endif
