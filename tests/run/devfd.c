/*
 * tests/run/devfd.c - /dev/stdin, /dev/stdout, /dev/stderr and /dev/fd:
 * symlinks into /proc/self/fd, whose entries are magic links: opening one
 * opens the open file itself, so a pipe can be reopened (as a FIFO) and an
 * unlinked file read again, with an offset of its own, also by an
 * O_CREAT|O_TRUNC open (a shell's "> /dev/stdout").
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void show(const char *what, long r)
{
	printf("%s = %ld%s\n", what, r, r != -1 ? "" : errno == ENOENT ? " ENOENT"
	       : errno == ENXIO ? " ENXIO" : errno == EAGAIN ? " EAGAIN" : " other");
	fflush(stdout);
}

static void show_link(const char *path)
{
	char buf[64];
	struct stat st;
	ssize_t n = readlink(path, buf, sizeof(buf));

	lstat(path, &st);
	printf("%s: symlink %d -> '%.*s'\n", path, S_ISLNK(st.st_mode),
	       (int)(n < 0 ? 0 : n), buf);
}

/* A pipe on stdin, read through /dev/stdin; reopened for writing. */
static void pipes(void)
{
	char buf[64] = "";
	struct stat a, b;
	int p[2];

	pipe(p);
	write(p[1], "through the pipe", 16);
	dup2(p[0], 0);
	int fd = open("/dev/stdin", O_RDONLY);
	show("open /dev/stdin (a pipe)", fd >= 0);
	show("read", read(fd, buf, sizeof(buf) - 1));
	printf("'%s'\n", buf);
	fstat(fd, &a);
	fstat(p[0], &b);
	printf("fifo %d, same inode %d\n", S_ISFIFO(a.st_mode), a.st_ino == b.st_ino);
	snprintf(buf, sizeof(buf), "/dev/fd/%d", p[0]);
	char target[64];
	ssize_t n = readlink(buf, target, sizeof(target) - 1);
	target[n > 0 ? n : 0] = '\0';
	snprintf(buf, sizeof(buf), "pipe:[%lu]", (unsigned long)b.st_ino);
	printf("readlink names the pipe: %d\n", !strcmp(target, buf));
	snprintf(buf, sizeof(buf), "/dev/fd/%d", p[0]);
	int w = open(buf, O_WRONLY);
	show("reopen the read end for writing", w >= 0);
	show("write through it", write(w, "again", 5));
	memset(buf, 0, sizeof(buf));
	show("read from the first read end", read(fd, buf, sizeof(buf) - 1));
	printf("'%s'\n", buf);
	close(w);
	snprintf(buf, sizeof(buf), "/dev/fd/%d", p[1]);
	w = open(buf, O_WRONLY | O_CREAT | O_TRUNC, 0644);	/* as "> /dev/fd/N" */
	show("O_CREAT|O_TRUNC open of the write end", w >= 0);
	show("write through it", write(w, "third", 5));
	memset(buf, 0, sizeof(buf));
	show("read", read(fd, buf, sizeof(buf) - 1));
	printf("'%s'\n", buf);
	close(w);
	close(p[1]);
	show("end of file: the writers are gone", read(fd, buf, sizeof(buf)));
	snprintf(buf, sizeof(buf), "/proc/self/fd/%d", p[0]);
	show("O_WRONLY|O_NONBLOCK with readers", (w = open(buf, O_WRONLY | O_NONBLOCK)) >= 0);
	close(w);
	close(fd);
	close(p[0]);
	close(0);
	pipe(p);
	close(p[0]);
	snprintf(buf, sizeof(buf), "/proc/self/fd/%d", p[1]);
	show("O_WRONLY|O_NONBLOCK, no reader left", open(buf, O_WRONLY | O_NONBLOCK));
	show("O_RDONLY|O_NONBLOCK of the write end", (fd = open(buf, O_RDONLY | O_NONBLOCK)) >= 0);
	show("now O_WRONLY|O_NONBLOCK", (w = open(buf, O_WRONLY | O_NONBLOCK)) >= 0);
}

/* An unlinked file, read again through /dev/fd/N. */
static void unlinked(void)
{
	char path[64], buf[16] = "";
	int fd = open("devfd-test", O_CREAT | O_RDWR | O_TRUNC, 0600);

	write(fd, "unlinked data", 13);
	unlink("devfd-test");
	snprintf(path, sizeof(path), "/dev/fd/%d", fd);
	int again = open(path, O_RDONLY);
	show("open /dev/fd/N of an unlinked file", again >= 0);
	show("read (its own offset)", read(again, buf, sizeof(buf) - 1));
	printf("'%s'\n", buf);
	show("the first offset", lseek(fd, 0, SEEK_CUR));
	struct stat a, b;
	fstat(fd, &a);
	fstat(again, &b);
	printf("same inode %d, nlink %lu\n", a.st_ino == b.st_ino,
	       (unsigned long)b.st_nlink);
	close(again);
	close(fd);
	show("open it once closed", open(path, O_RDONLY));
}

int main(void)
{
	show_link("/dev/stdin");
	show_link("/dev/stdout");
	show_link("/dev/stderr");
	show_link("/dev/fd");
	int fd = open("/dev/stdout", O_WRONLY | O_APPEND);
	show("open /dev/stdout", fd >= 0);
	show("write to it", write(fd, "via /dev/stdout\n", 16));
	close(fd);
	fd = open("/dev/stderr", O_WRONLY);
	show("open /dev/stderr", fd >= 0);
	close(fd);
	show("/dev/fd/1 is stdout", write(1, "", 0));
	struct stat a, b;
	stat("/dev/fd/1", &a);
	fstat(1, &b);
	printf("stat /dev/fd/1 is fstat 1: %d\n", a.st_ino == b.st_ino &&
	       a.st_dev == b.st_dev);
	show("/dev/fd/99", open("/dev/fd/99", O_RDONLY));
	unlinked();
	pipes();
	return 0;
}
