/*
 * user/uniq.c - print a file's lines with adjacent repeats folded into one.
 *
 *   uniq [-c] [-d] [-u] [INPUT]
 *
 * -c puts the count of each run before it (as GNU uniq: "%7d "), -d
 * prints only the lines that repeat, -u only those that do not.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static bool counts, dups_only, singles_only;

/* Print the run of n copies of line, if the options select it. */
static void emit(const char *line, long n)
{
	if ((dups_only && n < 2) || (singles_only && n > 1))
		return;
	if (counts)
		printf("%7ld ", n);
	printf("%s", line);
}

int main(int argc, char **argv)
{
	char *line = NULL, *prev = NULL;
	size_t cap = 0;
	long run = 0;
	int c;
	FILE *f = stdin;

	while ((c = getopt(argc, argv, "cdu")) != -1) {
		if (c == 'c')
			counts = true;
		else if (c == 'd')
			dups_only = true;
		else if (c == 'u')
			singles_only = true;
		else
			return 1;
	}
	if (optind < argc && strcmp(argv[optind], "-") && !(f = fopen(argv[optind], "r"))) {
		fprintf(stderr, "uniq: %s: %s\n", argv[optind], strerror(errno));
		return 1;
	}
	while (getline(&line, &cap, f) >= 0) {
		if (prev && !strcmp(prev, line)) {
			run++;
			continue;
		}
		if (prev)
			emit(prev, run);
		free(prev);
		prev = strdup(line);
		run = 1;
	}
	if (prev)
		emit(prev, run);
	return 0;
}
