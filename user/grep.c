/*
 * user/grep.c - print the lines that match a pattern.
 *
 *   grep [-i] [-v] [-c] [-n] [-l] [-q] PATTERN [FILE]...
 *
 * PATTERN is a basic regular expression (user/lib/regex.c).  -i ignores
 * case, -v selects the lines that do not match, -c prints a count of
 * them, -n numbers them, -l prints only the names of files with one, -q
 * prints nothing.  With several files each line starts with "FILE:".
 * Exit status 0 if a line was selected, 1 if none, 2 on an error (as GNU
 * grep, whose output this matches).
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "lib/ulib.h"

static bool icase, invert, count, number, names_only, quiet;

/* grep one open file; returns the number of lines selected. */
static long grep_file(const char *re, FILE *f, const char *name, bool prefix)
{
	char *line = NULL;
	size_t cap = 0, s, e;
	ssize_t len;
	long n = 0, lineno = 0;

	while ((len = getline(&line, &cap, f)) >= 0) {
		lineno++;
		if (len && line[len - 1] == '\n')
			line[len - 1] = '\0';
		if (re_search(re, line, 0, icase, &s, &e) == invert)
			continue;
		n++;
		if (quiet || names_only)
			break;
		if (count)
			continue;
		if (prefix)
			printf("%s:", name);
		if (number)
			printf("%ld:", lineno);
		printf("%s\n", line);
	}
	free(line);
	if (count && !quiet)
		prefix ? printf("%s:%ld\n", name, n) : printf("%ld\n", n);
	if (names_only && n && !quiet)
		printf("%s\n", name);
	return n;
}

int main(int argc, char **argv)
{
	int c, status = 1;

	while ((c = getopt(argc, argv, "ivcnlq")) != -1) {
		switch (c) {
		case 'i': icase = true; break;
		case 'v': invert = true; break;
		case 'c': count = true; break;
		case 'n': number = true; break;
		case 'l': names_only = true; break;
		case 'q': quiet = true; break;
		default:
			fprintf(stderr, "usage: grep [-ivcnlq] PATTERN [FILE]...\n");
			return 2;
		}
	}
	if (optind >= argc) {
		fprintf(stderr, "usage: grep [-ivcnlq] PATTERN [FILE]...\n");
		return 2;
	}
	const char *re = argv[optind++];
	bool prefix = argc - optind > 1;
	if (optind == argc)
		return grep_file(re, stdin, "(standard input)", false) ? 0 : 1;
	bool error = false;
	for (; optind < argc; optind++) {
		FILE *f = fopen(argv[optind], "r");
		if (!f) {
			fprintf(stderr, "grep: %s: %s\n", argv[optind], strerror(errno));
			error = true;
			continue;
		}
		if (grep_file(re, f, argv[optind], prefix))
			status = 0;
		fclose(f);
		if (quiet && !status)
			break;
	}
	return error && !(quiet && !status) ? 2 : status;
}
