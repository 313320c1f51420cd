/*
 * tests/run/libc_basics.c - what a student's first programs use from the
 * C library: printf of floats (%g, %e, %f), strtod, qsort, bsearch, time,
 * fopen/fprintf/fgets/fclose round trips, libm (sqrt, sin, exp, log, pow),
 * snprintf truncation, strerror.  Built with glibc, musl and newlib
 * (tools/pagoda-cc): each build gives the same output on Linux and Pagoda.
 */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static int cmp_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;
	return (x > y) - (x < y);
}

static void floats(void)
{
	printf("%g %g %g %g\n", 0.1, 1e-5, 123456789.0, -0.0);
	printf("%.3e %.10f %8.2f|\n", 6.02214076e23, 1.0 / 3, 3.14159);
	printf("sqrt %g sin %.6f exp %.6f log %.6f pow %g\n", sqrt(2.0),
	       sin(1.0), exp(1.0), log(10.0), pow(2.0, 0.5));
	char *end;
	double d = strtod("  -12.5e3xyz", &end);
	printf("strtod %g rest \"%s\"\n", d, end);
	printf("floor %g ceil %g fabs %g fmod %g\n", floor(-2.5), ceil(-2.5),
	       fabs(-4.0), fmod(7.0, 3.0));
}

static void sorting(void)
{
	int v[] = { 42, -7, 19, 0, 3, 3, 100, -50 };
	size_t n = sizeof(v) / sizeof(v[0]);
	qsort(v, n, sizeof(v[0]), cmp_int);
	for (size_t i = 0; i < n; i++)
		printf("%d%c", v[i], i + 1 < n ? ' ' : '\n');
	int key = 19;
	int *hit = bsearch(&key, v, n, sizeof(v[0]), cmp_int);
	printf("bsearch 19 at %d\n", hit ? (int)(hit - v) : -1);
}

static void files(void)
{
	FILE *f = fopen("basics.txt", "w");
	for (int i = 1; i <= 3; i++)
		fprintf(f, "line %d: %5.2f\n", i, i * 1.5);
	printf("fclose %d\n", fclose(f));
	char line[64];
	f = fopen("basics.txt", "r");
	while (fgets(line, sizeof(line), f))
		printf("read: %s", line);
	printf("feof %d\n", feof(f) != 0);
	fclose(f);
	f = fopen("basics.txt", "a");
	fputs("appended\n", f);
	fclose(f);
	f = fopen("basics.txt", "r");
	fseek(f, 0, SEEK_END);
	printf("size %ld\n", ftell(f));
	fclose(f);
	printf("unlink %d\n", unlink("basics.txt"));
	errno = 0;
	f = fopen("basics.txt", "r");
	printf("fopen missing: %s, %s\n", f ? "opened" : "NULL", strerror(errno));
}

int main(void)
{
	char buf[8];
	floats();
	sorting();
	files();
	printf("snprintf %d \"%s\"\n", snprintf(buf, sizeof(buf), "%s", "truncated"), buf);
	time_t t = time(NULL);
	printf("time after 2020: %d\n", t > 1577836800);
	printf("strtol %ld atoi %d\n", strtol("-0x1f", NULL, 16), atoi("  77"));
	return 0;
}
