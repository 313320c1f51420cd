/*
 * tests/user/fmap_msync.c - msync: every error case (EINVAL, ENOMEM, EBUSY), success on private and anonymous memory, data reaching the file.
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
static void msync_unaligned(void)
{
	int fd = mkfile("f", 2 * PG);
	char *s = xmmap(NULL, 2 * PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);

	SHOW("msync(s+1, MS_SYNC)", msync(s + 1, PG, MS_SYNC));
	SHOW("msync(s+PG/2, MS_ASYNC)", msync(s + PG / 2, PG, MS_ASYNC));
	SHOW("msync(s+1, len 0)", msync(s + 1, 0, MS_SYNC));
	SHOW("msync(s, 1): length rounded up", msync(s, 1, MS_SYNC));
	SHOW("msync(s, PG+1)", msync(s, PG + 1, MS_SYNC));
	close(fd);
	unlink("f");
}

static void msync_bad_flags(void)
{
	int fd = mkfile("f", PG);
	char *s = xmmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);

	SHOW("flags 8", msync(s, PG, 8));
	SHOW("flags 0x10|MS_SYNC", msync(s, PG, 0x10 | MS_SYNC));
	SHOW("flags -1", msync(s, PG, -1));
	SHOW("MS_SYNC|MS_ASYNC", msync(s, PG, MS_SYNC | MS_ASYNC));
	SHOW("MS_SYNC|MS_ASYNC|MS_INVALIDATE", msync(s, PG, MS_SYNC | MS_ASYNC | MS_INVALIDATE));
	SHOW("flags 0", msync(s, PG, 0));
	SHOW("MS_INVALIDATE alone", msync(s, PG, MS_INVALIDATE));
	SHOW("MS_SYNC|MS_INVALIDATE", msync(s, PG, MS_SYNC | MS_INVALIDATE));
	SHOW("MS_ASYNC|MS_INVALIDATE", msync(s, PG, MS_ASYNC | MS_INVALIDATE));
	SHOW("bad flags on unmapped memory", msync((void *)0x10000, PG, 8));
	SHOW("bad flags, unaligned", msync(s + 1, PG, 8));
	close(fd);
	unlink("f");
}

static void msync_unmapped(void)
{
	char *base = reserve(4);

	munmap(base + PG, PG);
	SHOW("msync(hole)", msync(base + PG, PG, MS_SYNC));
	SHOW("msync(across the hole)", msync(base, 4 * PG, MS_SYNC));
	SHOW("msync(across the hole, MS_ASYNC)", msync(base, 4 * PG, MS_ASYNC));
	SHOW("msync(starting in the hole)", msync(base + PG, 2 * PG, MS_SYNC));
	SHOW("msync(NULL)", msync(NULL, PG, MS_SYNC));
	SHOW("msync(1<<47 - PG, 2 pages)", msync((void *)((1UL << 47) - PG), 2 * PG, MS_SYNC));
	SHOW("msync(p, -PG)", msync(base, (size_t)-PG, MS_SYNC));
	SHOW("msync(kernel address)", msync((void *)0xffffffff80000000UL, PG, MS_SYNC));
}

static void msync_locked(void)
{
	int fd = mkfile("f", 2 * PG);
	char *s = xmmap(NULL, 2 * PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	char *p = anon(2 * PG, PROT_READ | PROT_WRITE);

	SHOW("mlock shared file", mlock(s, 2 * PG));
	SHOW("mlock anon", mlock(p, 2 * PG));
	SHOW("MS_INVALIDATE on locked file", msync(s, 2 * PG, MS_INVALIDATE));
	SHOW("MS_SYNC|MS_INVALIDATE on locked file", msync(s, 2 * PG, MS_SYNC | MS_INVALIDATE));
	SHOW("MS_INVALIDATE on locked anon", msync(p, 2 * PG, MS_INVALIDATE));
	SHOW("MS_SYNC on locked file", msync(s, 2 * PG, MS_SYNC));
	SHOW("MS_ASYNC on locked anon", msync(p, 2 * PG, MS_ASYNC));
	SHOW("munlock page 1", munlock(s + PG, PG));
	SHOW("MS_INVALIDATE on page 1", msync(s + PG, PG, MS_INVALIDATE));
	SHOW("MS_INVALIDATE on both", msync(s, 2 * PG, MS_INVALIDATE));
	close(fd);
	unlink("f");
}

static void msync_len0(void)
{
	int fd = mkfile("f", PG);
	char *s = xmmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);

	SHOW("msync(s, 0, MS_SYNC)", msync(s, 0, MS_SYNC));
	SHOW("msync(unmapped, 0)", msync((void *)0x10000, 0, MS_SYNC));
	SHOW("msync(NULL, 0)", msync(NULL, 0, MS_ASYNC));
	close(fd);
	unlink("f");
}

static void msync_private_and_anon(void)
{
	char *p = anon(2 * PG, PROT_READ | PROT_WRITE);
	char *sa = xmmap(NULL, 2 * PG, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	int fd = mkfile("f", 2 * PG);
	char *fp = xmmap(NULL, 2 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	char *none = anon(PG, PROT_NONE);

	p[0] = sa[0] = fp[0] = 'x';
	SHOW("MS_SYNC private anon", msync(p, 2 * PG, MS_SYNC));
	SHOW("MS_ASYNC private anon", msync(p, 2 * PG, MS_ASYNC));
	SHOW("MS_INVALIDATE private anon", msync(p, 2 * PG, MS_INVALIDATE));
	SHOW("MS_SYNC shared anon", msync(sa, 2 * PG, MS_SYNC));
	SHOW("MS_SYNC private file", msync(fp, 2 * PG, MS_SYNC));
	SHOW("MS_SYNC|MS_INVALIDATE private file", msync(fp, 2 * PG, MS_SYNC | MS_INVALIDATE));
	SHOW("MS_SYNC PROT_NONE", msync(none, PG, MS_SYNC));
	printf("data kept: %c %c %c, file %c\n", p[0], sa[0], fp[0], file_byte(fd, 0));
	close(fd);
	unlink("f");
}

static void msync_shared_data(void)
{
	int fd = mkfile("f", 4 * PG);
	char *s = xmmap(NULL, 4 * PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);

	for (int round = 0; round < 3; round++) {
		for (int i = 0; i < 4; i++)
			s[i * PG + round] = (char)('A' + round * 4 + i);
		SHOW("msync(MS_SYNC)", msync(s, 4 * PG, MS_SYNC));
		char buf[5];
		for (int i = 0; i < 4; i++)
			buf[i] = (char)file_byte(fd, i * PG + round);
		buf[4] = 0;
		printf("round %d: %s\n", round, buf);
	}
	SHOW("fsync", fsync(fd));
	SHOW("msync again (nothing dirty)", msync(s, 4 * PG, MS_SYNC));
	SHOW("msync of one page in the middle", msync(s + PG, PG, MS_SYNC));
	munmap(s, 4 * PG);
	close(fd);
	fd = open("f", O_RDONLY);
	char *r = xmmap(NULL, 4 * PG, PROT_READ, MAP_SHARED, fd, 0);
	printf("reopened and remapped: %c%c%c %c%c%c\n", r[0], r[1], r[2], r[3 * PG], r[3 * PG + 1], r[3 * PG + 2]);
	close(fd);
	unlink("f");
}

static void msync_across_areas(void)
{
	/* several file areas and an anonymous one in one msync */
	int fd = mkfile("f", 4 * PG);
	char *base = reserve(6);
	char *s = xmmap(base, 2 * PG, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_FIXED, fd, 0);
	xmmap(base + 2 * PG, 2 * PG, PROT_READ, MAP_SHARED | MAP_FIXED, fd, 2 * PG);
	fixed_anon(base + 4 * PG, 2 * PG, PROT_READ | PROT_WRITE);

	s[0] = 'm';
	SHOW("msync(all 6 pages)", msync(base, 6 * PG, MS_SYNC));
	SHOW("msync(all 6 pages, MS_INVALIDATE)", msync(base, 6 * PG, MS_INVALIDATE));
	printf("file: %c, map: %c %c\n", file_byte(fd, 0), s[0], base[2 * PG]);
	close(fd);
	unlink("f");
}

