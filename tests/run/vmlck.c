/*
 * tests/run/vmlck.c - VmLck accounting: a stack that grows under
 * mlockall, and a locked MADV_DONTFORK area, which a child does not
 * inherit.  VmLck must end at 0 in both (never wrap around).
 */
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

/* VmLck from /proc/self/status, in kB. */
static long vmlck(void)
{
	FILE *f = fopen("/proc/self/status", "r");
	char line[256];
	long v = -1;

	while (f && fgets(line, sizeof(line), f))
		if (!strncmp(line, "VmLck:", 6))
			sscanf(line + 6, "%ld", &v);
	if (f)
		fclose(f);
	return v;
}

/* Use n pages of stack. */
static int deep(int n)
{
	volatile char page[4096];

	page[0] = (char)n;
	return n ? deep(n - 1) + page[0] : 0;
}

int main(void)
{
	mlockall(MCL_CURRENT | MCL_FUTURE);
	deep(256);
	munlockall();
	printf("after stack growth under mlockall: VmLck %ld kB\n", vmlck());
	char *p = mmap(NULL, 8192, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	madvise(p, 8192, MADV_DONTFORK);
	mlock(p, 8192);
	fflush(stdout);
	if (fork() == 0) {
		printf("child: VmLck %ld kB\n", vmlck());
		fflush(stdout);
		_exit(0);
	}
	wait(NULL);
	printf("parent: VmLck %ld kB\n", vmlck());
	return 0;
}
