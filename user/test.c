/*
 * user/test.c - evaluate a condition, for if and while in the shell.
 *
 *   test EXPRESSION
 *
 * Exit status 0 if EXPRESSION is true, 1 if false, 2 if it is malformed.
 * EXPRESSION: ! EXPRESSION; -e/-f/-d/-r/-w/-x/-s/-L FILE; -z/-n STRING;
 * STRING; S1 = S2, S1 != S2; N1 -eq/-ne/-lt/-le/-gt/-ge N2 (integers).
 * No -a, -o or parentheses.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static _Noreturn void bad(const char *why, const char *what)
{
	fprintf(stderr, "test: %s: %s\n", what, why);
	exit(2);
}

static long integer(const char *s)
{
	char *end;
	long v = strtol(s, &end, 10);

	if (!*s || *end)
		bad("integer expression expected", s);
	return v;
}

/* A unary file or string test. */
static bool unary(const char *op, const char *arg)
{
	struct stat st;
	bool exists = (op[1] == 'L' ? lstat(arg, &st) : stat(arg, &st)) == 0;

	switch (op[1]) {
	case 'e': return exists;
	case 'f': return exists && S_ISREG(st.st_mode);
	case 'd': return exists && S_ISDIR(st.st_mode);
	case 'L': return exists && S_ISLNK(st.st_mode);
	case 's': return exists && st.st_size > 0;
	case 'r': return access(arg, R_OK) == 0;
	case 'w': return access(arg, W_OK) == 0;
	case 'x': return access(arg, X_OK) == 0;
	case 'z': return !*arg;
	case 'n': return *arg;
	}
	bad("unary operator expected", op);
}

static bool binary(const char *a, const char *op, const char *b)
{
	static const char *const ops[] = { "-eq", "-ne", "-lt", "-le", "-gt", "-ge" };

	if (!strcmp(op, "="))
		return !strcmp(a, b);
	if (!strcmp(op, "!="))
		return strcmp(a, b) != 0;
	for (int i = 0; i < 6; i++) {
		if (strcmp(op, ops[i]))
			continue;
		long x = integer(a), y = integer(b);
		bool r[] = { x == y, x != y, x < y, x <= y, x > y, x >= y };
		return r[i];
	}
	bad("binary operator expected", op);
}

/* The value of the n words at argv. */
static bool eval(int n, char **argv)
{
	if (n > 0 && !strcmp(argv[0], "!"))
		return !eval(n - 1, argv + 1);
	switch (n) {
	case 0: return false;
	case 1: return *argv[0];
	case 2:
		if (argv[0][0] != '-' || strlen(argv[0]) != 2)
			bad("unary operator expected", argv[0]);
		return unary(argv[0], argv[1]);
	case 3: return binary(argv[0], argv[1], argv[2]);
	}
	bad("too many arguments", argv[0]);
}

int main(int argc, char **argv)
{
	return eval(argc - 1, argv + 1) ? 0 : 1;
}
