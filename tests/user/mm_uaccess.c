/*
 * tests/user/mm_uaccess.c - the kernel reading and writing user memory: copy-on-write pages, read-only, PROT_NONE and untouched pages, beyond end of file, short I/O, a file's own mapping.
 */
#include "utest.h"
#include <fcntl.h>
#include <setjmp.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>

/*
 * Shared helpers (each mm_/cow_/fmap_ program carries its own copy, as
 * tests/user programs are single files).  Output never shows an address:
 * places are printed in pages relative to a base the test chose.
 */
#define PG 4096UL
#define UNUSED __attribute__((unused))

static UNUSED void die(const char *what)
{
	printf("FATAL %s: %s\n", what, errname(errno));
	fflush(stdout);
	_exit(1);
}

/* mmap that must succeed. */
static UNUSED char *xmmap(void *addr, size_t len, int prot, int flags, int fd,
			  off_t off)
{
	void *p = mmap(addr, len, prot, flags, fd, off);

	if (p == MAP_FAILED)
		die("mmap");
	return p;
}

/* A private anonymous mapping that must succeed. */
static UNUSED char *anon(size_t len, int prot)
{
	return xmmap(NULL, len, prot, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
}

/* Reserve npages of address space (PROT_NONE) for MAP_FIXED placements. */
static UNUSED char *reserve(size_t npages)
{
	return anon(npages * PG, PROT_NONE);
}

/* A MAP_FIXED anonymous private mapping at addr, which must succeed. */
static UNUSED char *fixed_anon(char *addr, size_t len, int prot)
{
	char *p = xmmap(addr, len, prot, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED,
			-1, 0);
	if (p != addr)
		die("MAP_FIXED moved");
	return p;
}

/* Page i of the test files holds 'a' + i % 26 in every byte. */
static UNUSED int page_char(size_t i)
{
	return 'a' + (int)(i % 26);
}

/* Create name with len bytes of the page pattern; returns an O_RDWR fd. */
static UNUSED int mkfile(const char *name, size_t len)
{
	static char buf[4096];
	int fd = open(name, O_CREAT | O_RDWR | O_TRUNC, 0644);

	if (fd < 0)
		die("open");
	for (size_t off = 0; off < len; off += PG) {
		size_t n = len - off < PG ? len - off : PG;
		memset(buf, page_char(off / PG), PG);
		if (write(fd, buf, n) != (ssize_t)n)
			die("write");
	}
	return fd;
}

/* Byte at offset off of file fd (pread), or -1. */
static UNUSED int file_byte(int fd, off_t off)
{
	unsigned char c;

	if (pread(fd, &c, 1, off) != 1)
		return -1;
	return c;
}

static UNUSED long file_size(int fd)
{
	struct stat st;

	if (fstat(fd, &st) < 0)
		return -1;
	return (long)st.st_size;
}

/* ---- signals: touch an address and report what happened ---- */
static sigjmp_buf probe_env;
static volatile int probe_sig, probe_code;
static void *volatile probe_addr;

static void probe_handler(int sig, siginfo_t *si, void *uc)
{
	(void)uc;
	probe_sig = sig;
	probe_code = si->si_code;
	probe_addr = si->si_addr;
	siglongjmp(probe_env, 1);
}

static UNUSED const char *sigcode_name(int sig, int code)
{
	static char buf[32];

	if (sig == SIGSEGV && code == SEGV_MAPERR) return "SIGSEGV SEGV_MAPERR";
	if (sig == SIGSEGV && code == SEGV_ACCERR) return "SIGSEGV SEGV_ACCERR";
	if (sig == SIGBUS && code == BUS_ADRERR) return "SIGBUS BUS_ADRERR";
	if (sig == SIGBUS && code == BUS_OBJERR) return "SIGBUS BUS_OBJERR";
	snprintf(buf, sizeof(buf), "signal %d code %d", sig, code);
	return buf;
}

static volatile char *volatile probe_p;
static volatile int probe_mode, probe_val;

/*
 * Access p: mode 'r' reads a byte, 'w' writes val, 'x' calls p (which
 * should hold a ret instruction).  Prints "what: ok [value]" or the signal
 * and si_code; returns the byte read (0 for w/x), or -1 after a signal.
 */
static UNUSED int probe(const char *what, volatile char *p, int mode, int val)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = probe_handler;
	sa.sa_flags = SA_SIGINFO;
	sigaction(SIGSEGV, &sa, NULL);
	sigaction(SIGBUS, &sa, NULL);
	probe_p = p;
	probe_mode = mode;
	probe_val = val;
	probe_sig = 0;
	if (sigsetjmp(probe_env, 1) == 0) {
		int r = 0;
		if (probe_mode == 'r')
			r = (unsigned char)*probe_p;
		else if (probe_mode == 'w')
			*probe_p = (char)probe_val;
		else
			((void (*)(void))probe_p)();
		if (probe_mode == 'r')
			printf("%s: ok %d\n", what, r);
		else
			printf("%s: ok\n", what);
		return r;
	}
	printf("%s: %s%s\n", what, sigcode_name(probe_sig, probe_code),
	       probe_addr == (void *)probe_p ? "" : " (si_addr differs)");
	return -1;
}

