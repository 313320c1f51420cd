/*
 * stdio: a FILE round trip on a temporary file (fwrite, fread, fseek,
 * ftell, ungetc, fgets, getline, append mode), the three buffering modes,
 * stdout's buffering on a pipe and on a terminal, and flushing at exit.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include "check.h"

static char path[64];

static long file_size(FILE *f)
{
	struct stat st;

	return fstat(fileno(f), &st) == 0 ? st.st_size : -1;
}

static void test_round_trip(void)
{
	static unsigned char data[10000], back[10000];
	FILE *f = fopen(path, "w+");
	size_t i;
	int c;

	CHECK(f != NULL);
	if (!f)
		return;
	for (i = 0; i < sizeof(data); i++)
		data[i] = (unsigned char)(i * 7 + i / 256);
	CHECK_EQ(fwrite(data, 100, 100, f), 100);
	CHECK_EQ(ftell(f), 10000);
	CHECK_EQ(fseek(f, 0, SEEK_SET), 0);
	CHECK_EQ(fread(back, 1, 3, f), 3);
	CHECK_EQ(fread(back + 3, 1, sizeof(back) - 3, f), sizeof(back) - 3);
	CHECK(!memcmp(data, back, sizeof(data)));
	CHECK(!feof(f));
	CHECK_EQ(fgetc(f), EOF);
	CHECK(feof(f) && !ferror(f));
	clearerr(f);
	CHECK(!feof(f));
	CHECK_EQ(fseek(f, -10, SEEK_END), 0);
	CHECK_EQ(ftell(f), 9990);
	c = fgetc(f);
	CHECK_EQ(c, data[9990]);
	CHECK_EQ(ftell(f), 9991);
	CHECK_EQ(ungetc('Z', f), 'Z');
	CHECK_EQ(ftell(f), 9990);
	CHECK_EQ(fgetc(f), 'Z');
	CHECK_EQ(fgetc(f), data[9991]);
	CHECK_EQ(fseek(f, 5, SEEK_SET), 0);
	CHECK_EQ(fseek(f, 10, SEEK_CUR), 0);
	CHECK_EQ(fgetc(f), data[15]);		/* the buffer now holds more */
	CHECK_EQ(fseek(f, 100, SEEK_CUR), 0);
	CHECK_EQ(ftell(f), 116);
	CHECK_EQ(fgetc(f), data[116]);
	rewind(f);
	CHECK_EQ(fgetc(f), data[0]);
	CHECK_EQ(fclose(f), 0);
}

static void test_lines(void)
{
	FILE *f = fopen(path, "w");
	char buf[16], *line = NULL;
	size_t cap = 0;

	fputs("first line\n", f);
	fprintf(f, "%s %d\n", "second", 2);
	fputc('x', f);
	CHECK_EQ(fclose(f), 0);
	f = fopen(path, "a");
	fputs("yz\nlast without newline", f);
	fclose(f);
	f = fopen(path, "r");
	CHECK(fgets(buf, sizeof(buf), f) == buf);
	CHECK_STR(buf, "first line\n");
	CHECK(fgets(buf, 5, f) == buf);
	CHECK_STR(buf, "seco");
	CHECK(fgets(buf, sizeof(buf), f) == buf);
	CHECK_STR(buf, "nd 2\n");
	CHECK_EQ(getline(&line, &cap, f), 4);
	CHECK_STR(line, "xyz\n");
	CHECK_EQ(getline(&line, &cap, f), 20);
	CHECK_STR(line, "last without newline");
	CHECK_EQ(getline(&line, &cap, f), -1);
	CHECK(fgets(buf, sizeof(buf), f) == NULL);
	CHECK(feof(f));
	CHECK_EQ(fputc('a', f), EOF);		/* opened read-only */
	CHECK(ferror(f));
	free(line);
	fclose(f);
}

static void test_open_errors(void)
{
	errno = 0;
	CHECK(fopen("/nonexistent/dir/file", "r") == NULL);
	CHECK_EQ(errno, ENOENT);
	errno = 0;
	CHECK(fopen(path, "q") == NULL);
	CHECK_EQ(errno, EINVAL);
	errno = 0;
	CHECK(fopen(path, "wx") == NULL);	/* exists */
	CHECK_EQ(errno, EEXIST);
}

/* When do bytes reach the file, in each buffering mode? */
static void test_buffer_modes(void)
{
	FILE *f = fopen(path, "w");

	fputs("abc", f);
	CHECK_EQ(file_size(f), 0);		/* fully buffered */
	CHECK_EQ(fflush(f), 0);
	CHECK_EQ(file_size(f), 3);
	fclose(f);

	f = fopen(path, "w");
	CHECK_EQ(setvbuf(f, NULL, _IOLBF, 0), 0);
	fputs("ab\ncd", f);
	CHECK_EQ(file_size(f), 3);		/* through the newline */
	fputs("e\nf", f);
	CHECK_EQ(file_size(f), 7);
	fclose(f);

	f = fopen(path, "w");
	CHECK_EQ(setvbuf(f, NULL, _IONBF, 0), 0);
	fputc('a', f);
	CHECK_EQ(file_size(f), 1);
	fprintf(f, "%d", 12345);
	CHECK_EQ(file_size(f), 6);
	fclose(f);

	f = fopen(path, "w");
	fwrite(path, 1, 1, f);
	fseek(f, 0, SEEK_CUR);			/* a seek flushes */
	CHECK_EQ(file_size(f), 1);
	fclose(f);
}

