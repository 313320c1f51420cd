/*
 * Signals: a SIGSEGV handler sees si_addr, si_code and the fault in the
 * ucontext and leaves with siglongjmp; handlers that return (through
 * __restore_rt); masks and pending signals; SIG_IGN; SA_RESETHAND;
 * SIGCHLD's siginfo; the alternate stack.
 */
#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>
#include "check.h"

static sigjmp_buf env;
static volatile sig_atomic_t hits;
static siginfo_t last_info;
static struct sigcontext last_ctx;
static volatile uintptr_t handler_sp;

static void on_fault(int sig, siginfo_t *si, void *ctx)
{
	(void)sig;
	last_info = *si;
	last_ctx = ((ucontext_t *)ctx)->uc_mcontext;
	hits++;
	siglongjmp(env, 1);
}

/* Write to p under a SIGSEGV handler; 1 if it faulted. */
static int faults_on_write(volatile char *p)
{
	if (sigsetjmp(env, 1))
		return 1;
	*p = 1;
	return 0;
}

static void test_segv(void)
{
	struct sigaction sa = { .sa_sigaction = on_fault,
				.sa_flags = SA_SIGINFO };
	char *page = mmap(NULL, 8192, PROT_READ | PROT_WRITE,
			  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	int i;

	CHECK(page != MAP_FAILED);
	CHECK_EQ(sigaction(SIGSEGV, &sa, NULL), 0);
	CHECK_EQ(mprotect(page, 4096, PROT_READ), 0);
	for (i = 0; i < 2; i++) {	/* twice: the mask was restored */
		hits = 0;
		CHECK(faults_on_write(page + 123));
		CHECK_EQ(hits, 1);
		CHECK_EQ(last_info.si_signo, SIGSEGV);
		CHECK_EQ(last_info.si_code, SEGV_ACCERR);
		CHECK(last_info.si_addr == page + 123);
		CHECK_EQ(last_ctx.cr2, (uintptr_t)(page + 123));
		CHECK_EQ(last_ctx.trapno, 14);		/* page fault */
		CHECK(last_ctx.err & 2);		/* a write */
	}
	CHECK(!faults_on_write(page + 4096));	/* still writable */
	munmap(page, 8192);
	CHECK(faults_on_write(page + 5000));
	CHECK_EQ(last_info.si_code, SEGV_MAPERR);
	CHECK(last_info.si_addr == page + 5000);
	signal(SIGSEGV, SIG_DFL);
}

static volatile int in_handler_usr2_blocked;

static void on_usr1(int sig)
{
	sigset_t now;

	sigprocmask(SIG_BLOCK, NULL, &now);
	in_handler_usr2_blocked = sigismember(&now, SIGUSR2) &&
				  sigismember(&now, sig);
	hits++;
}

static void test_return_and_mask(void)
{
	struct sigaction sa = { .sa_handler = on_usr1 }, old;
	sigset_t set, pending;
	volatile double x = 1.5;

	sigemptyset(&sa.sa_mask);
	sigaddset(&sa.sa_mask, SIGUSR2);
	CHECK_EQ(sigaction(SIGUSR1, &sa, NULL), 0);
	CHECK_EQ(sigaction(SIGUSR1, NULL, &old), 0);
	CHECK(old.sa_handler == on_usr1);
	CHECK(sigismember(&old.sa_mask, SIGUSR2));
	hits = 0;
	CHECK_EQ(raise(SIGUSR1), 0);		/* handler returns here */
	CHECK_EQ(hits, 1);
	CHECK(in_handler_usr2_blocked);
	CHECK(x * 2 == 3.0);

	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	CHECK_EQ(sigprocmask(SIG_BLOCK, &set, NULL), 0);
	raise(SIGUSR1);
	CHECK_EQ(hits, 1);			/* blocked: pending */
	CHECK_EQ(sigpending(&pending), 0);
	CHECK(sigismember(&pending, SIGUSR1));
	CHECK_EQ(sigprocmask(SIG_UNBLOCK, &set, NULL), 0);
	CHECK_EQ(hits, 2);			/* delivered on unblock */

	CHECK(signal(SIGUSR2, SIG_IGN) == SIG_DFL);
	raise(SIGUSR2);				/* ignored */
	CHECK(signal(SIGUSR2, SIG_DFL) == SIG_IGN);
}

static void test_resethand(void)
{
	struct sigaction sa = { .sa_handler = on_usr1,
				.sa_flags = (int)SA_RESETHAND }, old;

	hits = 0;
	sigaction(SIGUSR1, &sa, NULL);
	raise(SIGUSR1);
	CHECK_EQ(hits, 1);
	sigaction(SIGUSR1, NULL, &old);
	CHECK(old.sa_handler == SIG_DFL);
}

static void test_sigsets(void)
{
	sigset_t s;

	CHECK_EQ(sigfillset(&s), 0);
	CHECK_EQ(sigismember(&s, SIGKILL), 1);
	CHECK_EQ(sigismember(&s, 64), 1);
	CHECK_EQ(sigemptyset(&s), 0);
	CHECK_EQ(sigismember(&s, SIGINT), 0);
	errno = 0;
	CHECK_EQ(sigaddset(&s, 0), -1);
	CHECK_EQ(errno, EINVAL);
	CHECK_EQ(sigaddset(&s, 65), -1);
	CHECK_EQ(sigdelset(&s, -1), -1);
}

static volatile pid_t chld_pid;
static volatile int chld_code, chld_status;

static void on_chld(int sig, siginfo_t *si, void *ctx)
{
	(void)sig;
	(void)ctx;
	chld_pid = si->si_pid;
	chld_code = si->si_code;
	chld_status = si->si_status;
}

static void test_sigchld(void)
{
	struct sigaction sa = { .sa_sigaction = on_chld,
				.sa_flags = SA_SIGINFO };
	sigset_t block, old;
	pid_t pid;

	sigemptyset(&block);
	sigaddset(&block, SIGCHLD);
	sigprocmask(SIG_BLOCK, &block, &old);
	sigaction(SIGCHLD, &sa, NULL);
	pid = fork();
	if (pid == 0)
		_exit(3);
	while (!chld_pid)
		sigsuspend(&old);		/* returns -1, EINTR */
	sigprocmask(SIG_SETMASK, &old, NULL);
	CHECK_EQ(chld_pid, pid);
	CHECK_EQ(chld_code, CLD_EXITED);
	CHECK_EQ(chld_status, 3);
	waitpid(pid, NULL, 0);
	signal(SIGCHLD, SIG_DFL);
}

static void on_alt(int sig)
{
	int local;

	(void)sig;
	handler_sp = (uintptr_t)&local;
}

static void test_altstack(void)
{
	static char stack[SIGSTKSZ];
	stack_t ss = { .ss_sp = stack, .ss_size = sizeof(stack) }, old;
	struct sigaction sa = { .sa_handler = on_alt, .sa_flags = SA_ONSTACK };

	CHECK_EQ(sigaltstack(&ss, &old), 0);
	CHECK(old.ss_flags & SS_DISABLE);
	sigaction(SIGUSR1, &sa, NULL);
	raise(SIGUSR1);
	CHECK(handler_sp > (uintptr_t)stack &&
	      handler_sp < (uintptr_t)stack + sizeof(stack));
	ss.ss_flags = SS_DISABLE;
	sigaltstack(&ss, NULL);
	signal(SIGUSR1, SIG_DFL);
}

int main(void)
{
	test_segv();
	test_return_and_mask();
	test_resethand();
	test_sigsets();
	test_sigchld();
	test_altstack();
	return check_done();
}
