/*
 * tests/user/mm_uaccess.c - the kernel reading and writing user memory: copy-on-write pages, read-only, PROT_NONE and untouched pages, beyond end of file, short I/O, a file's own mapping.
 */
#include "mmtest.h"

/* The kernel reading and writing user memory of every kind. */

static void uaccess_read_into_cow(void)
{
	int pfd[2];
	char *p = anon(PG, PROT_READ | PROT_WRITE);

	pipe(pfd);
	memcpy(p, "parent", 7);
	pid_t pid = xfork();
	if (pid == 0) {
		write(pfd[1], "child!", 7);
		SHOW("child read() into the shared page", read(pfd[0], p, 7));
		printf("child sees %s\n", p);
		child_exit();
	}
	reap(pid);
	printf("parent sees %s\n", p);
	/* and the other way round: the parent's read() must not reach a child */
	pid = xfork();
	if (pid == 0) {
		usleep(200000);
		printf("second child sees %s\n", p);
		child_exit();
	}
	write(pfd[1], "PARENT", 7);
	read(pfd[0], p, 7);
	reap(pid);
	printf("parent now %s\n", p);
}

static void uaccess_read_into_private_file(void)
{
	int fd = mkfile("f", PG);
	int pfd[2];
	char *p = xmmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);

	pipe(pfd);
	write(pfd[1], "XYZ", 3);
	SHOW("read() into a private file map", read(pfd[0], p, 3));
	printf("map %c%c%c%c, file %c\n", p[0], p[1], p[2], p[3], file_byte(fd, 0));
	close(fd);
	unlink("f");
}

static void uaccess_read_into_readonly(void)
{
	int pfd[2];
	char *ro = anon(PG, PROT_READ);
	char *none = anon(PG, PROT_NONE);
	char buf[8] = { 0 };

	pipe(pfd);
	write(pfd[1], "data", 4);
	SHOW("read() into PROT_READ", read(pfd[0], ro, 4));
	SHOW("read() into PROT_NONE", read(pfd[0], none, 4));
	SHOW("the data is still in the pipe", read(pfd[0], buf, 4));
	printf("got %s\n", buf);
	int fd = mkfile("f", PG);
	SHOW("pread() of a file into PROT_READ", pread(fd, ro, 10, 0));
	SHOW("pread() of a file into PROT_NONE", pread(fd, none, 10, 0));
	char *fs = xmmap(NULL, PG, PROT_READ, MAP_SHARED, fd, 0);
	SHOW("read() into a read-only shared file map", pread(fd, fs, 10, 0));
	close(fd);
	unlink("f");
}

static void uaccess_untouched_anon(void)
{
	int fd = mkfile("f", 0);
	char *p = anon(2 * PG, PROT_READ | PROT_WRITE);

	SHOW("write() from untouched memory", write(fd, p, 2 * PG));
	printf("file: size %ld, byte %d\n", file_size(fd), file_byte(fd, PG + 7));
	show_mincore("source after write()", p, 2);
	SHOW("pread() into untouched memory", pread(fd, anon(PG, PROT_READ | PROT_WRITE), PG, 0));
	char *q = anon(PG, PROT_READ | PROT_WRITE);
	pwrite(fd, "k", 1, 5);
	pread(fd, q, PG, 0);
	show_mincore("destination after read()", q, 1);
	printf("read: %c\n", q[5]);
	close(fd);
	unlink("f");
}

static void uaccess_beyond_eof(void)
{
	int fd = mkfile("f", PG);
	int pfd[2];
	char *s = xmmap(NULL, 2 * PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);

	pipe(pfd);
	SHOW("write(pipe) from beyond EOF", write(pfd[1], s + PG, 10));
	SHOW("read(pipe) into beyond EOF", (write(pfd[1], "abc", 3), read(pfd[0], s + PG, 3)));
	int fd2 = mkfile("g", 0);
	SHOW("write(file) from beyond EOF", write(fd2, s + PG, 10));
	SHOW("write(file) from the last page and beyond", write(fd2, s + PG - 10, 20));
	printf("size of g: %ld\n", file_size(fd2));
	close(fd);
	close(fd2);
	unlink("f");
	unlink("g");
}

static void uaccess_short_io(void)
{
	/* a buffer whose second page is inaccessible: regular files do short I/O */
	char *buf = anon(2 * PG, PROT_READ | PROT_WRITE);
	int fd = mkfile("f", 4 * PG);

	mprotect(buf + PG, PG, PROT_NONE);
	SHOW("pread(2 pages) into [rw][none]", pread(fd, buf, 2 * PG, 0));
	SHOW("pread(2 pages) at PG-10", pread(fd, buf + PG - 10, 2 * PG, 0));
	memset(buf, 'w', PG);
	SHOW("pwrite(2 pages) from [rw][none]", pwrite(fd, buf, 2 * PG, 0));
	printf("file: %c %c\n", file_byte(fd, PG - 1), file_byte(fd, PG));
	SHOW("pwrite from [none] first", pwrite(fd, buf + PG, 10, 0));
	close(fd);
	unlink("f");
}

