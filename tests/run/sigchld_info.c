/*
 * tests/run/sigchld_info.c - the siginfo of SIGCHLD, as Linux fills it:
 * CLD_EXITED with the exit code, CLD_KILLED with the signal, si_pid the
 * child and si_uid its uid; and kill()'s SI_USER with the sender's pid and
 * uid.  Compared with the Linux host.
 */
#define _GNU_SOURCE
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static volatile sig_atomic_t got;
static siginfo_t last;

static void on_signal(int sig, siginfo_t *si, void *uc)
{
	(void)sig;
	(void)uc;
	last = *si;
	got = 1;
}

static const char *code_name(int code)
{
	switch (code) {
	case CLD_EXITED: return "CLD_EXITED";
	case CLD_KILLED: return "CLD_KILLED";
	case CLD_DUMPED: return "CLD_DUMPED";
	case SI_USER: return "SI_USER";
	default: return "other";
	}
}

/* Wait for the signal with it blocked outside the wait: no race. */
static void wait_signal(const sigset_t *old)
{
	while (!got)
		sigsuspend(old);
	got = 0;
}

static void report(const char *what, pid_t pid)
{
	printf("%s: signo %s code %s pid %s uid %s status %d\n", what,
	       last.si_signo == SIGCHLD ? "SIGCHLD" : "other", code_name(last.si_code),
	       last.si_pid == pid ? "child" : "wrong",
	       last.si_uid == getuid() ? "mine" : "wrong", last.si_status);
}

int main(void)
{
	struct sigaction sa;
	sigset_t block, old;
	int status;

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_signal;
	sa.sa_flags = SA_SIGINFO;
	sigaction(SIGCHLD, &sa, NULL);
	sigemptyset(&block);
	sigaddset(&block, SIGCHLD);
	sigprocmask(SIG_BLOCK, &block, &old);

	pid_t pid = fork();
	if (pid == 0)
		_exit(7);
	wait_signal(&old);
	report("exit 7", pid);
	waitpid(pid, &status, 0);

	pid = fork();
	if (pid == 0) {
		for (;;)
			pause();
	}
	kill(pid, SIGTERM);
	wait_signal(&old);
	report("SIGTERM", pid);
	waitpid(pid, &status, 0);

	kill(getpid(), SIGCHLD);
	wait_signal(&old);
	printf("kill: code %s pid %s uid %s\n", code_name(last.si_code),
	       last.si_pid == getpid() ? "mine" : "wrong",
	       last.si_uid == getuid() ? "mine" : "wrong");
	return 0;
}
