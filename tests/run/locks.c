/*
 * tests/run/locks.c - file locks between processes, as Linux's fs/locks.c:
 * fcntl POSIX record locks (F_GETLK naming the holder, F_SETLK's EAGAIN,
 * F_SETLKW waiting, EINTR, EDEADLK, ranges split and merged, released
 * at the close of any fd and at exit), OFD locks (F_OFD_*: l_pid 0, owned
 * by the open file, l_pid -1 in reports) and flock(2) (shared, exclusive,
 * EWOULDBLOCK, conversion, independent of fcntl locks, released at the
 * last close), and the bad arguments (EINVAL, EBADF, EOVERFLOW).  Other
 * processes' views come from forked children; pipes order the steps.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#define FILE_NAME "locks-test.dat"

static const char *err_name(int e)
{
	switch (e) {
	case EAGAIN: return "EAGAIN";
	case EINVAL: return "EINVAL";
	case EBADF: return "EBADF";
	case EINTR: return "EINTR";
	case EDEADLK: return "EDEADLK";
	case EOVERFLOW: return "EOVERFLOW";
	case EFAULT: return "EFAULT";
	default: return "other";
	}
}

static void show(const char *what, int r)
{
	printf("%s = %d%s%s\n", what, r, r == -1 ? " " : "", r == -1 ? err_name(errno) : "");
	fflush(stdout);
}

static int lk(int fd, int cmd, int type, int whence, long start, long len)
{
	struct flock fl = { .l_type = type, .l_whence = whence, .l_start = start,
			    .l_len = len };

	return fcntl(fd, cmd, &fl);
}

/* F_GETLK (or F_OFD_GETLK) of a write lock on [start, start + len) from
 * here: the lock in the way, with its pid shown as "holder" if it is
 * holder's. */
static void getlk(const char *what, int fd, int cmd, long start, long len,
		  pid_t holder)
{
	struct flock fl = { .l_type = F_WRLCK, .l_whence = SEEK_SET,
			    .l_start = start, .l_len = len };

	if (fcntl(fd, cmd, &fl)) {
		show(what, -1);
		return;
	}
	if (fl.l_type == F_UNLCK) {
		printf("%s: unlocked\n", what);
	} else {
		char pid[32];
		if (fl.l_pid == holder)
			strcpy(pid, "holder");
		else
			snprintf(pid, sizeof(pid), "%d", fl.l_pid);
		printf("%s: %s start %ld len %ld whence %d pid %s\n", what,
		       fl.l_type == F_WRLCK ? "F_WRLCK" : "F_RDLCK", (long)fl.l_start,
		       (long)fl.l_len, fl.l_whence, pid);
	}
	fflush(stdout);
}

/* What another process sees: F_GETLK from a forked child. */
static void probe(const char *what, long start, long len)
{
	pid_t me = getpid();

	if (fork() == 0) {
		int fd = open(FILE_NAME, O_RDWR);
		getlk(what, fd, F_GETLK, start, len, me);
		_exit(0);
	}
	wait(NULL);
}

/* The same from a child trying F_SETLK. */
static void probe_set(const char *what, int type, long start, long len)
{
	if (fork() == 0) {
		int fd = open(FILE_NAME, O_RDWR);
		show(what, lk(fd, F_SETLK, type, SEEK_SET, start, len));
		_exit(0);
	}
	wait(NULL);
}

