/*
 * tests/user/cow_fork.c - fork and copy-on-write: each side sees its own writes only, across three generations, with shared, file, zero, read-only, heap, stack and big (8 MiB) memory.
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
/* A pipe to order parent and child: wait_for(fd) blocks until signal(fd). */
static int sync_pipe[2][2];

static void sync_init(void)
{
	pipe(sync_pipe[0]);
	pipe(sync_pipe[1]);
}

/* side 0 is the parent, 1 the child */
static void sync_signal(int to)
{
	write(sync_pipe[to][1], "x", 1);
}

static void sync_wait(int me)
{
	char c;

	read(sync_pipe[me][0], &c, 1);
}

static void cow_basic(void)
{
	char *p = anon(PG, PROT_READ | PROT_WRITE);

	sync_init();
	p[0] = 'P';
	pid_t pid = xfork();
	if (pid == 0) {
		printf("child sees %c\n", p[0]);
		fflush(stdout);
		sync_signal(0);
		sync_wait(1);		/* the parent has written Q */
		printf("child still sees %c\n", p[0]);
		p[0] = 'C';
		printf("child wrote, sees %c\n", p[0]);
		child_exit();
	}
	sync_wait(0);
	p[0] = 'Q';
	sync_signal(1);
	reap(pid);
	printf("parent sees %c\n", p[0]);
}

static void cow_both_write(void)
{
	/* 16 pages, parent and child write alternate pages, then compare */
	char *p = anon(16 * PG, PROT_READ | PROT_WRITE);

	for (int i = 0; i < 16; i++)
		memset(p + i * PG, 'a' + i, PG);
	sync_init();
	pid_t pid = xfork();
	if (pid == 0) {
		for (int i = 1; i < 16; i += 2)
			memset(p + i * PG, 'C', PG);
		sync_signal(0);
		sync_wait(1);
		char s[17];
		for (int i = 0; i < 16; i++)
			s[i] = p[i * PG + 100];
		s[16] = 0;
		printf("child:  %s\n", s);
		child_exit();
	}
	sync_wait(0);
	for (int i = 0; i < 16; i += 2)
		memset(p + i * PG, 'P', PG);
	sync_signal(1);
	reap(pid);
	char s[17];
	for (int i = 0; i < 16; i++)
		s[i] = p[i * PG + 100];
	s[16] = 0;
	printf("parent: %s\n", s);
}

static void cow_three_generations(void)
{
	char *p = anon(3 * PG, PROT_READ | PROT_WRITE);

	memset(p, '0', 3 * PG);
	p[0] = 'G';
	pid_t pid = xfork();
	if (pid == 0) {
		printf("parent gen sees %c%c%c\n", p[0], p[PG], p[2 * PG]);
		p[PG] = 'P';
		pid_t pid2 = xfork();
		if (pid2 == 0) {
			printf("child gen sees %c%c%c\n", p[0], p[PG], p[2 * PG]);
			p[2 * PG] = 'C';
			p[0] = 'c';
			printf("child gen wrote, sees %c%c%c\n", p[0], p[PG], p[2 * PG]);
			child_exit();
		}
		reap(pid2);
		p[0] = 'p';
		printf("parent gen sees %c%c%c\n", p[0], p[PG], p[2 * PG]);
		child_exit();
	}
	reap(pid);
	printf("grandparent sees %c%c%c\n", p[0], p[PG], p[2 * PG]);
	p[2 * PG] = 'g';
	printf("grandparent wrote, sees %c%c%c\n", p[0], p[PG], p[2 * PG]);
}

static void cow_shared_anon(void)
{
	char *s = xmmap(NULL, 2 * PG, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);

	sync_init();
	s[0] = 'P';
	pid_t pid = xfork();
	if (pid == 0) {
		printf("child sees %c\n", s[0]);
		s[0] = 'C';
		s[PG] = 'c';
		fflush(stdout);
		sync_signal(0);
		sync_wait(1);
		printf("child sees the parent's write: %c\n", s[0]);
		child_exit();
	}
	sync_wait(0);
	printf("parent sees the child's writes: %c %c\n", s[0], s[PG]);
	s[0] = 'Q';
	fflush(stdout);
	sync_signal(1);
	reap(pid);
}

