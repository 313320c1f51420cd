/*
 * tests/user/mm_madvise.c - madvise: bad advice and ranges, MADV_DONTNEED on every kind of memory, holes, locked pages, hints, DONTFORK.
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
static void madvise_bad_advice(void)
{
	char *p = anon(2 * PG, PROT_READ | PROT_WRITE);

	SHOW("advice 5", madvise(p, PG, 5));
	SHOW("advice 6", madvise(p, PG, 6));
	SHOW("advice 7", madvise(p, PG, 7));
	SHOW("advice 999", madvise(p, PG, 999));
	SHOW("advice -1", madvise(p, PG, -1));
	SHOW("advice 999, len 0", madvise(p, 0, 999));
}

static void madvise_unaligned(void)
{
	char *p = anon(2 * PG, PROT_READ | PROT_WRITE);

	SHOW("madvise(p+1, DONTNEED)", madvise(p + 1, PG, MADV_DONTNEED));
	SHOW("madvise(p+1, NORMAL)", madvise(p + 1, PG, MADV_NORMAL));
	SHOW("madvise(p, len 0, DONTNEED)", madvise(p, 0, MADV_DONTNEED));
	SHOW("madvise(p, 1, DONTNEED)", madvise(p, 1, MADV_DONTNEED));
	SHOW("madvise(p, -PG, NORMAL)", madvise(p, (size_t)-PG, MADV_NORMAL));
	SHOW("madvise(1<<47 - PG, 2 pages)", madvise((void *)((1UL << 47) - PG), 2 * PG, MADV_NORMAL));
}

static void madvise_dontneed_anon(void)
{
	char *p = anon(4 * PG, PROT_READ | PROT_WRITE);

	memset(p, 'z', 4 * PG);
	show_mincore("before", p, 4);
	SHOW("DONTNEED pages 1-2", madvise(p + PG, 2 * PG, MADV_DONTNEED));
	show_mincore("after", p, 4);
	printf("bytes: %d %d %d %d\n", p[0], p[PG], p[2 * PG + 5], p[3 * PG]);
	show_mincore("after reading", p, 4);
	p[PG] = 'n';
	printf("writable again: %c\n", p[PG]);
	show_maps("maps unchanged", p, 4 * PG);
}

static void madvise_dontneed_file_private(void)
{
	int fd = mkfile("f", 3 * PG);
	char *p = xmmap(NULL, 3 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);

	memset(p, 'X', 3 * PG);
	printf("private copies: %c %c %c, file %c\n", p[0], p[PG], p[2 * PG], file_byte(fd, PG));
	SHOW("DONTNEED", madvise(p, 2 * PG, MADV_DONTNEED));
	printf("file contents back: %c %c, still private copy: %c\n", p[0], p[PG], p[2 * PG]);
	pwrite(fd, "Y", 1, 0);
	printf("a later write() is seen: %c\n", p[0]);
	close(fd);
	unlink("f");
}

static void madvise_dontneed_shared(void)
{
	char *s = xmmap(NULL, 2 * PG, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);

	memset(s, 'S', 2 * PG);
	SHOW("DONTNEED shared anon", madvise(s, 2 * PG, MADV_DONTNEED));
	printf("data kept: %c %c\n", s[0], s[2 * PG - 1]);
	int fd = mkfile("f", 2 * PG);
	char *f = xmmap(NULL, 2 * PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	f[0] = 'F';
	SHOW("DONTNEED shared file", madvise(f, 2 * PG, MADV_DONTNEED));
	printf("data kept: %c %c, file %c\n", f[0], f[PG], file_byte(fd, 0));
	close(fd);
	unlink("f");
}

static void madvise_hole(void)
{
	char *base = reserve(6);

	munmap(base + 2 * PG, PG);
	fixed_anon(base, 2 * PG, PROT_READ | PROT_WRITE);
	fixed_anon(base + 3 * PG, 2 * PG, PROT_READ | PROT_WRITE);
	memset(base, 'a', 2 * PG);
	memset(base + 3 * PG, 'b', 2 * PG);
	/* the advice is applied around the hole, then ENOMEM */
	SHOW("DONTNEED across a hole", madvise(base, 5 * PG, MADV_DONTNEED));
	printf("bytes: %d %d %d %d\n", base[0], base[PG], base[3 * PG], base[4 * PG]);
	SHOW("NORMAL across a hole", madvise(base, 5 * PG, MADV_NORMAL));
	SHOW("WILLNEED across a hole", madvise(base, 5 * PG, MADV_WILLNEED));
	SHOW("DONTNEED of the hole only", madvise(base + 2 * PG, PG, MADV_DONTNEED));
	SHOW("DONTNEED starting in the hole", madvise(base + 2 * PG, 2 * PG, MADV_DONTNEED));
	munmap(base, 6 * PG);
	SHOW("DONTNEED of unmapped memory", madvise(base, 6 * PG, MADV_DONTNEED));
	SHOW("NORMAL of unmapped memory", madvise(base, 6 * PG, MADV_NORMAL));
}

