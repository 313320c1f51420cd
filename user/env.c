/*
 * user/env.c - print the environment, or run a command in a changed one.
 *
 *   env [-i] [NAME=VALUE]... [COMMAND [ARG]...]
 *
 * -i starts from an empty environment.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	static char *empty[] = { NULL };
	int i = 1;

	if (i < argc && !strcmp(argv[i], "-i")) {
		environ = empty;
		i++;
	}
	for (; i < argc && strchr(argv[i], '='); i++)
		putenv(argv[i]);
	if (i == argc) {
		for (char **e = environ; *e; e++)
			puts(*e);
		return 0;
	}
	execvp(argv[i], argv + i);
	fprintf(stderr, "env: '%s': %s\n", argv[i], strerror(errno));
	return errno == ENOENT ? 127 : 126;
}
