/*
 * user/sh/jobs.c - job control on a terminal: the shell's own process
 * group, handing the terminal to the foreground job, and announcing the
 * background jobs that finished.
 */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <unistd.h>
#include "sh.h"

/* Make process group pg the terminal's foreground group (tcsetpgrp). */
void give_terminal(pid_t pg)
{
	ioctl(STDIN_FILENO, TIOCSPGRP, &pg);
}

/* Collect finished background jobs, announcing them on a terminal. */
void reap_jobs(bool interactive)
{
	int st;
	pid_t pid;

	while ((pid = waitpid(-1, &st, WNOHANG)) > 0) {
		if (!interactive)
			continue;
		if (WIFSIGNALED(st))
			fprintf(stderr, "[%d] %s\n", pid, strsignal(WTERMSIG(st)));
		else if (WEXITSTATUS(st))
			fprintf(stderr, "[%d] Exit %d\n", pid, WEXITSTATUS(st));
		else
			fprintf(stderr, "[%d] Done\n", pid);
	}
}

static void on_sigint(int sig)
{
	(void)sig;
}

/* Job control setup: own process group, the terminal, ^C interrupts only
 * the line being typed, and tcsetpgrp from the background is allowed. */
void init_terminal(void)
{
	struct sigaction sa = { .sa_handler = on_sigint };

	sigaction(SIGINT, &sa, NULL);	/* no SA_RESTART: read() sees EINTR */
	signal(SIGQUIT, SIG_IGN);
	signal(SIGTTOU, SIG_IGN);
	signal(SIGTTIN, SIG_IGN);
	setpgid(0, 0);
	give_terminal(getpid());
}
