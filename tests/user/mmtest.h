/*
 * tests/user/mmtest.h - helpers shared by the mm_, cow_ and fmap_ tests:
 * mappings at chosen places, files of known contents, signal probes that
 * touch an address and report what happened, /proc/self/maps and mincore
 * printed relative to a base.  Output never shows an address: places are
 * printed in pages relative to a base the test chose, so that it is the
 * same under Linux's address randomization as in Pagoda.
 */
#ifndef MMTEST_H
#define MMTEST_H

#include "utest.h"
#include <fcntl.h>
#include <setjmp.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>

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

/* Catch SIGSEGV and SIGBUS with probe_handler for an access to p in mode. */
static UNUSED void probe_arm(volatile char *p, int mode)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = probe_handler;
	sa.sa_flags = SA_SIGINFO;
	sigaction(SIGSEGV, &sa, NULL);
	sigaction(SIGBUS, &sa, NULL);
	probe_p = p;
	probe_mode = mode;
}

/*
 * Access p: mode 'r' reads a byte, 'w' writes val, 'x' calls p (which
 * should hold a ret instruction).  Prints "what: ok [value]" or the signal
 * and si_code; returns the byte read (0 for w/x), or -1 after a signal.
 */
static UNUSED int probe(const char *what, volatile char *p, int mode, int val)
{
	probe_arm(p, mode);
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
	probe_arm(p, mode);
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
#endif