static void msync_invalidate_sees_write(void)
{
	/* after MS_INVALIDATE a mapping shows what write() put in the file */
	int fd = mkfile("f", PG);
	char *s = xmmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);

	s[0] = 'm';
	pwrite(fd, "w", 1, 1);
	SHOW("msync(MS_INVALIDATE)", msync(s, PG, MS_INVALIDATE));
	printf("map: %c %c, file: %c %c\n", s[0], s[1], file_byte(fd, 0), file_byte(fd, 1));
	close(fd);
	unlink("f");
}

static void msync_after_child_writes(void)
{
	int fd = mkfile("f", 2 * PG);
	char *s = xmmap(NULL, 2 * PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	pid_t pid = xfork();

	if (pid == 0) {
		s[PG] = 'k';
		SHOW("child msync", msync(s, 2 * PG, MS_SYNC));
		child_exit();
	}
	reap(pid);
	SHOW("parent msync", msync(s, 2 * PG, MS_SYNC));
	printf("file: %c, map: %c\n", file_byte(fd, PG), s[PG]);
	close(fd);
	unlink("f");
}

static void msync_unlinked(void)
{
	int fd = mkfile("f", PG);
	char *s = xmmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);

	unlink("f");
	s[0] = 'u';
	SHOW("msync of an unlinked file", msync(s, PG, MS_SYNC));
	printf("through the fd: %c\n", file_byte(fd, 0));
	close(fd);
	SHOW("msync after close too", msync(s, PG, MS_SYNC));
}

static const struct utest tests[] = {
	{ "msync_unaligned", msync_unaligned },
	{ "msync_bad_flags", msync_bad_flags },
	{ "msync_unmapped", msync_unmapped },
	{ "msync_locked", msync_locked },
	{ "msync_len0", msync_len0 },
	{ "msync_private_and_anon", msync_private_and_anon },
	{ "msync_shared_data", msync_shared_data },
	{ "msync_across_areas", msync_across_areas },
	{ "msync_invalidate_sees_write", msync_invalidate_sees_write },
	{ "msync_after_child_writes", msync_after_child_writes },
	{ "msync_unlinked", msync_unlinked },
};

UTEST_MAIN(tests)
