/*
 * tests/user/proc.c - processes: fork, exit statuses, wait, execve with
 * argv and envp, bad pointers given to read/write/execve.
 */
#include "utest.h"
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/resource.h>

static void fork_exit_status(void)
{
	for (int code = 0; code < 300; code += 73) {
		pid_t pid = fork();
		if (pid == 0)
			_exit(code);
		int st;
		waitpid(pid, &st, 0);
		printf("exit(%d): exited=%d status=%d\n", code, WIFEXITED(st),
		       WEXITSTATUS(st));
	}
}

static void fork_many(void)
{
	int n = 0;

	for (int i = 0; i < 20; i++) {
		pid_t pid = fork();
		if (pid == 0)
			_exit(i);
		if (pid > 0)
			n++;
	}
	int sum = 0, st;
	while (wait(&st) > 0)
		sum += WEXITSTATUS(st);
	printf("forked %d, sum of statuses %d\n", n, sum);
}

static void wait_nohang(void)
{
	int st;
	pid_t pid = fork();

	if (pid == 0) {
		usleep(100000);
		_exit(7);
	}
	SHOW("waitpid(WNOHANG) before exit", waitpid(pid, &st, WNOHANG));
	SHOW("waitpid", waitpid(pid, &st, 0) == pid);
	printf("status %d\n", WEXITSTATUS(st));
	SHOW("waitpid(no child)", waitpid(-1, &st, 0));
	SHOW("waitpid(bad options)", waitpid(-1, &st, 0x1000));
}

static void killed_by_signal(void)
{
	int sigs[] = { SIGSEGV, SIGKILL, SIGTERM, SIGABRT, SIGUSR1 };

	for (unsigned i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++) {
		pid_t pid = fork();
		if (pid == 0) {
			raise(sigs[i]);
			_exit(0);
		}
		int st;
		waitpid(pid, &st, 0);
		printf("raise(%d): signaled=%d sig=%d\n", sigs[i], WIFSIGNALED(st),
		       WTERMSIG(st));
	}
}

static void exec_args(void)
{
	pid_t pid = fork();

	if (pid == 0) {
		char *argv[] = { "/proc/self/exe", "exec-child", "two words", NULL };
		char *envp[] = { "A=1", "B=two", NULL };
		execve("/proc/self/exe", argv, envp);
		printf("execve failed: %s\n", errname(errno));
		_exit(1);
	}
	int st;
	waitpid(pid, &st, 0);
	printf("child status %d\n", WEXITSTATUS(st));
}

static void exec_errors(void)
{
	char *argv[] = { "x", NULL };
	char *volatile bad_path = (char *)1;	/* volatile: gcc would warn */
	char **volatile bad_argv = (char **)1;

	SHOW("execve(missing)", execve("/no/such/file", argv, NULL));
	SHOW("execve(directory)", execve("/tmp", argv, NULL));
	SHOW("execve(bad path ptr)", execve(bad_path, argv, NULL));
	SHOW("execve(bad argv ptr)", execve("/proc/self/exe", bad_argv, NULL));
	char *bad[] = { "x", (char *)16, NULL };
	SHOW("execve(bad argv string)", execve("/proc/self/exe", bad, NULL));
	int fd = open("notelf", O_CREAT | O_WRONLY | O_TRUNC, 0755);
	write(fd, "hello, not an ELF file\n", 23);
	close(fd);
	SHOW("execve(not ELF)", execve("notelf", argv, NULL));
	unlink("notelf");
}

