/*
 * tests/user/fmap_file.c - file mappings: MAP_PRIVATE and MAP_SHARED against read/write, SIGBUS beyond end of file, ftruncate, close and unlink, offsets, /dev/zero.
 */
#include "mmtest.h"

static void fmap_private_invisible(void)
{
	int fd = mkfile("f", 2 * PG);
	char *p = xmmap(NULL, 2 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	char *s = xmmap(NULL, 2 * PG, PROT_READ, MAP_SHARED, fd, 0);
	char *q = xmmap(NULL, 2 * PG, PROT_READ, MAP_PRIVATE, fd, 0);

	p[0] = 'X';
	printf("private map: %c, read(): %c, shared map: %c, other private map: %c\n",
	       p[0], file_byte(fd, 0), s[0], q[0]);
	/* a later write() shows in pages not yet copied, not in the copy */
	pwrite(fd, "YY", 1, 0);
	pwrite(fd, "Z", 1, PG);
	printf("after write(): copied page %c, uncopied page %c, shared %c %c\n",
	       p[0], p[PG], s[0], s[PG]);
	munmap(p, 2 * PG);
	printf("after munmap, file: %c %c\n", file_byte(fd, 0), file_byte(fd, PG));
	close(fd);
	fd = open("f", O_RDONLY);
	printf("after reopen: %c, size %ld\n", file_byte(fd, 0), file_size(fd));
	close(fd);
	unlink("f");
}

static void fmap_shared_visible(void)
{
	int fd = mkfile("f", 3 * PG);
	char *s = xmmap(NULL, 3 * PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);

	s[0] = 'A';
	printf("read() at once: %c\n", file_byte(fd, 0));
	s[PG] = 'B';
	SHOW("msync(MS_SYNC)", msync(s, 3 * PG, MS_SYNC));
	printf("after msync: %c %c\n", file_byte(fd, 0), file_byte(fd, PG));
	s[2 * PG + 5] = 'C';
	SHOW("msync(MS_ASYNC)", msync(s, 3 * PG, MS_ASYNC));
	printf("after MS_ASYNC: %c\n", file_byte(fd, 2 * PG + 5));
	s[1] = 'D';
	SHOW("munmap", munmap(s, 3 * PG));
	printf("after munmap: %c\n", file_byte(fd, 1));
	close(fd);
	fd = open("f", O_RDONLY);
	printf("after close and reopen: %c %c %c %c, size %ld\n", file_byte(fd, 0),
	       file_byte(fd, 1), file_byte(fd, PG), file_byte(fd, 2 * PG + 5), file_size(fd));
	close(fd);
	unlink("f");
}

static void fmap_shared_close_first(void)
{
	int fd = mkfile("f", PG);
	char *s = xmmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);

	close(fd);
	s[10] = 'c';
	fd = open("f", O_RDONLY);
	printf("written after close, read by a new fd: %c\n", file_byte(fd, 10));
	close(fd);
	munmap(s, PG);
	fd = open("f", O_RDONLY);
	printf("after munmap: %c\n", file_byte(fd, 10));
	close(fd);
	unlink("f");
}

static void fmap_two_shared(void)
{
	int fd = mkfile("f", 2 * PG);
	int fd2 = open("f", O_RDWR);
	char *a = xmmap(NULL, 2 * PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	char *b = xmmap(NULL, 2 * PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd2, 0);
	char *c = xmmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, PG);

	a[0] = '1';
	printf("b sees a's write: %c\n", b[0]);
	b[PG + 7] = '2';
	printf("a and c see b's write: %c %c\n", a[PG + 7], c[7]);
	c[8] = '3';
	printf("a, b see c's write: %c %c\n", a[PG + 8], b[PG + 8]);
	printf("same through read(): %c %c %c\n", file_byte(fd2, 0), file_byte(fd, PG + 7), file_byte(fd, PG + 8));
	close(fd);
	close(fd2);
	unlink("f");
}

