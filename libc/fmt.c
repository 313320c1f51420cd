/*
 * The printf engine: parses a format and writes each conversion through a
 * struct fmt_out.  Integers, characters, strings, pointers and %n are
 * here; floating point is in fmt_float.c.
 *
 * Supported: %d %i %u %o %x %X %c %s %p %n %% and %f %F %e %E %g %G;
 * flags - + space 0 #; width and precision, each a number or *; length
 * modifiers hh h l ll z j t (and L for floating point, converted to
 * double).  An unknown conversion is copied to the output as written; a
 * format ending inside a conversion is an error (EINVAL), as in glibc.
 */
#include <errno.h>
#include <limits.h>
#include <stddef.h>
#include <string.h>
#include "stdio_impl.h"

void __fmt_put(struct fmt_out *o, const char *s, size_t n)
{
	if (n) {
		o->put(o, s, n);
		o->count += n;
	}
}

/* n copies of c. */
static void put_repeat(struct fmt_out *o, char c, size_t n)
{
	char chunk[32];
	size_t k;

	memset(chunk, c, sizeof(chunk));
	for (; n; n -= k) {
		k = n < sizeof(chunk) ? n : sizeof(chunk);
		__fmt_put(o, chunk, k);
	}
}

/*
 * Start a field of len bytes (prefix included): the left padding, then
 * prefix (sign, "0x"), then zeros if the '0' flag pads.
 */
void __fmt_begin(struct fmt_out *o, const struct fmt_spec *sp,
		 const char *prefix, size_t len)
{
	size_t pad = (size_t)sp->width > len ? sp->width - len : 0;

	if (!(sp->flags & (FL_MINUS | FL_ZERO)))
		put_repeat(o, ' ', pad);
	__fmt_put(o, prefix, strlen(prefix));
	if ((sp->flags & (FL_MINUS | FL_ZERO)) == FL_ZERO)
		put_repeat(o, '0', pad);
}

/* End a field of len bytes: the right padding of a left-justified one. */
void __fmt_end(struct fmt_out *o, const struct fmt_spec *sp, size_t len)
{
	if (sp->flags & FL_MINUS && (size_t)sp->width > len)
		put_repeat(o, ' ', sp->width - len);
}

/* A non-negative decimal number at *p, advancing *p. */
static int parse_num(const char **p)
{
	int n = 0;

	for (; **p >= '0' && **p <= '9'; (*p)++)
		if (n < INT_MAX / 10)
			n = n * 10 + (**p - '0');
	return n;
}

/* Flags, width and precision of the spec at p (just past '%'). */
static const char *parse_field(const char *p, struct fmt_spec *sp, va_list *ap)
{
	const char *flagchars = "-+ 0#";	/* in the order of the FL_* bits */
	const char *f;

	sp->flags = 0;
	while (*p && (f = strchr(flagchars, *p))) {
		sp->flags |= 1 << (f - flagchars);
		p++;
	}
	if (*p == '*') {
		sp->width = va_arg(*ap, int);
		if (sp->width < 0) {
			sp->flags |= FL_MINUS;
			sp->width = sp->width == INT_MIN ? INT_MAX : -sp->width;
		}
		p++;
	} else {
		sp->width = parse_num(&p);
	}
	sp->prec = -1;
	if (*p == '.') {
		p++;
		if (*p == '*') {
			sp->prec = va_arg(*ap, int);
			if (sp->prec < 0)
				sp->prec = -1;
			p++;
		} else {
			sp->prec = parse_num(&p);
		}
	}
	return p;
}

