/*
 * tests/pagoda/forklimit.c - fork until the kernel refuses.  The limit is
 * Linux's max_threads, set by memory (2,048 tasks on 256 MiB), not by a
 * table of kernel stacks; the fork beyond it fails with EAGAIN, and every
 * child then ends and is reaped.  Not run on Linux: the host's limit is in
 * the hundreds of thousands and shared with everything else running.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void)
{
	int p[2], n = 0, reaped = 0;
	pid_t pid;

	pipe(p);
	while ((pid = fork()) > 0)
		n++;
	if (pid == 0) {
		char c;
		close(p[1]);
		read(p[0], &c, 1);	/* until the parent closes its end */
		_exit(0);
	}
	int err = errno;
	close(p[1]);
	while (wait(NULL) > 0)
		reaped++;
	printf("forked %d, then %s; reaped %d\n", n, strerror(err), reaped);
	printf("%s\n", err == EAGAIN && n > 1024 && reaped == n ? "PASS" : "FAIL");
	return 0;
}
