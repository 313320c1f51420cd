/*
 * libc/newlib/exec.c - the exec family over execve (newlib's bare target
 * has only _execve): execv, execvp (the $PATH search, as POSIX: an
 * ENOEXEC file is not run as a script here), execl, execlp, execle.
 */
#include "pagoda_sys.h"
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

extern char **environ;

int execv(const char *path, char *const argv[])
{
	return execve(path, argv, environ);
}

/* Try each directory of $PATH (default /bin:/usr/bin) for a name without
 * a '/'; the error is the most telling one met (EACCES over ENOENT). */
int execvp(const char *file, char *const argv[])
{
	const char *path = getenv("PATH");
	char buf[4096];
	int err = ENOENT;

	if (strchr(file, '/'))
		return execv(file, argv);
	if (!*file) {
		errno = ENOENT;
		return -1;
	}
	for (const char *p = path ? path : "/bin:/usr/bin";; p++) {
		const char *colon = strchr(p, ':');
		size_t n = colon ? (size_t)(colon - p) : strlen(p);
		if (n + strlen(file) + 2 <= sizeof(buf)) {
			memcpy(buf, p, n);
			buf[n] = '/';
			strcpy(buf + n + (n > 0), file);
			execv(n ? buf : file, argv);
			if (errno == EACCES)
				err = EACCES;
			else if (errno != ENOENT && errno != ENOTDIR)
				return -1;
		}
		if (!colon)
			break;
		p = colon;
	}
	errno = err;
	return -1;
}

/* The arguments after arg0 up to NULL, as an argv (and then envp for
 * execle); NULL with errno E2BIG if there are too many. */
static char **collect(const char *arg0, va_list ap, char ***envp)
{
	static char *argv[1024];
	int n = 0;

	argv[n++] = (char *)arg0;
	while (n < 1023 && (argv[n] = va_arg(ap, char *)))
		n++;
	if (n == 1023) {
		errno = E2BIG;
		return NULL;
	}
	if (envp)
		*envp = va_arg(ap, char **);
	return argv;
}

int execl(const char *path, const char *arg0, ...)
{
	va_list ap;
	va_start(ap, arg0);
	char **argv = collect(arg0, ap, NULL);
	va_end(ap);
	return argv ? execv(path, argv) : -1;
}

int execlp(const char *file, const char *arg0, ...)
{
	va_list ap;
	va_start(ap, arg0);
	char **argv = collect(arg0, ap, NULL);
	va_end(ap);
	return argv ? execvp(file, argv) : -1;
}

int execle(const char *path, const char *arg0, ...)
{
	char **envp;
	va_list ap;
	va_start(ap, arg0);
	char **argv = collect(arg0, ap, &envp);
	va_end(ap);
	return argv ? execve(path, argv, envp) : -1;
}
