/*
 * tests/run/fifo.c - mknod, mknodat and mkfifo, and FIFOs that open and
 * block as Linux's: a reader waits for a writer and a writer for a
 * reader, O_NONBLOCK readers do not wait, O_NONBLOCK writers without a
 * reader get ENXIO, O_RDWR never waits, a signal ends a waiting open
 * (EINTR), the contents are gone after the last close; the types mknod
 * makes (regular files, devices, sockets) and its errors.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static void show(const char *what, long r)
{
	const char *e = errno == ENOENT ? "ENOENT" : errno == EEXIST ? "EEXIST"
		: errno == ENXIO ? "ENXIO" : errno == EPERM ? "EPERM"
		: errno == EINVAL ? "EINVAL" : errno == EAGAIN ? "EAGAIN"
		: errno == EINTR ? "EINTR" : errno == ESPIPE ? "ESPIPE"
		: errno == EACCES ? "EACCES" : "other";

	printf("%s = %ld%s%s\n", what, r, r == -1 ? " " : "", r == -1 ? e : "");
	fflush(stdout);
}

static long ms_since(const struct timespec *t0)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (t.tv_sec - t0->tv_sec) * 1000 + (t.tv_nsec - t0->tv_nsec) / 1000000;
}

static void on_alarm(int sig)
{
	(void)sig;
}

/* Opens that do not wait, and the pipe's data. */
static void nonblocking(void)
{
	char buf[16];
	struct stat st;

	show("mkfifo f", mkfifo("f", 0666));
	stat("f", &st);
	printf("fifo %d, mode %o, size %ld\n", S_ISFIFO(st.st_mode),
	       st.st_mode & 0777, (long)st.st_size);
	show("mkfifo again", mkfifo("f", 0666));
	show("O_WRONLY|O_NONBLOCK, no reader", open("f", O_WRONLY | O_NONBLOCK));
	int r = open("f", O_RDONLY | O_NONBLOCK);
	show("O_RDONLY|O_NONBLOCK", r >= 0);
	show("read with no writer (end of file)", read(r, buf, sizeof(buf)));
	int w = open("f", O_WRONLY | O_NONBLOCK);
	show("O_WRONLY|O_NONBLOCK with a reader", w >= 0);
	show("read, empty, writer open", read(r, buf, sizeof(buf)));
	show("write", write(w, "abc", 3));
	show("read", read(r, buf, sizeof(buf)));
	show("lseek", lseek(r, 0, SEEK_SET));
	show("F_GETPIPE_SZ", fcntl(w, F_GETPIPE_SZ));
	fstat(w, &st);
	printf("fstat: fifo %d\n", S_ISFIFO(st.st_mode));
	close(w);
	show("read after the writer left", read(r, buf, sizeof(buf)));
	close(r);
	int rw = open("f", O_RDWR);
	show("O_RDWR", rw >= 0);
	show("write lost", write(rw, "lost", 4));
	close(rw);
	rw = open("f", O_RDWR | O_NONBLOCK);
	show("read after the last close", read(rw, buf, sizeof(buf)));
	close(rw);
}

/* A reader waits for a writer, a writer for a reader. */
static void blocking(void)
{
	char buf[16];
	struct timespec t0;
	int status;

	if (fork() == 0) {
		usleep(200000);
		int w = open("f", O_WRONLY);
		write(w, "hi", 2);
		_exit(0);
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	int r = open("f", O_RDONLY);
	printf("reader waited for the writer: %d\n", ms_since(&t0) >= 100);
	show("read", read(r, buf, sizeof(buf)));
	show("read at the writer's exit", read(r, buf, sizeof(buf)));
	close(r);
	wait(&status);
	if (fork() == 0) {
		usleep(200000);
		int r2 = open("f", O_RDONLY);
		_exit(read(r2, buf, sizeof(buf)));
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	int w = open("f", O_WRONLY);
	printf("writer waited for the reader: %d\n", ms_since(&t0) >= 100);
	show("write", write(w, "xyz", 3));
	close(w);
	wait(&status);
	printf("the reader read %d\n", WEXITSTATUS(status));
	struct sigaction sa = { .sa_handler = on_alarm };
	sigaction(SIGALRM, &sa, NULL);
	struct itimerval it = { .it_value = { 0, 100000 } };
	setitimer(ITIMER_REAL, &it, NULL);
	show("O_RDONLY interrupted by a signal", open("f", O_RDONLY));
	setitimer(ITIMER_REAL, &it, NULL);
	show("O_WRONLY interrupted by a signal", open("f", O_WRONLY));
	show("unlink f", unlink("f"));
}

static void nodes(void)
{
	struct stat st;
	int dfd = open(".", O_DIRECTORY);

	show("mknod S_IFREG", mknod("r", S_IFREG | 0600, 0));
	show("mknodat type 0", mknodat(dfd, "z", 0600, 0));
	stat("z", &st);
	printf("type 0 is a file: %d, mode %o\n", S_ISREG(st.st_mode), st.st_mode & 0777);
	show("mknod S_IFIFO", mknod("p", S_IFIFO | 0640, 0));
	stat("p", &st);
	printf("fifo %d, mode %o\n", S_ISFIFO(st.st_mode), st.st_mode & 0777);
	show("mknod S_IFCHR 1:3", mknod("null", S_IFCHR | 0666, makedev(1, 3)));
	stat("null", &st);
	printf("chr %d, rdev %u:%u\n", S_ISCHR(st.st_mode), major(st.st_rdev),
	       minor(st.st_rdev));
	int fd = open("null", O_WRONLY);
	show("write to it", write(fd, "gone", 4));
	close(fd);
	show("mknod S_IFSOCK", mknod("s", S_IFSOCK | 0600, 0));
	show("open the socket", open("s", O_RDONLY));
	show("mknod S_IFDIR", mknod("d", S_IFDIR | 0755, 0));
	show("mknod bad type", mknod("b", 0170000 | 0600, 0));
	show("mknod over a name", mknod("r", S_IFIFO | 0600, 0));
	show("mknod name/", mknod("x/", S_IFIFO | 0600, 0));
	show("mknod in a missing dir", mknod("no/x", S_IFIFO | 0600, 0));
	show("mknod in /proc", mknod("/proc/x", S_IFIFO | 0600, 0));
	fflush(stdout);
	if (fork() == 0) {
		setgid(65534);
		setuid(65534);
		show("nobody: mknod S_IFCHR in /tmp", mknod("/tmp/fifo-test-c", S_IFCHR | 0600, makedev(1, 3)));
		show("nobody: mkfifo here", mkfifo("n", 0600));
		_exit(0);
	}
	wait(NULL);
	close(dfd);
}

int main(void)
{
	umask(022);
	mkdir("fifo-test", 0755);
	if (chdir("fifo-test"))
		return 1;
	nonblocking();
	blocking();
	nodes();
	return 0;
}
