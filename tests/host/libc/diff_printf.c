/*
 * printf format matrix.  Built twice, with Pagoda's libc and with the
 * host's glibc; run.sh requires identical output.  Formats come from
 * tables (not literals) so that odd combinations compile without
 * warnings; each line shows the format, snprintf's return and the text.
 */
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define N(a) (sizeof(a) / sizeof((a)[0]))

static char buf[4096];

static void show(const char *fmt, int r)
{
	printf("[%s] %d <%s>\n", fmt, r, buf);
}

static void ints(void)
{
	static const char *fmts[] = {
		"%d", "%i", "%5d", "%-5d|", "%05d", "%+d", "% d", "%+5d",
		"%-+5d|", "% 05d", "%+05d", "%.0d", "%.1d", "%.3d", "%8.3d",
		"%-8.3d|", "%08.3d", "%u", "%5u", "%x", "%X", "%#x", "%#X",
		"%#5x", "%#08x", "%-#8x|", "%#.3x", "%#.0x", "%o", "%#o",
		"%#.0o", "%#5o", "%#.4o", "%hhd", "%hd", "%hhu", "%hu", "%hhx",
		"%hx", "%c", "%3c", "%-3c|", "%%d %d", "%5%", "%y", "%",
		"abc%", "%-05d|", "%0-5d|", "%.d", "%+.0d", "% .0d", "%#.0X",
	};
	static const int vals[] = {
		0, 1, -1, 7, 42, -42, 65, 127, 128, 255, 256, -129, 4095,
		32767, -32768, 65535, 65536, 123456789, INT_MAX, INT_MIN,
	};
	size_t i, j;

	for (i = 0; i < N(fmts); i++)
		for (j = 0; j < N(vals); j++)
			show(fmts[i], snprintf(buf, sizeof(buf), fmts[i], vals[j]));
}

static void longs(void)
{
	static const char *fmts[] = {
		"%ld", "%li", "%lu", "%lx", "%lX", "%lo", "%#lx", "%#lo",
		"%25ld", "%-25ld|", "%025ld", "%+ld", "%.25ld", "%lld",
		"%llu", "%llx", "%zu", "%zd", "%zx", "%jd", "%ju", "%td",
		"%tx", "%+lld", "% lld", "%#llo", "%30.20lx",
	};
	static const long vals[] = {
		0, 1, -1, 4294967295L, 4294967296L, -4294967296L,
		0x123456789abcdefL, LONG_MAX, LONG_MIN, LONG_MIN + 1,
	};
	size_t i, j;

	for (i = 0; i < N(fmts); i++)
		for (j = 0; j < N(vals); j++)
			show(fmts[i], snprintf(buf, sizeof(buf), fmts[i], vals[j]));
}

static void strings(void)
{
	static const char *fmts[] = {
		"%s", "%10s", "%-10s|", "%.3s", "%10.3s", "%-10.3s|", "%.0s",
		"%.10s", "%010s", "%.6s", "%.5s", "%3s", "%-1s|",
	};
	static const char *vals[] = {
		"", "a", "hello", "hello world!", "tab\there", NULL,
	};
	size_t i, j;

	for (i = 0; i < N(fmts); i++)
		for (j = 0; j < N(vals); j++)
			show(fmts[i], snprintf(buf, sizeof(buf), fmts[i], vals[j]));
}

static void pointers(void)
{
	static const char *fmts[] = {
		"%p", "%20p", "%-20p|", "%020p", "%+p", "% p", "%.20p",
	};
	static void *const vals[] = {
		NULL, (void *)1, (void *)0x1234, (void *)0x7ffffffff000,
		(void *)-1,
	};
	size_t i, j;

	for (i = 0; i < N(fmts); i++)
		for (j = 0; j < N(vals); j++)
			show(fmts[i], snprintf(buf, sizeof(buf), fmts[i], vals[j]));
}

