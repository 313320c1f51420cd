/*
 * user/printf.c - formatted output, as the shell's printf.
 *
 *   printf FORMAT [ARGUMENT]...
 *
 * FORMAT's backslash escapes (\n, \t, \\, \a, \r, \0NNN) and directives
 * %s, %c, %d, %i, %u, %x, %o (with flags, width and precision) and %%.
 * The format is used again while arguments remain, as POSIX says; a
 * missing argument is "" or 0.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Print the escape after the backslash at *p; *p ends on its last byte. */
static void escape(const char **p)
{
	static const char from[] = "ntr\\ab", to[] = "\n\t\r\\\a\b";
	const char *e = strchr(from, **p);

	if (**p && e) {
		putchar(to[e - from]);
	} else if (**p == '0') {
		int v = 0;
		for (int i = 0; i < 3 && (*p)[1] >= '0' && (*p)[1] <= '7'; i++)
			v = v * 8 + *++*p - '0';
		putchar(v);
	} else {
		putchar('\\');
		if (**p)
			putchar(**p);
		else
			(*p)--;
	}
}

/* Print the directive at *p (after its '%'); *p ends on its conversion.
 * Uses the next of args; returns the number of arguments used. */
static int directive(const char **p, char **args)
{
	char spec[32] = "%";
	size_t n = 1;

	while (**p && strchr("-+ #0123456789.", **p) && n < sizeof(spec) - 3)
		spec[n++] = *(*p)++;
	char conv = **p;
	const char *arg = *args ? *args : "";
	if (conv == '%') {
		putchar('%');
		return 0;
	}
	if (conv == 's' || conv == 'c') {
		spec[n++] = 's';
		spec[n] = '\0';
		char one[2] = { arg[0], '\0' };
		printf(spec, conv == 'c' ? one : arg);
	} else if (conv && strchr("diuxXo", conv)) {
		spec[n++] = 'l';
		spec[n++] = conv;
		spec[n] = '\0';
		printf(spec, strtol(arg, NULL, 0));
	} else {
		fprintf(stderr, "printf: %%%c: invalid directive\n", conv);
		exit(1);
	}
	return *args ? 1 : 0;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: printf FORMAT [ARGUMENT]...\n");
		return 1;
	}
	char **args = argv + 2;
	do {
		int used = 0;
		for (const char *p = argv[1]; *p; p++) {
			if (*p == '\\') {
				p++;
				escape(&p);
			} else if (*p == '%' && p[1]) {
				p++;
				used += directive(&p, args + used);
			} else {
				putchar(*p);
			}
		}
		args += used;
		if (!used)
			break;
	} while (*args);
	return 0;
}
