/*
 * printf's %f, %e and %g, exactly rounded.
 *
 * A finite double is m * 2^e with integer m < 2^53.  We turn it into its
 * exact decimal digits with a big integer in base 10^9: for e >= 0 it is
 * m * 2^e; for e < 0 it is m * 5^-e, with the decimal point -e places
 * from the right (m * 2^e = m * 5^-e / 10^-e).  The longest case,
 * 2^53 * 5^1074, has 767 digits.  Then we round that digit string to the
 * precision asked, halfway cases to even, as glibc does.
 */
#include <stdint.h>
#include <string.h>
#include "stdio_impl.h"

#define BIG_WORDS	100		/* 900 digits */
#define BILLION		1000000000u

/* value = 0.d[0] d[1] ... d[n-1] * 10^dp; no trailing zeros; n == 0 is 0. */
struct decimal {
	char d[BIG_WORDS * 9];
	int n;
	int dp;
};

/* w[0..len) (base 10^9, least significant first) *= k; returns new len. */
static int big_mul(uint32_t *w, int len, uint32_t k)
{
	uint64_t carry = 0, t;
	int i;

	for (i = 0; i < len; i++) {
		t = (uint64_t)w[i] * k + carry;
		w[i] = (uint32_t)(t % BILLION);
		carry = t / BILLION;
	}
	for (; carry; carry /= BILLION)
		w[len++] = (uint32_t)(carry % BILLION);
	return len;
}

/* Write the decimal digits of the big number into x->d; returns count. */
static int big_digits(const uint32_t *w, int len, char *d)
{
	int n = 0, i, k;
	uint32_t v;

	for (v = w[len - 1]; v; v /= 10)	/* top word: no leading zeros */
		n++;
	for (v = w[len - 1], k = n; k > 0; v /= 10)
		d[--k] = (char)('0' + v % 10);
	for (i = len - 2; i >= 0; i--, n += 9)
		for (v = w[i], k = 9; k > 0; v /= 10)
			d[n + --k] = (char)('0' + v % 10);
	return n;
}

static void strip_zeros(struct decimal *x)
{
	while (x->n > 0 && x->d[x->n - 1] == '0')
		x->n--;
}

/* The exact decimal expansion of |v| (v finite). */
static void to_decimal(double v, struct decimal *x)
{
	static const uint32_t pow5[14] = {
		1, 5, 25, 125, 625, 3125, 15625, 78125, 390625, 1953125,
		9765625, 48828125, 244140625, 1220703125,
	};
	uint32_t w[BIG_WORDS];
	uint64_t bits, m;
	int e, k, len, frac = 0;

	memcpy(&bits, &v, sizeof(bits));
	m = bits & ((1ULL << 52) - 1);
	e = (int)(bits >> 52 & 0x7ff);
	if (e)
		m |= 1ULL << 52;	/* normal: the implicit leading 1 */
	else
		e = 1;			/* subnormal */
	e -= 1075;			/* |v| = m * 2^e */
	x->n = x->dp = 0;
	if (!m)
		return;
	w[0] = (uint32_t)(m % BILLION);
	w[1] = (uint32_t)(m / BILLION);
	len = w[1] ? 2 : 1;
	for (; e > 0; e -= k) {
		k = e < 29 ? e : 29;
		len = big_mul(w, len, 1u << k);
	}
	for (; e < 0; e += k, frac += k) {
		k = -e < 13 ? -e : 13;
		len = big_mul(w, len, pow5[k]);
	}
	x->n = big_digits(w, len, x->d);
	x->dp = x->n - frac;
	strip_zeros(x);
}

/* Round x to its first keep digits, halfway cases to even. */
static void round_to(struct decimal *x, int keep)
{
	int i, up;

	if (keep >= x->n)
		return;
	if (keep < 0) {
		x->n = 0;
		return;
	}
	if (x->d[keep] != '5')
		up = x->d[keep] > '5';
	else if (keep + 1 < x->n)	/* more nonzero digits: above half */
		up = 1;
	else				/* exactly half */
		up = keep > 0 && (x->d[keep - 1] - '0') % 2;
	x->n = keep;
	if (up) {
		for (i = keep - 1; i >= 0 && x->d[i] == '9'; i--)
			;
		if (i < 0) {		/* 999.. -> 1000.. */
			x->d[0] = '1';
			x->n = 1;
			x->dp++;
			return;
		}
		x->d[i]++;
		x->n = i + 1;
	}
	strip_zeros(x);
}

