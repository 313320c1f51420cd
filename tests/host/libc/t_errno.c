/*
 * errno from failing calls: each wrapper must return -1 and store the
 * kernel's error; a successful call must leave errno alone.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include "check.h"

/* CHECK that expr is -1 with errno e (as a long, so pointers work too). */
#define FAILS(expr, e) do {						\
	errno = 0;							\
	CHECK_EQ((long)(expr), -1);					\
	CHECK_EQ(errno, e);						\
} while (0)

static char dir[64];

static void test_files(void)
{
	char path[96], buf[8];
	int fd, p[2];

	FAILS(open("/nonexistent-pagoda/file", O_RDONLY), ENOENT);
	FAILS(open("/", O_WRONLY), EISDIR);
	FAILS(close(-1), EBADF);
	FAILS(read(12345, buf, 1), EBADF);
	FAILS(mkdir(dir, 0700), EEXIST);
	snprintf(path, sizeof(path), "%s/file", dir);
	fd = open(path, O_CREAT | O_WRONLY, 0600);
	CHECK(fd >= 0);
	FAILS(read(fd, buf, 1), EBADF);		/* write-only */
	FAILS(open(path, O_CREAT | O_EXCL | O_WRONLY, 0600), EEXIST);
	FAILS(open(path, O_RDONLY | O_DIRECTORY), ENOTDIR);
	FAILS(rmdir(dir), ENOTEMPTY);
	FAILS(unlink(dir), EISDIR);
	errno = 0;
	CHECK(opendir(path) == NULL);
	CHECK_EQ(errno, ENOTDIR);
	FAILS(execve(path, (char *[]){ path, NULL }, NULL), EACCES);
	CHECK_EQ(pipe(p), 0);
	FAILS(lseek(p[0], 0, SEEK_SET), ESPIPE);
	close(p[0]);
	signal(SIGPIPE, SIG_IGN);
	FAILS(write(p[1], "x", 1), EPIPE);
	close(p[1]);
	close(fd);
	unlink(path);
}

static void test_memory(void)
{
	char *p = mmap(NULL, 8192, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	CHECK(p != MAP_FAILED);
	FAILS(munmap(p + 1, 4096), EINVAL);
	FAILS(mprotect(p + 1, 4096, PROT_READ), EINVAL);
	FAILS(mmap(NULL, 0, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0),
	      EINVAL);
	FAILS(mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, 12345, 0), EBADF);
	FAILS(mmap(p, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS |
		   MAP_FIXED_NOREPLACE, -1, 0), EEXIST);
	FAILS(msync(p + 1, 10, MS_SYNC), EINVAL);
	FAILS(madvise(p + 1, 10, MADV_DONTNEED), EINVAL);
	munmap(p, 8192);
	FAILS(mremap(p, 4096, 8192, 0), EFAULT);
	FAILS(sbrk((intptr_t)1 << 62), ENOMEM);
	FAILS(kill(-123456, 0), ESRCH);
}

/* errno is never cleared by a successful call. */
static void test_sticky(void)
{
	errno = EINTR;
	CHECK(getpid() > 0);
	CHECK_EQ(close(dup(0)), 0);
	CHECK(malloc(16) != NULL);
	CHECK_EQ(errno, EINTR);
	CHECK_STR(strerror(ENOENT), "No such file or directory");
	CHECK_STR(strerror(EHWPOISON), "Memory page has hardware error");
}

int main(void)
{
	const char *tmp = getenv("TMPDIR");

	snprintf(dir, sizeof(dir), "%s/errno.%d", tmp ? tmp : "/tmp", getpid());
	CHECK_EQ(mkdir(dir, 0700), 0);
	test_files();
	test_memory();
	test_sticky();
	rmdir(dir);
	return check_done();
}
