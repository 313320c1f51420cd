/*
 * user/cp.c - copy files.
 *
 *   cp SOURCE DEST
 *   cp SOURCE... DIRECTORY
 *
 * Copies regular files (contents and permission bits); no -r.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "lib/ulib.h"

/* Copy the file src to dst; 0, or -1 after a message. */
static int copy_file(const char *src, const char *dst)
{
	static char buf[16384];
	struct stat st;
	int in, out;
	ssize_t n = 0;

	if ((in = open(src, O_RDONLY)) < 0 || fstat(in, &st) < 0) {
		fprintf(stderr, "cp: cannot stat '%s': %s\n", src, strerror(errno));
		return -1;
	}
	if (S_ISDIR(st.st_mode)) {
		fprintf(stderr, "cp: -r not specified; omitting directory '%s'\n", src);
		close(in);
		return -1;
	}
	if ((out = open(dst, O_WRONLY | O_CREAT | O_TRUNC, st.st_mode & 07777)) < 0) {
		fprintf(stderr, "cp: cannot create regular file '%s': %s\n", dst,
			strerror(errno));
		close(in);
		return -1;
	}
	while ((n = read(in, buf, sizeof(buf))) > 0)
		if (write(out, buf, n) != n) {
			n = -1;
			break;
		}
	if (n < 0)
		fprintf(stderr, "cp: error copying '%s' to '%s': %s\n", src, dst,
			strerror(errno));
	close(in);
	close(out);
	return n < 0 ? -1 : 0;
}

int main(int argc, char **argv)
{
	return for_each_source("cp", argc, argv, copy_file);
}