/* Digits from..from+count of x (d[i] for i in 0..n, else '0'). */
static void put_digits(struct fmt_out *o, const struct decimal *x, int from,
		       int count)
{
	char buf[64];
	int i, k = 0;

	for (i = from; i < from + count; i++) {
		buf[k++] = i >= 0 && i < x->n ? x->d[i] : '0';
		if (k == sizeof(buf) || i == from + count - 1) {
			__fmt_put(o, buf, k);
			k = 0;
		}
	}
}

/* %f: prec digits after the point. */
static void fmt_f(struct fmt_out *o, const struct fmt_spec *sp,
		  struct decimal *x, const char *sign, int prec)
{
	int point = prec > 0 || sp->flags & FL_ALT;
	int intlen;
	size_t len;

	round_to(x, x->dp + prec);
	intlen = x->n && x->dp > 0 ? x->dp : 1;
	len = strlen(sign) + intlen + point + prec;
	__fmt_begin(o, sp, sign, len);
	put_digits(o, x, x->n && x->dp > 0 ? 0 : -1, intlen);
	if (point)
		__fmt_put(o, ".", 1);
	put_digits(o, x, x->dp, prec);
	__fmt_end(o, sp, len);
}

/* %e: one digit, prec digits after the point, exponent of 2+ digits. */
static void fmt_e(struct fmt_out *o, const struct fmt_spec *sp,
		  struct decimal *x, const char *sign, int prec)
{
	int point = prec > 0 || sp->flags & FL_ALT;
	char exp[8], *p = exp + sizeof(exp);
	int e, a;
	size_t len, elen;

	round_to(x, prec + 1);
	e = x->n ? x->dp - 1 : 0;
	a = e < 0 ? -e : e;
	do
		*--p = (char)('0' + a % 10);
	while ((a /= 10) || p > exp + sizeof(exp) - 2);
	*--p = e < 0 ? '-' : '+';
	*--p = sp->conv == 'E' || sp->conv == 'G' ? 'E' : 'e';
	elen = exp + sizeof(exp) - p;
	len = strlen(sign) + 1 + point + prec + elen;
	__fmt_begin(o, sp, sign, len);
	put_digits(o, x, 0, 1);
	if (point)
		__fmt_put(o, ".", 1);
	put_digits(o, x, 1, prec);
	__fmt_put(o, p, elen);
	__fmt_end(o, sp, len);
}

/*
 * %g: P significant digits (default 6); %e style if the exponent X is
 * < -4 or >= P, else %f style.  Without '#', trailing zeros go.
 */
static void fmt_g(struct fmt_out *o, const struct fmt_spec *sp,
		  struct decimal *x, const char *sign, int prec)
{
	int P = prec == 0 ? 1 : prec;
	int X, fprec, eprec;

	round_to(x, P);
	X = x->n ? x->dp - 1 : 0;
	if (X < P && X >= -4) {
		fprec = P - 1 - X;
		if (!(sp->flags & FL_ALT) && fprec > x->n - x->dp)
			fprec = x->n - x->dp > 0 ? x->n - x->dp : 0;
		fmt_f(o, sp, x, sign, fprec);
	} else {
		eprec = P - 1;
		if (!(sp->flags & FL_ALT) && eprec > x->n - 1)
			eprec = x->n > 1 ? x->n - 1 : 0;
		fmt_e(o, sp, x, sign, eprec);
	}
}

/* inf and nan: never zero-padded. */
static void fmt_special(struct fmt_out *o, struct fmt_spec sp,
			const char *sign, int nan)
{
	int upper = sp.conv == 'F' || sp.conv == 'E' || sp.conv == 'G';
	const char *text = nan ? (upper ? "NAN" : "nan") : (upper ? "INF" : "inf");
	size_t len = strlen(sign) + 3;

	sp.flags &= ~FL_ZERO;
	__fmt_begin(o, &sp, sign, len);
	__fmt_put(o, text, 3);
	__fmt_end(o, &sp, len);
}

/* Entry point for %f %F %e %E %g %G. */
void __fmt_float(struct fmt_out *o, const struct fmt_spec *sp, double v)
{
	struct decimal x;
	int prec = sp->prec < 0 ? 6 : sp->prec;
	const char *sign = __builtin_signbit(v) ? "-" :
			   sp->flags & FL_PLUS ? "+" :
			   sp->flags & FL_SPACE ? " " : "";

	if (__builtin_isnan(v) || __builtin_isinf(v)) {
		fmt_special(o, *sp, sign, __builtin_isnan(v));
		return;
	}
	to_decimal(v, &x);
	switch (sp->conv) {
	case 'f': case 'F':
		fmt_f(o, sp, &x, sign, prec);
		break;
	case 'e': case 'E':
		fmt_e(o, sp, &x, sign, prec);
		break;
	default:
		fmt_g(o, sp, &x, sign, prec);
		break;
	}
}
