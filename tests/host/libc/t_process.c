/*
 * fork, exec and wait: exit statuses, deaths by signal, WNOHANG,
 * execve of ourselves with an environment, execvp's PATH search, and the
 * execl family (execl, execlp's search, execle's environment).
 */
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include "check.h"

static int global = 1;

/* Fork; the child runs fn and exits with its result. Returns the status. */
static int child_status(int (*fn)(void))
{
	int status = -1;
	pid_t pid = fork();

	if (pid == 0)
		exit(fn());
	CHECK(pid > 0);
	CHECK_EQ(waitpid(pid, &status, 0), pid);
	return status;
}

static int exit42(void) { return 42; }
static int die_kill(void) { kill(getpid(), SIGKILL); return 0; }
static int die_abort(void) { abort(); }

static int touch_global(void)
{
	global = 99;
	return global;
}

static void test_statuses(void)
{
	int s;

	s = child_status(exit42);
	CHECK(WIFEXITED(s) && !WIFSIGNALED(s));
	CHECK_EQ(WEXITSTATUS(s), 42);
	s = child_status(die_kill);
	CHECK(WIFSIGNALED(s) && !WIFEXITED(s));
	CHECK_EQ(WTERMSIG(s), SIGKILL);
	s = child_status(die_abort);
	CHECK(WIFSIGNALED(s));
	CHECK_EQ(WTERMSIG(s), SIGABRT);
	s = child_status(touch_global);
	CHECK_EQ(WEXITSTATUS(s), 99);
	CHECK_EQ(global, 1);			/* the child had its own copy */
}

static void test_nohang(void)
{
	int status, p[2];
	char c;
	pid_t pid, parent = getpid();

	pipe(p);
	pid = fork();
	if (pid == 0) {
		c = getppid() == parent ? 'y' : 'n';
		write(p[1], &c, 1);
		pause();
		_exit(1);
	}
	CHECK_EQ(read(p[0], &c, 1), 1);
	CHECK_EQ(c, 'y');
	CHECK_EQ(waitpid(pid, &status, WNOHANG), 0);
	CHECK_EQ(kill(pid, SIGTERM), 0);
	CHECK_EQ(wait(&status), pid);
	CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGTERM);
	errno = 0;
	CHECK_EQ(wait(&status), -1);
	CHECK_EQ(errno, ECHILD);
	close(p[0]);
	close(p[1]);
}

/* Fork and exec via fn(arg); returns the status. */
static int exec_status(void (*fn)(const char *), const char *arg)
{
	int status = -1;
	pid_t pid = fork();

	if (pid == 0) {
		fn(arg);
		_exit(126);			/* exec failed */
	}
	waitpid(pid, &status, 0);
	return status;
}

static void run_self(const char *code)
{
	char *argv[] = { "self", "exit-with", (char *)code, NULL };
	char *envp[] = { "PAGODA_TEST=from-execve", NULL };

	execve("/proc/self/exe", argv, envp);
}

static void run_sh(const char *script)
{
	char *argv[] = { "sh", "-c", (char *)script, NULL };

	execvp("sh", argv);
}

static void run_execl(const char *script)
{
	execl("/bin/sh", "sh", "-c", script, (char *)NULL);
}

static void run_execlp(const char *script)
{
	execlp("sh", "sh", "-c", script, (char *)NULL);
}

static void run_execle(const char *code)
{
	char *envp[] = { "PAGODA_TEST=from-execve", NULL };

	execle("/proc/self/exe", "self", "exit-with", code, (char *)NULL, envp);
}

static void test_exec(void)
{
	char *argv[] = { "x", NULL };

	CHECK_EQ(WEXITSTATUS(exec_status(run_self, "7")), 7);
	CHECK_EQ(WEXITSTATUS(exec_status(run_sh, "exit 3")), 3);
	CHECK_EQ(WEXITSTATUS(exec_status(run_execl, "exit 5")), 5);
	CHECK_EQ(WEXITSTATUS(exec_status(run_execlp, "exit 6")), 6);
	CHECK_EQ(WEXITSTATUS(exec_status(run_execle, "8")), 8);
	errno = 0;
	CHECK_EQ(execl("/nonexistent", "x", "y", (char *)NULL), -1);
	CHECK_EQ(errno, ENOENT);
	errno = 0;
	CHECK_EQ(execvp("pagoda-no-such-command", argv), -1);
	CHECK_EQ(errno, ENOENT);
	errno = 0;
	CHECK_EQ(execve("/nonexistent", argv, NULL), -1);
	CHECK_EQ(errno, ENOENT);
}

int main(int argc, char **argv)
{
	const char *env;

	if (argc == 3 && !strcmp(argv[1], "exit-with")) {
		env = getenv("PAGODA_TEST");
		return env && !strcmp(env, "from-execve") ? atoi(argv[2]) : 100;
	}
	test_statuses();
	test_nohang();
	test_exec();
	return check_done();
}