static void bad_arguments(int fd)
{
	int ro = open(FILE_NAME, O_RDONLY), wo = open(FILE_NAME, O_WRONLY);

	show("l_type 5", lk(fd, F_SETLK, 5, SEEK_SET, 0, 1));
	show("l_whence 7", lk(fd, F_SETLK, F_WRLCK, 7, 0, 1));
	show("start before 0", lk(fd, F_SETLK, F_WRLCK, SEEK_SET, -1, 1));
	show("negative len before 0", lk(fd, F_SETLK, F_WRLCK, SEEK_SET, 2, -3));
	show("start + len overflows", lk(fd, F_SETLK, F_WRLCK, SEEK_SET, LONG_MAX, 2));
	show("SEEK_END + LONG_MAX", lk(fd, F_SETLK, F_WRLCK, SEEK_END, LONG_MAX, 1));
	show("F_GETLK of F_UNLCK", lk(fd, F_GETLK, F_UNLCK, SEEK_SET, 0, 1));
	show("F_WRLCK on O_RDONLY", lk(ro, F_SETLK, F_WRLCK, SEEK_SET, 0, 1));
	show("F_RDLCK on O_WRONLY", lk(wo, F_SETLK, F_RDLCK, SEEK_SET, 0, 1));
	show("F_RDLCK on O_RDONLY", lk(ro, F_SETLK, F_RDLCK, SEEK_SET, 0, 1));
	show("F_UNLCK on O_WRONLY", lk(wo, F_SETLK, F_UNLCK, SEEK_SET, 0, 0));
	show("bad fd", lk(99, F_SETLK, F_WRLCK, SEEK_SET, 0, 1));
	struct flock fl = { .l_type = F_WRLCK, .l_whence = SEEK_SET, .l_len = 1,
			    .l_pid = 1 };
	show("F_OFD_SETLK with l_pid 1", fcntl(fd, F_OFD_SETLK, &fl));
	show("F_OFD_GETLK with l_pid 1", fcntl(fd, F_OFD_GETLK, &fl));
	show("F_SETLK of a bad pointer", fcntl(fd, F_SETLK, (void *)16));
	show("flock LOCK_SH|LOCK_EX", flock(fd, LOCK_SH | LOCK_EX));
	show("flock 0", flock(fd, 0));
	show("flock of a bad fd", flock(99, LOCK_EX));
	close(ro);
	close(wo);
}

/* Ranges: conflicts seen by another process, split, merge, whence. */
static void ranges(int fd)
{
	show("lock [0, 100) for writing", lk(fd, F_SETLK, F_WRLCK, SEEK_SET, 0, 100));
	probe("others at 50", 50, 1);
	probe_set("others read-lock 99", F_RDLCK, 99, 1);
	probe_set("others write-lock [100, 200)", F_WRLCK, 100, 100);
	show("unlock [40, 60)", lk(fd, F_SETLK, F_UNLCK, SEEK_SET, 40, 20));
	probe("others at 50 after the split", 50, 1);
	probe("others at 30", 30, 1);
	probe("others at 70", 70, 1);
	show("read-lock [40, 60)", lk(fd, F_SETLK, F_RDLCK, SEEK_SET, 40, 20));
	probe("others at 50 now", 50, 1);
	probe_set("others read-lock 45", F_RDLCK, 45, 1);
	show("write-lock [40, 60) again", lk(fd, F_SETLK, F_WRLCK, SEEK_SET, 40, 20));
	probe("others at 50: merged", 50, 1);
	show("write-lock [100, 110)", lk(fd, F_SETLK, F_WRLCK, SEEK_SET, 100, 10));
	probe("others at 105: adjacent ones merge", 105, 1);
	show("read-lock all of [0, 110)", lk(fd, F_SETLK, F_RDLCK, SEEK_SET, 0, 110));
	probe("others at 0 (write)", 0, 1);
	probe_set("others read-lock 0", F_RDLCK, 0, 1);
	lseek(fd, 500, SEEK_SET);
	show("write-lock SEEK_CUR -10, 5", lk(fd, F_SETLK, F_WRLCK, SEEK_CUR, -10, 5));
	probe("others at 492", 492, 1);
	show("write-lock 300, len -20", lk(fd, F_SETLK, F_WRLCK, SEEK_SET, 300, -20));
	probe("others at 285", 285, 1);
	show("write-lock SEEK_END, len 0", lk(fd, F_SETLK, F_WRLCK, SEEK_END, 0, 0));
	probe("others at 100000", 100000, 1);
	probe("others over everything", 0, 0);
	show("unlock everything", lk(fd, F_SETLK, F_UNLCK, SEEK_SET, 0, 0));
	probe("others over everything now", 0, 0);
}

/* POSIX locks belong to the process: closing any fd of the file drops
 * them, a child holds none of its parent's, exit drops them. */
static void ownership(int fd)
{
	int fd2 = open(FILE_NAME, O_RDONLY), p[2], q[2];

	show("write-lock [0, 10)", lk(fd, F_SETLK, F_WRLCK, SEEK_SET, 0, 10));
	getlk("own F_GETLK", fd, F_GETLK, 0, 10, getpid());
	close(fd2);
	probe("others after closing another fd", 0, 10);
	pipe(p);
	pipe(q);
	pid_t child = fork();
	if (child == 0) {
		char c;
		int cfd = open(FILE_NAME, O_RDWR);
		lk(cfd, F_SETLK, F_WRLCK, SEEK_SET, 20, 10);
		write(p[1], "L", 1);
		read(q[0], &c, 1);
		_exit(0);
	}
	char c;
	read(p[0], &c, 1);
	getlk("the child's lock", fd, F_GETLK, 20, 1, child);
	write(q[1], "X", 1);
	waitpid(child, NULL, 0);
	getlk("after the child exited", fd, F_GETLK, 20, 1, child);
	close(p[0]);
	close(p[1]);
	close(q[0]);
	close(q[1]);
}

