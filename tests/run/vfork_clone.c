/*
 * tests/run/vfork_clone.c - clone with CLONE_VFORK and a child that is
 * gone before its caller runs again: a thread (CLONE_THREAD, freed as it
 * exits) and a sibling (CLONE_PARENT, reaped by the caller's parent).
 * The caller resumes with the child's id, as on Linux; Pagoda's caller
 * used to read the freed child to see whether to go on sleeping, and hung
 * (found by make fuzz's abifuzz).
 */
#define _GNU_SOURCE
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

/* clone(flags, stack 0): the child exits at once, in the asm, since it
 * runs on the caller's stack. */
static long clone_and_exit(unsigned long flags)
{
	long ret;

	__asm__ volatile("syscall\n\ttest %%rax, %%rax\n\tjnz 1f\n\t"
			 "mov %[exit], %%eax\n\txor %%edi, %%edi\n\tsyscall\n1:"
			 : "=a"(ret)
			 : "a"((long)SYS_clone), "D"(flags), "S"(0L), "d"(0L),
			   [exit] "i"(SYS_exit)
			 : "rcx", "r11", "r10", "r8", "r9", "memory");
	return ret;
}

static void try(const char *what, unsigned long flags)
{
	int st, reaped = 0;
	pid_t w = fork();

	if (w == 0) {
		long r = clone_and_exit(flags);
		_exit(r > 0 ? 0 : 1);
	}
	for (pid_t p; (p = waitpid(-1, &st, __WALL)) > 0; reaped++)
		if (p == w)
			printf("%s: caller resumed, %s\n", what,
			       WIFEXITED(st) && !WEXITSTATUS(st) ?
			       "clone returned a child id" : "clone failed");
	printf("%s: reaped %d\n", what, reaped);
}

int main(void)
{
	try("vfork thread", CLONE_VM | CLONE_SIGHAND | CLONE_THREAD | CLONE_VFORK);
	try("vfork sibling", CLONE_VM | CLONE_PARENT | CLONE_VFORK | SIGCHLD);
	return 0;
}
