/*
 * tests/pagoda/fork_eager.c - fork=eager (run with that command line):
 * fork copies every private anonymous page at once, so neither side
 * takes a copy-on-write fault afterwards, and each sees its own data.
 * The comparison table of make bench relies on this mode.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#define PAGE	4096
#define NPAGES	1024

static long counter(const char *name)
{
	char buf[4096];
	int fd = open("/proc/vmstat", O_RDONLY);
	ssize_t n = read(fd, buf, sizeof(buf) - 1);

	close(fd);
	buf[n > 0 ? n : 0] = '\0';
	size_t len = strlen(name);
	for (char *p = buf; (p = strstr(p, name)); p++)	/* a whole name */
		if ((p == buf || p[-1] == '\n') && p[len] == ' ')
			return atol(p + len + 1);
	return -1;
}

static int check(const char *what, long got, long want)
{
	printf("%s %s: %ld (want %ld)\n", got == want ? "ok" : "FAIL", what, got, want);
	return got != want;
}

/* Pages of buf holding v in their first byte. */
static long holding(const char *buf, char v)
{
	long n = 0;

	for (long i = 0; i < NPAGES; i++)
		n += buf[i * PAGE] == v;
	return n;
}

int main(void)
{
	char *buf = mmap(NULL, NPAGES * PAGE, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	int st, bad = 0;

	memset(buf, 1, NPAGES * PAGE);
	pid_t pid = fork();
	if (pid == 0) {
		bad |= check("child sees the parent's data", holding(buf, 1), NPAGES);
		long f0 = counter("cow_fault");	/* after stdio's first write */
		for (long i = 0; i < NPAGES; i++)
			buf[i * PAGE] = 2;
		bad |= check("child writes every page: COW faults",
			     counter("cow_fault") - f0, 0);
		fflush(stdout);
		_exit(bad);
	}
	waitpid(pid, &st, 0);
	bad |= !WIFEXITED(st) || WEXITSTATUS(st);
	bad |= check("parent's data after the child wrote", holding(buf, 1), NPAGES);
	long f0 = counter("cow_fault");
	for (long i = 0; i < NPAGES; i++)
		buf[i * PAGE] = 3;
	bad |= check("parent writes every page: COW faults",
		     counter("cow_fault") - f0, 0);
	return bad;
}
