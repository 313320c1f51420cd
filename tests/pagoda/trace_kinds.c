/*
 * tests/pagoda/trace_kinds.c - the fault kinds of trace=mm that need a
 * shared mapping, swap or the OOM killer to happen: booted with trace=mm,
 * 16 MiB of RAM and a 32 MiB swap disk (tools/pagodatests.py), it prints a
 * "step NAME ADDR" line before each step, and the test finds the fault
 * line the step must cause in the kernel log:
 *   page-mkwrite  a write to a read-faulted page of a MAP_SHARED file
 *   shared-write  a write to a shared anonymous page that fault-around
 *                 mapped read-only (shmem has no page_mkwrite to call)
 *   swap-in       a read of the first page of 16 MiB written in order,
 *                 after the whole range went through RAM
 *   oom-kill      a child touching memory without end: "oom-kill" and
 *                 "killed by signal 9" lines for its pid
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#define PAGE	4096
#define SWAPPED	(16ul << 20)

static volatile char sink;

static void step(const char *name, const void *addr)
{
	printf("step %s %lx\n", name, (unsigned long)addr);
	fflush(stdout);
}

static char *map(size_t len, int prot, int flags, int fd)
{
	char *p = mmap(NULL, len, prot, flags, fd, 0);

	if (p == MAP_FAILED) {
		perror("mmap");
		exit(1);
	}
	return p;
}

/* A file page read in, then written through a shared mapping. */
static void page_mkwrite(void)
{
	int fd = open("trace_kinds.dat", O_RDWR | O_CREAT | O_TRUNC, 0644);

	if (fd < 0 || ftruncate(fd, PAGE)) {
		perror("trace_kinds.dat");
		exit(1);
	}
	char *p = map(PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd);
	sink = p[0];
	step("page-mkwrite", p);
	p[0] = 1;
	munmap(p, PAGE);
	close(fd);
}

/* Shared anonymous pages written, their entries zapped (the pages stay in
 * shmem), page 0 read back: fault-around maps page 1 read-only too. */
static void shared_write(void)
{
	char *p = map(2 * PAGE, PROT_READ | PROT_WRITE,
		      MAP_SHARED | MAP_ANONYMOUS, -1);

	p[0] = p[PAGE] = 1;
	madvise(p, 2 * PAGE, MADV_DONTNEED);
	sink = p[0];
	step("shared-write", p + PAGE);
	p[PAGE] = 2;
	munmap(p, 2 * PAGE);
}

/* More than the free RAM written in order: its first page is on swap. */
static void swap_in(void)
{
	char *p = map(SWAPPED, PROT_READ | PROT_WRITE,
		      MAP_PRIVATE | MAP_ANONYMOUS, -1);

	madvise(p, SWAPPED, MADV_NOHUGEPAGE);
	for (size_t i = 0; i < SWAPPED; i += PAGE)
		p[i] = (char)(i / PAGE);
	step("swap-in", p);
	for (size_t i = 0; i < SWAPPED; i += PAGE)
		if (p[i] != (char)(i / PAGE)) {
			printf("page %zu lost\n", i / PAGE);
			exit(1);
		}
	munmap(p, SWAPPED);
}

/* A child that touches memory until the OOM killer stops it. */
static void oom_kill(void)
{
	int status;
	pid_t pid = fork();

	if (pid == 0) {
		for (;;) {
			char *p = map(SWAPPED, PROT_READ | PROT_WRITE,
				      MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1);
			madvise(p, SWAPPED, MADV_NOHUGEPAGE);
			for (size_t i = 0; i < SWAPPED; i += PAGE)
				p[i] = 1;
		}
	}
	step("oom-kill", NULL);
	printf("child %d\n", pid);
	waitpid(pid, &status, 0);
	printf("child %s %d\n", WIFSIGNALED(status) ? "killed by signal" : "exited",
	       WIFSIGNALED(status) ? WTERMSIG(status) : WEXITSTATUS(status));
}

int main(void)
{
	printf("pid %d\n", getpid());
	page_mkwrite();
	shared_write();
	swap_in();
	oom_kill();
	return 0;
}