/* The length modifier at p, into sp->len; returns p past it. */
static const char *parse_length(const char *p, struct fmt_spec *sp)
{
	sp->len = LEN_NONE;
	switch (*p) {
	case 'h':
		sp->len = p[1] == 'h' ? LEN_HH : LEN_H;
		return p + (p[1] == 'h' ? 2 : 1);
	case 'l':
		sp->len = p[1] == 'l' ? LEN_LL : LEN_L;
		return p + (p[1] == 'l' ? 2 : 1);
	case 'z': sp->len = LEN_Z; return p + 1;
	case 'j': sp->len = LEN_J; return p + 1;
	case 't': sp->len = LEN_T; return p + 1;
	case 'L': sp->len = LEN_LD; return p + 1;
	}
	return p;
}

/* Fetch a signed integer argument of the spec's length. */
static long long get_signed(const struct fmt_spec *sp, va_list *ap)
{
	switch (sp->len) {
	case LEN_HH: return (signed char)va_arg(*ap, int);
	case LEN_H: return (short)va_arg(*ap, int);
	case LEN_NONE: return va_arg(*ap, int);
	default: return va_arg(*ap, long);	/* l ll z j t: all 64-bit */
	}
}

/* Fetch an unsigned integer argument of the spec's length. */
static unsigned long long get_unsigned(const struct fmt_spec *sp, va_list *ap)
{
	switch (sp->len) {
	case LEN_HH: return (unsigned char)va_arg(*ap, unsigned int);
	case LEN_H: return (unsigned short)va_arg(*ap, unsigned int);
	case LEN_NONE: return va_arg(*ap, unsigned int);
	default: return va_arg(*ap, unsigned long);
	}
}

/*
 * Format v in base (8, 10, 16) with sign/prefix: minimum digits from the
 * precision (then the '0' flag is ignored), "0x" or a leading 0 with '#'.
 */
static void fmt_int(struct fmt_out *o, struct fmt_spec sp,
		    unsigned long long v, const char *prefix, int base)
{
	const char *xdigits = sp.conv == 'X' ? "0123456789ABCDEF"
					     : "0123456789abcdef";
	char buf[24], *d = buf + sizeof(buf);
	size_t nd, zeros = 0, len;

	for (; v; v /= base)
		*--d = xdigits[v % base];
	nd = buf + sizeof(buf) - d;
	if (sp.prec < 0 && nd == 0)
		*--d = '0', nd = 1;
	if (sp.prec >= 0) {
		sp.flags &= ~FL_ZERO;
		zeros = (size_t)sp.prec > nd ? sp.prec - nd : 0;
	}
	if (base == 8 && sp.flags & FL_ALT && zeros == 0 && (!nd || *d != '0'))
		zeros = 1;
	len = strlen(prefix) + zeros + nd;
	__fmt_begin(o, &sp, prefix, len);
	put_repeat(o, '0', zeros);
	__fmt_put(o, d, nd);
	__fmt_end(o, &sp, len);
}

/* %d %i: the sign goes into the prefix. */
static void fmt_signed(struct fmt_out *o, const struct fmt_spec *sp,
		       long long v)
{
	const char *sign = v < 0 ? "-" : sp->flags & FL_PLUS ? "+" :
			   sp->flags & FL_SPACE ? " " : "";
	unsigned long long mag = (unsigned long long)v;

	if (v < 0)
		mag = 0 - mag;
	fmt_int(o, *sp, mag, sign, 10);
}

/* %u %o %x %X. */
static void fmt_unsigned(struct fmt_out *o, const struct fmt_spec *sp,
			 unsigned long long v)
{
	const char *prefix = "";
	int base = sp->conv == 'u' ? 10 : sp->conv == 'o' ? 8 : 16;

	if (base == 16 && sp->flags & FL_ALT && v)
		prefix = sp->conv == 'X' ? "0X" : "0x";
	fmt_int(o, *sp, v, prefix, base);
}