static void uaccess_own_mapping(void)
{
	int fd = mkfile("f", 3 * PG);
	char *s = xmmap(NULL, 3 * PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);

	SHOW("pwrite(page 0 <- its own mapping's page 1)", pwrite(fd, s + PG, PG, 0));
	printf("page 0 now: %c %c\n", s[0], file_byte(fd, PG - 1));
	SHOW("pread(page 2 -> its own mapping's page 1)", pread(fd, s + PG, PG, 2 * PG));
	printf("page 1 now: %c %c\n", s[PG], file_byte(fd, 2 * PG - 1));
	SHOW("pread(overlapping its own source)", pread(fd, s + 10, 100, 0));
	printf("file byte 10: %c\n", file_byte(fd, 10));
	close(fd);
	unlink("f");
}

static void uaccess_path_pointers(void)
{
	char *p = anon(2 * PG, PROT_READ | PROT_WRITE);
	struct stat st;

	munmap(p + PG, PG);
	memset(p, 'a', PG);	/* the last 100 bytes are a path without its NUL */
	SHOW("stat(path running into an unmapped page)", stat(p + PG - 100, &st));
	memcpy(p + PG - 2, ".", 2);
	SHOW("stat(\".\" at the end of the page)", stat(p + PG - 2, &st));
	char *none = anon(PG, PROT_NONE);
	SHOW("stat(path in PROT_NONE)", stat(none, &st));
	SHOW("stat(st in PROT_NONE)", stat(".", (struct stat *)none));
	char *ro = anon(PG, PROT_READ);
	SHOW("stat(st in PROT_READ)", stat(".", (struct stat *)ro));
	SHOW("stat(st crossing into unmapped)", stat(".", (struct stat *)(p + PG - 16)));
	int fd = mkfile("f", 10);
	char *f = xmmap(NULL, 2 * PG, PROT_READ, MAP_SHARED, fd, 0);
	SHOW("stat(path beyond EOF of a file map)", stat(f + PG, &st));
	close(fd);
	unlink("f");
}

static void uaccess_vec_cow(void)
{
	/* mincore's vector in a page shared with a child */
	char *v = anon(PG, PROT_READ | PROT_WRITE);
	char *p = anon(4 * PG, PROT_READ | PROT_WRITE);

	memset(v, 7, PG);
	pid_t pid = xfork();
	if (pid == 0) {
		p[0] = 1;
		SHOW("child mincore", mincore(p, 4 * PG, (unsigned char *)v));
		printf("child vec: %d %d %d\n", v[0] & 1, v[1] & 1, v[4]);
		child_exit();
	}
	reap(pid);
	printf("parent vec untouched: %d %d\n", v[0], v[1]);
}

static void uaccess_kernel_fault_kills_nothing(void)
{
	/* EFAULT from a syscall raises no signal */
	int pfd[2];
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = SIG_DFL;
	sigaction(SIGSEGV, &sa, NULL);
	sigaction(SIGBUS, &sa, NULL);
	pipe(pfd);
	write(pfd[1], "z", 1);
	SHOW("read() into NULL", read(pfd[0], NULL, 1));
	SHOW("read() into 0x800000000000", read(pfd[0], (void *)0x800000000000UL, 1));
	SHOW("read() into a kernel address", read(pfd[0], (void *)0xffff800000000000UL, 1));
	SHOW("write() from the last page", write(pfd[1], (void *)0x7ffffffff000UL, 1));
	printf("alive\n");
}

static void uaccess_dontneed_then_read(void)
{
	/* a page dropped by MADV_DONTNEED is faulted again by the kernel */
	int fd = mkfile("f", PG);
	char *p = anon(PG, PROT_READ | PROT_WRITE);

	p[0] = 'q';
	madvise(p, PG, MADV_DONTNEED);
	SHOW("pwrite() from the dropped page", pwrite(fd, p, 1, 0));
	printf("file byte: %d\n", file_byte(fd, 0));
	SHOW("pread() into it", pread(fd, p, 1, PG - 1));
	printf("page byte: %c\n", p[0]);
	close(fd);
	unlink("f");
}

static const struct utest tests[] = {
	{ "uaccess_read_into_cow", uaccess_read_into_cow },
	{ "uaccess_read_into_private_file", uaccess_read_into_private_file },
	{ "uaccess_read_into_readonly", uaccess_read_into_readonly },
	{ "uaccess_untouched_anon", uaccess_untouched_anon },
	{ "uaccess_beyond_eof", uaccess_beyond_eof },
	{ "uaccess_short_io", uaccess_short_io },
	{ "uaccess_own_mapping", uaccess_own_mapping },
	{ "uaccess_path_pointers", uaccess_path_pointers },
	{ "uaccess_vec_cow", uaccess_vec_cow },
	{ "uaccess_no_signal", uaccess_kernel_fault_kills_nothing },
	{ "uaccess_dontneed_then_read", uaccess_dontneed_then_read },
};

UTEST_MAIN(tests)
