/*
 * user/sleep.c - pause for a while.
 *
 *   sleep SECONDS
 *
 * SECONDS may have a fraction: sleep 0.25.
 */
#include <stdio.h>
#include <time.h>

int main(int argc, char **argv)
{
	struct timespec ts = { 0, 0 };
	const char *p = argc == 2 ? argv[1] : "";
	long scale = 100000000;

	for (; *p >= '0' && *p <= '9'; p++)
		ts.tv_sec = ts.tv_sec * 10 + (*p - '0');
	if (*p == '.')
		for (p++; *p >= '0' && *p <= '9'; p++, scale /= 10)
			ts.tv_nsec += (*p - '0') * scale;
	if (argc != 2 || *p || p == argv[1]) {
		fprintf(stderr, argc < 2 ? "sleep: missing operand\n" :
			"sleep: invalid time interval '%s'\n", argv[argc - 1]);
		return 1;
	}
	while (nanosleep(&ts, &ts) < 0)
		;
	return 0;
}
