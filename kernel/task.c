/*
 * kernel/task.c - task structs: allocation and release, lookup, the
 * first process (init) and kernel threads.
 *
 * A task's kernel stack holds, at its top, the user registers saved on
 * every entry to the kernel (task_pt_regs).  A task that never ran starts
 * at the return address copy_thread() leaves below them: task_start for a
 * forked task, which leaves to user mode through those registers, or
 * kthread_start for a kernel thread.
 *
 * Fork and clone are in fork.c, exit and wait in exit.c.
 */
#include "kernel.h"
#include "../mm/mm.h"
#include "../fs/fs.h"
#include <uapi/resource.h>
#include <uapi/signal.h>

extern char kthread_start[];
static int next_pid = 1;
int nr_threads;			/* tasks that exist, as Linux's */
struct task *init_task;

struct task *task_next(struct task *prev)
{
	struct list_head *n = prev ? prev->all.next : all_tasks.next;

	return n == &all_tasks ? NULL : list_entry(n, struct task, all);
}

/* The PID given out last (the last field of /proc/loadavg). */
int last_pid(void)
{
	return next_pid - 1;
}

/* The task (thread) whose id is pid, or NULL. */
struct task *find_task(int pid)
{
	for (struct task *t = task_next(NULL); t; t = task_next(t))
		if (t->pid == pid)
			return t;
	return NULL;
}

/* A zeroed task with a kernel stack, not yet visible (no pid); NULL if
 * out of memory. */
struct task *alloc_task_struct(void)
{
	struct task *t = kzalloc(sizeof(*t));

	if (!t)
		return NULL;
	t->kstack = kstack_alloc();
	if (!t->kstack) {
		kfree(t);
		return NULL;
	}
	nr_threads++;
	list_init(&t->children);
	list_init(&t->sibling);
	list_init(&t->runq);
	list_init(&t->thread_node);
	list_init(&t->all);
	list_init(&t->sleep_node);
	list_init(&t->timer_node);
	t->start_ticks = timer_ticks();
	return t;
}

/* Give t the next pid and put it on the task list (the tty IRQ walks it). */
void attach_pid(struct task *t)
{
	t->pid = next_pid++;
	uint64_t flags = irq_save();
	list_add_tail(&t->all, &all_tasks);
	irq_restore(flags);
}

/* A new signal_struct holding only t, a process of its own; NULL if out
 * of memory. */
struct signal_struct *signal_alloc(struct task *t)
{
	struct signal_struct *sig = kzalloc(sizeof(*sig));

	if (!sig)
		return NULL;
	sig->count = sig->live = sig->nr_threads = 1;
	list_init(&sig->thread_head);
	list_add_tail(&t->thread_node, &sig->thread_head);
	return sig;
}

/* A copy of old's signal actions (fresh defaults if old is NULL). */
struct sighand_struct *sighand_copy(const struct sighand_struct *old)
{
	struct sighand_struct *sh = kzalloc(sizeof(*sh));

	if (sh && old)
		memcpy(sh->action, old->action, sizeof(sh->action));
	if (sh)
		sh->count = 1;
	return sh;
}

/* Free t, which is not running: its stack and its references to the
 * shared signal state (the last user frees them). */
void free_task_struct(struct task *t)
{
	uint64_t flags = irq_save();

	list_del(&t->all);
	list_del(&t->sibling);
	irq_restore(flags);
	if (t->sighand && --t->sighand->count == 0)
		kfree(t->sighand);
	if (t->signal)
		sigqueue_flush(&t->pending, t->signal, 0);
	if (t->signal && --t->signal->count == 0) {
		sigqueue_flush(&t->signal->shared_pending, t->signal, 0);
		kfree(t->signal);
	}
	nr_threads--;
	kstack_free(t->kstack);
	kfree(t);
}