/* Run fn in a child whose stdout and stderr go to fd; wait for it. */
static int run_child(void (*fn)(void), int fd)
{
	int status;
	pid_t pid = fork();

	if (pid == 0) {
		dup2(fd, 1);
		dup2(fd, 2);
		fn();
		exit(0);
	}
	close(fd);
	waitpid(pid, &status, 0);
	return status;
}

/* Read what the child wrote to the pipe (at most size - 1 bytes). */
static void read_all(int fd, char *out, size_t size)
{
	size_t n = 0;
	ssize_t r;

	while (n < size - 1 && (r = read(fd, out + n, size - 1 - n)) > 0)
		n += r;
	out[n] = '\0';
	close(fd);
}

static void child_buffered(void)
{
	printf("buffered ");			/* stdout: a pipe, so full */
	fprintf(stderr, "err ");		/* stderr: unbuffered */
	write(1, "M ", 2);
	printf("end");				/* flushed by exit() */
}

static void child_exit_no_flush(void)
{
	printf("lost");
	_exit(0);
}

static void child_line(void)
{
	printf("line\npartial");
	write(1, "M", 1);
	_exit(0);
}

/* Through a pipe: stdout fully buffered, stderr not, exit() flushes. */
static void test_stdout_pipe(void)
{
	char out[256];
	int p[2];

	CHECK_EQ(pipe(p), 0);
	run_child(child_buffered, p[1]);
	read_all(p[0], out, sizeof(out));
	CHECK_STR(out, "err M buffered end");
	pipe(p);
	run_child(child_exit_no_flush, p[1]);
	read_all(p[0], out, sizeof(out));
	CHECK_STR(out, "");
}

/* Prompt without a newline, then read a line from the terminal. */
static void child_prompt(void)
{
	char line[32];

	printf("> ");
	if (fgets(line, sizeof(line), stdin))
		printf("got %s", line);
}

/* A new pseudo-terminal: returns the master fd, the slave in *slave. */
static int open_pty(int *slave)
{
	int master = open("/dev/ptmx", O_RDWR | O_NOCTTY), unlock = 0;
	unsigned int n;
	char name[32];

	if (master < 0)
		return -1;
	CHECK_EQ(ioctl(master, TIOCSPTLCK, &unlock), 0);
	CHECK_EQ(ioctl(master, TIOCGPTN, &n), 0);
	snprintf(name, sizeof(name), "/dev/pts/%u", n);
	*slave = open(name, O_RDWR | O_NOCTTY);
	CHECK(*slave >= 0);
	CHECK(isatty(*slave));
	return master;
}

/* Read from the pty master what has arrived so far. */
/* Read from the pty until want bytes came (or 2 s passed without more):
 * what the slave side writes reaches the master through a kernel worker,
 * so on a loaded host one read may return only the first piece. */
static void read_pty(int master, char *out, size_t size, size_t want)
{
	struct pollfd p = { master, POLLIN, 0 };
	size_t got = 0;
	ssize_t r;

	while (got < want && poll(&p, 1, 2000) > 0 &&
	       (r = read(master, out + got, size - 1 - got)) > 0)
		got += r;
	out[got] = '\0';
}

/*
 * On a pseudo-terminal stdout is line-buffered, and reading stdin shows a
 * pending prompt first (skipped if the host has no ptys).
 */
static void test_stdout_tty(void)
{
	int slave, status, master = open_pty(&slave);
	char out[64];
	pid_t pid;

	if (master < 0)
		return;
	run_child(child_line, dup(slave));
	read_pty(master, out, sizeof(out), strlen("line\r\nM"));
	CHECK_STR(out, "line\r\nM");		/* the tty maps \n to \r\n */
	pid = fork();
	if (pid == 0) {
		dup2(slave, 0);
		dup2(slave, 1);
		child_prompt();
		exit(0);
	}
	read_pty(master, out, sizeof(out), strlen("> "));
	CHECK_STR(out, "> ");			/* before the child reads */
	write(master, "yes\n", 4);
	waitpid(pid, &status, 0);
	read_pty(master, out, sizeof(out), strlen("yes\r\ngot yes\r\n"));
	CHECK_STR(out, "yes\r\ngot yes\r\n");	/* echo, then output */
	close(slave);
	close(master);
}

int main(void)
{
	const char *tmp = getenv("TMPDIR");
	int fd;

	snprintf(path, sizeof(path), "%s/stdioXXXXXX", tmp ? tmp : "/tmp");
	fd = mkstemp(path);
	CHECK(fd >= 0);
	close(fd);
	CHECK(!isatty(fd));
	test_round_trip();
	test_lines();
	test_open_errors();
	test_buffer_modes();
	test_stdout_pipe();
	test_stdout_tty();
	unlink(path);
	return check_done();
}
