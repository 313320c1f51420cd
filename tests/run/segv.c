/* tests/run/segv.c - a write through NULL: killed by SIGSEGV (139). */
#include <stdio.h>

int main(void)
{
	volatile int *p = NULL;

	printf("about to write through NULL\n");
	fflush(stdout);
	*p = 1;
	printf("still alive?\n");
	return 0;
}