static void madvise_mlocked(void)
{
	char *p = anon(2 * PG, PROT_READ | PROT_WRITE);

	p[0] = 'L';
	SHOW("mlock", mlock(p, 2 * PG));
	SHOW("DONTNEED on locked", madvise(p, 2 * PG, MADV_DONTNEED));
	SHOW("DONTNEED on one locked page", madvise(p + PG, PG, MADV_DONTNEED));
	printf("data kept: %c\n", p[0]);
	SHOW("WILLNEED on locked", madvise(p, 2 * PG, MADV_WILLNEED));
	SHOW("munlock", munlock(p, 2 * PG));
	SHOW("DONTNEED after munlock", madvise(p, 2 * PG, MADV_DONTNEED));
	printf("zero now: %d\n", p[0]);
}

static void madvise_hints(void)
{
	char *p = anon(4 * PG, PROT_READ | PROT_WRITE);
	int fd = mkfile("f", 4 * PG);
	char *f = xmmap(NULL, 4 * PG, PROT_READ, MAP_PRIVATE, fd, 0);
	static const struct { const char *name; int advice; } adv[] = {
		{ "NORMAL", MADV_NORMAL }, { "RANDOM", MADV_RANDOM },
		{ "SEQUENTIAL", MADV_SEQUENTIAL }, { "WILLNEED", MADV_WILLNEED },
		{ "DONTFORK", MADV_DONTFORK }, { "DOFORK", MADV_DOFORK },
	};

	p[0] = 'h';
	for (unsigned i = 0; i < sizeof(adv) / sizeof(adv[0]); i++) {
		char what[64];
		snprintf(what, sizeof(what), "%s on anon", adv[i].name);
		SHOW(what, madvise(p, 4 * PG, adv[i].advice));
		snprintf(what, sizeof(what), "%s on file", adv[i].name);
		SHOW(what, madvise(f, 4 * PG, adv[i].advice));
	}
	printf("data kept: %c %c\n", p[0], f[0]);
	show_maps("one area", p, 4 * PG);
	close(fd);
	unlink("f");
}

static void madvise_hint_maps(void)
{
	/* advice that sets area flags splits areas as mprotect does */
	char *base = reserve(5);
	char *p = fixed_anon(base + PG, 3 * PG, PROT_READ | PROT_WRITE);

	SHOW("RANDOM on the middle page", madvise(p + PG, PG, MADV_RANDOM));
	printf("areas: %d\n", count_vmas(p, 3 * PG));
	SHOW("NORMAL on the middle page", madvise(p + PG, PG, MADV_NORMAL));
	printf("areas: %d\n", count_vmas(p, 3 * PG));
	SHOW("DONTFORK on the last page", madvise(p + 2 * PG, PG, MADV_DONTFORK));
	printf("areas: %d\n", count_vmas(p, 3 * PG));
	SHOW("DOFORK on it", madvise(p + 2 * PG, PG, MADV_DOFORK));
	printf("areas: %d\n", count_vmas(p, 3 * PG));
	show_maps("maps", base, 5 * PG);
}

static void madvise_dontfork(void)
{
	char *p = anon(2 * PG, PROT_READ | PROT_WRITE);
	char *q = anon(PG, PROT_READ | PROT_WRITE);

	p[0] = 'p';
	q[0] = 'q';
	SHOW("DONTFORK", madvise(p, 2 * PG, MADV_DONTFORK));
	pid_t pid = xfork();
	if (pid == 0) {
		probe("child reads DONTFORK area", p, 'r', 0);
		probe("child reads other area", q, 'r', 0);
		printf("child areas at p: %d\n", count_vmas(p, 2 * PG));
		child_exit();
	}
	reap(pid);
	printf("parent still has it: %c\n", p[0]);
	SHOW("DOFORK", madvise(p, 2 * PG, MADV_DOFORK));
	pid = xfork();
	if (pid == 0) {
		probe("child reads it after DOFORK", p, 'r', 0);
		child_exit();
	}
	reap(pid);
}

