/*
 * tests/run/utimes.c - utimensat, futimens, utimes and utime: explicit
 * times, UTIME_NOW, UTIME_OMIT, AT_SYMLINK_NOFOLLOW (the link's own times),
 * AT_EMPTY_PATH, the permission rules (the owner or root for explicit
 * times, write permission enough for "now") and the errors; and fallocate
 * on /dev/shm (a memory file system on both kernels): mode 0 grows the
 * file, FALLOC_FL_KEEP_SIZE only allocates, the checks of the mode.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <utime.h>

#ifndef FALLOC_FL_ZERO_RANGE		/* musl's fcntl.h has only the first two */
#define FALLOC_FL_COLLAPSE_RANGE 0x08
#define FALLOC_FL_ZERO_RANGE	0x10
#define FALLOC_FL_INSERT_RANGE	0x20
#define FALLOC_FL_UNSHARE_RANGE	0x40
#endif

static void show(const char *what, long r)
{
	const char *e = errno == ENOENT ? "ENOENT" : errno == EINVAL ? "EINVAL"
		: errno == EPERM ? "EPERM" : errno == EACCES ? "EACCES"
		: errno == EBADF ? "EBADF" : errno == EFAULT ? "EFAULT"
		: errno == EOPNOTSUPP ? "EOPNOTSUPP" : errno == ESPIPE ? "ESPIPE"
		: errno == EISDIR ? "EISDIR" : errno == ENODEV ? "ENODEV"
		: errno == EFBIG ? "EFBIG" : "other";

	printf("%s = %ld%s%s\n", what, r, r == -1 ? " " : "", r == -1 ? e : "");
	fflush(stdout);
}

static time_t now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_REALTIME, &t);
	return t.tv_sec;
}

/* A time as "sec.nsec", or "now" when within 2 s of the clock. */
static const char *when(const struct timespec *t, char *buf)
{
	if (t->tv_sec > now() - 3 && t->tv_sec <= now())
		return "now";
	sprintf(buf, "%ld.%09ld", (long)t->tv_sec, t->tv_nsec);
	return buf;
}

static void show_times(const char *path, bool nofollow)
{
	struct stat st;
	char a[32], m[32];

	if ((nofollow ? lstat : stat)(path, &st))
		show(path, -1);
	else
		printf("%s: atime %s, mtime %s, ctime %s\n", path,
		       when(&st.st_atim, a), when(&st.st_mtim, m),
		       st.st_ctim.tv_sec > now() - 3 ? "now" : "old");
}

static void set_times(void)
{
	struct timespec t[2] = { { 1000000000, 123456789 }, { 1500000000, 5 } };

	close(open("f", O_CREAT | O_WRONLY, 0644));
	show("utimensat explicit", utimensat(AT_FDCWD, "f", t, 0));
	show_times("f", false);
	t[0].tv_nsec = UTIME_OMIT;
	t[1] = (struct timespec){ 1600000000, 0 };
	show("atime UTIME_OMIT", utimensat(AT_FDCWD, "f", t, 0));
	show_times("f", false);
	t[0].tv_nsec = UTIME_NOW;
	t[1].tv_nsec = UTIME_OMIT;
	show("atime UTIME_NOW, mtime UTIME_OMIT", utimensat(AT_FDCWD, "f", t, 0));
	show_times("f", false);
	show("NULL times", utimensat(AT_FDCWD, "f", NULL, 0));
	show_times("f", false);
	symlink("f", "l");
	t[0] = (struct timespec){ 1100000000, 0 };
	t[1] = (struct timespec){ 1200000000, 0 };
	show("AT_SYMLINK_NOFOLLOW", utimensat(AT_FDCWD, "l", t, AT_SYMLINK_NOFOLLOW));
	show_times("l", true);
	show_times("f", false);
	show("through the link", utimensat(AT_FDCWD, "l", t, 0));
	show_times("f", false);
	int fd = open("f", O_RDONLY);
	t[0] = (struct timespec){ 1300000000, 7 };
	show("futimens", futimens(fd, t));
	show_times("f", false);
	t[1].tv_sec = 1400000000;
	show("AT_EMPTY_PATH", utimensat(fd, "", t, AT_EMPTY_PATH));
	show_times("f", false);
	show("NULL path with flags", syscall(SYS_utimensat, fd, NULL, t,
						AT_SYMLINK_NOFOLLOW));
	close(fd);
	int opath = open("f", O_PATH);
	show("futimens of an O_PATH fd", syscall(SYS_utimensat, opath, NULL, t, 0));
	show("AT_EMPTY_PATH of an O_PATH fd", utimensat(opath, "", t, AT_EMPTY_PATH));
	close(opath);
	struct timeval tv[2] = { { 1000, 500000 }, { 2000, 1 } };
	show("utimes", utimes("f", tv));
	show_times("f", false);
	struct utimbuf ub = { 3000, 4000 };
	show("utime", utime("f", &ub));
	show_times("f", false);
	tv[0].tv_usec = 1000000;
	show("utimes tv_usec 1000000", syscall(SYS_utimes, "f", tv));
	t[0].tv_nsec = 1000000000;
	show("tv_nsec 1e9", utimensat(AT_FDCWD, "f", t, 0));
	t[0].tv_nsec = -1;
	show("tv_nsec -1", utimensat(AT_FDCWD, "f", t, 0));
	t[0].tv_nsec = 0;
	show("bad flags", utimensat(AT_FDCWD, "f", t, 0x4));
	show("missing file", utimensat(AT_FDCWD, "nothing", t, 0));
	show("bad times pointer", syscall(SYS_utimensat, AT_FDCWD, "f", 8, 0));
	show("NULL path, AT_FDCWD", syscall(SYS_utimensat, AT_FDCWD, NULL, t, 0));
	show("futimens bad fd", syscall(SYS_utimensat, 99, NULL, t, 0));
	show("empty path without the flag", utimensat(AT_FDCWD, "", t, 0));
}

