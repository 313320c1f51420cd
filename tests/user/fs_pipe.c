/*
 * tests/user/fs_pipe.c - pipes: parent and child talking both ways, end
 * of file when every writer is gone, EPIPE and SIGPIPE when every reader
 * is gone, O_NONBLOCK, a transfer larger than the pipe, atomic small
 * writes, dup2 redirection of stdout, FIONREAD, pipe2 flags, and the
 * errors of seeking a pipe.
 */
#include "utest.h"
#include <fcntl.h>
#include <sys/ioctl.h>

static void parent_child(void)
{
	int to_child[2], to_parent[2];
	char buf[64];

	SHOW("pipe", pipe(to_child));
	SHOW("pipe", pipe(to_parent));
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		close(to_child[1]);
		close(to_parent[0]);
		ssize_t n = read(to_child[0], buf, sizeof(buf));
		for (ssize_t i = 0; i < n; i++)
			buf[i] = (char)(buf[i] - 'a' + 'A');
		write(to_parent[1], buf, n);
		n = read(to_child[0], buf, sizeof(buf));
		printf("child: read after parent closed = %zd\n", n);
		fflush(stdout);
		_exit(0);
	}
	close(to_child[0]);
	close(to_parent[1]);
	SHOW("write", write(to_child[1], "shout", 5));
	ssize_t n = read(to_parent[0], buf, sizeof(buf));
	printf("parent got %zd [%.*s]\n", n, (int)n, buf);
	close(to_child[1]);
	int st;
	waitpid(pid, &st, 0);
	SHOW("read after child exit", read(to_parent[0], buf, sizeof(buf)));
	close(to_parent[0]);
}

static void broken_pipe(void)
{
	int p[2];

	pipe(p);
	close(p[0]);
	signal(SIGPIPE, SIG_IGN);
	SHOW("write, no reader, SIGPIPE ignored", write(p[1], "x", 1));
	signal(SIGPIPE, SIG_DFL);
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		write(p[1], "x", 1);
		printf("child survived SIGPIPE\n");
		_exit(0);
	}
	int st;
	waitpid(pid, &st, 0);
	printf("child: signaled %d sig %d\n", WIFSIGNALED(st), WTERMSIG(st));
	close(p[1]);
}

static void nonblocking(void)
{
	int p[2];
	char buf[8];
	static char big[70000];

	SHOW("pipe2 O_NONBLOCK", pipe2(p, O_NONBLOCK));
	SHOW("read empty", read(p[0], buf, sizeof(buf)));
	SHOW("F_GETFL read end", fcntl(p[0], F_GETFL) & (O_ACCMODE | O_NONBLOCK));
	SHOW("F_GETFL write end", fcntl(p[1], F_GETFL) & (O_ACCMODE | O_NONBLOCK));
	SHOW("fill", write(p[1], big, sizeof(big)));
	SHOW("full", write(p[1], "x", 1));
	int avail = -1;
	SHOW("FIONREAD", ioctl(p[0], FIONREAD, &avail));
	printf("available %d\n", avail);
	SHOW("drain some", read(p[0], big, 1000));
	SHOW("atomic 4096 into 1000 free", write(p[1], big, 4096) > 0);
	SHOW("clear O_NONBLOCK", fcntl(p[0], F_SETFL, 0));
	SHOW("F_GETFL", fcntl(p[0], F_GETFL) & O_NONBLOCK);
	close(p[0]);
	close(p[1]);
	SHOW("pipe2 bad flags", pipe2(p, 0x4));
	SHOW("pipe2 O_CLOEXEC", pipe2(p, O_CLOEXEC));
	SHOW("FD_CLOEXEC", fcntl(p[0], F_GETFD));
	SHOW("lseek pipe", lseek(p[0], 0, SEEK_SET));
	SHOW("pread pipe", pread(p[0], buf, 1, 0));
	SHOW("read from write end", read(p[1], buf, 1));
	SHOW("write to read end", write(p[0], buf, 1));
	SHOW("ftruncate pipe", ftruncate(p[1], 0));
	SHOW("fsync pipe", fsync(p[1]));
}

/* A child writes 1 MB through a 64 KiB pipe; the parent checks it all. */
static void big_transfer(void)
{
	int p[2];
	static unsigned char buf[8192];

	pipe(p);
	pid_t pid = fork();
	if (pid == 0) {
		close(p[0]);
		for (int i = 0; i < 128; i++) {
			for (size_t k = 0; k < sizeof(buf); k++)
				buf[k] = (unsigned char)(i + k * 3);
			if (write(p[1], buf, sizeof(buf)) != sizeof(buf))
				_exit(1);
		}
		_exit(0);
	}
	close(p[1]);
	long total = 0, bad = 0;
	ssize_t n;
	while ((n = read(p[0], buf, 3000)) > 0) {
		for (ssize_t k = 0; k < n; k++) {
			long pos = total + k;
			if (buf[k] != (unsigned char)(pos / 8192 + (pos % 8192) * 3))
				bad++;
		}
		total += n;
	}
	int st;
	waitpid(pid, &st, 0);
	printf("read %ld bytes, %ld wrong, writer status %d\n", total, bad,
	       WEXITSTATUS(st));
	close(p[0]);
}

/* Several children write PIPE_BUF-sized records: none is torn. */
static void atomic_writes(void)
{
	int p[2];
	static char rec[4096];

	pipe(p);
	for (int c = 0; c < 4; c++) {
		if (fork() == 0) {
			memset(rec, 'A' + c, sizeof(rec));
			for (int i = 0; i < 20; i++)
				write(p[1], rec, sizeof(rec));
			_exit(0);
		}
	}
	close(p[1]);
	int torn = 0, records = 0;
	size_t have = 0;
	ssize_t n;
	while ((n = read(p[0], rec + have, sizeof(rec) - have)) > 0) {
		have += n;
		if (have < sizeof(rec))
			continue;
		for (size_t k = 1; k < sizeof(rec); k++)
			if (rec[k] != rec[0]) {
				torn++;
				break;
			}
		records++;
		have = 0;
	}
	while (wait(NULL) > 0)
		;
	printf("records %d torn %d\n", records, torn);
	close(p[0]);
}

/* The shell's way: stdout of a child made the write end of a pipe. */
static void dup2_redirect(void)
{
	int p[2];
	char buf[128];

	pipe(p);
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		dup2(p[1], 1);
		close(p[0]);
		close(p[1]);
		printf("through the pipe\n");
		fflush(stdout);
		execl("/proc/self/exe", "fs_pipe", "--echo", "and exec'd", (char *)NULL);
		_exit(127);
	}
	close(p[1]);
	size_t got = 0;
	ssize_t n;
	while ((n = read(p[0], buf + got, sizeof(buf) - 1 - got)) > 0)
		got += n;
	buf[got] = '\0';
	int st;
	waitpid(pid, &st, 0);
	printf("parent read: %s", buf);
	printf("child status %d\n", WEXITSTATUS(st));
	close(p[0]);
}

static const struct utest tests[] = {
	{ "parent_child", parent_child },
	{ "broken_pipe", broken_pipe },
	{ "nonblocking", nonblocking },
	{ "big_transfer", big_transfer },
	{ "atomic_writes", atomic_writes },
	{ "dup2_redirect", dup2_redirect },
};

int main(int argc, char **argv)
{
	if (argc == 3 && !strcmp(argv[1], "--echo")) {
		printf("%s\n", argv[2]);
		return 0;
	}
	return utest_run(tests, sizeof(tests) / sizeof(tests[0]), argc, argv);
}
