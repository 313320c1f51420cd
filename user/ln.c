/*
 * user/ln.c - make links.
 *
 *   ln [-s] [-f] TARGET LINK_NAME
 *   ln [-s] [-f] TARGET... DIRECTORY
 *
 * A hard link (link(2)) by default, a symbolic link (symlink(2)) with -s;
 * -f removes an existing LINK_NAME first.  Into a DIRECTORY each link is
 * named after its TARGET's last component.  Messages as GNU ln's.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "lib/ulib.h"

static bool symbolic, force;

/* Link src as dst; 0 or -1 after a message. */
static int make_link(const char *src, const char *dst)
{
	struct stat st;

	if (!symbolic && lstat(src, &st) < 0) {	/* GNU ln looks first */
		fprintf(stderr, "ln: failed to access '%s': %s\n", src, strerror(errno));
		return -1;
	}
	if (force && unlink(dst) < 0 && errno != ENOENT) {
		fprintf(stderr, "ln: cannot remove '%s': %s\n", dst, strerror(errno));
		return -1;
	}
	if ((symbolic ? symlink(src, dst) : link(src, dst)) == 0)
		return 0;
	if (symbolic || errno == EEXIST)
		fprintf(stderr, "ln: failed to create %s link '%s': %s\n",
			symbolic ? "symbolic" : "hard", dst, strerror(errno));
	else
		fprintf(stderr, "ln: failed to create hard link '%s' => '%s': %s\n",
			dst, src, strerror(errno));
	return -1;
}

int main(int argc, char **argv)
{
	int i = 1;

	for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
		for (const char *o = argv[i] + 1; *o; o++) {
			if (*o == 's')
				symbolic = true;
			else if (*o == 'f')
				force = true;
			else {
				fprintf(stderr, "ln: invalid option -- '%c'\n", *o);
				return 1;
			}
		}
	}
	return for_each_source("ln", argc - i + 1, argv + i - 1, make_link);
}
