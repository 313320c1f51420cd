/*
 * Processes: fork, exec, wait, identities, sleeping.
 */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "libc.h"

pid_t fork(void)
{
	return __syscall_ret(__syscall0(SYS_fork));
}

int execve(const char *path, char *const argv[], char *const envp[])
{
	return __syscall_ret(__syscall3(SYS_execve, path, argv, envp));
}

int execv(const char *path, char *const argv[])
{
	return execve(path, argv, environ);
}

/* "dir/file" into buf (just "file" if dir is empty); 0, or -1 if too long. */
static int join(char *buf, const char *dir, size_t dlen, const char *file)
{
	size_t flen = strlen(file);

	if (dlen + 1 + flen >= PATH_MAX)
		return -1;
	memcpy(buf, dir, dlen);
	if (dlen)
		buf[dlen++] = '/';
	memcpy(buf + dlen, file, flen + 1);
	return 0;
}

/*
 * Like execv, but a file name without '/' is looked for in each directory
 * of $PATH (default "/bin:/usr/bin").  Returns -1 if all attempts failed,
 * with errno EACCES if any was denied, else ENOENT.  Unlike glibc, a file
 * that is not an executable (ENOEXEC) is not handed to /bin/sh.
 */
int execvp(const char *file, char *const argv[])
{
	const char *p = getenv("PATH"), *end;
	char buf[PATH_MAX];
	int denied = 0;

	if (!*file || strchr(file, '/'))
		return execv(file, argv);
	for (p = p ? p : "/bin:/usr/bin"; ; p = end + 1) {
		end = strchr(p, ':');
		if (!end)
			end = p + strlen(p);
		if (join(buf, p, end - p, file) == 0) {
			execv(buf, argv);
			if (errno == EACCES)
				denied = 1;
			else if (errno != ENOENT && errno != ENOTDIR)
				return -1;
		}
		if (!*end)
			break;
	}
	errno = denied ? EACCES : ENOENT;
	return -1;
}

/* How the execl family runs the argv it built. */
enum execl_kind { EXECL_PATH, EXECL_SEARCH, EXECL_ENV };

/*
 * The execl family's one argv builder: argv[0] = arg0, then the arguments in
 * ap up to and including the NULL; execle's envp follows the NULL.  Runs it
 * as execv, execvp or execve; returns -1 with errno if that fails.
 */
static int execl_va(enum execl_kind kind, const char *file, const char *arg0,
		    va_list ap)
{
	va_list count;
	int n = 0;

	va_copy(count, ap);
	while (va_arg(count, char *))
		n++;
	va_end(count);

	char *argv[n + 2];

	argv[0] = (char *)arg0;
	for (int i = 1; i <= n + 1; i++)
		argv[i] = va_arg(ap, char *);
	if (kind == EXECL_ENV)
		return execve(file, argv, va_arg(ap, char **));
	if (kind == EXECL_SEARCH)
		return execvp(file, argv);
	return execv(file, argv);
}

int execl(const char *path, const char *arg0, ...)
{
	va_list ap;
	int ret;

	va_start(ap, arg0);
	ret = execl_va(EXECL_PATH, path, arg0, ap);
	va_end(ap);
	return ret;
}

int execlp(const char *file, const char *arg0, ...)
{
	va_list ap;
	int ret;

	va_start(ap, arg0);
	ret = execl_va(EXECL_SEARCH, file, arg0, ap);
	va_end(ap);
	return ret;
}

/* execl with the environment after the NULL: (path, arg0, ..., NULL, envp). */
int execle(const char *path, const char *arg0, ...)
{
	va_list ap;
	int ret;

	va_start(ap, arg0);
	ret = execl_va(EXECL_ENV, path, arg0, ap);
	va_end(ap);
	return ret;
}

pid_t wait4(pid_t pid, int *status, int options, struct rusage *ru)
{
	return __syscall_ret(__syscall4(SYS_wait4, pid, status, options, ru));
}

pid_t waitpid(pid_t pid, int *status, int options)
{
	return wait4(pid, status, options, NULL);
}

pid_t wait(int *status)
{
	return wait4(-1, status, 0, NULL);
}

pid_t getpid(void) { return __syscall0(SYS_getpid); }
pid_t getppid(void) { return __syscall0(SYS_getppid); }
pid_t gettid(void) { return __syscall0(SYS_gettid); }
uid_t getuid(void) { return __syscall0(SYS_getuid); }
uid_t geteuid(void) { return __syscall0(SYS_geteuid); }
gid_t getgid(void) { return __syscall0(SYS_getgid); }
gid_t getegid(void) { return __syscall0(SYS_getegid); }
pid_t getpgrp(void) { return __syscall0(SYS_getpgrp); }

int setpgid(pid_t pid, pid_t pgid)
{
	return __syscall_ret(__syscall2(SYS_setpgid, pid, pgid));
}

pid_t setsid(void)
{
	return __syscall_ret(__syscall0(SYS_setsid));
}

int pause(void)
{
	return __syscall_ret(__syscall0(SYS_pause));
}

unsigned int alarm(unsigned int seconds)
{
	return __syscall1(SYS_alarm, seconds);
}

/* Sleep; returns the seconds left if a signal cut it short. */
unsigned int sleep(unsigned int seconds)
{
	struct timespec ts = { seconds, 0 };

	if (nanosleep(&ts, &ts) < 0)
		return ts.tv_sec + (ts.tv_nsec > 0);
	return 0;
}

int usleep(useconds_t usec)
{
	struct timespec ts = { usec / 1000000, (usec % 1000000) * 1000L };

	return nanosleep(&ts, NULL);
}
