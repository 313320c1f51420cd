/*
 * tests/user/mm_munmap.c - munmap: error cases, holes, splitting areas, unmapping across areas, file offsets.
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
static void munmap_unaligned(void)
{
	char *p = anon(4 * PG, PROT_READ | PROT_WRITE);

	SHOW("munmap(p+1, PG)", munmap(p + 1, PG));
	SHOW("munmap(p+PG-1, PG)", munmap(p + PG - 1, PG));
	show_maps("unchanged", p, 4 * PG);
	/* an unaligned length is rounded up */
	SHOW("munmap(p, 1)", munmap(p, 1));
	SHOW("munmap(p+2PG, PG+1)", munmap(p + 2 * PG, PG + 1));
	show_maps("after", p, 4 * PG);
}

static void munmap_len0(void)
{
	char *p = anon(PG, PROT_READ);

	SHOW("munmap(p, 0)", munmap(p, 0));
	SHOW("munmap(NULL, 0)", munmap(NULL, 0));
	show_maps("still mapped", p, PG);
}

static void munmap_bad_range(void)
{
	char *p = anon(PG, PROT_READ);

	SHOW("munmap(p, -PG)", munmap(p, (size_t)-PG));
	SHOW("munmap(p, 1<<47)", munmap(p, 1UL << 47));
	SHOW("munmap(1<<47 - PG, 2 pages)", munmap((void *)((1UL << 47) - PG), 2 * PG));
	SHOW("munmap(1<<47, PG)", munmap((void *)(1UL << 47), PG));
	SHOW("munmap(kernel address)", munmap((void *)0xffffffff80000000UL, PG));
	SHOW("munmap(NULL, PG)", munmap(NULL, PG));
	SHOW("munmap(64 KiB, PG)", munmap((void *)0x10000, PG));
	show_maps("still mapped", p, PG);
}

static void munmap_hole(void)
{
	char *base = reserve(8);

	SHOW("munmap(pages 2-3)", munmap(base + 2 * PG, 2 * PG));
	SHOW("munmap(pages 2-3) again", munmap(base + 2 * PG, 2 * PG));
	SHOW("munmap(page 2)", munmap(base + 2 * PG, PG));
	show_maps("maps", base, 8 * PG);
	SHOW("munmap(all, across the hole)", munmap(base, 8 * PG));
	show_maps("after", base, 8 * PG);
	SHOW("munmap(all) again", munmap(base, 8 * PG));
}

static void munmap_split_middle(void)
{
	char *base = reserve(8);
	char *p = fixed_anon(base + 2 * PG, 3 * PG, PROT_READ | PROT_WRITE);

	memset(p, 'm', 3 * PG);
	SHOW("munmap(middle page)", munmap(p + PG, PG));
	show_maps("maps", base, 8 * PG);
	printf("areas: %d\n", count_vmas(p, 3 * PG));
	probe("read page before", p, 'r', 0);
	probe("read hole", p + PG, 'r', 0);
	probe("write hole", p + 2 * PG - 1, 'w', 1);
	probe("read page after", p + 2 * PG + 17, 'r', 0);
	show_mincore("mincore around the hole", p, 1);
	show_mincore("mincore of the hole", p + PG, 1);
}

static void munmap_head_tail(void)
{
	char *base = reserve(10);
	char *p = fixed_anon(base + PG, 8 * PG, PROT_READ | PROT_WRITE);

	for (int i = 0; i < 8; i++)
		p[i * PG] = (char)('0' + i);
	SHOW("munmap(head 2 pages)", munmap(p, 2 * PG));
	SHOW("munmap(tail 3 pages)", munmap(p + 5 * PG, 3 * PG));
	show_maps("maps", base, 10 * PG);
	printf("left: %c %c %c\n", p[2 * PG], p[3 * PG], p[4 * PG]);
	probe("read former head", p + PG, 'r', 0);
	probe("read former tail", p + 5 * PG, 'r', 0);
}

static void munmap_across(void)
{
	char *base = reserve(16);

	fixed_anon(base + 1 * PG, 3 * PG, PROT_READ | PROT_WRITE);
	fixed_anon(base + 4 * PG, 2 * PG, PROT_READ);
	munmap(base + 6 * PG, PG);
	fixed_anon(base + 7 * PG, 4 * PG, PROT_READ | PROT_WRITE | PROT_EXEC);
	int fd = mkfile("f", 8 * PG);
	xmmap(base + 11 * PG, 4 * PG, PROT_READ, MAP_SHARED | MAP_FIXED, fd, 2 * PG);
	show_maps("before", base, 16 * PG);
	SHOW("munmap(pages 2..12)", munmap(base + 2 * PG, 11 * PG));
	show_maps("after", base, 16 * PG);
	printf("file page left: %c\n", base[13 * PG]);
	close(fd);
	unlink("f");
}

