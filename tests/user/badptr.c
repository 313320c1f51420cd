/*
 * tests/user/badptr.c - every pointer-taking system call, given each kind
 * of bad pointer (as xv6's usertests do): NULL, 0xfff, the last user page,
 * the first non-canonical address, a kernel address, a PROT_NONE page, a
 * freed (unmapped) page, and a string that runs into an unmapped page.
 * Each call must fail with EFAULT (or whatever Linux says) and the kernel
 * must live on.  Output: one line per call and pointer, compared with Linux.
 */
#include "utest.h"
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/uio.h>
#include <sys/utsname.h>
#include <time.h>

#define NPTRS 8
static const char *const ptr_names[NPTRS] = {
	"NULL", "0xfff", "last-user-page", "non-canonical", "kernel",
	"PROT_NONE", "freed", "string-into-hole",
};
static void *ptrs[NPTRS];

/* Build the bad pointers; the last one is "ab" ending a page that is
 * followed by an unmapped one, without a NUL. */
static void make_ptrs(void)
{
	char *none = mmap(NULL, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	char *freed = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
			   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	char *two = mmap(NULL, 8192, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	munmap(freed, 4096);
	munmap(two + 4096, 4096);
	memset(two, 'a', 4096);
	ptrs[0] = NULL;
	ptrs[1] = (void *)0xfff;
	ptrs[2] = (void *)0x7ffffffff000ul;
	ptrs[3] = (void *)0x800000000000ul;
	ptrs[4] = (void *)0xffffffff80100000ul;
	ptrs[5] = none;
	ptrs[6] = freed;
	ptrs[7] = two + 4096 - 2;
}

/* Call f(p) for every bad pointer p and print the result. */
static void each(const char *call, long (*f)(void *))
{
	for (int i = 0; i < NPTRS; i++) {
		char what[96];
		snprintf(what, sizeof(what), "%s(%s)", call, ptr_names[i]);
		SHOW(what, f(ptrs[i]));
	}
}

static long c_open(void *p) { return syscall(SYS_open, p, O_RDONLY); }
static long c_stat(void *p) { return syscall(SYS_stat, p, NULL); }
static long c_stat_buf(void *p) { return syscall(SYS_stat, "/", p); }
static long c_fstat(void *p) { return syscall(SYS_fstat, 0, p); }
static long c_access(void *p) { return syscall(SYS_access, p, F_OK); }
static long c_mkdir(void *p) { return syscall(SYS_mkdir, p, 0755); }
static long c_unlink(void *p) { return syscall(SYS_unlink, p); }
static long c_chdir(void *p) { return syscall(SYS_chdir, p); }
static long c_getcwd(void *p) { return syscall(SYS_getcwd, p, 100); }
static long c_readlink(void *p) { return syscall(SYS_readlink, "/proc/self/exe", p, 100); }
static long c_rename(void *p) { return syscall(SYS_rename, p, "x"); }
static long c_pipe(void *p) { return syscall(SYS_pipe, p); }
static long c_uname(void *p) { return syscall(SYS_uname, p); }
static long c_clock(void *p) { return syscall(SYS_clock_gettime, CLOCK_MONOTONIC, p); }
static long c_tod(void *p) { return syscall(SYS_gettimeofday, p, NULL); }
static long c_nanosleep(void *p) { return syscall(SYS_nanosleep, p, NULL); }
static long c_getrlimit(void *p) { return syscall(SYS_getrlimit, RLIMIT_STACK, p); }
static long c_setrlimit(void *p) { return syscall(SYS_setrlimit, RLIMIT_STACK, p); }
static long c_sigaction(void *p) { return syscall(SYS_rt_sigaction, SIGUSR1, p, NULL, 8); }
static long c_sigaction_old(void *p) { return syscall(SYS_rt_sigaction, SIGUSR1, NULL, p, 8); }
static long c_sigprocmask(void *p) { return syscall(SYS_rt_sigprocmask, SIG_BLOCK, p, NULL, 8); }
static long c_getrandom(void *p) { return syscall(SYS_getrandom, p, 16, 0); }
static long c_wait4(void *p)
{
	pid_t pid = fork();

	if (pid == 0)
		_exit(3);
	long r = syscall(SYS_wait4, pid, p, 0, NULL);
	if (r < 0)
		waitpid(pid, NULL, 0);
	return r == pid ? 1 : r;
}
static long c_read(void *p)
{
	int fd = open("/proc/self/exe", O_RDONLY);
	long r = syscall(SYS_read, fd, p, 16);
	close(fd);
	return r;
}
static long c_write(void *p)
{
	int fd = open("scratch", O_CREAT | O_WRONLY | O_TRUNC, 0644);
	long r = syscall(SYS_write, fd, p, 16);
	close(fd);
	unlink("scratch");
	return r;
}
static long c_readv(void *p)
{
	int fd = open("/proc/self/exe", O_RDONLY);
	long r = syscall(SYS_readv, fd, p, 1);
	close(fd);
	return r;
}
static long c_writev_base(void *p)
{
	struct iovec iov = { p, 16 };
	int fd = open("scratch", O_CREAT | O_WRONLY | O_TRUNC, 0644);
	long r = syscall(SYS_writev, fd, &iov, 1);
	close(fd);
	unlink("scratch");
	return r;
}
static long c_getdents(void *p)
{
	int fd = open(".", O_RDONLY | O_DIRECTORY);
	long r = syscall(SYS_getdents64, fd, p, 4096);
	close(fd);
	return r;
}
static long c_mincore(void *p)
{
	static char page[4096] __attribute__((aligned(4096)));
	page[0] = 1;
	return syscall(SYS_mincore, page, 4096, p);
}
static long c_execve(void *p)
{
	return syscall(SYS_execve, p, NULL, NULL);
}

static void path_calls(void)
{
	each("open", c_open);
	each("stat(path)", c_stat);
	each("access", c_access);
	each("mkdir", c_mkdir);
	each("unlink", c_unlink);
	each("chdir", c_chdir);
	each("rename", c_rename);
	each("execve", c_execve);
}

static void buffer_calls(void)
{
	each("stat(buf)", c_stat_buf);
	each("fstat", c_fstat);
	each("getcwd", c_getcwd);
	each("readlink", c_readlink);
	each("pipe", c_pipe);
	each("read", c_read);
	each("write", c_write);
	each("readv(iov)", c_readv);
	each("writev(base)", c_writev_base);
	each("getdents64", c_getdents);
	each("mincore(vec)", c_mincore);
}

static void process_calls(void)
{
	each("uname", c_uname);
	each("clock_gettime", c_clock);
	each("gettimeofday", c_tod);
	each("nanosleep", c_nanosleep);
	each("getrlimit", c_getrlimit);
	each("setrlimit", c_setrlimit);
	each("rt_sigaction(act)", c_sigaction);
	each("rt_sigaction(oldact)", c_sigaction_old);
	each("rt_sigprocmask", c_sigprocmask);
	each("getrandom", c_getrandom);
	each("wait4(status)", c_wait4);
}

static const struct utest tests[] = {
	{ "path_calls", path_calls },
	{ "buffer_calls", buffer_calls },
	{ "process_calls", process_calls },
};

int main(int argc, char **argv)
{
	make_ptrs();
	return utest_run(tests, sizeof(tests) / sizeof(tests[0]), argc, argv);
}
