/*
 * Start-up and system information: auxv and getauxval, sysconf, uname,
 * getrandom, resource limits, clocks and sleeping, syscall()/__syscall,
 * isatty, atexit ordering, assert's message.
 */
#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/random.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/sysinfo.h>
#include <sys/time.h>
#include <sys/times.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "check.h"

void _start(void);

/* Every entry of the kernel's auxv (in /proc/self/auxv) via getauxval. */
static void test_proc_auxv(void)
{
	unsigned long aux[2 * 64];
	int fd = open("/proc/self/auxv", O_RDONLY);
	ssize_t n = read(fd, aux, sizeof(aux));
	int i, entries = 0;

	close(fd);
	CHECK(n > 0);
	for (i = 0; i < n / 8 && aux[i] != AT_NULL; i += 2, entries++)
		if (aux[i] != AT_IGNORE)
			CHECK_EQ(getauxval(aux[i]), aux[i + 1]);
	CHECK(entries >= 10);
}

static void test_auxv(void)
{
	test_proc_auxv();
	errno = 0;
	CHECK_EQ(getauxval(AT_PAGESZ), 4096);
	CHECK_EQ(getauxval(AT_ENTRY), (unsigned long)_start);
	CHECK(getauxval(AT_RANDOM) != 0);
	CHECK(getauxval(AT_PHDR) != 0);
	CHECK_EQ(getauxval(AT_PHENT), 56);	/* sizeof(Elf64_Phdr) */
	CHECK_EQ(getauxval(AT_UID), getuid());
	CHECK_EQ(errno, 0);
	CHECK_EQ(getauxval(12345), 0);
	CHECK_EQ(errno, ENOENT);
	CHECK_EQ(sysconf(_SC_PAGESIZE), 4096);
	CHECK_EQ(getpagesize(), 4096);
	CHECK_EQ(sysconf(_SC_CLK_TCK), 100);
	CHECK(sysconf(_SC_NPROCESSORS_ONLN) >= 1);
	CHECK(sysconf(_SC_PHYS_PAGES) > 1000);
	CHECK(sysconf(_SC_OPEN_MAX) >= 20);
	errno = 0;
	CHECK_EQ(sysconf(-1), -1);
	CHECK_EQ(errno, EINVAL);
}

static void test_system(void)
{
	struct utsname u;
	struct rlimit rl, old;
	struct sysinfo si;
	unsigned char r1[32] = { 0 }, r2[32] = { 0 };

	CHECK_EQ(uname(&u), 0);
	CHECK_STR(u.sysname, "Linux");
	CHECK_STR(u.machine, "x86_64");
	CHECK_EQ(getrandom(r1, sizeof(r1), 0), 32);
	CHECK_EQ(getrandom(r2, sizeof(r2), GRND_NONBLOCK), 32);
	CHECK(memcmp(r1, r2, sizeof(r1)) != 0);
	CHECK_EQ(getrlimit(RLIMIT_STACK, &rl), 0);
	CHECK(rl.rlim_cur >= 65536);
	CHECK_EQ(getrlimit(RLIMIT_NOFILE, &old), 0);
	rl = old;
	rl.rlim_cur = 10;
	CHECK_EQ(setrlimit(RLIMIT_NOFILE, &rl), 0);
	errno = 0;
	CHECK_EQ(dup2(0, 12), -1);
	CHECK_EQ(errno, EBADF);			/* beyond the fd limit */
	CHECK_EQ(prlimit(0, RLIMIT_NOFILE, &old, &rl), 0);
	CHECK_EQ(rl.rlim_cur, 10);
	CHECK_EQ(sysinfo(&si), 0);
	CHECK(si.totalram > 0 && si.mem_unit > 0);
}

static void test_time(void)
{
	struct timespec a, b, req = { 0, 20 * 1000 * 1000 };
	struct timeval tv;
	struct tms t;
	time_t now;

	CHECK_EQ(clock_gettime(CLOCK_MONOTONIC, &a), 0);
	CHECK_EQ(nanosleep(&req, NULL), 0);
	CHECK_EQ(clock_gettime(CLOCK_MONOTONIC, &b), 0);
	CHECK((b.tv_sec - a.tv_sec) * 1000000000L + b.tv_nsec - a.tv_nsec >=
	      20 * 1000 * 1000);
	CHECK_EQ(usleep(1000), 0);
	CHECK_EQ(sleep(0), 0);
	now = time(NULL);
	CHECK(now > 1600000000);
	CHECK_EQ(gettimeofday(&tv, NULL), 0);
	CHECK(tv.tv_sec - now <= 1 && tv.tv_usec < 1000000);
	CHECK_EQ(clock_getres(CLOCK_REALTIME, &a), 0);
	CHECK(clock() >= 0);
	CHECK(times(&t) != (clock_t)-1);
	errno = 0;
	CHECK_EQ(clock_gettime(12345, &a), -1);
	CHECK_EQ(errno, EINVAL);
	req.tv_nsec = 2000000000L;
	CHECK_EQ(clock_nanosleep(CLOCK_MONOTONIC, 0, &req, NULL), EINVAL);
}

static void test_syscall(void)
{
	int p[2];

	CHECK_EQ(syscall(SYS_getpid), getpid());
	errno = 0;
	CHECK_EQ(syscall(SYS_close, -1), -1);
	CHECK_EQ(errno, EBADF);
	CHECK_EQ(__syscall(SYS_close, -1), -EBADF);
	CHECK_EQ(__syscall(SYS_mmap, 0, 4096, 0, 0x22, -1, 4097), -EINVAL);
	CHECK_EQ(pipe(p), 0);
	errno = 0;
	CHECK(!isatty(p[0]));
	CHECK_EQ(errno, ENOTTY);
	close(p[0]);
	close(p[1]);
}

static int order[3], norder;

/* Registered first, so runs last; stdout is flushed after it. */
static void first(void)
{
	order[norder++] = 1;
	printf("%d%d", order[0], order[1]);
}

static void second(void)
{
	order[norder++] = 2;
}

/* Exit status and output of a child running fn. */
static int child(void (*fn)(void), char *out, size_t size)
{
	int p[2], status;
	ssize_t n;
	pid_t pid;

	pipe(p);
	pid = fork();
	if (pid == 0) {
		dup2(p[1], 1);
		dup2(p[1], 2);
		fn();
		exit(9);
	}
	close(p[1]);
	n = read(p[0], out, size - 1);
	out[n > 0 ? n : 0] = '\0';
	close(p[0]);
	waitpid(pid, &status, 0);
	return status;
}

static void use_atexit(void)
{
	atexit(first);
	atexit(second);
}

static void failing_assert(void)
{
	assert(1 + 1 == 3);
}

static void test_exit_assert(void)
{
	char out[256];
	int s;

	s = child(use_atexit, out, sizeof(out));
	CHECK_EQ(WEXITSTATUS(s), 9);
	CHECK_STR(out, "21");
	s = child(failing_assert, out, sizeof(out));
	CHECK(WIFSIGNALED(s) && WTERMSIG(s) == SIGABRT);
	CHECK(strstr(out, "t_misc.c:") != NULL);
	CHECK(strstr(out, ": failing_assert: Assertion `1 + 1 == 3' failed.\n"));
}

int main(void)
{
	test_auxv();
	test_system();
	test_time();
	test_syscall();
	test_exit_assert();
	return check_done();
}
