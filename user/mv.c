/*
 * user/mv.c - move (rename) files.
 *
 *   mv SOURCE DEST
 *   mv SOURCE... DIRECTORY
 *
 * One rename() each: Pagoda has a single file system to move within.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

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

int main(int argc, char **argv)
{
	struct stat st;
	int status = 0;

	if (argc < 3) {
		fprintf(stderr, argc < 2 ? "mv: missing file operand\n" :
			"mv: missing destination file operand after '%s'\n", argv[1]);
		return 1;
	}
	const char *dest = argv[argc - 1];
	int isdir = stat(dest, &st) == 0 && S_ISDIR(st.st_mode);
	if (argc > 3 && !isdir) {
		fprintf(stderr, "mv: target '%s' is not a directory\n", dest);
		return 1;
	}
	for (int i = 1; i < argc - 1; i++) {
		const char *name = base_name(argv[i]);
		char *to = malloc(strlen(dest) + strlen(name) + 2);
		sprintf(to, isdir ? "%s/%s" : "%s", dest, name);
		if (lstat(argv[i], &st) < 0) {
			fprintf(stderr, "mv: cannot stat '%s': %s\n", argv[i],
				strerror(errno));
			status = 1;
		} else if (rename(argv[i], to) < 0) {
			fprintf(stderr, "mv: cannot move '%s' to '%s': %s\n", argv[i],
				to, strerror(errno));
			status = 1;
		}
		free(to);
	}
	return status;
}
