/*
 * tests/run/cow_share.c - fork shares frames copy-on-write, compared with
 * Linux through /proc/self/pagemap (the frame numbers are compared with
 * each other, never printed): after fork the child maps the parent's
 * frames and neither side's page is exclusive; a write by either side
 * copies only the page written; once the child is gone, the parent's
 * writes take its pages over (no copy: the frames stay).  The program
 * runs on CPU 0 only: Linux reuses a page only when nothing else holds
 * it, and a page still in another CPU's LRU batch is held there (the
 * write fault drains only its own CPU's), so on a host of several CPUs
 * the last step copied in some runs.
 */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "pagemap.h"

#define PAGE	4096
#define NPAGES	8

/* How many of the pages map the frames in want[]; how many are exclusive. */
static void compare(const char *who, char *a, const uint64_t *want)
{
	int same = 0, exclusive = 0;

	for (int i = 0; i < NPAGES; i++) {
		same += pagemap_pfn(a + i * PAGE) == want[i];
		exclusive += PM_EXCLUSIVE(pagemap_entry(a + i * PAGE));
	}
	printf("%s: %d of %d pages on the frames before fork, %d exclusive\n",
	       who, same, NPAGES, exclusive);
	fflush(stdout);
}

int main(void)
{
	uint64_t before[NPAGES];
	int go[2], done[2];
	char *a = mmap(NULL, NPAGES * PAGE, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	unsigned long cpu0 = 1;
	syscall(SYS_sched_setaffinity, 0, sizeof(cpu0), &cpu0);
	pagemap = open("/proc/self/pagemap", O_RDONLY);
	for (int i = 0; i < NPAGES; i++) {
		a[i * PAGE] = (char)i;
		before[i] = pagemap_pfn(a + i * PAGE);
	}
	printf("frames known: %d\n", before[0] != 0);
	compare("before fork", a, before);
	pipe(go);
	pipe(done);
	pid_t pid = fork();
	if (pid == 0) {		/* first the child, the parent waiting */
		char c;
		close(pagemap);	/* Linux's would go on reading the parent's */
		pagemap = open("/proc/self/pagemap", O_RDONLY);
		compare("child after fork", a, before);
		a[0] = 'c';
		compare("child after writing page 0", a, before);
		write(done[1], "x", 1);
		read(go[0], &c, 1);
		_exit(a[PAGE] == 1 && a[0] == 'c' ? 0 : 1);
	}
	char c;
	read(done[0], &c, 1);
	compare("parent after the child's write", a, before);
	a[2 * PAGE] = 'p';
	compare("parent after writing page 2", a, before);
	write(go[1], "x", 1);
	int status;
	waitpid(pid, &status, 0);
	printf("child saw its own data: %d\n", WIFEXITED(status) && WEXITSTATUS(status) == 0);
	compare("parent, child gone", a, before);
	for (int i = 3; i < NPAGES; i++)
		a[i * PAGE] = 'q';
	compare("parent after writing pages 3-7 alone", a, before);
	printf("parent's data: %c %d %c %c\n", a[2 * PAGE], a[PAGE], a[3 * PAGE], a[0] + '0');
	return 0;
}
