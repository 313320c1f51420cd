/*
 * kernel/printk.c - formatted output for the kernel.
 *
 * A small vsnprintf: flags '-', '0' and '#', a field width (or '*'),
 * length modifiers l, ll, z, and conversions d i u o x X p s c %.  That is all the
 * kernel uses; user programs have their own printf in libc/.
 */
#include "kernel.h"

struct outbuf {
	char *buf;
	size_t size, len;
};

static void out(struct outbuf *o, char c)
{
	if (o->len + 1 < o->size)
		o->buf[o->len] = c;
	o->len++;
}

/* Emit one number in base 10 or 16 honouring width, padding and sign. */
static void out_number(struct outbuf *o, uint64_t v, bool neg, int base,
		       bool upper, int width, bool zero, bool left)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char tmp[24];
	int n = 0;

	do {
		tmp[n++] = digits[v % base];
		v /= base;
	} while (v);
	int len = n + (neg ? 1 : 0);
	if (neg && zero)
		out(o, '-');
	for (; !left && width > len; width--)
		out(o, zero ? '0' : ' ');
	if (neg && !zero)
		out(o, '-');
	while (n)
		out(o, tmp[--n]);
	for (; left && width > len; width--)
		out(o, ' ');
}

static void out_string(struct outbuf *o, const char *s, int width, bool left)
{
	int len = (int)strlen(s);

	for (; !left && width > len; width--)
		out(o, ' ');
	while (*s)
		out(o, *s++);
	for (; left && width > len; width--)
		out(o, ' ');
}

/* Fetch an integer argument of the given length (0 = int, 1 = long, 2 = ll). */
static uint64_t fetch(va_list *ap, int lng, bool is_signed, bool *neg)
{
	int64_t s;

	*neg = false;
	if (!is_signed)
		return lng ? va_arg(*ap, uint64_t) : va_arg(*ap, unsigned int);
	s = lng ? va_arg(*ap, int64_t) : va_arg(*ap, int);
	if (s < 0) {
		*neg = true;
		return (uint64_t)0 - (uint64_t)s;
	}
	return (uint64_t)s;
}

struct spec {
	bool left, zero, alt;
	int width, lng;
};

/* Read flags, width and length modifiers after a '%'; returns the
 * conversion character's position. */
static const char *parse_spec(const char *fmt, struct spec *sp, va_list *ap)
{
	*sp = (struct spec){ 0 };
	for (; *fmt == '-' || *fmt == '0' || *fmt == '#'; fmt++) {
		if (*fmt == '-')
			sp->left = true;
		else if (*fmt == '0')
			sp->zero = true;
		else
			sp->alt = true;
	}
	if (*fmt == '*') {
		sp->width = va_arg(*ap, int);
		fmt++;
	}
	for (; *fmt >= '0' && *fmt <= '9'; fmt++)
		sp->width = sp->width * 10 + (*fmt - '0');
	for (; *fmt == 'l' || *fmt == 'z'; fmt++)
		sp->lng++;
	return fmt;
}

/* Emit one conversion c with its spec. */
static void convert(struct outbuf *o, char c, const struct spec *sp, va_list *ap)
{
	bool neg;
	uint64_t v;

	switch (c) {
	case 'd':
	case 'i':
		v = fetch(ap, sp->lng, true, &neg);
		out_number(o, v, neg, 10, false, sp->width, sp->zero, sp->left);
		break;
	case 'u':
	case 'o':
	case 'x':
	case 'X':
		v = fetch(ap, sp->lng, false, &neg);
		if (sp->alt && (c == 'x' || c == 'X') && v) {
			out(o, '0');
			out(o, 'x');
		}
		out_number(o, v, false, c == 'u' ? 10 : c == 'o' ? 8 : 16,
			   c == 'X', sp->width, sp->zero, sp->left);
		break;
	case 'p':
		out(o, '0');
		out(o, 'x');
		out_number(o, (uint64_t)va_arg(*ap, void *), false, 16, false,
			   sp->width > 2 ? sp->width - 2 : 0, true, false);
		break;
	case 's': {
		const char *s = va_arg(*ap, const char *);
		out_string(o, s ? s : "(null)", sp->width, sp->left);
		break;
	}
	case 'c':
		out(o, (char)va_arg(*ap, int));
		break;
	default:			/* "%%", or an unknown conversion as is */
		if (c != '%')
			out(o, '%');
		out(o, c);
	}
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct outbuf o = { buf, size, 0 };
	struct spec sp;
	va_list args;

	va_copy(args, ap);
	for (; *fmt; fmt++) {
		if (*fmt != '%') {
			out(&o, *fmt);
			continue;
		}
		fmt = parse_spec(fmt + 1, &sp, &args);
		if (!*fmt) {
			out(&o, '%');
			break;
		}
		convert(&o, *fmt, &sp, &args);
	}
	va_end(args);
	if (size)
		buf[o.len < size ? o.len : size - 1] = '\0';
	return (int)o.len;
}

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

/* Format into a stack buffer and send it to the log; interrupts are off
 * meanwhile so lines from an interrupt never tear a line in progress. */
int vprintk(const char *fmt, va_list ap)
{
	char buf[512];
	int n = vsnprintf(buf, sizeof(buf), fmt, ap);
	uint64_t flags = irq_save();

	log_write(buf, MIN((size_t)n, sizeof(buf) - 1));
	irq_restore(flags);
	return n;
}

int printk(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vprintk(fmt, ap);
	va_end(ap);
	return n;
}
