/*
 * strtol family, atoi: value, errno and end position for a table of
 * inputs and bases.  Compared against glibc by run.sh.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#define N(a) (sizeof(a) / sizeof((a)[0]))

static const char *inputs[] = {
	"0", "1", "-1", "+1", "  42", "\t\n 42abc", "-0", "+", "-", "",
	"abc", "0x", "0x1f", "0X1F", "-0x1f", "0xg", "017", "08", "0b101",
	"z", "Zz", "123456789", "2147483647", "2147483648", "-2147483648",
	"-2147483649", "4294967295", "4294967296", "9223372036854775807",
	"9223372036854775808", "-9223372036854775808", "-9223372036854775809",
	"18446744073709551615", "18446744073709551616",
	"-18446744073709551615", "-18446744073709551616",
	"99999999999999999999999", "0x7fffffffffffffff", "0xffffffffffffffff",
	"0x10000000000000000", "1010", "777", "zzzzzzzzzzzzz", "  -  1",
	"12 34", "1e5", "0.5", "--1", "+-1", "0x-1",
};

static const int bases[] = { 0, 2, 8, 10, 16, 36 };

int main(void)
{
	size_t i, j;
	char *end;
	long l;
	unsigned long ul;
	long long ll;
	unsigned long long ull;

	for (i = 0; i < N(inputs); i++) {
		const char *s = inputs[i];

		for (j = 0; j < N(bases); j++) {
			errno = 0;
			l = strtol(s, &end, bases[j]);
			printf("strtol(\"%s\", %d) = %ld errno %d end %td\n",
			       s, bases[j], l, errno, end - s);
			errno = 0;
			ul = strtoul(s, &end, bases[j]);
			printf("strtoul(\"%s\", %d) = %lu errno %d end %td\n",
			       s, bases[j], ul, errno, end - s);
			errno = 0;
			ll = strtoll(s, &end, bases[j]);
			printf("strtoll(\"%s\", %d) = %lld errno %d end %td\n",
			       s, bases[j], ll, errno, end - s);
			errno = 0;
			ull = strtoull(s, &end, bases[j]);
			printf("strtoull(\"%s\", %d) = %llu errno %d end %td\n",
			       s, bases[j], ull, errno, end - s);
		}
		printf("atoi(\"%s\") = %d atol = %ld\n", s, atoi(s), atol(s));
	}
	errno = 0;
	l = strtol("10", NULL, 1);
	printf("base 1: %ld errno %d\n", l, errno);
	errno = 0;
	l = strtol("10", NULL, 37);
	printf("base 37: %ld errno %d\n", l, errno);
	return 0;
}
