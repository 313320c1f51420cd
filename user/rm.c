/*
 * user/rm.c - remove files or directories.
 *
 *   rm [-r] [-f] FILE...
 *
 * -r removes directories and their contents, depth first; -f ignores
 * files that do not exist and never complains about a missing operand.
 */
#include <dirent.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static bool recursive, force;

static int fail(const char *path)
{
	if (force && errno == ENOENT)
		return 0;
	fprintf(stderr, "rm: cannot remove '%s': %s\n", path, strerror(errno));
	return -1;
}

/* Remove path, and with -r everything below it; 0 or -1. */
static int remove_path(const char *path)
{
	struct stat st;
	struct dirent *e;
	int r = 0;

	if (lstat(path, &st) < 0)
		return fail(path);
	if (!S_ISDIR(st.st_mode))
		return unlink(path) < 0 ? fail(path) : 0;
	if (!recursive) {
		errno = EISDIR;
		return fail(path);
	}
	DIR *d = opendir(path);
	if (!d)
		return fail(path);
	while ((e = readdir(d))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		char *sub = malloc(strlen(path) + strlen(e->d_name) + 2);
		sprintf(sub, "%s/%s", path, e->d_name);
		r |= remove_path(sub);
		free(sub);
	}
	closedir(d);
	if (r == 0 && rmdir(path) < 0)
		return fail(path);
	return r;
}

int main(int argc, char **argv)
{
	int opt, status = 0;

	while ((opt = getopt(argc, argv, "rRf")) != -1) {
		if (opt == 'f')
			force = true;
		else if (opt == 'r' || opt == 'R')
			recursive = true;
		else
			return 1;
	}
	if (optind == argc && !force) {
		fprintf(stderr, "rm: missing operand\n");
		return 1;
	}
	for (int i = optind; i < argc; i++)
		if (remove_path(argv[i]) < 0)
			status = 1;
	return status;
}
