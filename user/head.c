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
#include <stdlib.h>
#include <string.h>

/* Copy the first n lines of f to standard output. */
static void head(FILE *f, long n)
{
	int c;

	while (n > 0 && (c = fgetc(f)) != EOF) {
		putchar(c);
		n -= c == '\n';
	}
}

/* Options: -n N, -nN or the old form -N.  Returns the index of the
 * first operand; exits on a bad count. */
static int parse_count(int argc, char **argv, long *n)
{
	int i;

	for (i = 1; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
		const char *v = argv[i] + 1;
		char *end;
		if (!strcmp(v, "-"))
			return i + 1;
		if (*v == 'n')
			v = v[1] ? v + 1 : i + 1 < argc ? argv[++i] : "";
		*n = strtol(v, &end, 10);
		if (!*v || *end || *n < 0) {
			fprintf(stderr, "head: invalid number of lines: '%s'\n", v);
			exit(1);
		}
	}
	return i;
}

int main(int argc, char **argv)
{
	int first, status = 0;
	long n = 10;

	first = parse_count(argc, argv, &n);
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
			printf("%s==> %s <==\n", i > first ? "\n" : "",
			       f != stdin ? argv[i] : "standard input");
		head(f, n);
		if (f != stdin)
			fclose(f);
	}
	return status;
}
