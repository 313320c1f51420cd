/*
 * user/sh/builtin.c - the commands the shell runs itself, because they
 * change the shell (cd, exit, export, unset, wait), describe it (help),
 * or do nothing (:).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include "sh.h"

static int sh_cd(char **argv)
{
	char cwd[4096];
	const char *dir = argv[1] ? argv[1] : getenv("HOME") ? getenv("HOME") : "/";

	if (chdir(dir) < 0) {
		fprintf(stderr, "sh: cd: %s: %s\n", dir, strerror(errno));
		return 1;
	}
	if (getcwd(cwd, sizeof(cwd)))
		setenv("PWD", cwd, 1);
	return 0;
}

static int sh_exit(char **argv)
{
	exit(argv[1] ? atoi(argv[1]) : last_status());
}

/* export NAME=VALUE...; with no argument, list the environment. */
static int sh_export(char **argv)
{
	if (!argv[1])
		for (char **e = environ; *e; e++)
			printf("export %s\n", *e);
	for (int i = 1; argv[i]; i++)
		if (strchr(argv[i], '=') && putenv(strdup(argv[i])) < 0)
			return 1;
	return 0;
}

static int sh_unset(char **argv)
{
	for (int i = 1; argv[i]; i++)
		unsetenv(argv[i]);
	return 0;
}

/* wait: collect every background job (^C stops waiting). */
static int sh_wait(char **argv)
{
	(void)argv;
	while (wait(NULL) > 0)
		;
	return 0;
}

/* ":": nothing, successfully (the arguments are still expanded). */
static int sh_colon(char **argv)
{
	(void)argv;
	return 0;
}

/* help: what the shell understands, in a screenful. */
static int sh_help(char **argv)
{
	(void)argv;
	fputs("Pagoda's shell (docs/shell.md).  Builtins: cd [DIR], exit [N],\n"
	      "export NAME=VALUE..., unset NAME..., wait, help, :.\n"
	      "Commands: CMD | CMD, CMD; CMD, CMD && CMD, CMD || CMD, CMD &,\n"
	      "< FILE, > FILE, >> FILE, 2> FILE, 2>&1, 'quotes', \"$NAME\", $?, $$,\n"
	      "globs * ? [a-z],\n"
	      "for NAME in WORD...; do LIST; done, while LIST; do LIST; done,\n"
	      "until LIST; do LIST; done, if LIST; then LIST; [elif ...] [else LIST;] fi.\n"
	      "Keys: Left/Right, Home/End, Backspace, Up/Down (history), Tab (complete),\n"
	      "^U (erase the line), ^C (cancel), ^D (end).  The tools are in /bin.\n",
	      stdout);
	return 0;
}

static const struct builtin {
	const char *name;
	int (*fn)(char **argv);
} builtins[] = {
	{ ":", sh_colon }, { "cd", sh_cd }, { "exit", sh_exit }, { "export", sh_export },
	{ "help", sh_help }, { "unset", sh_unset }, { "wait", sh_wait },
};

builtin_fn find_builtin(const char *name)
{
	for (size_t i = 0; name && i < sizeof(builtins) / sizeof(*builtins); i++)
		if (!strcmp(name, builtins[i].name))
			return builtins[i].fn;
	return NULL;
}
