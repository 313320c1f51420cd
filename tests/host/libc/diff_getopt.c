/*
 * getopt on argument vectors whose options all come before the operands
 * (where POSIX and GNU getopt agree), with messages on stdout via
 * stderr redirection in run.sh.  Compared against glibc.
 */
#include <stdio.h>
#include <unistd.h>

struct run {
	const char *optstring;
	int argc;
	char *argv[8];
};

static struct run runs[] = {
	{ "ab:c", 4, { "prog", "-a", "-b", "arg" } },
	{ "ab:c", 3, { "prog", "-abval", "-c" } },
	{ "ab:c", 3, { "prog", "-ac", "file" } },
	{ "ab:c", 4, { "prog", "-a", "--", "-c" } },
	{ "ab:c", 3, { "prog", "-x", "-a" } },
	{ "ab:c", 2, { "prog", "-b" } },
	{ ":ab:c", 2, { "prog", "-b" } },
	{ ":ab:c", 2, { "prog", "-z" } },
	{ "ab:c", 3, { "prog", "-a", "-" } },
	{ "ab:c", 1, { "prog" } },
	{ "ab:", 4, { "prog", "-b", "-a", "-a" } },
	{ "a:", 3, { "prog", "-a", "" } },
	{ "abc", 2, { "prog", "-cba" } },
	{ "+ab", 3, { "prog", "-a", "-b" } },
	{ "ab:c", 3, { "prog", "-a:", "-c" } },
};

int main(void)
{
	size_t i;
	int c;

	for (i = 0; i < sizeof(runs) / sizeof(runs[0]); i++) {
		optind = 0;
		printf("run %zu:", i);
		fflush(stdout);
		while ((c = getopt(runs[i].argc, runs[i].argv,
				   runs[i].optstring)) != -1) {
			printf(" %c", c);
			if (optarg)
				printf("=<%s>", optarg);
			if (c == '?' || c == ':')
				printf("(optopt %c)", optopt);
			fflush(stdout);
		}
		printf(" | optind %d\n", optind);
		fflush(stdout);
	}
	opterr = 0;
	optind = 0;
	c = getopt(runs[4].argc, runs[4].argv, runs[4].optstring);
	printf("opterr 0: %c optopt %c\n", c, optopt);
	return 0;
}
