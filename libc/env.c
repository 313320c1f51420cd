/*
 * The environment: getenv, setenv, unsetenv, putenv.
 *
 * environ starts as the array the kernel put on the stack.  The first
 * change that adds an entry copies it into a malloc'ed array, which later
 * changes grow with realloc.  Replaced strings are not freed: a pointer
 * returned by an earlier getenv may still point into them.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char **owned;		/* environ, when it is our malloc'ed copy */

/* Index of the "name=" entry in environ (name is len bytes), or -1. */
static int find(const char *name, size_t len)
{
	int i;

	for (i = 0; environ && environ[i]; i++)
		if (!strncmp(environ[i], name, len) && environ[i][len] == '=')
			return i;
	return -1;
}

char *getenv(const char *name)
{
	size_t len = strlen(name);
	int i = find(name, len);

	return i < 0 ? NULL : environ[i] + len + 1;
}

/* Append entry to environ, moving it to a malloc'ed array; 0 or -1. */
static int append(char *entry)
{
	size_t n = 0;
	char **env;

	while (environ && environ[n])
		n++;
	env = realloc(environ == owned ? owned : NULL,
		      (n + 2) * sizeof(char *));
	if (!env)
		return -1;
	if (environ != owned && n)
		memcpy(env, environ, n * sizeof(char *));
	env[n] = entry;
	env[n + 1] = NULL;
	environ = owned = env;
	return 0;
}

/* Put "name=value" in place of entry i of environ, or at its end if i < 0. */
static int put(char *entry, int i)
{
	if (i >= 0) {
		environ[i] = entry;
		return 0;
	}
	return append(entry);
}

/* Set name to value (unless it exists and !overwrite); 0 or -1. */
int setenv(const char *name, const char *value, int overwrite)
{
	size_t len = strlen(name), vlen = strlen(value);
	int i;
	char *entry;

	if (!len || strchr(name, '=')) {
		errno = EINVAL;
		return -1;
	}
	i = find(name, len);
	if (i >= 0 && !overwrite)
		return 0;
	entry = malloc(len + vlen + 2);
	if (!entry)
		return -1;
	memcpy(entry, name, len);
	entry[len] = '=';
	memcpy(entry + len + 1, value, vlen + 1);
	if (put(entry, i) < 0) {
		free(entry);
		return -1;
	}
	return 0;
}

/* Add or replace using string itself ("name=value"), not a copy. */
int putenv(char *string)
{
	const char *eq = strchr(string, '=');

	if (!eq)
		return unsetenv(string);
	return put(string, find(string, eq - string));
}

/* Remove every entry for name. */
int unsetenv(const char *name)
{
	size_t len = strlen(name);
	int i, j;

	if (!len || strchr(name, '=')) {
		errno = EINVAL;
		return -1;
	}
	while ((i = find(name, len)) >= 0)
		for (j = i; environ[j]; j++)
			environ[j] = environ[j + 1];
	return 0;
}
