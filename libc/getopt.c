/*
 * getopt, POSIX style: options are scanned up to the first operand or
 * "--"; argv is never reordered (unlike GNU getopt's default).  A leading
 * '+' in optstring is accepted and ignored; a leading ':' silences the
 * messages and makes a missing argument return ':'.  Setting optind to 0
 * restarts scanning.  Messages are glibc's.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

char *optarg;
int optind = 1, opterr = 1, optopt;

static int pos;			/* next char in argv[optind], 0 = start */

/* The error return for option c: print msg unless silenced. */
static int fail(char *const argv[], const char *optstring, const char *msg,
		int c, int ret)
{
	optopt = c;
	if (opterr && *optstring != ':')
		fprintf(stderr, "%s: %s -- '%c'\n", argv[0], msg, c);
	return ret;
}

/* The next option character, '?' for an error, or -1 when done. */
int getopt(int argc, char *const argv[], const char *optstring)
{
	const char *spec;
	char *arg;
	int c;

	if (optind == 0) {
		optind = 1;
		pos = 0;
	}
	if (*optstring == '+')
		optstring++;
	optarg = NULL;
	if (pos == 0) {
		arg = optind < argc ? argv[optind] : NULL;
		if (!arg || arg[0] != '-' || arg[1] == '\0')
			return -1;
		if (!strcmp(arg, "--")) {
			optind++;
			return -1;
		}
		pos = 1;
	}
	arg = argv[optind];
	c = (unsigned char)arg[pos++];
	if (arg[pos] == '\0') {		/* last char of this group */
		optind++;
		pos = 0;
	}
	spec = c == ':' ? NULL : strchr(optstring, c);
	if (!spec)
		return fail(argv, optstring, "invalid option", c, '?');
	if (spec[1] != ':')
		return c;
	if (pos) {			/* "-ofile": the rest is the argument */
		optarg = arg + pos;
		optind++;
		pos = 0;
	} else if (optind < argc) {	/* "-o file" */
		optarg = argv[optind++];
	} else {
		return fail(argv, optstring, "option requires an argument", c,
			    *optstring == ':' ? ':' : '?');
	}
	return c;
}