/* Default resource limits, as a Linux system typically has them. */
static void set_default_rlimits(struct signal_struct *sig)
{
	for (int i = 0; i < NR_RLIMITS; i++)
		sig->rlim_cur[i] = sig->rlim_max[i] = RLIM_INFINITY;
	sig->rlim_cur[RLIMIT_STACK] = 8ull << 20;
	sig->rlim_cur[RLIMIT_NOFILE] = 1024;
	sig->rlim_max[RLIMIT_NOFILE] = 4096;
	sig->rlim_cur[RLIMIT_CORE] = 0;
	sig->rlim_cur[RLIMIT_MEMLOCK] = sig->rlim_max[RLIMIT_MEMLOCK] = 8ull << 20;
	sig->rlim_cur[RLIMIT_NPROC] = max_threads() / 2;
	sig->rlim_max[RLIMIT_NPROC] = sig->rlim_cur[RLIMIT_NPROC];
	sig->rlim_cur[RLIMIT_SIGPENDING] = sig->rlim_cur[RLIMIT_NPROC];	/* as Linux's fork_init */
	sig->rlim_max[RLIMIT_SIGPENDING] = sig->rlim_cur[RLIMIT_NPROC];
}

/*
 * Prepare t's kernel stack so that its first switch-in runs entry: six
 * zero callee-saved registers (r12 = fn, r13 = arg for kernel threads),
 * then the return address, all below the user trapframe.
 */
void copy_thread(struct task *t, void *entry, uint64_t fn, uint64_t arg)
{
	uint64_t *sp = (uint64_t *)task_pt_regs(t);

	*--sp = (uint64_t)entry;
	*--sp = 0;			/* rbp */
	*--sp = 0;			/* rbx */
	*--sp = fn;			/* r12 */
	*--sp = arg;			/* r13 */
	*--sp = 0;			/* r14 */
	*--sp = 0;			/* r15 */
	t->ksp = (uint64_t)sp;
}

/* A process of its own for a kernel thread or init, child of init. */
static struct task *kernel_task_alloc(const char *name)
{
	struct task *t = alloc_task_struct();

	if (!t || !(t->signal = signal_alloc(t)) ||
	    !(t->sighand = sighand_copy(NULL)))
		panic("kernel_task_alloc: out of memory");
	attach_pid(t);
	t->tgid = t->pid;
	t->group_leader = t;
	t->exit_signal = SIGCHLD;
	strlcpy(t->comm, name, sizeof(t->comm));
	set_default_rlimits(t->signal);
	t->parent = init_task;
	if (init_task)
		list_add_tail(&t->sibling, &init_task->children);
	return t;
}

/* A kernel thread running fn(arg) in the kernel half only (no mm). */
struct task *kthread_create(int (*fn)(uint64_t), uint64_t arg, const char *name)
{
	struct task *t = kernel_task_alloc(name);

	copy_thread(t, kthread_start, (uint64_t)fn, arg);
	sched_add(t);
	return t;
}

static char *const *init_argv, *const *init_envp;

/* The first process: a kernel thread that executes the init program. */
static int init_thread(uint64_t unused)
{
	(void)unused;
	int err = do_execve(init_argv[0], init_argv, init_envp);
	if (err)
		panic("init_thread: cannot run %s: error %d", init_argv[0], err);
	enter_user(task_pt_regs(current));
}

/* Create pid 1, which will run argv[0] with argv and envp (kernel arrays
 * that must stay valid). */
void start_init(char *const argv[], char *const envp[])
{
	struct task *t = kernel_task_alloc("init");

	init_argv = argv;
	init_envp = envp;
	t->signal->pgid = t->signal->sid = t->pid;
	t->files = files_alloc();
	t->fs = fs_struct_alloc(root_dentry->d_inode);
	if (!t->files || !t->fs)
		panic("start_init: out of memory");
	fpu_init_task(t);
	copy_thread(t, kthread_start, (uint64_t)init_thread, 0);
	init_task = t;
	sched_add(t);
}
