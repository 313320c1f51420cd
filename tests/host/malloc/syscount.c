/*
 * tests/host/malloc/syscount.c - a tiny ptrace-based counter of the memory
 * system calls a program makes, phase by phase.
 *
 * The traced program announces phases with write(-1, "phase:NAME", len),
 * which fails with EBADF and costs nothing.  For each phase syscount prints
 *
 *     NAME brk+=N brk-=N mmap=N munmap=N mremap=N
 *
 * where brk+ / brk- count brk calls that moved the break up / down.  Calls
 * outside any phase (the dynamic loader's) are not counted.
 *
 * usage: syscount [-p preload.so] program [args...]
 */
#define _GNU_SOURCE 1
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/user.h>
#include <sys/wait.h>
#include <unistd.h>

struct phase {
	char name[72];
	int brk_up, brk_down, mmap, munmap, mremap;
};

static struct phase cur;
static int in_phase;
static unsigned long last_brk;

static void print_phase(void)
{
	if (in_phase)
		printf("%s brk+=%d brk-=%d mmap=%d munmap=%d mremap=%d\n", cur.name, cur.brk_up,
		       cur.brk_down, cur.mmap, cur.munmap, cur.mremap);
}

/* Copy the phase name (after "phase:") out of the tracee's memory. */
static void start_phase(pid_t pid, unsigned long addr, unsigned long len)
{
	char buf[72] = { 0 };
	if (len > 70)
		len = 70;
	for (unsigned long i = 0; i < len; i += sizeof(long)) {
		long word = ptrace(PTRACE_PEEKDATA, pid, addr + i, NULL);
		memcpy(buf + i, &word, sizeof(long));
	}
	buf[len] = 0;
	if (strncmp(buf, "phase:", 6) != 0)
		return;
	print_phase();
	memset(&cur, 0, sizeof(cur));
	snprintf(cur.name, sizeof(cur.name), "%s", buf + 6);
	in_phase = 1;
}

/* Account for one finished system call. */
static void on_exit_of(struct user_regs_struct *r)
{
	long ret = (long)r->rax;
	switch (r->orig_rax) {
	case SYS_brk:
		if (last_brk && (unsigned long)ret > last_brk)
			cur.brk_up++;
		else if (last_brk && (unsigned long)ret < last_brk)
			cur.brk_down++;
		last_brk = (unsigned long)ret;
		break;
	case SYS_mmap:
		cur.mmap += ret >= 0 || ret < -4095;
		break;
	case SYS_munmap:
		cur.munmap += ret == 0;
		break;
	case SYS_mremap:
		cur.mremap++;
		break;
	}
}

static int trace(pid_t pid)
{
	int status, entering = 1;
	waitpid(pid, &status, 0);           /* stopped at execve */
	ptrace(PTRACE_SETOPTIONS, pid, 0, PTRACE_O_TRACESYSGOOD | PTRACE_O_EXITKILL);
	ptrace(PTRACE_SYSCALL, pid, 0, 0);
	while (waitpid(pid, &status, 0) == pid) {
		int sig = 0;
		if (WIFEXITED(status) || WIFSIGNALED(status))
			break;
		if (WSTOPSIG(status) == (SIGTRAP | 0x80)) {
			struct user_regs_struct r;
			ptrace(PTRACE_GETREGS, pid, 0, &r);
			if (entering && r.orig_rax == SYS_write && (int)r.rdi == -1)
				start_phase(pid, r.rsi, r.rdx);
			else if (!entering && in_phase)
				on_exit_of(&r);
			else if (!entering && r.orig_rax == SYS_brk)
				last_brk = r.rax;
			entering = !entering;
		} else {
			sig = WSTOPSIG(status);
		}
		ptrace(PTRACE_SYSCALL, pid, 0, sig);
	}
	print_phase();
	if (WIFSIGNALED(status)) {
		fprintf(stderr, "syscount: child killed by signal %d\n", WTERMSIG(status));
		return 128 + WTERMSIG(status);
	}
	return WEXITSTATUS(status);
}

int main(int argc, char **argv)
{
	const char *preload = NULL;
	int arg = 1;
	if (argc > 2 && strcmp(argv[1], "-p") == 0) {
		preload = argv[2];
		arg = 3;
	}
	if (arg >= argc) {
		fprintf(stderr, "usage: syscount [-p preload.so] program [args...]\n");
		return 2;
	}
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		if (preload)
			setenv("LD_PRELOAD", preload, 1);
		ptrace(PTRACE_TRACEME, 0, 0, 0);
		execv(argv[arg], argv + arg);
		perror("execv");
		_exit(127);
	}
	return trace(pid);
}
