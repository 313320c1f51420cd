/*
 * tests/run/links.c - symlink, symlinkat, readlink, link, linkat: what
 * they make (lstat, readlink, st_nlink, one inode under two names), an
 * O_CREAT open through a dangling symlink creating its target (also
 * through a chain of links and a relative link in a subdirectory), ELOOP,
 * and Linux's errors for each call.
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
	const char *e = errno == ENOENT ? "ENOENT" : errno == EEXIST ? "EEXIST"
		: errno == ELOOP ? "ELOOP" : errno == EPERM ? "EPERM"
		: errno == EXDEV ? "EXDEV" : errno == EINVAL ? "EINVAL"
		: errno == EISDIR ? "EISDIR" : errno == ENOTDIR ? "ENOTDIR"
		: errno == EFAULT ? "EFAULT" : errno == EBADF ? "EBADF" : "other";

	printf("%s = %ld%s%s\n", what, r, r == -1 ? " " : "", r == -1 ? e : "");
}

static void show_link(const char *path)
{
	char buf[64];
	ssize_t n = readlink(path, buf, sizeof(buf));

	if (n < 0)
		show(path, n);
	else
		printf("%s -> '%.*s'\n", path, (int)n, buf);
}

static void show_file(const char *path)
{
	struct stat st;

	if (lstat(path, &st))
		show(path, -1);
	else
		printf("%s: %s, nlink %lu, size %ld\n", path,
		       S_ISLNK(st.st_mode) ? "symlink" : S_ISREG(st.st_mode)
		       ? "file" : S_ISDIR(st.st_mode) ? "dir" : "other",
		       (unsigned long)st.st_nlink, (long)st.st_size);
}

static void symlinks(void)
{
	char buf[8];
	struct stat st;

	show("symlink target l", symlink("target", "l"));
	show_link("l");
	show_file("l");
	printf("lstat mode %o\n", (lstat("l", &st), st.st_mode));
	show("stat through the dangling link", stat("l", &st));
	show("O_EXCL on the link", open("l", O_CREAT | O_EXCL | O_WRONLY, 0600));
	show("O_NOFOLLOW on the link", open("l", O_CREAT | O_NOFOLLOW | O_WRONLY, 0600));
	int fd = open("l", O_CREAT | O_WRONLY, 0640);
	show("O_CREAT through the dangling link", fd >= 0);
	show("write", write(fd, "hello", 5));
	close(fd);
	show_file("target");
	show_file("l");
	printf("target mode %o\n", (stat("target", &st), st.st_mode & 0777));
	show("readlink, 3-byte buffer", readlink("l", buf, 3));
	printf("got '%.3s'\n", buf);
	show("readlink of a file", readlink("target", buf, sizeof(buf)));
	show("readlink missing", readlink("nothing", buf, sizeof(buf)));
	show("readlink size 0", readlink("l", buf, 0));
	show("symlink over a name", symlink("x", "target"));
	show("symlink over a link", symlink("x", "l"));
	show("symlink empty target", symlink("", "e"));
	show("symlink in a missing dir", symlink("x", "nodir/e"));
	show("symlink name/", symlink("x", "e/"));
	show("symlink in /proc", symlink("x", "/proc/e"));
	show("symlink under a file", symlink("x", "target/e"));
	show("symlink bad target", symlink((char *)8, "e"));
	show("symlink \".\"", symlink("x", "."));
	show("unlink the link", unlink("l"));
	show_file("target");
}

static void chains(void)
{
	struct stat st;
	int dfd = open(".", O_DIRECTORY | O_RDONLY);

	show("a -> b", symlinkat("b", dfd, "a"));
	show("b -> c", symlink("c", "b"));
	int fd = open("a", O_CREAT | O_RDWR, 0600);
	show("O_CREAT through a -> b -> c", fd >= 0);
	close(fd);
	show_file("c");
	show("mkdir sub", mkdir("sub", 0755));
	show("sub/r -> t2 (relative)", symlink("t2", "sub/r"));
	fd = open("sub/r", O_CREAT | O_WRONLY, 0600);
	show("O_CREAT through sub/r", fd >= 0);
	close(fd);
	show_file("sub/t2");
	show_file("t2");
	char lbuf[16];
	ssize_t n = readlinkat(dfd, "sub/r", lbuf, sizeof(lbuf));
	printf("readlinkat sub/r: '%.*s'\n", (int)n, lbuf);
	show("d -> sub/ (a directory)", symlink("sub/", "d"));
	show("O_CREAT through d", open("d", O_CREAT | O_WRONLY, 0600));
	show("loop -> loop", symlink("loop", "loop"));
	show("O_CREAT through loop", open("loop", O_CREAT | O_WRONLY, 0600));
	show("stat loop", stat("loop", &st));
	show("p -> /nodir/x", symlink("/nodir/x", "p"));
	show("O_CREAT through p", open("p", O_CREAT | O_WRONLY, 0600));
	close(dfd);
}

static void hardlinks(void)
{
	struct stat a, b;
	char buf[8] = "";

	show("link target hard", link("target", "hard"));
	show_file("target");
	show_file("hard");
	stat("target", &a);
	stat("hard", &b);
	printf("same inode %d\n", a.st_ino == b.st_ino);
	int fd = open("hard", O_WRONLY | O_APPEND);
	show("append through hard", write(fd, " world", 6));
	close(fd);
	fd = open("target", O_RDONLY);
	show("read target", read(fd, buf, sizeof(buf) - 1));
	printf("'%s'\n", buf);
	show("rename hard onto target (same inode)", rename("hard", "target"));
	show_file("hard");
	show("unlink target", unlink("target"));
	show_file("hard");
	show("fstat nlink of the open file", fstat(fd, &a));
	printf("nlink %lu\n", (unsigned long)a.st_nlink);
	show("link over a name", link("hard", "c"));
	show("link a directory", link("sub", "sub2"));
	show("link missing", link("nothing", "x"));
	show("link to name/", link("hard", "x/"));
	show("link file/", link("hard/", "x"));
	show("link into /proc", link("hard", "/proc/x"));
	show("link from /proc", link("/proc/self/status", "x"));
	show("link a symlink (no follow)", link("b", "b2"));
	show_file("b2");
	show("linkat AT_SYMLINK_FOLLOW", linkat(AT_FDCWD, "b", AT_FDCWD, "b3",
						AT_SYMLINK_FOLLOW));
	show_file("b3");
	show_file("c");
	show("linkat bad flags", linkat(AT_FDCWD, "b", AT_FDCWD, "b4", 1));
	show("linkat AT_EMPTY_PATH", linkat(fd, "", AT_FDCWD, "again", AT_EMPTY_PATH));
	show_file("again");
	show("linkat AT_EMPTY_PATH bad fd", linkat(99, "", AT_FDCWD, "x", AT_EMPTY_PATH));
	show("linkat empty path without the flag", linkat(fd, "", AT_FDCWD, "x", 0));
	close(fd);
	unlink("again");
	show("unlink the last name of an open file", unlink("hard"));
}

int main(void)
{
	mkdir("links-test", 0755);
	if (chdir("links-test"))
		return 1;
	symlinks();
	chains();
	hardlinks();
	return 0;
}
