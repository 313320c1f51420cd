/*
 * tests/run/args.c - the first check: arguments, environment,
 * auxiliary vector, malloc of a small and a large block, exit status 3.
 * Prints only what is the same on any Linux (no addresses, no paths).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>

extern char **environ;

int main(int argc, char **argv)
{
	int envc = 0;

	printf("argc=%d\n", argc);
	for (int i = 1; i < argc; i++)
		printf("argv[%d]=\"%s\"\n", i, argv[i]);
	for (char **e = environ; *e; e++)
		envc++;
	printf("envc=%d\n", envc);
	printf("AT_PAGESZ=%lu AT_PHENT=%lu AT_UID=%lu AT_EUID=%lu AT_GID=%lu "
	       "AT_EGID=%lu AT_SECURE=%lu\n", getauxval(AT_PAGESZ),
	       getauxval(AT_PHENT), getauxval(AT_UID), getauxval(AT_EUID),
	       getauxval(AT_GID), getauxval(AT_EGID), getauxval(AT_SECURE));
	printf("AT_ENTRY set: %s, AT_RANDOM set: %s, AT_PHDR set: %s\n",
	       getauxval(AT_ENTRY) ? "yes" : "no",
	       getauxval(AT_RANDOM) ? "yes" : "no",
	       getauxval(AT_PHDR) ? "yes" : "no");
	char *small = malloc(100), *big = malloc(200 * 1024);
	if (!small || !big)
		return 1;
	memset(small, 'a', 100);
	memset(big, 'b', 200 * 1024);
	printf("malloc(100) and malloc(200 KiB): ok, %c%c\n", small[99],
	       big[200 * 1024 - 1]);
	free(small);
	free(big);
	return 3;
}
