/*
 * tests/user/threads.c - threads made with raw clone (Pagoda's libc has
 * no pthreads): create and join through CLONE_CHILD_CLEARTID and a futex,
 * clone and clone3 argument errors, exit vs exit_group, a leader that
 * exits first (its parent reaps the process only when the last thread is
 * gone), and the robust-list calls.  Each boot's leak check sees that
 * the threads' task structs and kernel stacks are freed.
 */
#include "utest.h"
#include <stdint.h>
#include <sys/mman.h>
#include <sys/syscall.h>

#define CLONE_VM		0x00000100
#define CLONE_FS		0x00000200
#define CLONE_FILES		0x00000400
#define CLONE_SIGHAND		0x00000800
#define CLONE_THREAD		0x00010000
#define CLONE_SYSVSEM		0x00040000
#define CLONE_PARENT_SETTID	0x00100000
#define CLONE_CHILD_CLEARTID	0x00200000
#define THREAD_FLAGS	(CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | \
			 CLONE_THREAD | CLONE_SYSVSEM | CLONE_PARENT_SETTID | \
			 CLONE_CHILD_CLEARTID)
#define FUTEX_WAIT	0
#define STACK_SIZE	(64 * 1024)

/*
 * Start fn(arg) in a new thread on a fresh stack; *tid gets its id, and
 * is cleared (with a futex wake) when it exits.  The child leaves with
 * SYS_exit when fn returns.  Returns the tid or -1.
 */
