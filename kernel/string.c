/*
 * kernel/string.c - the freestanding string functions.  gcc may emit calls
 * to memcpy, memmove, memset and memcmp on its own, so these must exist.
 */
#include "kernel.h"
#include <uapi/errno.h>

/* Copy with rep movsq for the 8-byte words and rep movsb for the rest:
 * a page is 512 moves, not 4096 (which is what counts under -icount, and
 * on CPUs without fast byte strings). */
void *memcpy(void *dst, const void *src, size_t n)
{
	void *ret = dst;
	size_t words = n / 8, bytes = n % 8;

	__asm__ volatile("rep movsq\n\t"
			 "movq %3, %%rcx\n\t"
			 "rep movsb"
			 : "+D"(dst), "+S"(src), "+c"(words)
			 : "r"(bytes) : "memory");
	return ret;
}

void *memmove(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	if (d <= s || d >= s + n)
		return memcpy(dst, src, n);
	while (n--)
		d[n] = s[n];
	return dst;
}

/* Fill with rep stosq for the words, rep stosb for the rest. */
void *memset(void *dst, int c, size_t n)
{
	void *ret = dst;
	uint64_t pattern = 0x0101010101010101ull * (uint8_t)c;
	size_t words = n / 8, bytes = n % 8;

	__asm__ volatile("rep stosq\n\t"
			 "movq %3, %%rcx\n\t"
			 "rep stosb"
			 : "+D"(dst), "+c"(words)
			 : "a"(pattern), "r"(bytes) : "memory");
	return ret;
}

int memcmp(const void *a, const void *b, size_t n)
{
	const unsigned char *x = a, *y = b;

	for (size_t i = 0; i < n; i++)
		if (x[i] != y[i])
			return x[i] - y[i];
	return 0;
}

size_t strlen(const char *s)
{
	size_t n = 0;

	while (s[n])
		n++;
	return n;
}

int strcmp(const char *a, const char *b)
{
	while (*a && *a == *b) {
		a++;
		b++;
	}
	return (unsigned char)*a - (unsigned char)*b;
}

int strncmp(const char *a, const char *b, size_t n)
{
	for (; n; n--, a++, b++) {
		if (*a != *b)
			return (unsigned char)*a - (unsigned char)*b;
		if (!*a)
			return 0;
	}
	return 0;
}

char *strchr(const char *s, int c)
{
	for (;; s++) {
		if (*s == (char)c)
			return (char *)s;
		if (!*s)
			return NULL;
	}
}

/* Copy with truncation; returns strlen(src) as BSD's strlcpy. */
size_t strlcpy(char *dst, const char *src, size_t size)
{
	size_t len = strlen(src);

	if (size) {
		size_t n = len < size - 1 ? len : size - 1;
		memcpy(dst, src, n);
		dst[n] = '\0';
	}
	return len;
}

char *strstr(const char *h, const char *n)
{
	size_t len = strlen(n);

	for (; *h; h++)
		if (!strncmp(h, n, len))
			return (char *)h;
	return len ? NULL : (char *)h;
}

/* Parse a whole string as a decimal number (Linux's kstrtou64, base 10);
 * 0, or -EINVAL if it is not one or does not fit. */
int kstrtou64(const char *s, uint64_t *res)
{
	uint64_t v = 0;

	if (!*s)
		return -EINVAL;
	for (; *s; s++) {
		if (*s < '0' || *s > '9' || v > (UINT64_MAX - (*s - '0')) / 10)
			return -EINVAL;
		v = v * 10 + (*s - '0');
	}
	*res = v;
	return 0;
}

/* A digit's value in base 16 or below, or 16 if it is not one. */
static unsigned digit_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if ((c | 0x20) >= 'a' && (c | 0x20) <= 'f')
		return (c | 0x20) - 'a' + 10;
	return 16;
}

/* Parse a whole string as an int, with an optional sign and, in base 0,
 * C's prefixes (0x hex, 0 octal), as Linux's kstrtoint; one trailing
 * newline is allowed.  0; -EINVAL if there are no digits or something
 * else follows them; -ERANGE if they do not fit (in 64 bits, which
 * comes first, or in an int). */
int kstrtoint(const char *s, unsigned base, int *res)
{
	bool neg = *s == '-', overflow = false;
	uint64_t v = 0;

	s += *s == '-' || *s == '+';
	if (base == 0)
		base = s[0] != '0' ? 10 : (s[1] | 0x20) == 'x' ? 16 : 8;
	if (base == 16 && s[0] == '0' && (s[1] | 0x20) == 'x')
		s += 2;
	const char *digits = s;
	for (; digit_value(*s) < base; s++) {
		overflow |= v > (UINT64_MAX - digit_value(*s)) / base;
		v = v * base + digit_value(*s);
	}
	if (overflow)
		return -ERANGE;
	if (s == digits || (*s && !(s[0] == '\n' && !s[1])))
		return -EINVAL;
	if (v > (uint64_t)INT32_MAX + neg)
		return -ERANGE;
	*res = neg ? (int)-(int64_t)v : (int)v;
	return 0;
}