static void madvise_free(void)
{
	/* MADV_FREE frees lazily on Linux, at once on Pagoda: check results only */
	char *p = anon(2 * PG, PROT_READ | PROT_WRITE);
	char *s = xmmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	int fd = mkfile("f", PG);
	char *f = xmmap(NULL, PG, PROT_READ, MAP_PRIVATE, fd, 0);

	p[0] = 1;
	SHOW("FREE private anon", madvise(p, 2 * PG, MADV_FREE));
	SHOW("FREE shared anon", madvise(s, PG, MADV_FREE));
	SHOW("FREE private file", madvise(f, PG, MADV_FREE));
	SHOW("FREE unaligned", madvise(p + 1, PG, MADV_FREE));
	p[0] = 2;
	printf("written after FREE: %d\n", p[0]);
	close(fd);
	unlink("f");
}

static void madvise_dontneed_cow(void)
{
	char *p = anon(2 * PG, PROT_READ | PROT_WRITE);

	memset(p, 'c', 2 * PG);
	pid_t pid = xfork();
	if (pid == 0) {
		SHOW("child DONTNEED", madvise(p, 2 * PG, MADV_DONTNEED));
		printf("child reads %d %d\n", p[0], p[PG]);
		p[0] = 'k';
		child_exit();
	}
	reap(pid);
	printf("parent reads %c %c\n", p[0], p[PG]);
	SHOW("parent DONTNEED page 1", madvise(p + PG, PG, MADV_DONTNEED));
	printf("parent reads %c %d\n", p[0], p[PG]);
}

static void madvise_dontneed_prot_none(void)
{
	char *p = anon(2 * PG, PROT_READ | PROT_WRITE);

	p[0] = 'r';
	mprotect(p, 2 * PG, PROT_NONE);
	SHOW("DONTNEED on PROT_NONE", madvise(p, 2 * PG, MADV_DONTNEED));
	mprotect(p, 2 * PG, PROT_READ);
	printf("data gone: %d\n", p[0]);
	SHOW("DONTNEED on read-only", madvise(p, 2 * PG, MADV_DONTNEED));
}

static void madvise_willneed_file(void)
{
	int fd = mkfile("f", 4 * PG);
	char *f = xmmap(NULL, 4 * PG, PROT_READ, MAP_SHARED, fd, 0);

	SHOW("WILLNEED file", madvise(f, 4 * PG, MADV_WILLNEED));
	show_mincore("in the page cache", f, 4);
	printf("bytes: %c %c\n", f[0], f[3 * PG]);
	SHOW("WILLNEED beyond EOF part", madvise(f, 4 * PG, MADV_WILLNEED));
	close(fd);
	unlink("f");
}

static void madvise_remove(void)
{
	char *p = anon(PG, PROT_READ | PROT_WRITE);
	char *s = xmmap(NULL, 2 * PG, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);

	SHOW("REMOVE private anon", madvise(p, PG, MADV_REMOVE));
	memset(s, 'r', 2 * PG);
	SHOW("REMOVE shared anon page 0", madvise(s, PG, MADV_REMOVE));
	printf("bytes: %d %c\n", s[0], s[PG]);
}

static const struct utest tests[] = {
	{ "madvise_bad_advice", madvise_bad_advice },
	{ "madvise_unaligned", madvise_unaligned },
	{ "madvise_dontneed_anon", madvise_dontneed_anon },
	{ "madvise_dontneed_file_private", madvise_dontneed_file_private },
	{ "madvise_dontneed_shared", madvise_dontneed_shared },
	{ "madvise_hole", madvise_hole },
	{ "madvise_mlocked", madvise_mlocked },
	{ "madvise_hints", madvise_hints },
	{ "madvise_hint_maps", madvise_hint_maps },
	{ "madvise_dontfork", madvise_dontfork },
	{ "madvise_free", madvise_free },
	{ "madvise_dontneed_cow", madvise_dontneed_cow },
	{ "madvise_dontneed_prot_none", madvise_dontneed_prot_none },
	{ "madvise_willneed_file", madvise_willneed_file },
	{ "madvise_remove", madvise_remove },
};

UTEST_MAIN(tests)
