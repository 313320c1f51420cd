/*
 * tests/user/shlines.h - the driver of tools_sh.c and tools_text.c: run
 * each command line with /bin/sh -c in this directory, printing the line,
 * its output and how it ended, so that the whole can be compared with
 * the same lines on Linux (dash and GNU's tools).
 */
#ifndef TESTS_USER_SHLINES_H
#define TESTS_USER_SHLINES_H

#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

static int run_sh_lines(const char *const *lines, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		int status;

		printf("--- %s\n", lines[i]);
		fflush(stdout);
		pid_t pid = fork();
		if (pid == 0) {
			execl("/bin/sh", "sh", "-c", lines[i], (char *)NULL);
			_exit(126);
		}
		waitpid(pid, &status, 0);
		if (WIFSIGNALED(status))
			printf("killed by signal %d\n", WTERMSIG(status));
		else
			printf("exit %d\n", WEXITSTATUS(status));
		fflush(stdout);
	}
	return 0;
}

#endif
