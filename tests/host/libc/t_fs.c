/*
 * File system wrappers: open/openat/creat, stat family, directories and
 * readdir, rename/unlink/rmdir, truncation, descriptors (dup*, pipe2,
 * fcntl, pread/pwrite), access, readlink, getcwd/chdir, umask.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "check.h"

static char dir[64];

static void test_create_stat(void)
{
	struct stat st, st2;
	int dfd, fd;

	dfd = open(dir, O_RDONLY | O_DIRECTORY);
	CHECK(dfd >= 0);
	fd = openat(dfd, "a", O_CREAT | O_RDWR | O_TRUNC, 0640);
	CHECK(fd >= 0);
	CHECK_EQ(write(fd, "hello world", 11), 11);
	CHECK_EQ(fstat(fd, &st), 0);
	CHECK(S_ISREG(st.st_mode));
	CHECK_EQ(st.st_mode & 0777, 0640 & ~0022);
	CHECK_EQ(st.st_size, 11);
	CHECK_EQ(st.st_nlink, 1);
	CHECK(st.st_mtime > 1600000000);
	CHECK_EQ(fstatat(dfd, "a", &st2, 0), 0);
	CHECK_EQ(st2.st_ino, st.st_ino);
	CHECK_EQ(ftruncate(fd, 4), 0);
	CHECK_EQ(fstat(fd, &st), 0);
	CHECK_EQ(st.st_size, 4);
	CHECK_EQ(mkdirat(dfd, "sub", 0755), 0);
	CHECK_EQ(fstatat(dfd, "sub", &st, 0), 0);
	CHECK(S_ISDIR(st.st_mode));
	CHECK_EQ(unlinkat(dfd, "sub", AT_REMOVEDIR), 0);
	CHECK_EQ(faccessat(dfd, "a", R_OK | W_OK, 0), 0);
	CHECK_EQ(faccessat(dfd, "a", F_OK, AT_EACCESS), 0);
	close(fd);
	close(dfd);
}

static void test_names(void)
{
	char a[96], b[96], lnk[96], buf[96];
	struct stat st;
	int fd;

	snprintf(a, sizeof(a), "%s/a", dir);
	snprintf(b, sizeof(b), "%s/b", dir);
	snprintf(lnk, sizeof(lnk), "%s/lnk", dir);
	CHECK_EQ(rename(a, b), 0);
	CHECK_EQ(access(a, F_OK), -1);
	CHECK_EQ(access(b, R_OK), 0);
	CHECK_EQ(truncate(b, 100), 0);
	CHECK_EQ(stat(b, &st), 0);
	CHECK_EQ(st.st_size, 100);
	CHECK_EQ(symlink(b, lnk), 0);
	CHECK_EQ(lstat(lnk, &st), 0);
	CHECK(S_ISLNK(st.st_mode));
	CHECK_EQ(stat(lnk, &st), 0);
	CHECK(S_ISREG(st.st_mode));
	memset(buf, 0, sizeof(buf));
	CHECK_EQ(readlink(lnk, buf, sizeof(buf)), (long)strlen(b));
	CHECK_STR(buf, b);
	CHECK_EQ(readlinkat(AT_FDCWD, lnk, buf, 2), 2);
	CHECK_EQ(unlink(lnk), 0);
	CHECK_EQ(link(b, lnk), 0);		/* a hard link this time */
	CHECK_EQ(stat(b, &st), 0);
	CHECK_EQ(st.st_nlink, 2);
	CHECK_EQ(unlink(lnk), 0);
	fd = creat(a, 0600);
	CHECK(fd >= 0);
	close(fd);
	CHECK_EQ(remove(a), 0);
	CHECK_EQ(mkdir(a, 0700), 0);
	CHECK_EQ(remove(a), 0);			/* a directory, via rmdir */
}

