/* Asks on stderr, answers on stdout: without streaming, run-prog would
 * hold the question back until the program had exited. */
#include <stdio.h>
#include <string.h>

int main(void)
{
	char name[64] = "";

	fputs("name? ", stderr);
	if (!fgets(name, sizeof(name), stdin))
		return 1;
	name[strcspn(name, "\r\n")] = '\0';
	printf("hello %s\n", name);
	return 0;
}
