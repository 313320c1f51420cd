/*
 * tests/run/siginfo.c - SA_SIGINFO handlers: si_signo, si_errno, si_code
 * and si_pid of a kill() to oneself; sigaction reports SA_SIGINFO and
 * sa_sigaction back; sigsetjmp(env, 1) out of a handler restores the
 * signal mask and sigsetjmp(env, 0) does not.  With newlib (tools/pagoda-cc) si_signo is
 * newlib's number (libc/newlib/signal.c), SIGUSR1 being 30 there.
 */
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static siginfo_t seen;
static sigjmp_buf env;

static void record(int sig, siginfo_t *si, void *uc)
{
	(void)uc;
	if (sig == si->si_signo)
		seen = *si;
}

static void jump(int sig)
{
	(void)sig;
	siglongjmp(env, 1);
}

static void catch(int sig, void (*fn)(int, siginfo_t *, void *))
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = fn;
	sa.sa_flags = SA_SIGINFO;
	sigaction(sig, &sa, NULL);
}

/* Whether USR2 is still blocked after leaving its handler by siglongjmp
 * to a sigsetjmp(env, savemask). */
static int blocked_after_jump(int savemask)
{
	sigset_t cur;

	signal(SIGUSR2, jump);
	if (sigsetjmp(env, savemask) == 0)
		kill(getpid(), SIGUSR2);
	sigprocmask(SIG_BLOCK, NULL, &cur);
	int blocked = sigismember(&cur, SIGUSR2);
	sigemptyset(&cur);
	sigprocmask(SIG_SETMASK, &cur, NULL);
	return blocked;
}

int main(void)
{
	struct sigaction old;

	catch(SIGUSR1, record);
	kill(getpid(), SIGUSR1);
	printf("kill: si_signo SIGUSR1 %d, si_errno %d, SI_USER %d, si_pid mine %d\n",
	       seen.si_signo == SIGUSR1, seen.si_errno, seen.si_code == SI_USER,
	       seen.si_pid == getpid());
	sigaction(SIGUSR1, NULL, &old);
	printf("sigaction back: SA_SIGINFO %d, sa_sigaction %d\n",
	       !!(old.sa_flags & SA_SIGINFO), old.sa_sigaction == record);

	printf("sigsetjmp(env, 1): USR2 blocked after %d\n", blocked_after_jump(1));
	printf("sigsetjmp(env, 0): USR2 blocked after %d\n", blocked_after_jump(0));
	return 0;
}
