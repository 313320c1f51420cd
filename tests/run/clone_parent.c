/*
 * tests/run/clone_parent.c - a child made with clone(CLONE_PARENT) is its
 * creator's sibling, and their parent hears of its death by the creator's
 * own exit signal (SIGCHLD), not by the one in clone's flags, as Linux's
 * copy_process.  Found by make fuzz's abifuzz: a worker's
 * clone(CLONE_PARENT | SIGILL) killed the fuzzer with SIGILL.
 */
#define _GNU_SOURCE
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static volatile sig_atomic_t got_usr1, got_chld;

static void on_signal(int sig)
{
	if (sig == SIGUSR1)
		got_usr1 = 1;
	else
		got_chld = 1;
}

int main(void)
{
	struct sigaction sa;
	int st, codes[2] = { -1, -1 }, n = 0;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sa.sa_flags = SA_RESTART;
	sigaction(SIGUSR1, &sa, NULL);
	sigaction(SIGCHLD, &sa, NULL);
	if (fork() == 0) {
		long g = syscall(SYS_clone, CLONE_PARENT | SIGUSR1, 0, 0, 0, 0);
		if (g == 0)
			_exit(7);
		_exit(g > 0 ? 3 : 4);
	}
	for (pid_t w; n < 2 && (w = waitpid(-1, &st, 0)) > 0; n++)
		codes[n] = WIFEXITED(st) ? WEXITSTATUS(st) : 100 + WTERMSIG(st);
	if (n == 2 && codes[0] > codes[1]) {
		int t = codes[0];
		codes[0] = codes[1];
		codes[1] = t;
	}
	printf("reaped %d children without __WALL, exit codes %d %d\n", n,
	       codes[0], codes[1]);
	printf("SIGUSR1 arrived: %s; SIGCHLD arrived: %s\n",
	       got_usr1 ? "yes" : "no", got_chld ? "yes" : "no");
	return 0;
}
