/*
 * tests/user/utest.h - the usertests-style frame for tests/user programs.
 *
 * A program is a table of named tests.  Each runs in a forked child (so a
 * crash or a leak stays there); the parent prints how it ended.  Test
 * bodies print what they observe - return values, errno names, contents -
 * and tools/test compares the whole output with the same program's output
 * on Linux.  `prog NAME...` runs only the named tests.
 */
#ifndef UTEST_H
#define UTEST_H

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

struct utest {
	const char *name;
	void (*fn)(void);
};

/* The errno name, so output does not depend on strerror's wording. */
static inline const char *errname(int e)
{
	static char buf[16];

	switch (e) {
	case 0: return "0";
	case EPERM: return "EPERM";
	case ENOENT: return "ENOENT";
	case ESRCH: return "ESRCH";
	case EINTR: return "EINTR";
	case EIO: return "EIO";
	case E2BIG: return "E2BIG";
	case ENOEXEC: return "ENOEXEC";
	case EBADF: return "EBADF";
	case ECHILD: return "ECHILD";
	case EAGAIN: return "EAGAIN";
	case ENOMEM: return "ENOMEM";
	case EACCES: return "EACCES";
	case EFAULT: return "EFAULT";
	case EBUSY: return "EBUSY";
	case EEXIST: return "EEXIST";
	case ENODEV: return "ENODEV";
	case ENOTDIR: return "ENOTDIR";
	case EISDIR: return "EISDIR";
	case EINVAL: return "EINVAL";
	case EMFILE: return "EMFILE";
	case ENOTTY: return "ENOTTY";
	case EFBIG: return "EFBIG";
	case ENOSPC: return "ENOSPC";
	case ESPIPE: return "ESPIPE";
	case EPIPE: return "EPIPE";
	case ERANGE: return "ERANGE";
	case ENAMETOOLONG: return "ENAMETOOLONG";
	case ENOSYS: return "ENOSYS";
	case ENOTEMPTY: return "ENOTEMPTY";
	case EOVERFLOW: return "EOVERFLOW";
	case EOPNOTSUPP: return "EOPNOTSUPP";
	default:
		snprintf(buf, sizeof(buf), "errno%d", e);
		return buf;
	}
}

/* Print "what = ret" and, for -1, the errno name. */
#define SHOW(what, expr) do {						\
	errno = 0;							\
	long _r = (long)(expr);						\
	if (_r == -1)							\
		printf("%s = -1 %s\n", what, errname(errno));		\
	else								\
		printf("%s = %ld\n", what, _r);				\
} while (0)

static inline int utest_selected(const char *name, int argc, char **argv)
{
	if (argc < 2)
		return 1;
	for (int i = 1; i < argc; i++)
		if (!strcmp(argv[i], name))
			return 1;
	return 0;
}

/* Run each selected test in a child and report how it ended. */
static inline int utest_run(const struct utest *t, int n, int argc, char **argv)
{
	for (int i = 0; i < n; i++) {
		if (!utest_selected(t[i].name, argc, argv))
			continue;
		printf("--- %s\n", t[i].name);
		fflush(stdout);
		pid_t pid = fork();
		if (pid == 0) {
			t[i].fn();
			fflush(stdout);
			_exit(0);
		}
		int status;
		if (waitpid(pid, &status, 0) != pid)
			printf("%s: waitpid failed\n", t[i].name);
		else if (WIFSIGNALED(status))
			printf("%s: killed by signal %d\n", t[i].name, WTERMSIG(status));
		else if (WEXITSTATUS(status))
			printf("%s: exit %d\n", t[i].name, WEXITSTATUS(status));
	}
	return 0;
}

#define UTEST_MAIN(table)						\
	int main(int argc, char **argv)					\
	{								\
		return utest_run(table, sizeof(table) / sizeof(table[0]), \
				 argc, argv);				\
	}

#endif
