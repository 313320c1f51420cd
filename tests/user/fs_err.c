/*
 * tests/user/fs_err.c - the error cases of the file calls not covered by
 * the other fs_* tests: EFAULT for every kind of bad pointer,
 * ENAMETOOLONG, ENOENT for "", ELOOP, EACCES, EISDIR, ENOTDIR, ENOTTY,
 * EXDEV, EINVAL; and the boundaries that still work (a 255-byte name).
 */
#include "utest.h"
#include <dirent.h>
#include <fcntl.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>

#define BAD	((void *)1)		/* never mapped */

static void efault(void)
{
	int fd = open("f", O_CREAT | O_RDWR | O_TRUNC, 0644);
	struct stat st;
	char buf[16];

	write(fd, "0123456789", 10);
	lseek(fd, 0, SEEK_SET);
	SHOW("open bad path", open(BAD, O_RDONLY));
	SHOW("read into NULL", read(fd, NULL, 10));
	SHOW("offset unchanged", lseek(fd, 0, SEEK_CUR));
	SHOW("read 0 into NULL", read(fd, NULL, 0));
	SHOW("write from bad", write(fd, BAD, 10));
	SHOW("pread into bad", pread(fd, BAD, 4, 0));
	SHOW("stat bad path", stat(BAD, &st));
	SHOW("stat bad buf", stat("f", BAD));
	SHOW("fstat bad buf", fstat(fd, BAD));
	SHOW("pipe bad", syscall(SYS_pipe, BAD));
	SHOW("getcwd bad", syscall(SYS_getcwd, BAD, 100));
	SHOW("readv bad iov", syscall(SYS_readv, fd, BAD, 1));
	SHOW("readlink bad buf", readlink("/proc/self", BAD, 10));
	SHOW("mkdir bad", mkdir(BAD, 0755));
	SHOW("unlink bad", unlink(BAD));
	SHOW("rename bad", rename("f", BAD));
	SHOW("chdir bad", chdir(BAD));
	SHOW("access bad", access(BAD, F_OK));
	SHOW("ioctl bad", ioctl(fd, FIONREAD, BAD));
	int dfd = open(".", O_RDONLY | O_DIRECTORY);
	SHOW("getdents bad", getdents64(dfd, BAD, 100));
	close(dfd);
	SHOW("still readable", read(fd, buf, 4));
	close(fd);
}

static void names(void)
{
	char name[300], path[5000];

	memset(name, 'n', 255);
	name[255] = '\0';
	SHOW("255-byte name", mkdir(name, 0755));
	SHOW("rmdir it", rmdir(name));
	memset(name, 'n', 256);
	name[256] = '\0';
	SHOW("256-byte name", open(name, O_CREAT | O_WRONLY, 0644));
	SHOW("256-byte stat", access(name, F_OK));
	for (int i = 0; i < 4998; i += 2)
		memcpy(path + i, "a/", 2);
	path[4998] = '\0';
	SHOW("5000-byte path", access(path, F_OK));
	SHOW("empty path open", open("", O_RDONLY));
	SHOW("empty path stat", access("", F_OK));
	SHOW("empty mkdir", mkdir("", 0755));
}

static void types(void)
{
	int fd = open("t", O_CREAT | O_RDWR, 0644);
	struct termios_like {
		char raw[64];
	} tio;

	mkdir("dir", 0755);
	SHOW("open dir O_RDWR", open("dir", O_RDWR));
	SHOW("open dir O_WRONLY|O_TRUNC", open("dir", O_RDONLY | O_TRUNC));
	SHOW("file as directory", open("t/x", O_RDONLY));
	SHOW("trailing slash on file", open("t/", O_RDONLY));
	SHOW("create with trailing slash", open("new/", O_CREAT | O_RDWR, 0644));
	SHOW("truncate dir", truncate("dir", 0));
	SHOW("TCGETS on a file", ioctl(fd, TCGETS, &tio));
	SHOW("isatty file", isatty(fd));
	int left = -1;
	write(fd, "12345", 5);
	lseek(fd, 1, SEEK_SET);
	SHOW("FIONREAD file", ioctl(fd, FIONREAD, &left));
	printf("bytes left %d\n", left);
	SHOW("access X_OK on 0644", access("t", X_OK));
	SHOW("access R_OK|W_OK", access("t", R_OK | W_OK));
	SHOW("access bad mode", access("t", 8));
	SHOW("access X_OK dir", access("dir", X_OK));
	SHOW("exec non-executable", execl("./t", "t", (char *)NULL));
	SHOW("exec directory", execl("dir", "dir", (char *)NULL));
	SHOW("exec missing", execl("nothing", "nothing", (char *)NULL));
	SHOW("readlink regular", readlink("t", (char[8]){ 0 }, 8));
	SHOW("readlink bufsiz 0", readlink("/proc/self", (char[8]){ 0 }, 0));
	SHOW("O_NOFOLLOW on symlink", open("/proc/self", O_RDONLY | O_NOFOLLOW));
	SHOW("rename across file systems", rename("t", "/proc/t"));
	SHOW("lseek bad fd", lseek(55, 0, SEEK_SET));
	SHOW("fsync bad fd", fsync(55));
	SHOW("fstat bad fd", fstat(55, (struct stat[1]){ 0 }));
	close(fd);
}

static const struct utest tests[] = {
	{ "efault", efault },
	{ "names", names },
	{ "types", types },
};
UTEST_MAIN(tests)
