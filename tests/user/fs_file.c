/*
 * tests/user/fs_file.c - regular files: create, write, read, seek,
 * pread/pwrite, readv/writev, O_APPEND, O_TRUNC, O_EXCL, truncate,
 * holes, unlink of an open file, rename, and a large file.
 */
#include "utest.h"
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/syscall.h>

struct vec {				/* struct iovec */
	void *base;
	size_t len;
};

/* Print up to n bytes of fd from offset off, escaping non-printables. */
static void show_bytes(const char *what, int fd, off_t off, size_t n)
{
	char buf[128];
	ssize_t got = pread(fd, buf, n < sizeof(buf) ? n : sizeof(buf), off);

	printf("%s: %zd [", what, got);
	for (ssize_t i = 0; i < got; i++)
		if (buf[i] >= 32 && buf[i] < 127)
			putchar(buf[i]);
		else
			printf("\\%d", buf[i]);
	printf("]\n");
}

static long size_of(const char *path)
{
	struct stat st;

	return stat(path, &st) ? -1 : (long)st.st_size;
}

static void create_write_read(void)
{
	char buf[32] = { 0 };
	int fd = open("f", O_CREAT | O_RDWR, 0644);

	SHOW("open", fd >= 0);
	SHOW("write", write(fd, "hello, world", 12));
	SHOW("lseek cur", lseek(fd, 0, SEEK_CUR));
	SHOW("read at end", read(fd, buf, sizeof(buf)));
	SHOW("lseek set", lseek(fd, 7, SEEK_SET));
	SHOW("read", read(fd, buf, sizeof(buf)));
	printf("got [%s]\n", buf);
	SHOW("lseek end-5", lseek(fd, -5, SEEK_END));
	SHOW("write", write(fd, "WORLD!", 6));
	SHOW("size", size_of("f"));
	show_bytes("contents", fd, 0, 64);
	SHOW("pwrite", pwrite(fd, "H", 1, 0));
	SHOW("offset kept", lseek(fd, 0, SEEK_CUR));
	show_bytes("contents", fd, 0, 64);
	SHOW("lseek negative", lseek(fd, -100, SEEK_CUR));
	SHOW("lseek bad whence", lseek(fd, 0, 7));
	SHOW("close", close(fd));
	struct stat st;
	SHOW("stat", stat("f", &st));
	printf("regular %d mode %o nlink %ld\n", S_ISREG(st.st_mode),
	       st.st_mode & 07777, (long)st.st_nlink);
}

static void holes_and_truncate(void)
{
	int fd = open("h", O_CREAT | O_RDWR | O_TRUNC, 0600);

	SHOW("lseek past end", lseek(fd, 10000, SEEK_SET));
	SHOW("write", write(fd, "end", 3));
	SHOW("size", size_of("h"));
	show_bytes("hole", fd, 4094, 6);
	SHOW("ftruncate shrink", ftruncate(fd, 5000));
	SHOW("size", size_of("h"));
	show_bytes("after shrink", fd, 4998, 10);
	SHOW("ftruncate grow", ftruncate(fd, 6000));
	show_bytes("grown tail", fd, 4999, 4);
	SHOW("pwrite at 1", pwrite(fd, "abcdef", 6, 1));
	SHOW("truncate path", truncate("h", 4));
	show_bytes("cut", fd, 0, 16);
	SHOW("truncate grow", truncate("h", 8));
	show_bytes("zeros", fd, 0, 16);
	SHOW("ftruncate -1", ftruncate(fd, -1));
	SHOW("truncate -1", truncate("h", -1));
	close(fd);
	fd = open("h", O_RDONLY);
	SHOW("ftruncate read-only", ftruncate(fd, 0));
	close(fd);
}

static void append_trunc_excl(void)
{
	int fd = open("a", O_CREAT | O_WRONLY | O_APPEND, 0644);

	write(fd, "one\n", 4);
	lseek(fd, 0, SEEK_SET);
	write(fd, "two\n", 4);
	SHOW("offset after append", lseek(fd, 0, SEEK_CUR));
	SHOW("pwrite appends too", pwrite(fd, "3\n", 2, 0));
	close(fd);
	fd = open("a", O_RDONLY);
	show_bytes("appended", fd, 0, 64);
	close(fd);
	SHOW("O_EXCL existing", open("a", O_CREAT | O_EXCL | O_RDWR, 0644));
	fd = open("a", O_WRONLY | O_TRUNC);
	SHOW("O_TRUNC size", size_of("a"));
	close(fd);
	SHOW("creat", (fd = creat("c", 0600)) >= 0);
	SHOW("read from creat fd", read(fd, (char[4]){ 0 }, 4));
	close(fd);
	fd = open("a", O_RDONLY);
	SHOW("write to O_RDONLY", write(fd, "x", 1));
	close(fd);
	SHOW("open missing", open("missing", O_RDONLY));
}

