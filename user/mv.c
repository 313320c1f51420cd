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
#include <string.h>
#include <sys/stat.h>
#include "lib/ulib.h"

/* Rename src to dst; 0, or -1 after a message. */
static int move_file(const char *src, const char *dst)
{
	struct stat st;

	if (lstat(src, &st) < 0) {
		fprintf(stderr, "mv: cannot stat '%s': %s\n", src, strerror(errno));
		return -1;
	}
	if (rename(src, dst) < 0) {
		fprintf(stderr, "mv: cannot move '%s' to '%s': %s\n", src, dst,
			strerror(errno));
		return -1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	return for_each_source("mv", argc, argv, move_file);
}
