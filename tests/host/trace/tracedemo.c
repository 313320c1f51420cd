/*
 * tests/host/trace/tracedemo.c - the program of the annotated trace in
 * docs/guide/11-tracing.md: one step per kind of fault and call that
 * trace=mm explains, each announced on stdout first so that the trace
 * lines it causes follow its line.
 */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#define PAGE 4096

/* Say what comes next, at once (run-prog merges the trace at each write). */
static void step(const char *what)
{
	printf("-- %s\n", what);
	fflush(stdout);
}

/* Touch a page far below the stack's lowest page: the stack grows. */
static int deep_stack(void)
{
	volatile char big[256 * 1024];

	big[0] = 1;
	return big[0];
}

int main(void)
{
	step("mmap two anonymous pages");
	char *p = mmap(NULL, 2 * PAGE, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	step("read page 0, write page 1");
	int sum = p[0];
	p[PAGE] = 1;
	step("write page 0");
	p[0] = 2;
	step("fork; the child writes page 0 and exits");
	pid_t child = fork();
	if (child == 0) {
		p[0] = 3;
		_exit(0);
	}
	waitpid(child, NULL, 0);
	step("the parent writes page 0");
	p[0] = 4;
	step("a file, mapped shared and private");
	int fd = open("/tmp/tracedemo", O_RDWR | O_CREAT | O_TRUNC, 0644);
	ftruncate(fd, PAGE);
	char *s = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	char *c = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	s[0] = 'x';
	c[0] = 'y';
	step("write the file back, drop the page cache, read the file again");
	msync(s, PAGE, MS_SYNC);
	munmap(s, PAGE);
	munmap(c, PAGE);
	int drop = open("/proc/sys/vm/drop_caches", O_WRONLY);
	if (drop >= 0 && write(drop, "1", 1) == 1)
		close(drop);
	s = mmap(NULL, PAGE, PROT_READ, MAP_SHARED, fd, 0);
	sum += s[0] == 'x';
	step("shared anonymous memory");
	char *shm = mmap(NULL, PAGE, PROT_READ | PROT_WRITE,
			 MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	shm[0] = 1;
	step("a 2 MiB-aligned region with MADV_HUGEPAGE");
	char *h = mmap(NULL, 4 << 20, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	h = (char *)(((unsigned long)h + (2 << 20) - 1) & ~((2UL << 20) - 1));
	madvise(h, 2 << 20, MADV_HUGEPAGE);
	h[0] = 1;
	step("grow the stack");
	sum += deep_stack();
	step("mprotect an address nothing maps");
	mprotect((void *)0x10000, PAGE, PROT_READ);
	step("a child reads address 0");
	child = fork();
	if (child == 0)
		return *(volatile char *)0;
	waitpid(child, NULL, 0);
	step("a child writes its own code");
	child = fork();
	if (child == 0) {
		*(volatile char *)(void *)step = 0;
		_exit(0);
	}
	waitpid(child, NULL, 0);
	step("done");
	return sum == 2 ? 0 : 1;
}