/* %p: like %#lx (sign flags too), and "(nil)" for NULL as glibc prints it. */
static void fmt_pointer(struct fmt_out *o, struct fmt_spec sp, void *p)
{
	const char *prefix = sp.flags & FL_PLUS ? "+0x" :
			     sp.flags & FL_SPACE ? " 0x" : "0x";
	size_t len = 5;

	if (p) {
		sp.conv = 'x';
		fmt_int(o, sp, (unsigned long)p, prefix, 16);
		return;
	}
	sp.flags &= ~FL_ZERO;
	__fmt_begin(o, &sp, "", len);
	__fmt_put(o, "(nil)", len);
	__fmt_end(o, &sp, len);
}

/* A field holding the n bytes at s: %c and %s (never zero-padded). */
static void fmt_text(struct fmt_out *o, struct fmt_spec sp, const char *s,
		     size_t n)
{
	sp.flags &= ~FL_ZERO;
	__fmt_begin(o, &sp, "", n);
	__fmt_put(o, s, n);
	__fmt_end(o, &sp, n);
}

/* %s: at most prec bytes; NULL prints as "(null)" if that fits. */
static void fmt_string(struct fmt_out *o, const struct fmt_spec *sp,
		       const char *s)
{
	size_t max = sp->prec < 0 ? (size_t)-1 : (size_t)sp->prec;

	if (!s)
		s = max >= 6 ? "(null)" : "";
	fmt_text(o, *sp, s, strnlen(s, max));
}

/* %n: store the count so far in an int of the spec's length. */
static void store_count(const struct fmt_spec *sp, size_t count, va_list *ap)
{
	switch (sp->len) {
	case LEN_HH: *va_arg(*ap, signed char *) = (signed char)count; break;
	case LEN_H: *va_arg(*ap, short *) = (short)count; break;
	case LEN_NONE: *va_arg(*ap, int *) = (int)count; break;
	default: *va_arg(*ap, long *) = (long)count; break;
	}
}

/* One conversion (sp parsed, argument still in ap); 0, or -1 if unknown. */
static int convert(struct fmt_out *o, const struct fmt_spec *sp, va_list *ap)
{
	char c;

	switch (sp->conv) {
	case 'd': case 'i':
		fmt_signed(o, sp, get_signed(sp, ap));
		return 0;
	case 'u': case 'o': case 'x': case 'X':
		fmt_unsigned(o, sp, get_unsigned(sp, ap));
		return 0;
	case 'c':
		c = (char)va_arg(*ap, int);
		fmt_text(o, *sp, &c, 1);
		return 0;
	case 's':
		fmt_string(o, sp, va_arg(*ap, const char *));
		return 0;
	case 'p':
		fmt_pointer(o, *sp, va_arg(*ap, void *));
		return 0;
	case 'n':
		store_count(sp, o->count, ap);
		return 0;
	case '%':
		__fmt_put(o, "%", 1);
		return 0;
	case 'f': case 'F': case 'e': case 'E': case 'g': case 'G':
		__fmt_float(o, sp, sp->len == LEN_LD ?
			    (double)va_arg(*ap, long double) :
			    va_arg(*ap, double));
		return 0;
	}
	return -1;
}

/* Format fmt with the arguments in ap0 into o; the byte count or -1. */
int __vformat(struct fmt_out *o, const char *fmt, va_list ap0)
{
	struct fmt_spec sp;
	const char *p, *start;
	va_list ap;

	va_copy(ap, ap0);
	for (p = fmt; *p; p++) {
		start = p;
		while (*p && *p != '%')
			p++;
		__fmt_put(o, start, p - start);
		if (!*p)
			break;
		start = p;
		p = parse_length(parse_field(p + 1, &sp, &ap), &sp);
		sp.conv = *p;
		if (!*p) {			/* '%' and nothing after: glibc fails */
			errno = EINVAL;
			va_end(ap);
			return -1;
		}
		if (convert(o, &sp, &ap) < 0)
			__fmt_put(o, start, p + 1 - start);
	}
	va_end(ap);
	if (o->count > INT_MAX) {
		errno = EOVERFLOW;
		return -1;
	}
	return (int)o->count;
}
