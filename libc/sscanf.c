/*
 * sscanf: formatted input from a string.
 *
 * Supported: %d %i %u %o %x %X %p %c %s %[set] %n %%, assignment
 * suppression (%*d), field widths, and length modifiers hh h l ll z j t.
 * Whitespace in the format matches any run of whitespace in the input.
 * No floating point.  A number is at most 127 characters long.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include "stdio_impl.h"

enum { OK, MATCH_FAIL, INPUT_FAIL };

struct scan {
	const char *in;		/* next input byte */
	const char *start;	/* the whole input, for %n */
	int suppress;		/* '*': convert but do not assign */
	size_t width;		/* 0: none given */
	int len;		/* LEN_* */
	va_list ap;
};

static const char *skip_space(const char *s)
{
	while (isspace((unsigned char)*s))
		s++;
	return s;
}

/* Store v into the next argument, an integer of the given length. */
static void store_int(struct scan *sc, unsigned long long v)
{
	switch (sc->len) {
	case LEN_HH: *va_arg(sc->ap, char *) = (char)v; break;
	case LEN_H: *va_arg(sc->ap, short *) = (short)v; break;
	case LEN_NONE: *va_arg(sc->ap, int *) = (int)v; break;
	default: *va_arg(sc->ap, long *) = (long)v; break;
	}
}

/*
 * An integer in base (0: C prefixes), as strtoll (is_signed) or strtoull
 * would parse it, limited to the field width.
 */
static int scan_int(struct scan *sc, int base, int is_signed, int is_ptr)
{
	char buf[128], *end;
	size_t n = sc->width && sc->width < sizeof(buf) - 1 ? sc->width
							    : sizeof(buf) - 1;
	unsigned long long v;

	sc->in = skip_space(sc->in);
	if (!*sc->in)
		return INPUT_FAIL;
	n = strnlen(sc->in, n);
	memcpy(buf, sc->in, n);
	buf[n] = '\0';
	if (is_signed)
		v = (unsigned long long)strtoll(buf, &end, base);
	else
		v = strtoull(buf, &end, base);
	if (end == buf)
		return MATCH_FAIL;
	sc->in += end - buf;
	if (sc->suppress)
		return OK;
	if (is_ptr)
		*va_arg(sc->ap, void **) = (void *)v;
	else
		store_int(sc, v);
	return OK;
}

/* %c: width (default 1) bytes, whitespace too, no NUL; fewer at the end. */
static int scan_chars(struct scan *sc)
{
	size_t n = strnlen(sc->in, sc->width ? sc->width : 1);
	char *d = sc->suppress ? NULL : va_arg(sc->ap, char *);

	if (!n)
		return INPUT_FAIL;
	if (d)
		memcpy(d, sc->in, n);
	sc->in += n;
	return OK;
}

/*
 * %s and %[: the longest run (at most width) of bytes in set, stored with
 * a NUL.  set[c] is nonzero for the bytes that belong.
 */
static int scan_run(struct scan *sc, const char *set)
{
	size_t n = 0, max = sc->width ? sc->width : (size_t)-1;
	char *d = sc->suppress ? NULL : va_arg(sc->ap, char *);

	if (!*sc->in)
		return INPUT_FAIL;
	while (n < max && sc->in[n] && set[(unsigned char)sc->in[n]])
		n++;
	if (!n)
		return MATCH_FAIL;
	if (d) {
		memcpy(d, sc->in, n);
		d[n] = '\0';
	}
	sc->in += n;
	return OK;
}

/* Parse a %[...] set starting after '['; returns the pointer to ']'. */
static const char *parse_set(const char *p, char set[256])
{
	int negate = *p == '^', c;

	if (negate)
		p++;
	memset(set, 0, 256);
	if (*p == ']')			/* a leading ']' is a member */
		set[(unsigned char)*p++] = 1;
	for (; *p && *p != ']'; p++) {
		if (p[1] == '-' && p[2] && p[2] != ']') {
			for (c = (unsigned char)p[0]; c <= (unsigned char)p[2]; c++)
				set[c] = 1;
			p += 2;
		} else {
			set[(unsigned char)*p] = 1;
		}
	}
	if (negate)
		for (c = 1; c < 256; c++)
			set[c] = !set[c];
	set[0] = 0;
	return p;
}

/* One conversion at p (its character); sets *pp past it.  OK or a failure. */
static int convert(struct scan *sc, const char **pp)
{
	char set[256];
	const char *p = *pp;

	*pp = p + 1;
	switch (*p) {
	case 'd': return scan_int(sc, 10, 1, 0);
	case 'i': return scan_int(sc, 0, 1, 0);
	case 'u': return scan_int(sc, 10, 0, 0);
	case 'o': return scan_int(sc, 8, 0, 0);
	case 'x': case 'X': return scan_int(sc, 16, 0, 0);
	case 'p': return scan_int(sc, 16, 0, 1);
	case 'c': return scan_chars(sc);
	case 's':
		parse_set("^ \t\n\v\f\r]", set);
		sc->in = skip_space(sc->in);
		return scan_run(sc, set);
	case '[':
		*pp = parse_set(p + 1, set);
		if (**pp)
			(*pp)++;
		return scan_run(sc, set);
	}
	return MATCH_FAIL;
}

/* Parse "*", width and length after '%'; returns the conversion char. */
static const char *parse_spec(struct scan *sc, const char *p)
{
	sc->suppress = *p == '*';
	if (sc->suppress)
		p++;
	for (sc->width = 0; isdigit((unsigned char)*p); p++)
		sc->width = sc->width * 10 + (*p - '0');
	sc->len = LEN_NONE;
	if (p[0] == 'h' && p[1] == 'h')
		sc->len = LEN_HH, p += 2;
	else if (p[0] == 'l' && p[1] == 'l')
		sc->len = LEN_LL, p += 2;
	else if (*p == 'h')
		sc->len = LEN_H, p++;
	else if (*p == 'l' || *p == 'z' || *p == 'j' || *p == 't')
		sc->len = LEN_L, p++;
	return p;
}

/*
 * Match fmt against s.  Returns the number of assignments, or EOF if the
 * input ended before the first assignment (as glibc counts it).
 */
int vsscanf(const char *restrict s, const char *restrict fmt, va_list ap)
{
	struct scan sc = { .in = s, .start = s };
	int assigned = 0, r = OK;
	const char *p = fmt;

	va_copy(sc.ap, ap);
	while (*p && r == OK) {
		if (isspace((unsigned char)*p)) {
			sc.in = skip_space(sc.in);
			p++;
		} else if (*p != '%' || p[1] == '%') {
			if (*p == '%') {
				sc.in = skip_space(sc.in);
				p++;
			}
			if (*sc.in != *p)
				r = *sc.in ? MATCH_FAIL : INPUT_FAIL;
			else
				sc.in++, p++;
		} else {
			p = parse_spec(&sc, p + 1);
			if (*p == 'n') {
				if (!sc.suppress)
					store_int(&sc, sc.in - sc.start);
				p++;
				continue;
			}
			r = convert(&sc, &p);
			if (r == OK && !sc.suppress)
				assigned++;
		}
	}
	va_end(sc.ap);
	return r == INPUT_FAIL && !assigned ? EOF : assigned;
}

int sscanf(const char *restrict s, const char *restrict fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = vsscanf(s, fmt, ap);
	va_end(ap);
	return r;
}