/* Quiet probe: 0 if the access works, else the signal number. */
static UNUSED int touch_sig(volatile char *p, int mode)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = probe_handler;
	sa.sa_flags = SA_SIGINFO;
	sigaction(SIGSEGV, &sa, NULL);
	sigaction(SIGBUS, &sa, NULL);
	probe_p = p;
	probe_mode = mode;
	if (sigsetjmp(probe_env, 1) == 0) {
		if (probe_mode == 'w')
			*probe_p = 1;
		else
			(void)*probe_p;
		return 0;
	}
	return probe_sig;
}

/* ---- /proc/self/maps, normalized ---- */
static char maps_buf[1 << 20];

static UNUSED void read_maps(void)
{
	int fd = open("/proc/self/maps", O_RDONLY);
	size_t n = 0;
	ssize_t r;

	if (fd < 0)
		die("open /proc/self/maps");
	while (n < sizeof(maps_buf) - 1 &&
	       (r = read(fd, maps_buf + n, sizeof(maps_buf) - 1 - n)) > 0)
		n += r;
	maps_buf[n] = 0;
	close(fd);
}

/*
 * Print the areas that overlap [base, base + len), clipped to it, as
 * "[first,end)perms" in pages from base; file-backed areas add "@pgoff"
 * (of the clipped start) and the last component of the name; special names
 * ([heap], [stack]) are printed as they are.
 */
static UNUSED int show_maps(const char *what, char *base, size_t len)
{
	uintptr_t lo = (uintptr_t)base, hi = lo + len;
	int n = 0;

	read_maps();
	if (what)
		printf("%s:", what);
	for (char *line = maps_buf; *line; ) {
		char *eol = strchr(line, '\n');
		if (eol)
			*eol = 0;
		unsigned long start, end, off, ino;
		char perms[8], dev[16];
		int pos = 0;
		if (sscanf(line, "%lx-%lx %7s %lx %15s %lu%n", &start, &end, perms,
			   &off, dev, &ino, &pos) >= 6 && end > lo && start < hi) {
			const char *name = line + pos;
			while (*name == ' ')
				name++;
			uintptr_t s = start > lo ? start : lo;
			uintptr_t e = end < hi ? end : hi;
			n++;
			if (what) {
				printf(" [%ld,%ld)%s", (long)((s - lo) / PG),
				       (long)((e - lo) / PG), perms);
				if (ino)
					printf("@%lu", off / PG + (s - start) / PG);
				if (*name == '[')
					printf(" %s", name);
				else if (*name) {
					const char *slash = strrchr(name, '/');
					printf(" %s", slash ? slash + 1 : name);
				}
			}
		}
		if (!eol)
			break;
		line = eol + 1;
	}
	if (what)
		printf("%s\n", n ? "" : " none");
	return n;
}

/* Number of areas overlapping [base, base + len). */
static UNUSED int count_vmas(char *base, size_t len)
{
	return show_maps(NULL, base, len);
}

/* ---- mincore, as a string of 0/1 per page ---- */
static UNUSED void show_mincore(const char *what, void *p, size_t npages)
{
	static unsigned char vec[4096];
	char s[4097];

	if (npages > sizeof(vec))
		npages = sizeof(vec);
	errno = 0;
	if (mincore(p, npages * PG, vec) < 0) {
		printf("%s: mincore = -1 %s\n", what, errname(errno));
		return;
	}
	for (size_t i = 0; i < npages; i++)
		s[i] = (vec[i] & 1) ? '1' : '0';
	s[npages] = 0;
	printf("%s: %s\n", what, s);
}

/* Wait for pid; print how it ended unless it exited 0. */
static UNUSED void reap(pid_t pid)
{
	int st;

	if (waitpid(pid, &st, 0) != pid)
		printf("waitpid failed\n");
	else if (WIFSIGNALED(st))
		printf("child killed by signal %d\n", WTERMSIG(st));
	else if (WEXITSTATUS(st))
		printf("child exit %d\n", WEXITSTATUS(st));
}

/* fork with stdout flushed first (so buffered output is not duplicated). */
static UNUSED pid_t xfork(void)
{
	fflush(stdout);
	pid_t pid = fork();
	if (pid < 0)
		die("fork");
	return pid;
}

/* End a child: flush and _exit. */
static UNUSED _Noreturn void child_exit(void)
{
	fflush(stdout);
	_exit(0);
}

/* A byte sum of len bytes at p. */
static UNUSED unsigned long checksum(const volatile char *p, size_t len)
{
	unsigned long s = 0;

	for (size_t i = 0; i < len; i++)
		s = s * 31 + (unsigned char)p[i];
	return s;
}

/* ---- tests ---- */
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
