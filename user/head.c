/*
 * user/head.c - print the first lines of files.
 *
 *   head [-n N | -N] [FILE]...
 *
 * N is 10 by default.  With several files each gets a "==> FILE <=="
 * header.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "lib/ulib.h"

/* Copy the first n lines of f to standard output. */
static void head(FILE *f, long n)
{
	int c;

	while (n > 0 && (c = fgetc(f)) != EOF) {
		putchar(c);
		n -= c == '\n';
	}
}

int main(int argc, char **argv)
{
	int first, status = 0;
	long n = 10;

	first = parse_line_count("head", argc, argv, &n);
	if (first == argc)
		head(stdin, n);
	for (int i = first; i < argc; i++) {
		FILE *f = strcmp(argv[i], "-") ? fopen(argv[i], "r") : stdin;
		if (!f) {
			fprintf(stderr, "head: cannot open '%s' for reading: %s\n",
				argv[i], strerror(errno));
			status = 1;
			continue;
		}
		if (argc - first > 1)
			print_file_header(f != stdin ? argv[i] : NULL, i - first);
		head(f, n);
		if (f != stdin)
			fclose(f);
	}
	return status;
}