static void on_alarm(int sig)
{
	(void)sig;
}

/* F_SETLKW: waits until the holder unlocks, EINTR on a signal without
 * SA_RESTART, EDEADLK when two processes would wait for each other. */
static void waiting(int fd)
{
	int p[2];

	pipe(p);
	show("write-lock [0, 1)", lk(fd, F_SETLK, F_WRLCK, SEEK_SET, 0, 1));
	pid_t child = fork();
	if (child == 0) {
		int cfd = open(FILE_NAME, O_RDWR);
		int r = lk(cfd, F_SETLKW, F_WRLCK, SEEK_SET, 0, 1);
		write(p[1], r ? "E" : "G", 1);
		_exit(0);
	}
	usleep(50000);
	fcntl(p[0], F_SETFL, O_NONBLOCK);
	char c = 0;
	show("the waiter has it before the unlock", (int)read(p[0], &c, 1));
	fcntl(p[0], F_SETFL, 0);
	show("unlock", lk(fd, F_SETLK, F_UNLCK, SEEK_SET, 0, 1));
	read(p[0], &c, 1);
	printf("the waiter got it: %c\n", c);
	waitpid(child, NULL, 0);

	show("write-lock [0, 1) again", lk(fd, F_SETLK, F_WRLCK, SEEK_SET, 0, 1));
	fflush(stdout);
	if (fork() == 0) {
		int cfd = open(FILE_NAME, O_RDWR);
		struct sigaction sa = { .sa_handler = on_alarm };
		sigaction(SIGALRM, &sa, NULL);
		struct itimerval it = { .it_value = { 0, 50000 } };
		setitimer(ITIMER_REAL, &it, NULL);
		show("F_SETLKW interrupted", lk(cfd, F_SETLKW, F_WRLCK, SEEK_SET, 0, 1));
		flock(cfd, LOCK_EX);
		if (fork() == 0) {
			int f2 = open(FILE_NAME, O_RDWR);
			sigaction(SIGALRM, &sa, NULL);
			setitimer(ITIMER_REAL, &it, NULL);
			show("flock LOCK_EX interrupted", flock(f2, LOCK_EX));
			_exit(0);
		}
		wait(NULL);
		_exit(0);
	}
	wait(NULL);
	close(p[0]);
	close(p[1]);
}

/* The state letter of process pid in /proc/PID/stat. */
static char proc_state(pid_t pid)
{
	char path[64], buf[512];

	snprintf(path, sizeof(path), "/proc/%d/stat", pid);
	int fd = open(path, O_RDONLY);
	ssize_t n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return '?';
	buf[n] = 0;
	char *paren = strrchr(buf, ')');
	return paren ? paren[2] : '?';
}

/* The parent holds byte 0 and waits for byte 1, which the child holds:
 * the child asking for byte 0 would close the cycle. */
static void deadlock(int fd)
{
	int p[2];

	pipe(p);
	show("write-lock byte 0", lk(fd, F_SETLK, F_WRLCK, SEEK_SET, 0, 1));
	pid_t parent = getpid();
	if (fork() == 0) {
		int cfd = open(FILE_NAME, O_RDWR);
		lk(cfd, F_SETLK, F_WRLCK, SEEK_SET, 1, 1);
		write(p[1], "L", 1);
		while (proc_state(parent) != 'S')
			usleep(1000);
		show("child waits for byte 0", lk(cfd, F_SETLKW, F_WRLCK, SEEK_SET, 0, 1));
		show("child tries byte 0", lk(cfd, F_SETLK, F_WRLCK, SEEK_SET, 0, 1));
		_exit(0);		/* drops byte 1 */
	}
	char c;
	read(p[0], &c, 1);
	show("parent waits for byte 1", lk(fd, F_SETLKW, F_WRLCK, SEEK_SET, 1, 1));
	wait(NULL);
	getlk("parent's own view", fd, F_GETLK, 0, 2, getpid());
	show("unlock", lk(fd, F_SETLK, F_UNLCK, SEEK_SET, 0, 0));
	close(p[0]);
	close(p[1]);
}

/* OFD locks belong to the open file: two opens in one process conflict,
 * dup and fork share them, only the last close drops them. */
