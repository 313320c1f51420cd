/*
 * user/head.c - print the first lines of files.
 *
 *   head [-n N] [FILE]...
 *
 * N is 10 by default.  With several files each gets a "==> FILE <=="
 * header.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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
	int opt, status = 0;
	long n = 10;
	char *end;

	while ((opt = getopt(argc, argv, "n:")) != -1) {
		if (opt != 'n')
			return 1;
		n = strtol(optarg, &end, 10);
		if (*end || n < 0) {
			fprintf(stderr, "head: invalid number of lines: '%s'\n", optarg);
			return 1;
		}
	}
	if (optind == argc)
		head(stdin, n);
	for (int i = optind; i < argc; i++) {
		FILE *f = strcmp(argv[i], "-") ? fopen(argv[i], "r") : stdin;
		if (!f) {
			fprintf(stderr, "head: cannot open '%s' for reading: %s\n",
				argv[i], strerror(errno));
			status = 1;
			continue;
		}
		if (argc - optind > 1)
			printf("%s==> %s <==\n", i > optind ? "\n" : "",
			       f != stdin ? argv[i] : "standard input");
		head(f, n);
		if (f != stdin)
			fclose(f);
	}
	return status;
}
