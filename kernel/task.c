/*
 * kernel/task.c - processes: creation (fork), the first process (init),
 * exit, wait, and lookup.
 *
 * A task's kernel stack holds, at its top, the user registers saved on
 * every entry to the kernel (task_pt_regs).  fork copies the parent's
 * registers there, with rax = 0, and arranges the child's first switch to
 * "return" into task_start, which leaves through those registers: the child
 * wakes up returning 0 from fork in user mode.
 *
 * Exit releases the address space and files at once and leaves a zombie
 * holding only the wait status, its task struct and its kernel stack, which
 * the parent frees in wait4.  Orphans are handed to init (pid 1), which
 * reaps them.
 */
#include "kernel.h"
#include "../mm/mm.h"
#include "../fs/fs.h"
#include "syscalls.h"
#include <uapi/errno.h>
#include <uapi/signal.h>
#include <uapi/resource.h>
#include <uapi/wait.h>

#define CLONE_VM		0x00000100
#define CLONE_VFORK		0x00004000
#define CLONE_THREAD		0x00010000
#define CLONE_PARENT_SETTID	0x00100000
#define CLONE_CHILD_CLEARTID	0x00200000
#define CLONE_CHILD_SETTID	0x01000000
#define CSIGNAL			0x000000ff

extern char task_start[], kthread_start[];
static int next_pid = 1;
static struct task *init_task;

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

struct task *find_task(int pid)
{
	for (struct task *t = task_next(NULL); t; t = task_next(t))
		if (t->pid == pid)
			return t;
	return NULL;
}

/* A zeroed task with a kernel stack and a pid; NULL if out of memory. */
static struct task *task_alloc(void)
{
	struct task *t = kzalloc(sizeof(*t));

	if (!t)
		return NULL;
	t->kstack = kstack_alloc();
	if (!t->kstack) {
		kfree(t);
		return NULL;
	}
	t->pid = next_pid++;
	list_init(&t->children);
	list_init(&t->sibling);
	list_init(&t->runq);
	uint64_t flags = irq_save();	/* the tty IRQ walks this list */
	list_add_tail(&t->all, &all_tasks);
	irq_restore(flags);
	t->start_ticks = timer_ticks();
	return t;
}

static void task_free(struct task *t)
{
	uint64_t flags = irq_save();

	list_del(&t->all);
	list_del(&t->sibling);
	irq_restore(flags);
	kstack_free(t->kstack);
	kfree(t);
}

/* Default resource limits, as a Linux system typically has them. */
static void set_default_rlimits(struct task *t)
{
	for (int i = 0; i < NR_RLIMITS; i++)
		t->rlim_cur[i] = t->rlim_max[i] = RLIM_INFINITY;
	t->rlim_cur[RLIMIT_STACK] = 8ull << 20;
	t->rlim_cur[RLIMIT_NOFILE] = 1024;
	t->rlim_max[RLIMIT_NOFILE] = 4096;
	t->rlim_cur[RLIMIT_CORE] = 0;
	t->rlim_cur[RLIMIT_MEMLOCK] = t->rlim_max[RLIMIT_MEMLOCK] = 8ull << 20;
}

/*
 * Prepare t's kernel stack so that its first switch-in runs entry: six
 * zero callee-saved registers (r12 = fn, r13 = arg for kernel threads),
 * then the return address, all below the user trapframe.
 */
static void copy_thread(struct task *t, void *entry, uint64_t fn, uint64_t arg)
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

/* A kernel thread running fn(arg) in the kernel half only (no mm). */
struct task *kthread_create(int (*fn)(uint64_t), uint64_t arg, const char *name)
{
	struct task *t = task_alloc();

	if (!t)
		panic("kthread_create: out of memory");
	strlcpy(t->comm, name, sizeof(t->comm));
	t->parent = init_task;
	if (init_task)
		list_add_tail(&t->sibling, &init_task->children);
	set_default_rlimits(t);
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
	struct task *t = task_alloc();

	if (!t)
		panic("start_init: out of memory");
	init_argv = argv;
	init_envp = envp;
	strlcpy(t->comm, "init", sizeof(t->comm));
	t->pgid = t->sid = t->pid;
	t->files = files_alloc();
	t->cwd = igrab(root_dentry->d_inode);
	set_default_rlimits(t);
	fpu_init_task(t);
	copy_thread(t, kthread_start, (uint64_t)init_thread, 0);
	init_task = t;
	sched_add(t);
}