static void permissions(void)
{
	close(open("mine", O_CREAT | O_WRONLY, 0644));
	close(open("open", O_CREAT | O_WRONLY, 0666));
	chmod("open", 0666);
	fflush(stdout);
	if (fork() == 0) {
		struct timespec t[2] = { { 5, 0 }, { 6, 0 } };
		struct timespec nowt[2] = { { 0, UTIME_NOW }, { 0, UTIME_NOW } };
		setgid(65534);
		setuid(65534);
		show("nobody: now on a writable file", utimensat(AT_FDCWD, "open", NULL, 0));
		show("nobody: UTIME_NOW x2 on it", utimensat(AT_FDCWD, "open", nowt, 0));
		show("nobody: explicit on it", utimensat(AT_FDCWD, "open", t, 0));
		show("nobody: now on a read-only file", utimensat(AT_FDCWD, "mine", NULL, 0));
		show("nobody: explicit on it", utimensat(AT_FDCWD, "mine", t, 0));
		_exit(0);
	}
	wait(NULL);
}

static void show_size(int fd)
{
	struct stat st;

	fstat(fd, &st);
	printf("size %ld, blocks %ld\n", (long)st.st_size, (long)st.st_blocks);
}

static void falloc(void)
{
	char name[64], buf[16];

	snprintf(name, sizeof(name), "/dev/shm/falloc-test.%d", getpid());
	int fd = open(name, O_CREAT | O_RDWR | O_TRUNC, 0600);
	unlink(name);
	show("fallocate 1 MiB", fallocate(fd, 0, 0, 1 << 20));
	show_size(fd);
	show("read it", pread(fd, buf, sizeof(buf), 4096));
	printf("zeros %d\n", buf[0] == 0 && buf[15] == 0);
	show("KEEP_SIZE 1 MiB more", fallocate(fd, FALLOC_FL_KEEP_SIZE, 1 << 20, 1 << 20));
	show_size(fd);
	show("read past the end", pread(fd, buf, sizeof(buf), (1 << 20) + 10));
	show("inside the file", fallocate(fd, 0, 100, 200));
	show_size(fd);
	show("unaligned, growing", fallocate(fd, 0, (2 << 20) + 10, 100));
	show_size(fd);
	show("ftruncate to 5000", ftruncate(fd, 5000));
	show_size(fd);
	show("len 0", fallocate(fd, 0, 0, 0));
	show("offset -1", fallocate(fd, 0, -1, 10));
	show("mode 0x100", fallocate(fd, 0x100, 0, 10));
	show("PUNCH_HOLE without KEEP_SIZE", fallocate(fd, FALLOC_FL_PUNCH_HOLE, 0, 10));
	show("PUNCH_HOLE|ZERO_RANGE", fallocate(fd, FALLOC_FL_PUNCH_HOLE |
						 FALLOC_FL_ZERO_RANGE | FALLOC_FL_KEEP_SIZE, 0, 10));
	show("COLLAPSE_RANGE|KEEP_SIZE", fallocate(fd, FALLOC_FL_COLLAPSE_RANGE |
						   FALLOC_FL_KEEP_SIZE, 0, 4096));
	show("INSERT_RANGE|KEEP_SIZE", fallocate(fd, FALLOC_FL_INSERT_RANGE |
						 FALLOC_FL_KEEP_SIZE, 0, 4096));
	show("UNSHARE_RANGE|PUNCH_HOLE", fallocate(fd, FALLOC_FL_UNSHARE_RANGE |
						   FALLOC_FL_PUNCH_HOLE, 0, 10));
	show("ZERO_RANGE", fallocate(fd, FALLOC_FL_ZERO_RANGE, 0, 10));
	show("COLLAPSE_RANGE", fallocate(fd, FALLOC_FL_COLLAPSE_RANGE, 0, 4096));
	show("NO_HIDE_STALE", fallocate(fd, 0x4, 0, 10));
	show("UNSHARE_RANGE", fallocate(fd, FALLOC_FL_UNSHARE_RANGE, 0, 10));
	show("offset + len past the limit", fallocate(fd, 0, 0x7fffffffffff0000, 0x20000));
	close(fd);
	fd = open("/dev/null", O_RDONLY);
	show("read-only fd", fallocate(fd, 0, 0, 10));
	close(fd);
	fd = open("/dev/null", O_WRONLY);
	show("a device", fallocate(fd, 0, 0, 10));
	close(fd);
	int p[2];
	pipe(p);
	show("a pipe", fallocate(p[1], 0, 0, 10));
	show("bad fd", fallocate(99, 0, 0, 10));
}

int main(void)
{
	mkdir("utimes-test", 0755);
	if (chdir("utimes-test"))
		return 1;
	set_times();
	permissions();
	falloc();
	return 0;
}
