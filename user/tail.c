/*
 * user/tail.c - print the last lines of files.
 *
 *   tail [-n N | -N] [FILE]...
 *
 * N is 10 by default.  The input is read whole into memory and the last
 * N lines are found by scanning back from its end.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "lib/ulib.h"

/* Print the last n lines of fd; 0, or -1 on a read error. */
static int tail(int fd, long n)
{
	size_t len = 0, cap = 65536;
	char *buf = malloc(cap);
	ssize_t r;

	while ((r = read(fd, buf + len, cap - len)) > 0) {
		len += r;
		if (len == cap)
			buf = realloc(buf, cap *= 2);
	}
	/* Back to just after the n-th newline from the end; a final newline
	 * ends the last line and does not count. */
	size_t start = len > 0 && buf[len - 1] == '\n' ? len - 1 : len;
	for (long k = n; start > 0; start--)
		if (buf[start - 1] == '\n' && --k == 0)
			break;
	if (n > 0)
		fwrite(buf + start, 1, len - start, stdout);
	free(buf);
	return r < 0 ? -1 : 0;
}

int main(int argc, char **argv)
{
	int first, status = 0;
	long n = 10;

	first = parse_line_count("tail", argc, argv, &n);
	if (first == argc && tail(STDIN_FILENO, n) < 0) {
		fprintf(stderr, "tail: error reading 'standard input': %s\n",
			strerror(errno));
		status = 1;
	}
	for (int i = first; i < argc; i++) {
		int fd = strcmp(argv[i], "-") ? open(argv[i], O_RDONLY) : STDIN_FILENO;
		if (argc - first > 1 && fd >= 0)
			print_file_header(fd ? argv[i] : NULL, i - first);
		if (fd < 0 || tail(fd, n) < 0) {
			fprintf(stderr, "tail: cannot %s '%s' for reading: %s\n",
				fd < 0 ? "open" : "read", argv[i], strerror(errno));
			status = 1;
		}
		if (fd > STDIN_FILENO)
			close(fd);
	}
	return status;
}
