/*
 * tests/user/mm_stack.c - the main stack: growth on faults below it, RLIMIT_STACK, the guard gap, [stack] in maps, fork;
 * a read-only MAP_GROWSDOWN mapping's growth.
 */
#include "mmtest.h"

/* The main thread's stack: growth, its limit, [stack] in maps. */

static char *stack_here(void)
{
	volatile char c = 0;
	return (char *)((uintptr_t)&c & ~(PG - 1));
}

static void stack_grow(void)
{
	char *sp = stack_here();
	volatile char *far = sp - (4UL << 20);

	probe("touch 4 MiB below the stack pointer", far, 'w', 1);
	probe("read it back", far, 'r', 0);
	probe("touch 64 KiB below", sp - 16 * PG, 'r', 0);
	show_mincore("grown pages resident", (char *)far, 1);
}

static void stack_in_maps(void)
{
	char *sp = stack_here();

	read_maps();
	char *line = strstr(maps_buf, "[stack]");
	printf("[stack] present: %d\n", line != NULL);
	while (line && line > maps_buf && line[-1] != '\n')
		line--;
	unsigned long start, end;
	char perms[8];
	if (line && sscanf(line, "%lx-%lx %7s", &start, &end, perms) == 3)
		printf("[stack] %s, holds the stack pointer: %d\n", perms,
		       start <= (uintptr_t)sp && (uintptr_t)sp < end);
	*(volatile char *)(sp - (1UL << 20)) = 1;
	read_maps();
	line = strstr(maps_buf, "[stack]");
	while (line && line > maps_buf && line[-1] != '\n')
		line--;
	if (line && sscanf(line, "%lx-%lx %7s", &start, &end, perms) == 3)
		printf("after touching 1 MiB below: starts at or below it: %d\n",
		       start <= (uintptr_t)(sp - (1UL << 20)));
}

static void stack_rlimit(void)
{
	/* growth beyond RLIMIT_STACK: SIGSEGV (caught on an alternate stack) */
	struct rlimit rl;
	static char altstack[65536];
	stack_t ss = { .ss_sp = altstack, .ss_size = sizeof(altstack), .ss_flags = 0 };
	struct sigaction sa;
	char *sp = stack_here();

	getrlimit(RLIMIT_STACK, &rl);
	rl.rlim_cur = 2UL << 20;
	SHOW("setrlimit(RLIMIT_STACK, 2 MiB)", setrlimit(RLIMIT_STACK, &rl));
	SHOW("sigaltstack", sigaltstack(&ss, NULL));
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = probe_handler;
	sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
	sigaction(SIGSEGV, &sa, NULL);
	probe_sig = 0;
	if (sigsetjmp(probe_env, 1) == 0) {
		*(volatile char *)(sp - (1UL << 20)) = 1;
		printf("1 MiB below: ok\n");
		*(volatile char *)(sp - (3UL << 20)) = 1;
		printf("3 MiB below: ok\n");
	} else {
		printf("3 MiB below: %s\n", sigcode_name(probe_sig, probe_code));
	}
}

static void stack_overflow_kills(void)
{
	struct rlimit rl;

	getrlimit(RLIMIT_STACK, &rl);
	rl.rlim_cur = 1UL << 20;
	setrlimit(RLIMIT_STACK, &rl);
	pid_t pid = xfork();
	if (pid == 0) {
		signal(SIGSEGV, SIG_DFL);
		char *sp = stack_here();
		for (size_t off = 0; off < (4UL << 20); off += PG)
			*(volatile char *)(sp - off) = 1;
		printf("not reached\n");
		child_exit();
	}
	int st;
	waitpid(pid, &st, 0);
	printf("signaled %d, signal %d\n", WIFSIGNALED(st), WTERMSIG(st));
}

static void stack_gap_below(void)
{
	/* a mapping placed just below the stack stops its growth */
	char *sp = stack_here();
	char *low = (char *)(((uintptr_t)sp - (2UL << 20)) & ~(PG - 1));
	char *m = mmap(low, PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);

	printf("placed 2 MiB below the stack pointer: %d\n", m == low);
	probe("touch 1 MiB below the stack pointer", sp - (1UL << 20), 'w', 1);
	probe("touch just above the mapping (inside the guard gap)", low + 2 * PG, 'w', 1);
}

static void stack_fork(void)
{
	char buf[8192];

	memset(buf, 'p', sizeof(buf));
	char *sp = stack_here();
	*(volatile char *)(sp - (2UL << 20)) = 'd';
	pid_t pid = xfork();
	if (pid == 0) {
		printf("child: %c %c\n", buf[8000], *(volatile char *)(sp - (2UL << 20)));
		memset(buf, 'c', sizeof(buf));
		*(volatile char *)(sp - (2UL << 20)) = 'e';
		*(volatile char *)(sp - (3UL << 20)) = 'f';
		child_exit();
	}
	reap(pid);
	printf("parent: %c %c\n", buf[8000], *(volatile char *)(sp - (2UL << 20)));
}

/* A read-only MAP_GROWSDOWN mapping grows too; it is not charged to
 * overcommit (not private writable), so its growth must not be either. */
static void stack_readonly_grows(void)
{
	char *hole = mmap(NULL, 4UL << 20, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	munmap(hole, 4UL << 20);
	char *top = hole + (4UL << 20) - PG;
	char *m = mmap(top, PG, PROT_READ,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_GROWSDOWN | MAP_FIXED, -1, 0);
	printf("mapped read-only, growing down: %d\n", m == top);
	probe("read a page below it", top - PG, 'r', 0);
	SHOW("mprotect(PROT_READ) of both pages", mprotect(top - PG, 2 * PG, PROT_READ));
	SHOW("munmap of both pages", munmap(top - PG, 2 * PG));
}

static const struct utest tests[] = {
	{ "stack_grow", stack_grow },
	{ "stack_in_maps", stack_in_maps },
	{ "stack_rlimit", stack_rlimit },
	{ "stack_overflow_kills", stack_overflow_kills },
	{ "stack_gap_below", stack_gap_below },
	{ "stack_fork", stack_fork },
	{ "stack_readonly_grows", stack_readonly_grows },
};

UTEST_MAIN(tests)
