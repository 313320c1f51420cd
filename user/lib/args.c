/*
 * user/lib/args.c - command-line handling shared by cp and mv (the
 * SOURCE... DEST|DIRECTORY operands) and by head and tail (the line count
 * and the per-file header).  Declarations and contracts: ulib.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "ulib.h"

/* The last component of path, as DIRECTORY/NAME uses it. */
static const char *base_name(const char *path)
{
	const char *end = path + strlen(path), *p;

	while (end > path + 1 && end[-1] == '/')
		end--;
	for (p = end; p > path && p[-1] != '/'; p--)
		;
	return p;
}

int for_each_source(const char *prog, int argc, char **argv,
		    int (*fn)(const char *src, const char *dst))
{
	struct stat st;
	int status = 0;

	if (argc < 3) {
		fprintf(stderr, argc < 2 ? "%s: missing file operand\n" :
			"%s: missing destination file operand after '%s'\n",
			prog, argv[1]);
		return 1;
	}
	const char *dest = argv[argc - 1];
	int isdir = stat(dest, &st) == 0 && S_ISDIR(st.st_mode);
	if (argc > 3 && !isdir) {
		fprintf(stderr, "%s: target '%s' is not a directory\n", prog, dest);
		return 1;
	}
	for (int i = 1; i < argc - 1; i++) {
		const char *name = base_name(argv[i]);
		char *to = malloc(strlen(dest) + strlen(name) + 2);
		sprintf(to, isdir ? "%s/%s" : "%s", dest, name);
		if (fn(argv[i], to) < 0)
			status = 1;
		free(to);
	}
	return status;
}

int parse_line_count(const char *prog, int argc, char **argv, long *n)
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
			fprintf(stderr, "%s: invalid number of lines: '%s'\n", prog, v);
			exit(1);
		}
	}
	return i;
}

void print_file_header(const char *name, int nth)
{
	printf("%s==> %s <==\n", nth ? "\n" : "", name ? name : "standard input");
}