static long thread_spawn(void (*fn)(void *), void *arg, volatile int *tid)
{
	char *stack = mmap(NULL, STACK_SIZE, PROT_READ | PROT_WRITE,
			   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	register long r10 __asm__("r10") = (long)tid;	/* child_tid */
	register long r8 __asm__("r8") = 0;		/* tls */
	register long r12 __asm__("r12") = (long)fn;
	register long r13 __asm__("r13") = (long)arg;
	long ret;

	__asm__ volatile("syscall\n\t"
			 "test %%rax, %%rax\n\t"
			 "jnz 1f\n\t"
			 "mov %%r13, %%rdi\n\t"
			 "call *%%r12\n\t"
			 "mov $60, %%eax\n\t"
			 "xor %%edi, %%edi\n\t"
			 "syscall\n"
			 "1:"
			 : "=a"(ret)
			 : "a"(SYS_clone), "D"(THREAD_FLAGS), "S"(stack + STACK_SIZE),
			   "d"(tid), "r"(r10), "r"(r8), "r"(r12), "r"(r13)
			 : "rcx", "r11", "memory");
	if (ret < 0) {
		errno = -ret;
		return -1;
	}
	return ret;
}

/* pthread_join's way: sleep on the tid word until the exit clears it. */
static void thread_join(volatile int *tid)
{
	int t;

	while ((t = *tid))
		syscall(SYS_futex, tid, FUTEX_WAIT, t, NULL, NULL, 0);
}

static volatile int counter;
static volatile int seen_pid[8], seen_tid[8];

static void count(void *arg)
{
	int i = (int)(intptr_t)arg;

	seen_pid[i] = getpid();
	seen_tid[i] = (int)syscall(SYS_gettid);
	__atomic_add_fetch(&counter, 1, __ATOMIC_SEQ_CST);
}

static void create_join(void)
{
	volatile int tids[8];
	int ok = 1;

	for (int round = 0; round < 20; round++) {
		for (int i = 0; i < 8; i++)
			if (thread_spawn(count, (void *)(intptr_t)i, &tids[i]) <= 0)
				ok = 0;
		for (int i = 0; i < 8; i++) {
			thread_join(&tids[i]);
			ok &= seen_pid[i] == getpid() && seen_tid[i] != getpid();
		}
	}
	printf("160 threads ran: counter %d, same pid, own tids: %d\n",
	       counter, ok);
}

static void clone_errors(void)
{
	uint64_t args[12] = { 0 };

	SHOW("clone(CLONE_THREAD) without CLONE_SIGHAND",
	     syscall(SYS_clone, CLONE_VM | CLONE_THREAD, 0, 0, 0, 0));
	SHOW("clone(CLONE_SIGHAND) without CLONE_VM",
	     syscall(SYS_clone, CLONE_SIGHAND, 0, 0, 0, 0));
	SHOW("clone3 size 0", syscall(SYS_clone3, args, 0));
	SHOW("clone3 size 63", syscall(SYS_clone3, args, 63));
	SHOW("clone3 size 4097", syscall(SYS_clone3, args, 4097));
	args[11] = 1;				/* past clone_args' 88 bytes */
	SHOW("clone3 size 96, byte 88 set", syscall(SYS_clone3, args, 96));
	args[11] = 0;
	args[0] = CLONE_VM | CLONE_SIGHAND | CLONE_THREAD;
	args[4] = 17;				/* exit_signal */
	SHOW("clone3 thread with an exit signal", syscall(SYS_clone3, args, 88));
	args[0] = 17;				/* CSIGNAL bits in flags */
	args[4] = 0;
	SHOW("clone3 signal in flags", syscall(SYS_clone3, args, 88));
	args[0] = 0;
	args[4] = 65;
	SHOW("clone3 exit_signal 65", syscall(SYS_clone3, args, 88));
	args[4] = 17;
	args[5] = 0x10000;			/* stack without a size */
	SHOW("clone3 stack, size 0", syscall(SYS_clone3, args, 88));
	args[5] = 0;
	args[6] = 4096;
	SHOW("clone3 size, no stack", syscall(SYS_clone3, args, 88));
	SHOW("clone3 bad pointer", syscall(SYS_clone3, (void *)16, 88));
}

static void sleep_forever(void *arg)
{
	(void)arg;
	for (;;)
		pause();
}

static void exit_group_now(void *arg)
{
	(void)arg;
	printf("thread calls exit_group(5)\n");
	fflush(stdout);
	syscall(SYS_exit_group, 5);
}

/* The test's process ends with the thread's exit_group status. */
static void exit_group_from_thread(void)
{
	volatile int t1, t2;

	thread_spawn(sleep_forever, NULL, &t1);
	thread_spawn(exit_group_now, NULL, &t2);
	for (;;)
		pause();
}

static int gate[2];

static void outlive_leader(void *arg)
{
	char c;

	(void)arg;
	read(gate[0], &c, 1);
	printf("thread outlived its leader, calls exit(3)\n");
	fflush(stdout);
	syscall(SYS_exit, 3);			/* the last thread: not the status */
}

/* A process whose leader exits first is not reaped until its last
 * thread is gone, and its status is the leader's. */
static void leader_exits_first(void)
{
	int status;

	pipe(gate);
	pid_t pid = fork();
	if (pid == 0) {
		volatile int t;
		thread_spawn(outlive_leader, NULL, &t);
		syscall(SYS_exit, 9);		/* the leader only */
	}
	usleep(20000);
	SHOW("waitpid WNOHANG while a thread lives", waitpid(pid, &status, WNOHANG));
	write(gate[1], "x", 1);
	SHOW("waitpid", waitpid(pid, &status, 0) == pid);
	printf("status: exited %d code %d\n", WIFEXITED(status), WEXITSTATUS(status));
}

static void robust_list(void)
{
	uint64_t head[3] = { (uint64_t)head, 0, 0 }, *got = NULL;
	size_t len = 0;

	SHOW("set_robust_list len 23", syscall(SYS_set_robust_list, head, 23));
	SHOW("set_robust_list", syscall(SYS_set_robust_list, head, 24));
	SHOW("get_robust_list(0)", syscall(SYS_get_robust_list, 0, &got, &len));
	printf("head is ours %d, len %zu\n", got == head, len);
	SHOW("get_robust_list(no such pid)",
	     syscall(SYS_get_robust_list, 4000000, &got, &len));
	SHOW("get_robust_list bad len pointer",
	     syscall(SYS_get_robust_list, 0, &got, (void *)16));
}

static void set_tid_address(void)
{
	volatile int word = 77;

	printf("set_tid_address returns the tid: %d\n",
	       syscall(SYS_set_tid_address, &word) == syscall(SYS_gettid));
	pid_t pid = fork();			/* the child clears its copy only */
	if (pid == 0) {
		syscall(SYS_set_tid_address, &word);
		_exit(0);
	}
	waitpid(pid, NULL, 0);
	printf("parent's word after the child exited: %d\n", word);
}

static const struct utest tests[] = {
	{ "create_join", create_join },
	{ "clone_errors", clone_errors },
	{ "exit_group_from_thread", exit_group_from_thread },
	{ "leader_exits_first", leader_exits_first },
	{ "robust_list", robust_list },
	{ "set_tid_address", set_tid_address },
};

UTEST_MAIN(tests)