static void munmap_remap_zero(void)
{
	char *base = reserve(4);
	char *p = fixed_anon(base, 4 * PG, PROT_READ | PROT_WRITE);

	memset(p, 0x77, 4 * PG);
	munmap(p + PG, 2 * PG);
	char *q = fixed_anon(p + PG, 2 * PG, PROT_READ | PROT_WRITE);
	printf("remapped pages read zero: %d %d, neighbours kept: %d %d\n",
	       q[0], q[2 * PG - 1], p[0], p[4 * PG - 1]);
	show_maps("maps", base, 4 * PG);
}

static void munmap_shared_anon(void)
{
	char *s = xmmap(NULL, 4 * PG, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);

	memset(s, 's', 4 * PG);
	SHOW("munmap(page 1 of shared anon)", munmap(s + PG, PG));
	show_maps("maps", s, 4 * PG);
	printf("others kept: %c %c %c\n", s[0], s[2 * PG], s[3 * PG]);
	pid_t pid = xfork();
	if (pid == 0) {
		s[2 * PG] = 'c';
		child_exit();
	}
	reap(pid);
	printf("child's write seen: %c\n", s[2 * PG]);
}

static void munmap_file_pgoff(void)
{
	int fd = mkfile("f", 6 * PG);
	char *p = xmmap(NULL, 6 * PG, PROT_READ, MAP_PRIVATE, fd, 0);

	SHOW("munmap(page 0)", munmap(p, PG));
	SHOW("munmap(page 3)", munmap(p + 3 * PG, PG));
	show_maps("maps", p, 6 * PG);
	printf("pages 1 2 4 5: %c %c %c %c\n", p[PG], p[2 * PG], p[4 * PG], p[5 * PG]);
	close(fd);
	unlink("f");
}

static void munmap_then_fault_kills(void)
{
	/* without a handler, touching an unmapped page kills with SIGSEGV */
	char *p = anon(PG, PROT_READ | PROT_WRITE);
	munmap(p, PG);
	pid_t pid = xfork();
	if (pid == 0) {
		signal(SIGSEGV, SIG_DFL);
		*(volatile char *)p = 1;
		printf("not reached\n");
		child_exit();
	}
	int st;
	waitpid(pid, &st, 0);
	printf("signaled %d, signal %d\n", WIFSIGNALED(st), WTERMSIG(st));
}

static void munmap_whole_reservation_pieces(void)
{
	/* many small areas, then one munmap over all of them */
	char *base = reserve(64);

	for (int i = 0; i < 64; i += 4)
		fixed_anon(base + i * PG, 2 * PG, i % 8 ? PROT_READ : PROT_READ | PROT_WRITE);
	printf("areas before: %d\n", count_vmas(base, 64 * PG));
	SHOW("munmap(pages 3..60)", munmap(base + 3 * PG, 58 * PG));
	show_maps("after", base, 64 * PG);
}

static void munmap_stack_guard(void)
{
	/* unmapping the brk area's neighbourhood or a piece far away is fine */
	char *p = anon(2 * PG, PROT_READ | PROT_WRITE);
	char *q = anon(2 * PG, PROT_READ | PROT_WRITE);
	SHOW("munmap(p) and q together", munmap(p < q ? p : q, 2 * PG) | munmap(p < q ? q : p, 2 * PG));
	printf("areas left: %d %d\n", count_vmas(p, 2 * PG), count_vmas(q, 2 * PG));
}

static const struct utest tests[] = {
	{ "munmap_unaligned", munmap_unaligned },
	{ "munmap_len0", munmap_len0 },
	{ "munmap_bad_range", munmap_bad_range },
	{ "munmap_hole", munmap_hole },
	{ "munmap_split_middle", munmap_split_middle },
	{ "munmap_head_tail", munmap_head_tail },
	{ "munmap_across", munmap_across },
	{ "munmap_remap_zero", munmap_remap_zero },
	{ "munmap_shared_anon", munmap_shared_anon },
	{ "munmap_file_pgoff", munmap_file_pgoff },
	{ "munmap_then_fault_kills", munmap_then_fault_kills },
	{ "munmap_many_pieces", munmap_whole_reservation_pieces },
	{ "munmap_two_areas", munmap_stack_guard },
};

UTEST_MAIN(tests)
