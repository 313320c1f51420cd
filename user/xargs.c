/*
 * user/xargs.c - run a command with arguments read from standard input.
 *
 *   xargs [-n MAX] [COMMAND [ARG]...]
 *
 * The words of standard input (separated by blanks and newlines) are
 * added to COMMAND (default echo), at most MAX a run (default: all of
 * them in one run).  Exit status as GNU xargs: 123 if a run exited with
 * 1-125, 124 if one exited 255, 125 if one was killed, 126/127 if the
 * command cannot be run or found, else 0.
 */
#include <ctype.h>
#include <stdbool.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

/* Run argv; returns its contribution to xargs' exit status. */
static int run(char **argv)
{
	int status;
	pid_t pid = fork();

	if (pid < 0)
		return 125;
	if (pid == 0) {
		execvp(argv[0], argv);
		fprintf(stderr, "xargs: %s: %s\n", argv[0], strerror(errno));
		_exit(errno == ENOENT ? 127 : 126);
	}
	waitpid(pid, &status, 0);
	if (WIFSIGNALED(status))
		return 125;
	int code = WEXITSTATUS(status);
	if (code == 126 || code == 127)
		return code;
	return code == 255 ? 124 : code ? 123 : 0;
}

/* The next blank-separated word of standard input, or NULL at the end. */
static char *next_word(void)
{
	static char word[4096];
	size_t n = 0;
	int c;

	while ((c = getchar()) != EOF && isspace(c))
		;
	while (c != EOF && !isspace(c)) {
		if (n + 1 < sizeof(word))
			word[n++] = c;
		c = getchar();
	}
	word[n] = '\0';
	return n ? strdup(word) : NULL;
}

int main(int argc, char **argv)
{
	long max = 0;
	int first = 1, status = 0;

	if (argc > 2 && !strcmp(argv[1], "-n")) {
		max = atol(argv[2]);
		first = 3;
		if (max < 1) {
			fprintf(stderr, "xargs: value for -n must be at least 1\n");
			return 1;
		}
	}
	static char *echo[] = { "echo", NULL };
	char **cmd = first < argc ? argv + first : echo;
	int ncmd = first < argc ? argc - first : 1;
	char **args = malloc((ncmd + 4096 + 1) * sizeof(char *));
	memcpy(args, cmd, ncmd * sizeof(char *));
	int n = ncmd;
	char *w;
	bool ran = false;
	while ((w = next_word())) {
		args[n++] = w;
		if ((max && n - ncmd == max) || n - ncmd == 4096) {
			args[n] = NULL;
			int r = run(args);
			status = r > status ? r : status;
			n = ncmd;
			ran = true;
		}
	}
	if (n > ncmd || !ran) {
		args[n] = NULL;
		int r = run(args);
		status = r > status ? r : status;
	}
	return status;
}
