/*
 * tests/user/fs_fd.c - file descriptors: dup, dup2, dup3, fcntl
 * (F_DUPFD, F_DUPFD_CLOEXEC, F_GETFD/F_SETFD, F_GETFL/F_SETFL), offsets
 * shared by dup and fork, inheritance across fork and exec with and
 * without close-on-exec (the program execs itself through /proc/self/exe
 * with argv[1] = "child"), EMFILE under a small RLIMIT_NOFILE, and EBADF.
 */
#include "utest.h"
#include <fcntl.h>
#include <sys/resource.h>

static int make_file(const char *name, const char *text)
{
	int fd = open(name, O_CREAT | O_RDWR | O_TRUNC, 0644);

	write(fd, text, strlen(text));
	lseek(fd, 0, SEEK_SET);
	return fd;
}

static void dup_family(void)
{
	int fd = make_file("d", "0123456789");
	char c;

	int d = dup(fd);
	SHOW("dup is lowest free", d == fd + 1);
	read(fd, &c, 1);
	read(d, &c, 1);
	printf("shared offset: second read got %c, offset %ld\n", c,
	       (long)lseek(fd, 0, SEEK_CUR));
	SHOW("dup2 to 20", dup2(fd, 20));
	SHOW("dup2 same fd", dup2(20, 20));
	SHOW("dup2 bad old", dup2(77, 21));
	SHOW("dup2 same bad fd", dup2(77, 77));
	SHOW("dup2 negative new", dup2(fd, -1));
	SHOW("dup3 same", dup3(fd, fd, 0));
	SHOW("dup3 bad flags", dup3(fd, 22, 1));
	SHOW("dup3 O_CLOEXEC", dup3(fd, 22, O_CLOEXEC));
	SHOW("F_GETFD 22", fcntl(22, F_GETFD));
	SHOW("F_GETFD 20", fcntl(20, F_GETFD));
	SHOW("dup2 over 22", dup2(d, 22));
	SHOW("F_GETFD 22 after dup2", fcntl(22, F_GETFD));
	SHOW("F_DUPFD 100", fcntl(fd, F_DUPFD, 100));
	SHOW("F_DUPFD 100 again", fcntl(fd, F_DUPFD, 100));
	SHOW("F_DUPFD_CLOEXEC", fcntl(fd, F_DUPFD_CLOEXEC, 30));
	SHOW("F_GETFD", fcntl(30, F_GETFD));
	SHOW("F_SETFD 0", fcntl(30, F_SETFD, 0));
	SHOW("F_GETFD", fcntl(30, F_GETFD));
	SHOW("F_GETFL", fcntl(fd, F_GETFL) & (O_ACCMODE | O_APPEND | O_NONBLOCK));
	SHOW("F_SETFL append", fcntl(fd, F_SETFL, O_APPEND | O_RDONLY));
	SHOW("F_GETFL on dup", fcntl(d, F_GETFL) & (O_ACCMODE | O_APPEND));
	SHOW("bad cmd", fcntl(fd, 9999));
	SHOW("fcntl bad fd", fcntl(99, F_GETFD));
	SHOW("close", close(d));
	SHOW("close again", close(d));
	SHOW("close -1", close(-1));
	SHOW("read closed", read(d, &c, 1));
}

static void fork_shares_offset(void)
{
	int fd = make_file("o", "abcdef");
	char c;

	fflush(stdout);
	if (fork() == 0) {
		read(fd, &c, 1);
		read(fd, &c, 1);
		_exit(0);
	}
	wait(NULL);
	read(fd, &c, 1);
	printf("parent read %c after child read two\n", c);
	close(fd);
}

/* The exec'd child: report which fds it has and what they hold. */
static int child_main(int argc, char **argv)
{
	for (int i = 2; i < argc; i++) {
		int fd = atoi(argv[i]);
		char buf[32] = { 0 };
		int flags = fcntl(fd, F_GETFD);
		if (flags < 0) {
			printf("child: fd %d closed (%s)\n", fd, errname(errno));
			continue;
		}
		ssize_t n = read(fd, buf, sizeof(buf) - 1);
		printf("child: fd %d open, read %zd [%s]\n", fd, n, n > 0 ? buf : "");
	}
	return 0;
}

static void exec_inheritance(void)
{
	int keep = make_file("keep", "kept");
	int gone = open("keep", O_RDONLY | O_CLOEXEC);
	int later = make_file("later", "later");
	char a[8], b[8], c[8];

	fcntl(later, F_SETFD, FD_CLOEXEC);
	int p[2];
	pipe(p);
	write(p[1], "piped", 5);
	close(p[1]);
	snprintf(a, sizeof(a), "%d", keep);
	snprintf(b, sizeof(b), "%d", gone);
	snprintf(c, sizeof(c), "%d", later);
	char d[8];
	snprintf(d, sizeof(d), "%d", p[0]);
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		execl("/proc/self/exe", "fs_fd", "child", a, b, c, d, (char *)NULL);
		printf("exec failed: %s\n", errname(errno));
		_exit(1);
	}
	int st;
	waitpid(pid, &st, 0);
	printf("child exit %d\n", WEXITSTATUS(st));
	SHOW("parent still has the cloexec fd", fcntl(gone, F_GETFD));
}

static void emfile(void)
{
	struct rlimit rl = { 16, 16 };
	int last = -1, fd;

	SHOW("setrlimit", setrlimit(RLIMIT_NOFILE, &rl));
	while ((fd = open("/dev/null", O_RDONLY)) >= 0)
		last = fd;
	printf("last fd %d, then %s\n", last, errname(errno));
	SHOW("dup", dup(0));
	SHOW("F_DUPFD at limit", fcntl(0, F_DUPFD, 16));
	SHOW("dup2 at limit", dup2(0, 16));
	SHOW("dup2 below limit", dup2(0, 15));
	int p[2];
	close(3);
	SHOW("pipe with one free fd", pipe(p));
	close(4);
	SHOW("pipe with two free fds", pipe(p));
}

static const struct utest tests[] = {
	{ "dup_family", dup_family },
	{ "fork_shares_offset", fork_shares_offset },
	{ "exec_inheritance", exec_inheritance },
	{ "emfile", emfile },
};

int main(int argc, char **argv)
{
	if (argc > 1 && !strcmp(argv[1], "child"))
		return child_main(argc, argv);
	return utest_run(tests, sizeof(tests) / sizeof(tests[0]), argc, argv);
}
