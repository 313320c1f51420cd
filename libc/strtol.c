/*
 * String to integer: strtol and friends, atoi and friends.
 * long and long long are both 64 bits on x86-64.
 */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>

/* Value of c as a digit in bases up to 36, or 36 if it is none. */
static int digit_value(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'Z')
		return c - 'A' + 10;
	return 36;
}

/*
 * Parse [spaces][+|-][0x]digits.  Returns the magnitude; sets *neg, and
 * *ovf if it does not fit in 64 bits.  *end gets the first unparsed byte,
 * or s if there were no digits.  Base 0 means: 0x -> 16, 0 -> 8, else 10.
 */
static unsigned long long parse(const char *s, char **end, int base,
				int *neg, int *ovf)
{
	const char *p = s;
	unsigned long long v = 0;
	int d, any = 0;

	*neg = *ovf = 0;
	if (base < 0 || base == 1 || base > 36) {
		errno = EINVAL;
		base = 0;
		p = "";
	}
	while (isspace((unsigned char)*p))
		p++;
	if (*p == '+' || *p == '-')
		*neg = *p++ == '-';
	if ((base == 0 || base == 16) && p[0] == '0' &&
	    (p[1] == 'x' || p[1] == 'X') && digit_value(p[2]) < 16) {
		p += 2;
		base = 16;
	} else if (base == 0) {
		base = *p == '0' ? 8 : 10;
	}
	for (; (d = digit_value((unsigned char)*p)) < base; p++, any = 1) {
		if (v > (ULLONG_MAX - d) / base)
			*ovf = 1;
		else
			v = v * base + d;
	}
	if (end)
		*end = (char *)(any ? p : s);
	return v;
}

/* Unsigned: a '-' negates the value; overflow gives ULLONG_MAX, ERANGE. */
unsigned long long strtoull(const char *restrict s, char **restrict end,
			    int base)
{
	int neg, ovf;
	unsigned long long v = parse(s, end, base, &neg, &ovf);

	if (ovf) {
		errno = ERANGE;
		return ULLONG_MAX;
	}
	return neg ? 0 - v : v;
}

/* Signed: out of range gives LLONG_MIN or LLONG_MAX and ERANGE. */
long long strtoll(const char *restrict s, char **restrict end, int base)
{
	int neg, ovf;
	unsigned long long v = parse(s, end, base, &neg, &ovf);
	unsigned long long limit = neg ? (unsigned long long)LLONG_MAX + 1
				       : LLONG_MAX;

	if (ovf || v > limit) {
		errno = ERANGE;
		return neg ? LLONG_MIN : LLONG_MAX;
	}
	return neg ? (long long)(0 - v) : (long long)v;
}

long strtol(const char *restrict s, char **restrict end, int base)
{
	return strtoll(s, end, base);
}

unsigned long strtoul(const char *restrict s, char **restrict end, int base)
{
	return strtoull(s, end, base);
}

int atoi(const char *s)
{
	return (int)strtol(s, NULL, 10);
}

long atol(const char *s)
{
	return strtol(s, NULL, 10);
}

long long atoll(const char *s)
{
	return strtoll(s, NULL, 10);
}