static void fmap_write_visible(void)
{
	int fd = mkfile("f", 2 * PG);
	char *s = xmmap(NULL, 2 * PG, PROT_READ, MAP_SHARED, fd, 0);
	char *p = xmmap(NULL, 2 * PG, PROT_READ, MAP_PRIVATE, fd, 0);

	printf("before: %c %c\n", s[0], p[0]);
	pwrite(fd, "W", 1, 0);
	lseek(fd, PG + 1, SEEK_SET);
	write(fd, "V", 1);
	printf("after write(): shared %c %c, private %c %c\n", s[0], s[PG + 1], p[0], p[PG + 1]);
	close(fd);
	unlink("f");
}

static void fmap_sigbus_eof(void)
{
	/* a file of one page and 100 bytes, mapped over 3 pages */
	int fd = mkfile("f", PG + 100);
	char *s = xmmap(NULL, 3 * PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	char *p = xmmap(NULL, 3 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);

	probe("read page 0", s, 'r', 0);
	probe("read last byte of the file", s + PG + 99, 'r', 0);
	probe("read the rest of the last page (zero)", s + PG + 100, 'r', 0);
	probe("read end of the last page", s + 2 * PG - 1, 'r', 0);
	probe("write beyond EOF in the last page", s + PG + 200, 'w', 'e');
	probe("read page 2 (beyond EOF)", s + 2 * PG, 'r', 0);
	probe("write page 2 (beyond EOF)", s + 2 * PG + 8, 'w', 1);
	probe("private map: read page 2", p + 2 * PG, 'r', 0);
	probe("private map: write page 2", p + 2 * PG, 'w', 1);
	printf("size unchanged: %ld\n", file_size(fd));
	show_mincore("mincore", s, 3);
	close(fd);
	unlink("f");
}

static void fmap_ftruncate_shrink(void)
{
	int fd = mkfile("f", 3 * PG);
	char *s = xmmap(NULL, 3 * PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	char *p = xmmap(NULL, 3 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);

	printf("before: %c %c %c\n", s[0], s[PG], s[2 * PG]);
	p[2 * PG] = 'P';	/* a private copy of page 2 */
	SHOW("ftruncate(1 page)", ftruncate(fd, PG));
	probe("read page 0", s, 'r', 0);
	probe("read page 1", s + PG, 'r', 0);
	probe("read page 2", s + 2 * PG, 'r', 0);
	probe("private: read page 1", p + PG, 'r', 0);
	probe("private: read the copied page 2", p + 2 * PG, 'r', 0);
	SHOW("ftruncate(3 pages)", ftruncate(fd, 3 * PG));
	probe("read page 2 after growing back", s + 2 * PG, 'r', 0);
	probe("read page 1 after growing back", s + PG + 5, 'r', 0);
	s[PG] = 'g';
	printf("write after regrowth reaches the file: %c\n", file_byte(fd, PG));
	close(fd);
	unlink("f");
}

static void fmap_ftruncate_partial(void)
{
	int fd = mkfile("f", 2 * PG);
	char *s = xmmap(NULL, 2 * PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);

	s[PG + 3000] = 'x';
	SHOW("ftruncate(PG + 10)", ftruncate(fd, PG + 10));
	probe("read byte PG+9", s + PG + 9, 'r', 0);
	probe("read byte PG+3000 (cut, now zero)", s + PG + 3000, 'r', 0);
	SHOW("ftruncate(0)", ftruncate(fd, 0));
	probe("read page 0 of an empty file", s, 'r', 0);
	close(fd);
	unlink("f");
}

static void fmap_ftruncate_grow(void)
{
	int fd = mkfile("f", PG);
	char *s = xmmap(NULL, 3 * PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);

	probe("read page 2 of a 1-page file", s + 2 * PG, 'r', 0);
	SHOW("ftruncate(3 pages)", ftruncate(fd, 3 * PG));
	probe("read page 2 now", s + 2 * PG, 'r', 0);
	probe("write page 2", s + 2 * PG + 1, 'w', 'n');
	printf("read(): %c, size %ld\n", file_byte(fd, 2 * PG + 1), file_size(fd));
	/* growing by write() works the same way */
	char *t = xmmap(NULL, 2 * PG, PROT_READ, MAP_SHARED, fd, PG * 2);
	probe("read page 1 of t (beyond EOF)", t + PG, 'r', 0);
	pwrite(fd, "w", 1, 4 * PG - 1);
	probe("read it after write() extended the file", t + PG + PG - 1, 'r', 0);
	close(fd);
	unlink("f");
}

static void fmap_outlives_unlink(void)
{
	int fd = mkfile("f", 2 * PG);
	char *s = xmmap(NULL, 2 * PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	char *p = xmmap(NULL, 2 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);

	close(fd);
	SHOW("unlink", unlink("f"));
	struct stat st;
	SHOW("stat after unlink", stat("f", &st));
	printf("mapped data: %c %c\n", s[0], p[PG]);
	s[0] = 'S';
	p[0] = 'P';
	printf("after writing: %c %c\n", s[0], p[0]);
	show_maps("maps", s, 2 * PG);
	pid_t pid = xfork();
	if (pid == 0) {
		printf("child sees %c %c\n", s[0], p[0]);
		s[1] = 'c';
		child_exit();
	}
	reap(pid);
	printf("parent sees the child's shared write: %c\n", s[1]);
	/* a new file with the same name is a different file */
	fd = mkfile("f", PG);
	printf("new file: %c, old mapping: %c\n", file_byte(fd, 0), s[0]);
	close(fd);
	unlink("f");
}

static void fmap_offset(void)
{
	int fd = mkfile("f", 6 * PG);
	char *p = xmmap(NULL, 2 * PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 2 * PG);

	printf("pages: %c %c\n", p[0], p[PG]);
	show_maps("maps", p, 2 * PG);
	p[PG + 1] = 'O';
	printf("write lands at offset 3*PG+1: %c\n", file_byte(fd, 3 * PG + 1));
	char *q = xmmap(NULL, 6 * PG, PROT_READ, MAP_PRIVATE, fd, 0);
	printf("a whole-file map sees it: %c\n", q[3 * PG + 1]);
	char *r = xmmap(NULL, PG, PROT_READ, MAP_SHARED, fd, 5 * PG);
	printf("last page: %c\n", r[0]);
	close(fd);
	unlink("f");
}

static void fmap_empty_file(void)
{
	int fd = open("f", O_CREAT | O_RDWR | O_TRUNC, 0644);
	char *s = mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);

	printf("mmap of an empty file: ok %d\n", s != MAP_FAILED);
	probe("read", s, 'r', 0);
	probe("write", s, 'w', 1);
	char *t = mmap(NULL, PG, PROT_READ, MAP_SHARED, fd, 10 * PG);
	printf("mmap at offset 10 pages: ok %d\n", t != MAP_FAILED);
	probe("read it", t, 'r', 0);
	close(fd);
	unlink("f");
}

static void fmap_readonly_fd_private(void)
{
	int fd = mkfile("f", PG);
	close(fd);
	fd = open("f", O_RDONLY);
	char *p = xmmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	char *s = xmmap(NULL, PG, PROT_READ, MAP_SHARED, fd, 0);

	p[0] = 'p';
	printf("private write: %c, shared map %c, file %c\n", p[0], s[0], file_byte(fd, 0));
	probe("write to read-only shared map", s, 'w', 1);
	close(fd);
	unlink("f");
}

static void fmap_dev_zero(void)
{
	int fd = open("/dev/zero", O_RDWR);
	char *s = xmmap(NULL, 2 * PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	char *p = xmmap(NULL, 2 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);

	close(fd);
	printf("zero: %d %d\n", s[PG], p[PG]);
	pid_t pid = xfork();
	if (pid == 0) {
		s[0] = 's';
		p[0] = 'p';
		child_exit();
	}
	reap(pid);
	printf("shared sees the child: %c; private does not: %d\n", s[0], p[0]);
	show_maps("private /dev/zero", p, 2 * PG);
}

static void fmap_fork_shared_file(void)
{
	int fd = mkfile("f", PG);
	char *s = xmmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);

	pid_t pid = xfork();
	if (pid == 0) {
		s[0] = 'C';
		pwrite(fd, "D", 1, 1);
		child_exit();
	}
	reap(pid);
	printf("parent sees %c %c, read() %c\n", s[0], s[1], file_byte(fd, 0));
	close(fd);
	unlink("f");
}

static void fmap_split_pgoff(void)
{
	int fd = mkfile("f", 4 * PG);
	char *base = reserve(6);
	char *s = xmmap(base + PG, 4 * PG, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_FIXED, fd, 0);

	SHOW("mprotect(page 1, READ)", mprotect(s + PG, PG, PROT_READ));
	show_maps("split", base, 6 * PG);
	SHOW("munmap(page 2)", munmap(s + 2 * PG, PG));
	show_maps("hole", base, 6 * PG);
	SHOW("mprotect(page 1, READ|WRITE)", mprotect(s + PG, PG, PROT_READ | PROT_WRITE));
	show_maps("merged back", base, 6 * PG);
	/* re-mapping page 2 with the right offset merges all back */
	xmmap(s + 2 * PG, PG, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_FIXED, fd, 2 * PG);
	show_maps("page 2 remapped", base, 6 * PG);
	/* with another offset it does not */
	xmmap(s + 2 * PG, PG, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_FIXED, fd, 0);
	show_maps("page 2 mapped from offset 0", base, 6 * PG);
	printf("page 2 shows %c\n", s[2 * PG]);
	close(fd);
	unlink("f");
}

static void fmap_large_file(void)
{
	/* 2 MiB written with write(), checked through a mapping */
	size_t len = 2UL << 20;
	int fd = mkfile("f", len);
	char *s = xmmap(NULL, len, PROT_READ, MAP_SHARED, fd, 0);
	long bad = 0;

	for (size_t i = 0; i < len; i += 512)
		bad += s[i] != page_char(i / PG);
	printf("mismatches: %ld\n", bad);
	char *w = xmmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	for (size_t i = 0; i < len; i += PG)
		w[i + 1] = 'M';
	bad = 0;
	for (size_t i = 0; i < len; i += PG)
		bad += file_byte(fd, i + 1) != 'M';
	printf("writes not seen by read(): %ld\n", bad);
	close(fd);
	unlink("f");
}

static void fmap_exec_file(void)
{
	int fd = open("f", O_CREAT | O_RDWR | O_TRUNC, 0755);
	char ret = (char)0xc3;
	write(fd, &ret, 1);
	char *x = xmmap(NULL, PG, PROT_READ | PROT_EXEC, MAP_PRIVATE, fd, 0);
	probe("call into a file mapping", x, 'x', 0);
	char *r = xmmap(NULL, PG, PROT_READ, MAP_PRIVATE, fd, 0);
	probe("call into a read-only file mapping", r, 'x', 0);
	close(fd);
	unlink("f");
}

static const struct utest tests[] = {
	{ "fmap_private_invisible", fmap_private_invisible },
	{ "fmap_shared_visible", fmap_shared_visible },
	{ "fmap_shared_close_first", fmap_shared_close_first },
	{ "fmap_two_shared", fmap_two_shared },
	{ "fmap_write_visible", fmap_write_visible },
	{ "fmap_sigbus_eof", fmap_sigbus_eof },
	{ "fmap_ftruncate_shrink", fmap_ftruncate_shrink },
	{ "fmap_ftruncate_partial", fmap_ftruncate_partial },
	{ "fmap_ftruncate_grow", fmap_ftruncate_grow },
	{ "fmap_outlives_unlink", fmap_outlives_unlink },
	{ "fmap_offset", fmap_offset },
	{ "fmap_empty_file", fmap_empty_file },
	{ "fmap_readonly_fd_private", fmap_readonly_fd_private },
	{ "fmap_dev_zero", fmap_dev_zero },
	{ "fmap_fork_shared_file", fmap_fork_shared_file },
	{ "fmap_split_pgoff", fmap_split_pgoff },
	{ "fmap_large_file", fmap_large_file },
	{ "fmap_exec_file", fmap_exec_file },
};

UTEST_MAIN(tests)