static void bad_pointers(void)
{
	char *none = mmap(NULL, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	char *ro = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	int p[2];
	char *ptrs[] = { NULL, (char *)0xfff, (char *)0x7ffffffff000ul,
			 (char *)0x800000000000ul, (char *)0xffffffff80000000ul,
			 none };
	pipe(p);
	for (unsigned i = 0; i < sizeof(ptrs) / sizeof(ptrs[0]); i++) {
		char what[64];
		snprintf(what, sizeof(what), "write(pipe, bad[%u], 10)", i);
		SHOW(what, write(p[1], ptrs[i], 10));
		write(p[1], "0123456789", 10);
		snprintf(what, sizeof(what), "read(pipe, bad[%u], 10)", i);
		SHOW(what, read(p[0], ptrs[i], 10));
	}
	char buf[10];
	SHOW("read(pipe, good, 10)", read(p[0], buf, 10));
	write(p[1], "abc", 3);
	SHOW("read(pipe, read-only page, 3)", read(p[0], ro, 3));
	SHOW("write(1, read-only page, 0)", write(1, ro, 0));
	char *volatile bad_path = (char *)1;
	SHOW("open(bad path)", open(bad_path, O_RDONLY));
	printf("still running\n");
}

/* 10,000 fork/exit/wait cycles: nothing may leak (tools/test compares the
 * free frames before and after). */
static void fork_10000(void)
{
	int ok = 0;

	for (int i = 0; i < 10000; i++) {
		pid_t pid = fork();
		if (pid == 0)
			_exit(i & 0x7f);
		int st;
		if (waitpid(pid, &st, 0) == pid && WEXITSTATUS(st) == (i & 0x7f))
			ok++;
	}
	printf("10000 forks, %d reaped with the right status\n", ok);
}

/* getrusage and wait4 count page faults in ru_minflt (fields 8 and 9 of
 * struct rusage, after the two timevals and four other longs). */
static void rusage_faults(void)
{
	struct rusage a, b;
	char *p = mmap(NULL, 200 * 4096, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	getrusage(RUSAGE_SELF, &a);
	for (int i = 0; i < 200; i++)
		p[i * 4096] = 1;
	getrusage(RUSAGE_SELF, &b);
	printf("200 first touches: minflt grew by at least 200: %s\n",
	       b.ru_minflt - a.ru_minflt >= 200 ? "yes" : "no");
	pid_t pid = fork();
	if (pid == 0) {
		for (int i = 0; i < 200; i++)
			p[i * 4096] = 2;	/* copy-on-write: 200 faults */
		/* 8 MiB more for maxrss: Linux reads RSS through per-CPU
		 * counters that may lag by up to 31 pages per CPU. */
		char *big = mmap(NULL, 8 << 20, PROT_READ | PROT_WRITE,
				 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		for (int i = 0; big != MAP_FAILED && i < 2048; i++)
			big[i * 4096] = 3;
		_exit(0);
	}
	int st;
	struct rusage cr;
	wait4(pid, &st, 0, &cr);
	printf("child's minflt (wait4) at least 200: %s\n",
	       cr.ru_minflt >= 200 ? "yes" : "no");
	struct rusage kids, self;
	getrusage(RUSAGE_CHILDREN, &kids);
	getrusage(RUSAGE_SELF, &self);
	printf("RUSAGE_CHILDREN counts the reaped child's faults: %s\n",
	       kids.ru_minflt >= 200 ? "yes" : "no");
	printf("RUSAGE_SELF does not: %s\n",
	       self.ru_minflt - b.ru_minflt < 200 ? "yes" : "no");
	printf("RUSAGE_CHILDREN maxrss at least 6 MiB (in KiB): %s\n",
	       kids.ru_maxrss >= 6 * 1024 ? "yes" : "no");
	SHOW("getrusage(7)", getrusage(7, &kids));
}

static const struct utest tests[] = {
	{ "rusage_faults", rusage_faults },
	{ "fork_10000", fork_10000 },
	{ "fork_exit_status", fork_exit_status },
	{ "fork_many", fork_many },
	{ "wait_nohang", wait_nohang },
	{ "killed_by_signal", killed_by_signal },
	{ "exec_args", exec_args },
	{ "exec_errors", exec_errors },
	{ "bad_pointers", bad_pointers },
};

int main(int argc, char **argv)
{
	if (argc > 1 && !strcmp(argv[1], "exec-child")) {
		extern char **environ;
		printf("exec child: argc=%d argv[2]=\"%s\"\n", argc, argv[2]);
		for (char **e = environ; *e; e++)
			printf("env %s\n", *e);
		return 5;
	}
	return utest_run(tests, sizeof(tests) / sizeof(tests[0]), argc, argv);
}
