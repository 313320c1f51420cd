/*
 * tests/run/pipesize.c - fcntl F_GETPIPE_SZ and F_SETPIPE_SZ: the default
 * 64 KiB, sizes rounded up to a power of two of pages, a pipe that holds
 * more than the new size (EBUSY), the limit for non-root (fs.pipe-max-size,
 * 1 MiB: EPERM), and a file that is not a pipe (EBADF).  (Root's way past
 * the limit is not shown: the harness may run without CAP_SYS_RESOURCE.)
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static void show(const char *what, long r)
{
	printf("%s = %ld%s\n", what, r, r != -1 ? "" : errno == EBUSY ? " EBUSY" :
	       errno == EPERM ? " EPERM" : errno == EBADF ? " EBADF" :
	       errno == EINVAL ? " EINVAL" : " other");
}

int main(void)
{
	static char buf[70000];
	int p[2];

	pipe2(p, O_NONBLOCK);
	show("default size", fcntl(p[0], F_GETPIPE_SZ));
	show("set 5000", fcntl(p[1], F_SETPIPE_SZ, 5000));
	show("size now", fcntl(p[0], F_GETPIPE_SZ));
	show("write 20000", write(p[1], buf, 20000));
	show("write more", write(p[1], buf, 1));
	show("shrink below the contents", fcntl(p[1], F_SETPIPE_SZ, 4096));
	show("grow to 3 pages", fcntl(p[1], F_SETPIPE_SZ, 3 * 4096));
	show("write after growing", write(p[1], buf, 20000));
	show("read it all", read(p[0], buf, sizeof(buf)));
	show("set 0", fcntl(p[1], F_SETPIPE_SZ, 0));
	show("set 2^31 + 1", fcntl(p[1], F_SETPIPE_SZ, (1ul << 31) + 1));
	show("back to 64 KiB", fcntl(p[1], F_SETPIPE_SZ, 65536));
	int fd = open("/dev/null", O_RDONLY);
	show("F_GETPIPE_SZ of /dev/null", fcntl(fd, F_GETPIPE_SZ));
	fflush(stdout);
	if (fork() == 0) {
		setgid(65534);
		setuid(65534);
		show("set 2 MiB as nobody", fcntl(p[1], F_SETPIPE_SZ, 2 << 20));
		show("set 1 MiB as nobody", fcntl(p[1], F_SETPIPE_SZ, 1 << 20));
		return 0;
	}
	wait(NULL);
	return 0;
}