/* readdir sees ".", ".." and the files made; rewinddir starts over. */
static void test_readdir(void)
{
	char path[96];
	struct dirent *de;
	DIR *d;
	int i, seen = 0, count = 0, fd;

	for (i = 0; i < 100; i++) {
		snprintf(path, sizeof(path), "%s/file-with-long-name-%03d", dir, i);
		fd = open(path, O_CREAT | O_WRONLY, 0600);
		close(fd);
	}
	d = opendir(dir);
	CHECK(d != NULL);
	while ((de = readdir(d))) {
		count++;
		if (!strcmp(de->d_name, "file-with-long-name-042")) {
			seen |= 1;
			CHECK_EQ(de->d_type, DT_REG);
		}
		if (!strcmp(de->d_name, "..")) {
			seen |= 2;
			CHECK_EQ(de->d_type, DT_DIR);
		}
	}
	CHECK_EQ(seen, 3);
	CHECK_EQ(count, 100 + 3);		/* . .. b and the 100 */
	rewinddir(d);
	CHECK(readdir(d) != NULL);
	CHECK(dirfd(d) >= 0);
	CHECK_EQ(closedir(d), 0);
	for (i = 0; i < 100; i++) {
		snprintf(path, sizeof(path), "%s/file-with-long-name-%03d", dir, i);
		CHECK_EQ(unlink(path), 0);
	}
}

static void test_descriptors(void)
{
	char path[96], buf[16];
	int fd, fd2, p[2];

	snprintf(path, sizeof(path), "%s/b", dir);
	fd = open(path, O_RDWR);
	CHECK_EQ(pwrite(fd, "0123456789", 10, 0), 10);
	CHECK_EQ(pread(fd, buf, 4, 3), 4);
	CHECK(!memcmp(buf, "3456", 4));
	CHECK_EQ(lseek(fd, 0, SEEK_CUR), 0);	/* p* leave the offset */
	fd2 = dup(fd);
	CHECK(fd2 > fd);
	CHECK_EQ(lseek(fd, 5, SEEK_SET), 5);
	CHECK_EQ(lseek(fd2, 0, SEEK_CUR), 5);	/* shared offset */
	CHECK_EQ(dup2(fd, 50), 50);
	CHECK_EQ(dup3(fd, 51, O_CLOEXEC), 51);
	CHECK_EQ(fcntl(51, F_GETFD), FD_CLOEXEC);
	CHECK_EQ(fcntl(50, F_GETFD), 0);
	CHECK_EQ(fcntl(50, F_SETFD, FD_CLOEXEC), 0);
	CHECK_EQ(fcntl(50, F_GETFD), FD_CLOEXEC);
	CHECK_EQ(fcntl(fd, F_GETFL) & O_ACCMODE, O_RDWR);
	CHECK(fcntl(fd, F_DUPFD, 60) >= 60);
	CHECK_EQ(fsync(fd), 0);
	CHECK_EQ(fdatasync(fd), 0);
	sync();
	CHECK_EQ(pipe2(p, O_CLOEXEC | O_NONBLOCK), 0);
	CHECK(fcntl(p[0], F_GETFL) & O_NONBLOCK);
	errno = 0;
	CHECK_EQ(read(p[0], buf, 1), -1);
	CHECK_EQ(errno, EAGAIN);
	close(p[0]);
	close(p[1]);
	close(fd);
	close(fd2);
	close(50);
	close(51);
	unlink(path);
}

static void test_cwd(void)
{
	char buf[128], *dyn;

	CHECK_EQ(chdir(dir), 0);
	CHECK(getcwd(buf, sizeof(buf)) == buf);
	CHECK_STR(buf, dir);
	dyn = getcwd(NULL, 0);
	CHECK_STR(dyn, dir);
	free(dyn);
	errno = 0;
	CHECK(getcwd(buf, 2) == NULL);
	CHECK_EQ(errno, ERANGE);
	CHECK_EQ(chdir("/"), 0);
	CHECK_EQ(umask(0077), 0022);
	CHECK_EQ(umask(0022), 0077);
}

int main(void)
{
	const char *tmp = getenv("TMPDIR");

	umask(0022);
	snprintf(dir, sizeof(dir), "%s/fs.%d", tmp ? tmp : "/tmp", getpid());
	CHECK_EQ(mkdir(dir, 0700), 0);
	test_create_stat();
	test_names();
	test_readdir();
	test_descriptors();
	test_cwd();
	CHECK_EQ(rmdir(dir), 0);
	return check_done();
}