/*
 * fork, vfork and clone: a new process with a copy of the caller's files,
 * cwd, signal handlers and registers, and either a copy-on-write copy of
 * its address space or - vfork, CLONE_VM|CLONE_VFORK - the same address
 * space, the caller sleeping until the child execs or exits (that is what
 * glibc's system() and posix_spawn use).  CLONE_VM without CLONE_VFORK
 * would be a thread: Pagoda has none.  newsp is the child's stack pointer
 * (0: the caller's).  Returns the child's pid to the parent, or -errno.
 */
long do_fork(uint64_t flags, uint64_t newsp, uint64_t parent_tid,
	     uint64_t child_tid)
{
	bool vfork = (flags & (CLONE_VM | CLONE_VFORK)) == (CLONE_VM | CLONE_VFORK);

	if ((flags & CLONE_THREAD) || ((flags & CLONE_VM) && !vfork))
		return -EINVAL;		/* threads: not in Pagoda */
	struct task *t = task_alloc();
	if (!t)
		return -ENOMEM;
	struct task *p = current;
	t->mm = vfork ? p->mm : dup_mm(p->mm);
	if (vfork)
		p->mm->users++;
	if (!t->mm) {
		next_pid--;
		task_free(t);
		return -ENOMEM;
	}
	memcpy(t->comm, p->comm, sizeof(t->comm));
	t->pgid = p->pgid;
	t->sid = p->sid;
	t->files = files_dup(p->files);
	t->cwd = igrab(p->cwd);
	t->sig_blocked = p->sig_blocked;
	memcpy(t->sigaction, p->sigaction, sizeof(t->sigaction));
	memcpy(t->rlim_cur, p->rlim_cur, sizeof(t->rlim_cur));
	memcpy(t->rlim_max, p->rlim_max, sizeof(t->rlim_max));
	__asm__ volatile("fxsave %0" : "=m"(t->fpu));
	t->fs_base = p->fs_base;
	*task_pt_regs(t) = *task_pt_regs(p);
	task_pt_regs(t)->rax = 0;
	if (newsp)
		task_pt_regs(t)->rsp = newsp;
	copy_thread(t, task_start, 0, 0);
	t->parent = p;
	list_add_tail(&t->sibling, &p->children);
	if (flags & CLONE_CHILD_CLEARTID)
		t->clear_child_tid = child_tid;
	if (flags & CLONE_PARENT_SETTID)
		copy_to_user((void *)parent_tid, &t->pid, sizeof(int));
	if (flags & CLONE_CHILD_SETTID)
		access_remote_vm(t->mm, child_tid, &t->pid, sizeof(int), true);
	int pid = t->pid;
	sched_add(t);
	if (vfork) {
		t->vfork_parent = p;
		while (t->vfork_parent)	/* the child may be reaped meanwhile */
			sleep_on(&t->vfork_parent);
	}
	return pid;
}

/* A vfork child has exec'd or exited: its parent may run again. */
void vfork_release(struct task *t)
{
	if (t->vfork_parent) {
		t->vfork_parent = NULL;
		wakeup(&t->vfork_parent);
	}
}

SYSCALL_DEFINE0(fork)
{
	return do_fork(SIGCHLD, 0, 0, 0);
}

SYSCALL_DEFINE0(vfork)
{
	return do_fork(CLONE_VM | CLONE_VFORK | SIGCHLD, 0, 0, 0);
}

SYSCALL_DEFINE5(clone, uint64_t, flags, uint64_t, newsp, uint64_t, parent_tid,
		uint64_t, child_tid, uint64_t, tls)
{
	(void)tls;
	return do_fork(flags, newsp, parent_tid, child_tid);
}

/* t's peak RSS in KiB: its mm's now, or what was kept at exit. */
static uint64_t maxrss_kb(struct task *t)
{
	return t->mm ? get_mm_hiwater_rss(t->mm) * (PAGE_SIZE / 1024) : t->maxrss_kb;
}

/* Give the children of t to init, waking it if a zombie is among them. */
static void reparent_children(struct task *t)
{
	struct list_head *pos, *n;
	bool zombie = false;

	list_for_each_safe(pos, n, &t->children) {
		struct task *c = list_entry(pos, struct task, sibling);
		list_del(&c->sibling);
		c->parent = init_task;
		list_add_tail(&c->sibling, &init_task->children);
		zombie |= c->state == TASK_ZOMBIE;
	}
	if (zombie)
		wakeup(init_task);
}

/*
 * End the current process with a wait status (exit code << 8, or the
 * signal number): free its memory and files, become a zombie, tell the
 * parent.  When init ends, the machine stops.
 */
