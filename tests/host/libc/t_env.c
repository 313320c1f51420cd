/*
 * The environment: environ as passed to main, getenv, setenv, unsetenv,
 * putenv, and an exec'ed child seeing the changes.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include "check.h"

/* Exit status of sh -c script, run through execvp with environ. */
static int sh_status(const char *script)
{
	int status = -1;
	pid_t pid = fork();

	if (pid == 0) {
		execlp("sh", "sh", "-c", script, (char *)NULL);
		_exit(127);
	}
	waitpid(pid, &status, 0);
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static void test_initial(char **envp)
{
	int i, found = 0;

	CHECK(environ == envp);
	for (i = 0; envp[i]; i++)
		if (!strncmp(envp[i], "PAGODA_ENV_TEST=", 16)) {
			found = 1;
			CHECK(getenv("PAGODA_ENV_TEST") == envp[i] + 16);
		}
	CHECK(found);
	CHECK_STR(getenv("PAGODA_ENV_TEST"), "start value");
	CHECK(getenv("PAGODA_ENV_TES") == NULL);
	CHECK(getenv("PAGODA_ENV_TEST=") == NULL);
	CHECK(getenv("") == NULL);
}

static void test_changes(void)
{
	static char entry[] = "PAGODA_PUT=put value";

	CHECK_EQ(setenv("PAGODA_NEW", "one", 0), 0);
	CHECK_STR(getenv("PAGODA_NEW"), "one");
	CHECK_EQ(setenv("PAGODA_NEW", "two", 0), 0);
	CHECK_STR(getenv("PAGODA_NEW"), "one");	/* no overwrite */
	CHECK_EQ(setenv("PAGODA_NEW", "three", 1), 0);
	CHECK_STR(getenv("PAGODA_NEW"), "three");
	CHECK_EQ(setenv("PAGODA_ENV_TEST", "changed", 1), 0);
	CHECK_STR(getenv("PAGODA_ENV_TEST"), "changed");
	CHECK_EQ(putenv(entry), 0);
	CHECK(getenv("PAGODA_PUT") == entry + 11);
	entry[11] = 'P';			/* putenv does not copy */
	CHECK_STR(getenv("PAGODA_PUT"), "Put value");
	CHECK_EQ(unsetenv("PAGODA_NEW"), 0);
	CHECK(getenv("PAGODA_NEW") == NULL);
	CHECK_EQ(unsetenv("PAGODA_NEVER_SET"), 0);
	errno = 0;
	CHECK_EQ(setenv("BAD=NAME", "x", 1), -1);
	CHECK_EQ(errno, EINVAL);
	errno = 0;
	CHECK_EQ(setenv("", "x", 1), -1);
	CHECK_EQ(errno, EINVAL);
	errno = 0;
	CHECK_EQ(unsetenv(""), -1);
	CHECK_EQ(errno, EINVAL);
}

static void test_child_sees(void)
{
	CHECK_EQ(sh_status("test \"$PAGODA_ENV_TEST\" = changed"), 0);
	CHECK_EQ(sh_status("test \"$PAGODA_PUT\" = 'Put value'"), 0);
	CHECK_EQ(sh_status("test -z \"$PAGODA_NEW\""), 0);
}

int main(int argc, char **argv, char **envp)
{
	int i;

	(void)argc;
	if (!getenv("PAGODA_ENV_TEST")) {	/* re-run with the variable */
		setenv("PAGODA_ENV_TEST", "start value", 1);
		execv("/proc/self/exe", argv);
		return 1;
	}
	test_initial(envp);
	for (i = 0; i < 50; i++) {		/* grow the array a lot */
		char name[16];

		snprintf(name, sizeof(name), "PAGODA_V%d", i);
		setenv(name, name, 1);
	}
	CHECK_STR(getenv("PAGODA_V49"), "PAGODA_V49");
	test_changes();
	test_child_sees();
	return check_done();
}