static void vectors(void)
{
	int fd = open("v", O_CREAT | O_RDWR | O_TRUNC, 0644);
	char a[4], b[8];
	struct vec out[3] = { { "abc", 3 }, { "", 0 }, { "defghij", 7 } };
	struct vec in[2] = { { a, sizeof(a) }, { b, sizeof(b) } };

	SHOW("writev", syscall(SYS_writev, fd, out, 3));
	lseek(fd, 0, SEEK_SET);
	SHOW("readv", syscall(SYS_readv, fd, in, 2));
	printf("a=[%.4s] b=[%.6s]\n", a, b);
	SHOW("readv at end", syscall(SYS_readv, fd, in, 2));
	SHOW("readv count -1", syscall(SYS_readv, fd, in, -1));
	SHOW("writev none", syscall(SYS_writev, fd, out, 0));
	close(fd);
}

static void unlink_while_open(void)
{
	int fd = open("u", O_CREAT | O_RDWR, 0644);
	struct stat st;

	write(fd, "still here", 10);
	SHOW("unlink", unlink("u"));
	SHOW("stat after unlink", stat("u", &st));
	SHOW("fstat", fstat(fd, &st));
	printf("nlink %ld size %ld\n", (long)st.st_nlink, (long)st.st_size);
	show_bytes("read", fd, 0, 32);
	SHOW("write", pwrite(fd, "!", 1, 10));
	SHOW("close", close(fd));
	SHOW("open after close", open("u", O_RDONLY));
}

static void rename_files(void)
{
	int fd = open("r1", O_CREAT | O_WRONLY, 0644);

	write(fd, "first", 5);
	close(fd);
	fd = open("r2", O_CREAT | O_WRONLY, 0644);
	write(fd, "second", 6);
	SHOW("rename over", rename("r1", "r2"));
	SHOW("old gone", size_of("r1"));
	int rd = open("r2", O_RDONLY);
	show_bytes("new name", rd, 0, 16);
	SHOW("old fd still works", write(fd, "!", 1));
	close(fd);
	close(rd);
	SHOW("rename to itself", rename("r2", "r2"));
	SHOW("rename missing", rename("nope", "r3"));
	SHOW("rename file/", rename("r2/", "r3"));
	SHOW("rename to missing dir", rename("r2", "nodir/r3"));
	SHOW("size", size_of("r2"));
}

static void large_file(void)
{
	int fd = open("big", O_CREAT | O_RDWR | O_TRUNC, 0644);
	static unsigned char buf[100000], back[100000];
	unsigned long sum = 0, sum2 = 0;

	for (size_t i = 0; i < sizeof(buf); i++)
		buf[i] = (unsigned char)(i * 131 + i / 4096);
	for (size_t i = 0; i < sizeof(buf); i++)
		sum += buf[i] * (i % 97 + 1);
	SHOW("write", write(fd, buf, sizeof(buf)));
	SHOW("fsync", fsync(fd));
	SHOW("fdatasync", fdatasync(fd));
	lseek(fd, 0, SEEK_SET);
	size_t got = 0;
	ssize_t n;
	while ((n = read(fd, back + got, 7000)) > 0)
		got += n;
	for (size_t i = 0; i < got; i++)
		sum2 += back[i] * (i % 97 + 1);
	printf("read %zu bytes, checksums %s\n", got, sum == sum2 ? "match" : "differ");
	SHOW("pread across pages", pread(fd, back, 10, 4090) == 10 &&
	     !memcmp(back, buf + 4090, 10));
	close(fd);
	sync();
	SHOW("unlink", unlink("big"));
}

static const struct utest tests[] = {
	{ "create_write_read", create_write_read },
	{ "holes_and_truncate", holes_and_truncate },
	{ "append_trunc_excl", append_trunc_excl },
	{ "vectors", vectors },
	{ "unlink_while_open", unlink_while_open },
	{ "rename_files", rename_files },
	{ "large_file", large_file },
};
UTEST_MAIN(tests)
