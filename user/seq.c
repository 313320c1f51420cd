/*
 * user/seq.c - print a sequence of integers.
 *
 *   seq [-s SEP] [FIRST [INCREMENT]] LAST
 *
 * From FIRST (default 1) by INCREMENT (default 1) while not past LAST,
 * one a line (or separated by SEP, a newline after the last).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The integer in s, or exit with a message if it is not one. */
static long number(const char *s)
{
	char *end;
	long v = strtol(s, &end, 10);

	if (!*s || *end) {
		fprintf(stderr, "seq: invalid argument: '%s'\n", s);
		exit(1);
	}
	return v;
}

int main(int argc, char **argv)
{
	const char *sep = "\n";
	int i = 1;

	if (argc > 2 && !strcmp(argv[1], "-s")) {
		sep = argv[2];
		i = 3;
	}
	int n = argc - i;
	if (n < 1 || n > 3) {
		fprintf(stderr, "usage: seq [-s SEP] [FIRST [INCREMENT]] LAST\n");
		return 1;
	}
	long first = n > 1 ? number(argv[i]) : 1;
	long step = n > 2 ? number(argv[i + 1]) : 1;
	long last = number(argv[argc - 1]);
	if (!step) {
		fprintf(stderr, "seq: invalid Zero increment value: '0'\n");
		return 1;
	}
	int printed = 0;
	for (long v = first; step > 0 ? v <= last : v >= last; v += step)
		printf("%s%ld", printed++ ? sep : "", v);
	if (printed)
		putchar('\n');
	return 0;
}