static void ofd(int fd)
{
	int a = open(FILE_NAME, O_RDWR), b = open(FILE_NAME, O_RDWR);

	show("OFD write-lock [0, 10) on a", lk(a, F_OFD_SETLK, F_WRLCK, SEEK_SET, 0, 10));
	show("OFD write-lock [5, 6) on b", lk(b, F_OFD_SETLK, F_WRLCK, SEEK_SET, 5, 6));
	getlk("F_OFD_GETLK on b", b, F_OFD_GETLK, 0, 1, 0);
	getlk("F_OFD_GETLK on a", a, F_OFD_GETLK, 0, 1, 0);
	getlk("POSIX F_GETLK in the same process", fd, F_GETLK, 0, 1, 0);
	show("POSIX write-lock [5, 6)", lk(fd, F_SETLK, F_WRLCK, SEEK_SET, 5, 1));
	close(b);
	int d = dup(a);
	close(d);
	probe("others after closing other fds", 0, 1);
	fflush(stdout);
	if (fork() == 0) {
		getlk("the child's F_OFD_GETLK on a", a, F_OFD_GETLK, 0, 1, 0);
		show("the child makes it a read lock",
		     lk(a, F_OFD_SETLK, F_RDLCK, SEEK_SET, 0, 10));
		_exit(0);
	}
	wait(NULL);
	probe("others after the child", 0, 1);
	close(a);
	probe("others after the last close", 0, 1);
}

/* flock: whole-file, per open file, independent of fcntl locks. */
static void flocks(void)
{
	int a = open(FILE_NAME, O_RDONLY), b = open(FILE_NAME, O_RDWR),
	    c = open(FILE_NAME, O_RDWR), p[2];

	show("a LOCK_EX (O_RDONLY)", flock(a, LOCK_EX));
	show("a LOCK_EX again", flock(a, LOCK_EX));
	show("b LOCK_SH|LOCK_NB", flock(b, LOCK_SH | LOCK_NB));
	show("a converts to LOCK_SH", flock(a, LOCK_SH));
	show("b LOCK_SH|LOCK_NB", flock(b, LOCK_SH | LOCK_NB));
	show("b LOCK_EX|LOCK_NB (loses its LOCK_SH)", flock(b, LOCK_EX | LOCK_NB));
	show("a LOCK_UN", flock(a, LOCK_UN));
	show("c LOCK_EX|LOCK_NB", flock(c, LOCK_EX | LOCK_NB));
	show("b fcntl write lock beside it", lk(b, F_SETLK, F_WRLCK, SEEK_SET, 0, 0));
	show("b unlock fcntl", lk(b, F_SETLK, F_UNLCK, SEEK_SET, 0, 0));
	show("b LOCK_UN (holds none)", flock(b, LOCK_UN));
	fflush(stdout);
	if (fork() == 0) {
		show("the child converts c's lock", flock(c, LOCK_SH | LOCK_NB));
		_exit(0);
	}
	wait(NULL);
	show("b LOCK_SH|LOCK_NB", flock(b, LOCK_SH | LOCK_NB));
	show("b LOCK_UN", flock(b, LOCK_UN));
	show("c LOCK_EX", flock(c, LOCK_EX));
	pipe(p);
	pid_t child = fork();
	if (child == 0) {
		close(c);
		int r = flock(b, LOCK_EX);
		write(p[1], r ? "E" : "G", 1);
		_exit(0);
	}
	usleep(50000);
	close(c);		/* the last close of c drops its lock */
	char ch;
	read(p[0], &ch, 1);
	printf("the waiter got it: %c\n", ch);
	waitpid(child, NULL, 0);
	show("a LOCK_SH|LOCK_NB while b holds LOCK_EX", flock(a, LOCK_SH | LOCK_NB));
	close(b);
	show("a LOCK_SH|LOCK_NB after b's close", flock(a, LOCK_SH | LOCK_NB));
	close(a);
	close(p[0]);
	close(p[1]);
}

int main(void)
{
	int fd = open(FILE_NAME, O_CREAT | O_RDWR | O_TRUNC, 0644);
	char buf[100] = { 0 };

	setvbuf(stdout, NULL, _IOLBF, 0);
	write(fd, buf, sizeof(buf));
	bad_arguments(fd);
	ranges(fd);
	ownership(fd);
	waiting(fd);
	deadlock(fd);
	ofd(fd);
	flocks();
	close(fd);
	unlink(FILE_NAME);
	return 0;
}
