/* Lines on stdout and stderr around mm calls whose trace lines must come
 * between them: tools/run-prog merges the trace=mm log with the output. */
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>

int main(void)
{
	printf("before mmap\n");
	fflush(stdout);
	char *p = mmap(NULL, 3 * 4096, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	fprintf(stderr, "mapped\n");
	p[0] = 1;
	printf("touched\n");
	fflush(stdout);
	munmap(p, 3 * 4096);
	printf("after munmap\n");
	return 0;
}
