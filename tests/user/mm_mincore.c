/*
 * tests/user/mm_mincore.c - mincore and mlock/munlock/mlockall/munlockall: error cases, residency of anonymous, shared and file pages.
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
static void mincore_unaligned(void)
{
	char *p = anon(2 * PG, PROT_READ | PROT_WRITE);
	unsigned char vec[4];

	SHOW("mincore(p+1)", mincore(p + 1, PG, vec));
	SHOW("mincore(p+PG-1, 1)", mincore(p + PG - 1, 1, vec));
	SHOW("mincore(p, 1)", mincore(p, 1, vec));
	SHOW("mincore(p, 0)", mincore(p, 0, vec));
	SHOW("mincore(p+1, 0)", mincore(p + 1, 0, vec));
}

static void mincore_unmapped(void)
{
	char *base = reserve(4);
	unsigned char vec[4];

	munmap(base + 2 * PG, 2 * PG);
	SHOW("mincore(unmapped)", mincore(base + 2 * PG, 2 * PG, vec));
	SHOW("mincore(mapped then unmapped)", mincore(base, 4 * PG, vec));
	SHOW("mincore(NULL)", mincore(NULL, PG, vec));
	SHOW("mincore(1<<47 - PG, 2 pages)", mincore((void *)((1UL << 47) - PG), 2 * PG, vec));
	SHOW("mincore(kernel address)", mincore((void *)0xffffffff80000000UL, PG, vec));
	SHOW("mincore(p, -PG)", mincore(base, (size_t)-PG, vec));
	munmap(base + PG, PG);
	SHOW("mincore(across a hole)", mincore(base, 3 * PG, vec));
}

static void mincore_bad_vec(void)
{
	char *p = anon(4 * PG, PROT_READ | PROT_WRITE);
	char *ro = anon(PG, PROT_READ);
	char *none = anon(PG, PROT_NONE);

	SHOW("vec NULL", mincore(p, 4 * PG, NULL));
	SHOW("vec 0x1000", mincore(p, 4 * PG, (unsigned char *)0x1000));
	SHOW("vec read-only page", mincore(p, 4 * PG, (unsigned char *)ro));
	SHOW("vec PROT_NONE page", mincore(p, 4 * PG, (unsigned char *)none));
	SHOW("vec kernel address", mincore(p, 4 * PG, (unsigned char *)0xffffffff80000000UL));
	SHOW("vec crossing into an unmapped page", mincore(p, 4 * PG, (unsigned char *)p - 2));
	/* the vector crossing from a mapped into an unmapped page */
	char *v = anon(2 * PG, PROT_READ | PROT_WRITE);
	munmap(v + PG, PG);
	SHOW("vec ending 2 bytes into an unmapped page", mincore(p, 4 * PG, (unsigned char *)v + PG - 2));
	SHOW("vec NULL, len 0", mincore(p, 0, NULL));
}

static void mincore_anon(void)
{
	char *p = anon(8 * PG, PROT_READ | PROT_WRITE);

	show_mincore("untouched", p, 8);
	p[0] = 1;
	p[2 * PG] = 1;
	show_mincore("pages 0, 2 written", p, 8);
	(void)*(volatile char *)(p + 5 * PG);
	show_mincore("page 5 read", p, 8);
	SHOW("DONTNEED 0-3", madvise(p, 4 * PG, MADV_DONTNEED));
	show_mincore("after DONTNEED", p, 8);
	munmap(p + 7 * PG, PG);
	show_mincore("after munmap of page 7", p, 7);
}

static void mincore_prot_none(void)
{
	char *p = anon(4 * PG, PROT_READ | PROT_WRITE);

	p[PG] = 1;
	mprotect(p, 4 * PG, PROT_NONE);
	show_mincore("PROT_NONE, page 1 written before", p, 4);
	mprotect(p, 4 * PG, PROT_READ);
	show_mincore("READ again", p, 4);
}

