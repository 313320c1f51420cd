/*
 * user/sort.c - print the lines of the files (or standard input) sorted.
 *
 *   sort [-r] [-n] [-u] [FILE]...
 *
 * Byte order (the C locale), -n by the integer at the start of each line
 * (then bytewise), -r reversed, -u one of each run of equal lines.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static bool reverse, numeric;
static char **lines;
static size_t nlines, cap;

static int compare(const void *a, const void *b)
{
	const char *x = *(char *const *)a, *y = *(char *const *)b;
	int r = 0;

	if (numeric) {
		long dx = strtol(x, NULL, 10), dy = strtol(y, NULL, 10);
		r = (dx > dy) - (dx < dy);
	}
	if (!r)
		r = strcmp(x, y);
	return reverse ? -r : r;
}

/* Append every line of f (without its newline) to lines. */
static void read_lines(FILE *f)
{
	char *line = NULL;
	size_t n = 0;
	ssize_t len;

	while ((len = getline(&line, &n, f)) >= 0) {
		if (len && line[len - 1] == '\n')
			line[len - 1] = '\0';
		if (nlines == cap) {
			cap = cap ? 2 * cap : 64;
			lines = realloc(lines, cap * sizeof(*lines));
		}
		lines[nlines++] = strdup(line);
	}
	free(line);
}

int main(int argc, char **argv)
{
	bool unique = false;
	int c;

	while ((c = getopt(argc, argv, "rnu")) != -1) {
		if (c == 'r')
			reverse = true;
		else if (c == 'n')
			numeric = true;
		else if (c == 'u')
			unique = true;
		else
			return 2;
	}
	if (optind == argc)
		read_lines(stdin);
	for (int i = optind; i < argc; i++) {
		FILE *f = fopen(argv[i], "r");
		if (!f) {
			fprintf(stderr, "sort: cannot read: %s: %s\n", argv[i], strerror(errno));
			return 2;
		}
		read_lines(f);
		fclose(f);
	}
	qsort(lines, nlines, sizeof(*lines), compare);
	for (size_t i = 0; i < nlines; i++)
		if (!unique || !i || compare(&lines[i - 1], &lines[i]))
			printf("%s\n", lines[i]);
	return 0;
}