static void floats(void)
{
	static const char *fmts[] = {
		"%f", "%.0f", "%.1f", "%.2f", "%.3f", "%.10f", "%.20f",
		"%10.3f", "%-10.3f|", "%010.3f", "%+f", "% f", "%#.0f", "%F",
		"%e", "%.0e", "%.1e", "%.3e", "%#.0e", "%E", "%12.4e",
		"%-12.4e|", "%+e", "%.17e", "%g", "%.0g", "%.1g", "%.2g",
		"%.3g", "%.10g", "%.17g", "%#g", "%#.3g", "%#.0g", "%G",
		"%10g", "%-10g|", "%010g", "%+g", "% g", "%.40f", "%.60e",
		"%015.4e", "%+015.2f", "%-+15.2f|",
	};
	/* Not 999999.5: glibc 2.36 prints "%#g" of it as "1.e+06". */
	static const double vals[] = {
		0.0, -0.0, 1.0, -1.0, 0.5, 1.5, 2.5, 3.5, -2.5, 0.125,
		0.1, 0.2, 0.3, 1.0 / 3, 2.0 / 3, 3.141592653589793, 100,
		1e5, 123456, 1e6, 1234567, 9999995, 1e10, 1e15, 1e16, 1e17,
		1e21, 1e22, 1e23, 1e100, 1e300, 1.7976931348623157e308,
		2.2250738585072014e-308, 4.9406564584124654e-324, 1e-5,
		1e-4, 0.0001234, 9.5, 0.95, 0.995, 99.95, 999999.25,
		9.9999999e-5, 0.05, 0.15, 0.25, 0.35, 0.45, 1e-300,
		123.456, -987654.321, 5e-5, 0.00001, 65536.0,
		1.0 / 0.0, -1.0 / 0.0, __builtin_nan(""), -__builtin_nan(""),
	};
	size_t i, j;

	for (i = 0; i < N(fmts); i++)
		for (j = 0; j < N(vals); j++)
			show(fmts[i], snprintf(buf, sizeof(buf), fmts[i], vals[j]));
}

/* Doubles and integers from random bit patterns. */
static void random_values(void)
{
	static const char *dfmts[] = { "%.17g", "%.3e", "%g", "%.30g", "%f" };
	static const char *lfmts[] = { "%ld", "%lx", "%lo", "%lu", "%#lx" };
	uint64_t x = 88172645463325252ULL;
	double d;
	size_t i, k;

	for (i = 0; i < 400; i++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		memcpy(&d, &x, sizeof(d));
		for (k = 0; k < N(dfmts); k++)
			show(dfmts[k], snprintf(buf, sizeof(buf), dfmts[k], d));
		for (k = 0; k < N(lfmts); k++)
			show(lfmts[k], snprintf(buf, sizeof(buf), lfmts[k],
						(long)(x >> (i % 64))));
	}
}

/* Widths and precisions from arguments; %n; long double. */
static void special(void)
{
	static const int ws[] = { -12, -1, 0, 1, 5, 12 };
	int n1 = -1, n3 = -1;
	signed char n0 = -1;
	short n2 = -1;
	long n4 = -1;
	size_t i, j;
	int r;

	for (i = 0; i < N(ws); i++)
		for (j = 0; j < N(ws); j++) {
			r = snprintf(buf, sizeof(buf), "%*.*d|%*.*f|%*.*s|%-*d",
				     ws[i], ws[j], 42, ws[i], ws[j], 3.25,
				     ws[i], ws[j], "string", ws[j], 7);
			printf("star %d %d: %d <%s>\n", ws[i], ws[j], r, buf);
		}
	r = snprintf(buf, sizeof(buf), "ab%hhncd%hnef%ngh%lnij%n", &n0, &n2,
		     &n1, &n4, &n3);
	printf("%%n: %d <%s> %d %d %d %ld %d\n", r, buf, n0, n2, n1, n4, n3);
	r = snprintf(buf, sizeof(buf), "%Lf %.3Le %Lg", (long double)1.5,
		     (long double)0.1, (long double)1e20);
	printf("L: %d <%s>\n", r, buf);
}

/* snprintf truncation and the other members of the family. */
static void family(void)
{
	char small[8];
	volatile size_t five = 5, one = 1;	/* hide truncation from gcc */
	int r;

	memset(small, 'x', sizeof(small));
	r = snprintf(small, five, "hello world");
	printf("trunc: %d <%s> %c\n", r, small, small[5]);
	r = snprintf(NULL, 0, "%d-%s", 12345, "abc");
	printf("size0: %d\n", r);
	small[0] = 'x';
	r = snprintf(small, one, "abc");
	printf("size1: %d <%s>\n", r, small);
	r = sprintf(buf, "%s=%d", "key", -5);
	printf("sprintf: %d <%s>\n", r, buf);
	r = printf("printf %5.1f%%\n", 99.44);
	printf("printf returned %d\n", r);
	r = fprintf(stdout, "fprintf %c%c\n", 'o', 'k');
	printf("fprintf returned %d\n", r);
	fflush(stdout);
	r = dprintf(STDOUT_FILENO, "dprintf %x\n", 0xbeef);
	printf("dprintf returned %d\n", r);
}

int main(void)
{
	ints();
	longs();
	strings();
	pointers();
	floats();
	random_values();
	special();
	family();
	return 0;
}