static void mincore_file(void)
{
	int fd = mkfile("f", 4 * PG);
	char *f = xmmap(NULL, 6 * PG, PROT_READ, MAP_SHARED, fd, 0);

	/* written with write(): in the page cache before any access */
	show_mincore("file pages, untouched map", f, 4);
	show_mincore("beyond EOF", f + 4 * PG, 2);
	char *q = xmmap(NULL, 4 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	show_mincore("private map, untouched", q, 4);
	q[PG] = 'w';
	show_mincore("private map, page 1 copied", q, 4);
	SHOW("DONTNEED private map", madvise(q, 4 * PG, MADV_DONTNEED));
	show_mincore("private map after DONTNEED (page cache)", q, 4);
	close(fd);
	unlink("f");
}

static void mincore_shared_anon(void)
{
	char *s = xmmap(NULL, 4 * PG, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);

	show_mincore("untouched", s, 4);
	s[PG] = 1;
	s[3 * PG] = 1;
	show_mincore("pages 1, 3 written", s, 4);
	madvise(s, 4 * PG, MADV_DONTNEED);
	show_mincore("after DONTNEED (still in the object)", s, 4);
	printf("data: %d %d\n", s[PG], s[3 * PG]);
	pid_t pid = xfork();
	if (pid == 0) {
		show_mincore("child", s, 4);
		s[0] = 1;
		child_exit();
	}
	reap(pid);
	show_mincore("parent after the child wrote page 0", s, 4);
}

static void mincore_fork(void)
{
	char *p = anon(4 * PG, PROT_READ | PROT_WRITE);

	p[0] = 1;
	p[3 * PG] = 1;
	pid_t pid = xfork();
	if (pid == 0) {
		show_mincore("child sees the parent's pages", p, 4);
		p[PG] = 1;
		show_mincore("child after writing page 1", p, 4);
		child_exit();
	}
	reap(pid);
	show_mincore("parent", p, 4);
}

static void mincore_stack_and_text(void)
{
	char local[64];
	char *sp = (char *)((uintptr_t)local & ~(PG - 1));
	char *text = (char *)((uintptr_t)&mincore_stack_and_text & ~(PG - 1));

	local[0] = 1;
	show_mincore("current stack page", sp, 1);
	show_mincore("current text page", text, 1);
}

static void mlock_basic(void)
{
	char *p = anon(4 * PG, PROT_READ | PROT_WRITE);

	show_mincore("before", p, 4);
	SHOW("mlock(pages 1-2)", mlock(p + PG, 2 * PG));
	show_mincore("after mlock", p, 4);
	printf("zero: %d\n", p[PG]);
	SHOW("munlock", munlock(p + PG, 2 * PG));
	show_mincore("after munlock", p, 4);
	SHOW("mlock(p+100, 10): rounded to the page", mlock(p + 3 * PG + 100, 10));
	show_mincore("after", p, 4);
	SHOW("munlock(p+100, 10)", munlock(p + 3 * PG + 100, 10));
	SHOW("mlock(len 0)", mlock(p, 0));
	SHOW("munlock(len 0)", munlock(p, 0));
	SHOW("munlock of unlocked memory", munlock(p, 4 * PG));
}

static void mlock_maps_split(void)
{
	char *base = reserve(5);
	char *p = fixed_anon(base + PG, 3 * PG, PROT_READ | PROT_WRITE);

	SHOW("mlock(middle)", mlock(p + PG, PG));
	show_maps("locked middle", base, 5 * PG);
	printf("areas: %d\n", count_vmas(p, 3 * PG));
	SHOW("munlock(middle)", munlock(p + PG, PG));
	printf("areas: %d\n", count_vmas(p, 3 * PG));
}

static void mlock_hole(void)
{
	char *base = reserve(4);
	unsigned char vec[4];

	munmap(base + PG, PG);
	fixed_anon(base, PG, PROT_READ | PROT_WRITE);
	fixed_anon(base + 2 * PG, 2 * PG, PROT_READ | PROT_WRITE);
	SHOW("mlock across a hole", mlock(base, 4 * PG));
	mincore(base, PG, vec);
	printf("page before the hole resident: %d\n", vec[0] & 1);
	SHOW("munlock across a hole", munlock(base, 4 * PG));
	SHOW("mlock of the hole", mlock(base + PG, PG));
	SHOW("mlock(1<<47 - PG, 2 pages)", mlock((void *)((1UL << 47) - PG), 2 * PG));
	SHOW("mlock(p, -PG)", mlock(base, (size_t)-PG));
}

static void mlock_prot_none(void)
{
	char *p = anon(2 * PG, PROT_NONE);
	char *r = anon(2 * PG, PROT_READ);

	SHOW("mlock(PROT_NONE)", mlock(p, 2 * PG));
	show_mincore("PROT_NONE locked", p, 2);
	SHOW("mlock(PROT_READ)", mlock(r, 2 * PG));
	show_mincore("PROT_READ locked", r, 2);
	printf("zero: %d\n", r[PG]);
}

static void mlock_file(void)
{
	int fd = mkfile("f", 3 * PG);
	char *f = xmmap(NULL, 3 * PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);

	SHOW("mlock shared file", mlock(f, 3 * PG));
	show_mincore("resident", f, 3);
	f[0] = 'M';
	printf("file: %c\n", file_byte(fd, 0));
	SHOW("munlock", munlock(f, 3 * PG));
	close(fd);
	unlink("f");
}

static void mlockall_flags(void)
{
	SHOW("mlockall(0)", mlockall(0));
	SHOW("mlockall(8)", mlockall(8));
	SHOW("mlockall(MCL_ONFAULT)", mlockall(MCL_ONFAULT));
	SHOW("mlockall(CURRENT|0x10)", mlockall(MCL_CURRENT | 0x10));
	SHOW("munlockall()", munlockall());
}

static void mlockall_current(void)
{
	char *p = anon(4 * PG, PROT_READ | PROT_WRITE);

	show_mincore("before", p, 4);
	SHOW("mlockall(MCL_CURRENT)", mlockall(MCL_CURRENT));
	show_mincore("after", p, 4);
	char *q = anon(4 * PG, PROT_READ | PROT_WRITE);
	show_mincore("a new mapping", q, 4);
	SHOW("DONTNEED on locked", madvise(p, 4 * PG, MADV_DONTNEED));
	SHOW("munlockall()", munlockall());
	SHOW("DONTNEED after munlockall", madvise(p, 4 * PG, MADV_DONTNEED));
	show_mincore("after DONTNEED", p, 4);
}

static void mlockall_future(void)
{
	SHOW("mlockall(MCL_FUTURE)", mlockall(MCL_FUTURE));
	char *q = anon(4 * PG, PROT_READ | PROT_WRITE);
	show_mincore("new mapping", q, 4);
	SHOW("DONTNEED on it", madvise(q, 4 * PG, MADV_DONTNEED));
	char *b = sbrk(0);
	char *bb = (char *)(((uintptr_t)b + PG - 1) & ~(PG - 1));
	if (brk(bb + 2 * PG) == 0)
		show_mincore("new heap pages", bb, 2);
	SHOW("munlockall()", munlockall());
	char *r = anon(4 * PG, PROT_READ | PROT_WRITE);
	show_mincore("mapping after munlockall", r, 4);
}

static void mlock_fork(void)
{
	/* locks are not inherited: the child may DONTNEED */
	char *p = anon(2 * PG, PROT_READ | PROT_WRITE);

	mlock(p, 2 * PG);
	p[0] = 'f';
	pid_t pid = xfork();
	if (pid == 0) {
		SHOW("child DONTNEED", madvise(p, 2 * PG, MADV_DONTNEED));
		printf("child reads %d\n", p[0]);
		child_exit();
	}
	reap(pid);
	SHOW("parent DONTNEED", madvise(p, 2 * PG, MADV_DONTNEED));
	printf("parent reads %c\n", p[0]);
}

static const struct utest tests[] = {
	{ "mincore_unaligned", mincore_unaligned },
	{ "mincore_unmapped", mincore_unmapped },
	{ "mincore_bad_vec", mincore_bad_vec },
	{ "mincore_anon", mincore_anon },
	{ "mincore_prot_none", mincore_prot_none },
	{ "mincore_file", mincore_file },
	{ "mincore_shared_anon", mincore_shared_anon },
	{ "mincore_fork", mincore_fork },
	{ "mincore_stack_and_text", mincore_stack_and_text },
	{ "mlock_basic", mlock_basic },
	{ "mlock_maps_split", mlock_maps_split },
	{ "mlock_hole", mlock_hole },
	{ "mlock_prot_none", mlock_prot_none },
	{ "mlock_file", mlock_file },
	{ "mlockall_flags", mlockall_flags },
	{ "mlockall_current", mlockall_current },
	{ "mlockall_future", mlockall_future },
	{ "mlock_fork", mlock_fork },
};

UTEST_MAIN(tests)