__noreturn void do_exit(int status)
{
	struct task *t = current;

	if (t == init_task) {
		printk("pagoda: init exited with status %d\n",
		       WIFEXITED(status) ? WEXITSTATUS(status)
					 : 128 + WTERMSIG(status));
		qemu_exit(QEMU_EXIT_SUCCESS);
	}
	if (t->clear_child_tid) {
		int zero = 0;
		copy_to_user((void *)t->clear_child_tid, &zero, sizeof(zero));
	}
	if (t->mm) {
		struct mm_struct *mm = t->mm;
		t->maxrss_kb = maxrss_kb(t);
		t->mm = NULL;
		pgtable_switch(kernel_pml4);
		mmput(mm);
	}
	vfork_release(t);
	files_put(t->files);
	t->files = NULL;
	iput(t->cwd);
	t->cwd = NULL;
	reparent_children(t);
	t->exit_status = status;
	t->state = TASK_ZOMBIE;
	list_del(&t->runq);
	send_signal(t->parent, SIGCHLD);
	wakeup(t->parent);
	schedule();
	panic("do_exit: zombie %d was scheduled", t->pid);
}

SYSCALL_DEFINE1(exit, int, code)
{
	do_exit((code & 0xff) << 8);
}

SYSCALL_DEFINE1(exit_group, int, code)
{
	do_exit((code & 0xff) << 8);
}

/* Does child c match wait4's pid argument for parent p? */
static bool wait_matches(struct task *p, struct task *c, int pid)
{
	if (pid > 0)
		return c->pid == pid;
	if (pid == 0)
		return c->pgid == p->pgid;
	if (pid < -1)
		return c->pgid == -pid;
	return true;
}

/* t's own usage, plus that of its reaped children if with_reaped. */
struct rusage_counts task_usage(struct task *t, bool with_reaped)
{
	struct rusage_counts u = { t->utime, t->stime, t->min_flt, t->maj_flt,
				   maxrss_kb(t) };

	if (with_reaped) {
		u.utime += t->reaped.utime;
		u.stime += t->reaped.stime;
		u.min_flt += t->reaped.min_flt;
		u.maj_flt += t->reaped.maj_flt;
		u.maxrss_kb = MAX(u.maxrss_kb, t->reaped.maxrss_kb);
	}
	return u;
}

/* Store u as a struct rusage: two timevals, then 14 longs from ru_maxrss
 * (r[4]); ru_minflt and ru_majflt are r[8] and r[9]. */
int put_rusage(void *ru, const struct rusage_counts *u)
{
	uint64_t r[18] = { 0 };

	r[0] = u->utime / TIMER_HZ;
	r[1] = (u->utime % TIMER_HZ) * (1000000 / TIMER_HZ);
	r[2] = u->stime / TIMER_HZ;
	r[3] = (u->stime % TIMER_HZ) * (1000000 / TIMER_HZ);
	r[4] = u->maxrss_kb;
	r[8] = u->min_flt;
	r[9] = u->maj_flt;
	return copy_to_user(ru, r, sizeof(r));
}

/* A reaped child's usage (its own and its children's) joins the parent's
 * reaped totals, as in Linux's wait_task_zombie. */
static void account_reaped(struct task *p, struct task *c)
{
	struct rusage_counts u = task_usage(c, true);

	p->reaped.utime += u.utime;
	p->reaped.stime += u.stime;
	p->reaped.min_flt += u.min_flt;
	p->reaped.maj_flt += u.maj_flt;
	p->reaped.maxrss_kb = MAX(p->reaped.maxrss_kb, u.maxrss_kb);
}

/*
 * Wait for a child to end: returns its pid and stores its status, 0 with
 * WNOHANG if none has ended yet, -ECHILD if there is no such child.
 */
SYSCALL_DEFINE4(wait4, int, pid, int *, ustatus, int, options, void *, ru)
{
	if (options & ~(WNOHANG | WUNTRACED | WCONTINUED | __WALL | __WCLONE))
		return -EINVAL;
	for (;;) {
		bool found = false;
		struct list_head *pos;
		list_for_each(pos, &current->children) {
			struct task *c = list_entry(pos, struct task, sibling);
			if (!wait_matches(current, c, pid))
				continue;
			found = true;
			if (c->state != TASK_ZOMBIE)
				continue;
			/* as Linux: the child is reaped first, then a bad
			 * status pointer makes the call fail */
			int cpid = c->pid, status = c->exit_status;
			struct rusage_counts u = task_usage(c, true);
			int err = ru ? put_rusage(ru, &u) : 0;
			account_reaped(current, c);
			task_free(c);
			if (err || (ustatus && copy_to_user(ustatus, &status, sizeof(int))))
				return -EFAULT;
			return cpid;
		}
		if (!found)
			return -ECHILD;
		if (options & WNOHANG)
			return 0;
		int err = sleep_on_interruptible(current);
		if (err)
			return err;
	}
}
