/*
 * user/mkdir.c - make directories.
 *
 *   mkdir [-p] DIR...
 *
 * -p makes missing parents too and accepts directories that exist.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static bool parents;

/* mkdir(path), where -p lets an existing directory count as success. */
static int make_one(const char *path)
{
	struct stat st;

	if (mkdir(path, 0777) == 0)
		return 0;
	if (parents && errno == EEXIST && stat(path, &st) == 0 && S_ISDIR(st.st_mode))
		return 0;
	return -1;
}

/* Make every ancestor of path (-p), then path itself. */
static int make_path(char *path)
{
	for (char *p = path + 1; parents && *p; p++) {
		if (*p != '/' || p[-1] == '/')
			continue;
		*p = '\0';
		int r = make_one(path);
		*p = '/';
		if (r < 0)
			return -1;
	}
	return make_one(path);
}

int main(int argc, char **argv)
{
	int opt, status = 0;

	while ((opt = getopt(argc, argv, "p")) != -1) {
		if (opt != 'p')
			return 1;
		parents = true;
	}
	if (optind == argc) {
		fprintf(stderr, "mkdir: missing operand\n");
		return 1;
	}
	for (int i = optind; i < argc; i++) {
		if (make_path(argv[i]) < 0) {
			fprintf(stderr, "mkdir: cannot create directory '%s': %s\n",
				argv[i], strerror(errno));
			status = 1;
		}
	}
	return status;
}