static void cow_shared_anon_grandchild(void)
{
	char *s = xmmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	pid_t pid = xfork();

	if (pid == 0) {
		pid_t pid2 = xfork();
		if (pid2 == 0) {
			s[0] = 'g';
			child_exit();
		}
		reap(pid2);
		s[1] = 'c';
		child_exit();
	}
	reap(pid);
	printf("parent sees %c %c\n", s[0], s[1]);
	/* shared pages untouched before fork are shared too */
	char *t = xmmap(NULL, 4 * PG, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	pid = xfork();
	if (pid == 0) {
		t[3 * PG] = 'u';
		child_exit();
	}
	reap(pid);
	printf("untouched shared page written by the child: %c\n", t[3 * PG]);
}

static void cow_private_file(void)
{
	int fd = mkfile("f", 2 * PG);
	char *f = xmmap(NULL, 2 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);

	f[0] = 'P';
	pid_t pid = xfork();
	if (pid == 0) {
		printf("child sees %c %c\n", f[0], f[PG]);
		f[0] = 'C';
		f[PG] = 'C';
		printf("child wrote, sees %c %c\n", f[0], f[PG]);
		child_exit();
	}
	reap(pid);
	printf("parent sees %c %c, file %c %c\n", f[0], f[PG], file_byte(fd, 0), file_byte(fd, PG));
	close(fd);
	unlink("f");
}

static void cow_private_after_fork(void)
{
	/* mappings made after fork belong to one side only */
	pid_t pid = xfork();
	char *p = anon(PG, PROT_READ | PROT_WRITE);

	p[0] = pid == 0 ? 'C' : 'P';
	if (pid == 0) {
		printf("child's own mapping: %c\n", p[0]);
		child_exit();
	}
	reap(pid);
	printf("parent's own mapping: %c\n", p[0]);
}

static void cow_after_sharer_exit(void)
{
	char *p = anon(4 * PG, PROT_READ | PROT_WRITE);

	memset(p, 'a', 4 * PG);
	pid_t pid = xfork();
	if (pid == 0)
		child_exit();
	reap(pid);
	/* the child is gone: writing reuses or copies, the data is right */
	p[0] = 'b';
	p[PG] = 'c';
	printf("parent: %c %c %c\n", p[0], p[PG], p[2 * PG]);
	pid = xfork();
	if (pid == 0) {
		printf("second child: %c %c %c\n", p[0], p[PG], p[2 * PG]);
		p[2 * PG] = 'd';
		child_exit();
	}
	reap(pid);
	printf("parent: %c %c %c\n", p[0], p[PG], p[2 * PG]);
}

static void cow_child_outlives(void)
{
	/* the parent writes and exits first; the child still sees the old data */
	char *p = anon(PG, PROT_READ | PROT_WRITE);
	int res[2];

	pipe(res);
	p[0] = 'o';
	pid_t pid = xfork();
	if (pid == 0) {
		sync_init();
		pid_t pid2 = xfork();
		if (pid2 == 0) {
			sync_wait(1);
			char buf[2] = { p[0], 0 };
			p[0] = 'n';
			buf[1] = p[0];
			write(res[1], buf, 2);
			_exit(0);
		}
		p[0] = 'x';	/* parent writes, then exits without waiting */
		sync_signal(1);
		_exit(0);
	}
	reap(pid);
	char buf[2];
	if (read(res[0], buf, 2) == 2)
		printf("grandchild saw %c, then wrote %c\n", buf[0], buf[1]);
	printf("original: %c\n", p[0]);
}

static void cow_big(void)
{
	size_t len = 8UL << 20;
	char *p = anon(len, PROT_READ | PROT_WRITE);

	for (size_t i = 0; i < len; i += 8)
		*(unsigned long *)(p + i) = i * 0x9e3779b97f4a7c15UL;
	unsigned long sum = checksum(p, len);
	pid_t pid = xfork();
	if (pid == 0) {
		printf("child: same checksum %d\n", checksum(p, len) == sum);
		for (size_t i = 0; i < len / 2; i += PG)
			p[i] ^= 0x55;
		printf("child: changed checksum %d\n", checksum(p, len) != sum);
		for (size_t i = 0; i < len / 2; i += PG)
			p[i] ^= 0x55;
		printf("child: restored %d\n", checksum(p, len) == sum);
		child_exit();
	}
	for (size_t i = len / 2; i < len; i += PG)
		p[i + 1] ^= 0x33;
	reap(pid);
	printf("parent: changed %d\n", checksum(p, len) != sum);
	for (size_t i = len / 2; i < len; i += PG)
		p[i + 1] ^= 0x33;
	printf("parent: restored %d\n", checksum(p, len) == sum);
}

static void cow_zero_page(void)
{
	char *p = anon(2 * PG, PROT_READ | PROT_WRITE);

	printf("read before fork: %d\n", p[0]);
	pid_t pid = xfork();
	if (pid == 0) {
		p[0] = 'z';
		printf("child wrote %c, other page %d\n", p[0], p[PG]);
		child_exit();
	}
	reap(pid);
	printf("parent still reads %d\n", p[0]);
	p[PG] = 'w';
	printf("parent writes %c\n", p[PG]);
}

static void cow_readonly_page(void)
{
	char *p = anon(PG, PROT_READ | PROT_WRITE);

	p[0] = 'r';
	mprotect(p, PG, PROT_READ);
	pid_t pid = xfork();
	if (pid == 0) {
		probe("child writes read-only", p, 'w', 'x');
		mprotect(p, PG, PROT_READ | PROT_WRITE);
		p[0] = 'c';
		printf("child after mprotect: %c\n", p[0]);
		child_exit();
	}
	reap(pid);
	printf("parent: %c\n", p[0]);
	probe("parent writes read-only", p, 'w', 'x');
	mprotect(p, PG, PROT_READ | PROT_WRITE);
	p[0] = 'p';
	printf("parent after mprotect: %c\n", p[0]);
}

static void cow_munmap_in_child(void)
{
	char *p = anon(3 * PG, PROT_READ | PROT_WRITE);

	memset(p, 'm', 3 * PG);
	pid_t pid = xfork();
	if (pid == 0) {
		munmap(p + PG, PG);
		probe("child reads unmapped", p + PG, 'r', 0);
		printf("child areas: %d\n", count_vmas(p, 3 * PG));
		child_exit();
	}
	reap(pid);
	printf("parent: %c %c %c, areas %d\n", p[0], p[PG], p[2 * PG], count_vmas(p, 3 * PG));
}

static void cow_heap_and_stack(void)
{
	char stack_buf[3000];
	char *heap = malloc(5000);
	static char data_buf[5000] = { 1 };
	static char bss_buf[5000];

	memset(stack_buf, 's', sizeof(stack_buf));
	memset(heap, 'h', 5000);
	memset(data_buf, 'd', sizeof(data_buf));
	memset(bss_buf, 'b', sizeof(bss_buf));
	pid_t pid = xfork();
	if (pid == 0) {
		printf("child sees %c %c %c %c\n", stack_buf[10], heap[4999], data_buf[4000], bss_buf[0]);
		stack_buf[10] = heap[4999] = data_buf[4000] = bss_buf[0] = 'C';
		printf("child wrote %c %c %c %c\n", stack_buf[10], heap[4999], data_buf[4000], bss_buf[0]);
		child_exit();
	}
	reap(pid);
	printf("parent sees %c %c %c %c\n", stack_buf[10], heap[4999], data_buf[4000], bss_buf[0]);
	free(heap);
}

static void cow_many_children(void)
{
	char *p = anon(PG, PROT_READ | PROT_WRITE);

	p[0] = 0;
	for (int i = 0; i < 10; i++) {
		pid_t pid = xfork();
		if (pid == 0) {
			p[0] += (char)(i + 1);
			p[1] = 'k';
			printf("child %d sees %d\n", i, p[0]);
			child_exit();
		}
		reap(pid);
		p[0] += 100 / 10;
	}
	printf("parent sees %d %d\n", p[0], p[1]);
	/* ten children at once */
	pid_t pids[10];
	int res[2];
	pipe(res);
	for (int i = 0; i < 10; i++) {
		pids[i] = xfork();
		if (pids[i] == 0) {
			for (int j = 0; j < 1000; j++)
				p[j] = (char)i;
			int ok = 1;
			for (int j = 0; j < 1000; j++)
				ok &= p[j] == (char)i;
			write(res[1], ok ? "y" : "n", 1);
			_exit(0);
		}
	}
	for (int i = 0; i < 10; i++)
		reap(pids[i]);
	char buf[11] = { 0 };
	read(res[0], buf, 10);
	int yes = 0;
	for (int i = 0; i < 10; i++)
		yes += buf[i] == 'y';
	printf("children that saw only their own writes: %d; parent %d %d\n", yes, p[0], p[999]);
}

static void cow_maps_inherited(void)
{
	char *base = reserve(8);
	fixed_anon(base + PG, 2 * PG, PROT_READ | PROT_WRITE);
	fixed_anon(base + 4 * PG, PG, PROT_READ);
	int fd = mkfile("f", 2 * PG);
	xmmap(base + 5 * PG, 2 * PG, PROT_READ, MAP_SHARED | MAP_FIXED, fd, 0);
	close(fd);
	show_maps("parent", base, 8 * PG);
	pid_t pid = xfork();
	if (pid == 0) {
		show_maps("child ", base, 8 * PG);
		child_exit();
	}
	reap(pid);
	unlink("f");
}

static void cow_dontneed_in_child(void)
{
	char *p = anon(PG, PROT_READ | PROT_WRITE);

	p[0] = 'd';
	pid_t pid = xfork();
	if (pid == 0) {
		madvise(p, PG, MADV_DONTNEED);
		printf("child after DONTNEED: %d\n", p[0]);
		child_exit();
	}
	reap(pid);
	printf("parent: %c\n", p[0]);
}

static void cow_exit_without_touching(void)
{
	/* 100 children that exit at once: no write reaches the parent */
	char *p = anon(64 * PG, PROT_READ | PROT_WRITE);

	for (size_t i = 0; i < 64 * PG; i += PG)
		p[i] = (char)(i / PG);
	for (int i = 0; i < 100; i++) {
		pid_t pid = xfork();
		if (pid == 0)
			_exit(0);
		reap(pid);
	}
	long sum = 0;
	for (size_t i = 0; i < 64 * PG; i += PG)
		sum += p[i];
	printf("sum %ld\n", sum);
	for (size_t i = 0; i < 64 * PG; i += PG)
		p[i] = 1;
	sum = 0;
	for (size_t i = 0; i < 64 * PG; i += PG)
		sum += p[i];
	printf("after writing: %ld\n", sum);
}

static const struct utest tests[] = {
	{ "cow_basic", cow_basic },
	{ "cow_both_write", cow_both_write },
	{ "cow_three_generations", cow_three_generations },
	{ "cow_shared_anon", cow_shared_anon },
	{ "cow_shared_anon_grandchild", cow_shared_anon_grandchild },
	{ "cow_private_file", cow_private_file },
	{ "cow_private_after_fork", cow_private_after_fork },
	{ "cow_after_sharer_exit", cow_after_sharer_exit },
	{ "cow_child_outlives", cow_child_outlives },
	{ "cow_big", cow_big },
	{ "cow_zero_page", cow_zero_page },
	{ "cow_readonly_page", cow_readonly_page },
	{ "cow_munmap_in_child", cow_munmap_in_child },
	{ "cow_heap_and_stack", cow_heap_and_stack },
	{ "cow_many_children", cow_many_children },
	{ "cow_maps_inherited", cow_maps_inherited },
	{ "cow_dontneed_in_child", cow_dontneed_in_child },
	{ "cow_exit_without_touching", cow_exit_without_touching },
};

UTEST_MAIN(tests)
