/*
 * kernel/fork.c - new tasks: fork, vfork, clone and clone3.
 *
 * copy_process makes a task from the caller.  Each thing a task uses is
 * either shared, taking a reference, or copied, as the CLONE_* flags say:
 *
 *     CLONE_VM       the address space (mm_users++), else a COW copy
 *     CLONE_FILES    the fd table, else a copy sharing the open files
 *     CLONE_FS       cwd and umask, else a copy
 *     CLONE_SIGHAND  the signal actions, else a copy
 *     CLONE_THREAD   the process: tgid, thread list, shared pending
 *                    signals, limits, itimers (signal_struct)
 *
 * The credentials are always copied: each task has its own struct cred,
 * as Linux's (the threads of a process keep theirs equal: glibc's setxid
 * broadcast).  The number of tasks is limited by memory (max_threads)
 * and per user by RLIMIT_NPROC: EAGAIN.
 *
 * That is how pthread_create makes a thread: glibc and musl pass all five
 * with CLONE_SYSVSEM|CLONE_SETTLS|CLONE_PARENT_SETTID|CLONE_CHILD_CLEARTID.
 * A thread is nobody's child: its process's parent is the caller's, and
 * the parent hears (SIGCHLD, wait4) only of the whole process ending.
 *
 * The new task's kernel stack gets the caller's user registers with
 * rax = 0, the new stack pointer and TLS if given, so its first switch
 * "returns" 0 from clone in user mode (task_start).
 */
#include "kernel.h"
#include "../mm/mm.h"
#include "../fs/fs.h"
#include "syscalls.h"
#include <uapi/errno.h>
#include <uapi/resource.h>
#include <uapi/signal.h>

#define CSIGNAL			0x000000ff
#define CLONE_VM		0x00000100
#define CLONE_FS		0x00000200
#define CLONE_FILES		0x00000400
#define CLONE_SIGHAND		0x00000800
#define CLONE_PIDFD		0x00001000
#define CLONE_VFORK		0x00004000
#define CLONE_PARENT		0x00008000
#define CLONE_THREAD		0x00010000
#define CLONE_NEWNS		0x00020000
#define CLONE_SETTLS		0x00080000
#define CLONE_PARENT_SETTID	0x00100000
#define CLONE_CHILD_CLEARTID	0x00200000
#define CLONE_DETACHED		0x00400000
#define CLONE_CHILD_SETTID	0x01000000
#define CLONE_NEWUSER		0x10000000
#define CLONE_NEWPID		0x20000000
#define CLONE_CLEAR_SIGHAND	0x100000000ull
#define CLONE_INTO_CGROUP	0x200000000ull

extern char task_start[];

/* What clone and clone3 ask for (Linux's kernel_clone_args). */
struct kernel_clone_args {
	uint64_t flags;
	int exit_signal;
	uint64_t stack, tls, parent_tid, child_tid;
};

/* RLIMIT_NPROC, as Linux's copy_process: the tasks (threads too) of the
 * real user, zombies until reaped, may not reach it; root is not limited. */
static bool nproc_exceeded(void)
{
	uint32_t uid = current->cred.uid;
	uint64_t n = 0;

	if (uid == 0 || capable())
		return false;
	for (struct task *t = task_next(NULL); t; t = task_next(t))
		n += t->cred.uid == uid;
	return n >= rlimit(RLIMIT_NPROC);
}

/* How many tasks may exist: as Linux's set_max_threads, the number whose
 * kernel stacks would fill an eighth of memory (8,192 on 1 GiB), at least
 * 20 and no more than there are kernel stack slots. */
int max_threads(void)
{
	uint64_t n = nr_total_pages() * PAGE_SIZE / (KSTACK_SIZE * 8);

	return (int)MAX(MIN(n, (uint64_t)KSTACK_SLOTS), 20ul);
}

/* The CLONE_* combinations Linux refuses with EINVAL (copy_process). */
static int clone_flags_check(uint64_t flags)
{
	if ((flags & (CLONE_NEWNS | CLONE_FS)) == (CLONE_NEWNS | CLONE_FS) ||
	    (flags & (CLONE_NEWUSER | CLONE_FS)) == (CLONE_NEWUSER | CLONE_FS))
		return -EINVAL;
	if ((flags & CLONE_THREAD) && !(flags & CLONE_SIGHAND))
		return -EINVAL;
	if ((flags & CLONE_SIGHAND) && !(flags & CLONE_VM))
		return -EINVAL;
	if ((flags & CLONE_THREAD) && (flags & (CLONE_NEWUSER | CLONE_NEWPID)))
		return -EINVAL;
	if ((flags & CLONE_PARENT) && current == init_task)
		return -EINVAL;		/* init's siblings could not be reaped */
	if (flags & CLONE_PIDFD)
		return -EINVAL;		/* no pidfds in Pagoda */
	return 0;
}

/* The address space (shared or copied), files, fs and signal actions of
 * the new task t.  Returns 0 or -ENOMEM; on failure the caller drops what
 * was set (release_task_resources). */
static int copy_resources(struct task *t, struct task *p, uint64_t flags)
{
	if (flags & CLONE_VM) {
		t->mm = p->mm;
		mmget(p->mm);
	} else {		/* the copy holds PTE pointers: no reclaim */
		bool noreclaim = memalloc_noreclaim_save();
		t->mm = dup_mm(p->mm);
		memalloc_noreclaim_restore(noreclaim);
	}
	t->active_mm = t->mm;
	if (!t->mm)
		return -ENOMEM;
	if (flags & CLONE_FILES) {
		t->files = p->files;
		t->files->count++;
	} else if (!(t->files = files_dup(p->files))) {
		return -ENOMEM;
	}
	if (flags & CLONE_FS) {
		t->fs = p->fs;
		t->fs->users++;
	} else if (!(t->fs = fs_struct_copy(p->fs))) {
		return -ENOMEM;
	}
	if (flags & CLONE_SIGHAND) {
		t->sighand = p->sighand;
		t->sighand->count++;
	} else if (!(t->sighand = sighand_copy(p->sighand))) {
		return -ENOMEM;
	}
	if (flags & CLONE_CLEAR_SIGHAND)
		for (int i = 0; i < 64; i++)
			if (t->sighand->action[i].handler != (uint64_t)SIG_IGN)
				t->sighand->action[i].handler = (uint64_t)SIG_DFL;
	return 0;
}

/* Join the caller's thread group, or start a process of its own whose
 * parent is the caller (its parent with CLONE_PARENT).  0 or -ENOMEM. */
static int copy_signal(struct task *t, struct task *p,
		       const struct kernel_clone_args *args)
{
	if (args->flags & CLONE_THREAD) {
		t->signal = p->signal;
		t->signal->count++;
		t->signal->live++;
		t->signal->nr_threads++;
		list_add_tail(&t->thread_node, &t->signal->thread_head);
		t->tgid = p->tgid;
		t->group_leader = p->group_leader;
		t->parent = p->parent;
		t->exit_signal = -1;
		return 0;
	}
	struct signal_struct *sig = signal_alloc(t);
	if (!sig)
		return -ENOMEM;
	t->signal = sig;
	sig->pgid = p->signal->pgid;
	sig->sid = p->signal->sid;
	memcpy(sig->rlim_cur, p->signal->rlim_cur, sizeof(sig->rlim_cur));
	memcpy(sig->rlim_max, p->signal->rlim_max, sizeof(sig->rlim_max));
	sig->oom_score_adj = p->signal->oom_score_adj;
	sig->oom_score_adj_min = p->signal->oom_score_adj_min;
	t->tgid = t->pid;
	t->group_leader = t;
	/* A CLONE_PARENT child is the caller's sibling: its parent hears of
	 * its death by the caller's own exit signal, never by one the caller
	 * chose (Linux's copy_process: exit_signal of the group leader). */
	if (args->flags & CLONE_PARENT) {
		t->parent = p->parent;
		t->exit_signal = p->group_leader->exit_signal;
	} else {
		t->parent = p;
		t->exit_signal = args->exit_signal;
	}
	list_add_tail(&t->sibling, &t->parent->children);
	return 0;
}

/* Drop what copy_resources took, for a task that never ran. */
static void release_task_resources(struct task *t)
{
	if (t->mm)
		mmput(t->mm);
	files_put(t->files);
	fs_struct_put(t->fs);
}

/* The new task's registers, TLS and FPU state: the caller's, returning 0. */
static void copy_user_state(struct task *t, struct task *p,
			    const struct kernel_clone_args *args)
{
	__asm__ volatile("fxsave %0" : "=m"(t->fpu));
	memcpy(t->comm, p->comm, sizeof(t->comm));
	t->sig_blocked = p->sig_blocked;
	t->fs_base = (args->flags & CLONE_SETTLS) ? args->tls : p->fs_base;
	if ((args->flags & (CLONE_VM | CLONE_VFORK)) != CLONE_VM) {
		t->sas_sp = p->sas_sp;	/* a thread starts without altstack */
		t->sas_size = p->sas_size;
		t->sas_flags = p->sas_flags;
	}
	*task_pt_regs(t) = *task_pt_regs(p);
	task_pt_regs(t)->rax = 0;
	if (args->stack)
		task_pt_regs(t)->rsp = args->stack;
	copy_thread(t, task_start, 0, 0);
}

/*
 * The new task, ready to run but not yet on the run queue; ERR_PTR(-errno)
 * if the flags are refused or memory runs out.
 */
static struct task *copy_process(const struct kernel_clone_args *args)
{
	struct task *p = current, *t;
	int err = clone_flags_check(args->flags);

	if (err)
		return ERR_PTR(err);
	if ((args->flags & CLONE_SETTLS) && args->tls >= TASK_SIZE)
		return ERR_PTR(-EPERM);	/* as arch_prctl(ARCH_SET_FS) */
	if (nr_threads >= max_threads() || nproc_exceeded())
		return ERR_PTR(-EAGAIN);
	if (!(t = alloc_task_struct()))
		return ERR_PTR(-ENOMEM);
	err = copy_resources(t, p, args->flags);
	if (err) {
		release_task_resources(t);
		free_task_struct(t);
		return ERR_PTR(err);
	}
	attach_pid(t);
	if ((err = copy_signal(t, p, args))) {
		release_task_resources(t);
		free_task_struct(t);
		return ERR_PTR(err);
	}
	copy_user_state(t, p, args);
	t->cred = p->cred;		/* copy_creds */
	if (args->flags & CLONE_CHILD_CLEARTID)
		t->clear_child_tid = args->child_tid;
	if (args->flags & CLONE_PARENT_SETTID)
		copy_to_user((void *)args->parent_tid, &t->pid, sizeof(int));
	if (args->flags & CLONE_CHILD_SETTID)
		access_remote_vm(t->mm, args->child_tid, &t->pid, sizeof(int), true);
	return t;
}

/* Make the task and start it; a vfork caller sleeps until the child
 * execs or exits.  It waits on a flag of its own stack, as Linux's
 * vfork_done completion, and never looks at the child again: by the time
 * it runs, a CLONE_THREAD child may be freed, a CLONE_PARENT one reaped.
 * Returns the new tid, or -errno. */
static long kernel_clone(const struct kernel_clone_args *args)
{
	struct task *t = copy_process(args);
	bool vfork = args->flags & CLONE_VFORK, done = false;

	if (IS_ERR(t))
		return PTR_ERR(t);
	int pid = t->pid;
	mm_trace("%s %d\n", args->flags & CLONE_THREAD ? "clone thread" :
		 vfork ? "vfork child" : "fork child", pid);
	if (vfork)
		t->vfork_done = &done;
	sched_add(t);
	while (vfork && !done)
		sleep_on(&done);
	return pid;
}

/* A vfork child has exec'd or exited: its parent may run again. */
void vfork_release(struct task *t)
{
	if (t->vfork_done) {
		*t->vfork_done = true;
		wakeup(t->vfork_done);
		t->vfork_done = NULL;
	}
}

SYSCALL_DEFINE0(fork)
{
	struct kernel_clone_args args = { .exit_signal = SIGCHLD };

	return kernel_clone(&args);
}

SYSCALL_DEFINE0(vfork)
{
	struct kernel_clone_args args = {
		.flags = CLONE_VM | CLONE_VFORK, .exit_signal = SIGCHLD,
	};

	return kernel_clone(&args);
}

/* clone(flags, newsp, parent_tid, child_tid, tls): the x86-64 order. */
SYSCALL_DEFINE5(clone, uint64_t, flags, uint64_t, newsp, uint64_t, parent_tid,
		uint64_t, child_tid, uint64_t, tls)
{
	struct kernel_clone_args args = {
		.flags = (uint32_t)flags & ~CSIGNAL,
		.exit_signal = flags & CSIGNAL, .stack = newsp, .tls = tls,
		.parent_tid = parent_tid, .child_tid = child_tid,
	};

	return kernel_clone(&args);
}

/* struct clone_args, as clone3 takes it; its size grew by versions. */
struct clone_args {
	uint64_t flags, pidfd, child_tid, parent_tid, exit_signal;
	uint64_t stack, stack_size, tls, set_tid, set_tid_size, cgroup;
};
#define CLONE_ARGS_SIZE_VER0	64	/* up to tls */

/* Copy a struct of usize bytes that may be older (shorter) or newer
 * (longer) than ours: extra bytes must be zero (Linux's
 * copy_struct_from_user).  0, -E2BIG or -EFAULT. */
static int copy_struct_from_user(void *dst, size_t ksize, const void *src,
				 size_t usize)
{
	memset(dst, 0, ksize);
	for (size_t off = ksize; off < usize; off++) {
		uint8_t b;
		if (copy_from_user(&b, (const uint8_t *)src + off, 1))
			return -EFAULT;
		if (b)
			return -E2BIG;
	}
	return copy_from_user(dst, src, MIN(ksize, usize)) ? -EFAULT : 0;
}

/* clone3's checks of struct clone_args, in Linux's order. */
static int clone3_args_valid(const struct clone_args *a)
{
	uint64_t legacy = 0xffffffffull & ~CSIGNAL;

	if (a->flags & ~(legacy | CLONE_CLEAR_SIGHAND | CLONE_INTO_CGROUP))
		return -EINVAL;
	if ((a->flags & CLONE_INTO_CGROUP) || a->set_tid_size || a->set_tid)
		return -EINVAL;		/* no cgroups, no chosen pids */
	if (a->flags & CLONE_DETACHED)
		return -EINVAL;
	if ((a->flags & (CLONE_SIGHAND | CLONE_CLEAR_SIGHAND)) ==
	    (CLONE_SIGHAND | CLONE_CLEAR_SIGHAND))
		return -EINVAL;
	if ((a->flags & (CLONE_THREAD | CLONE_PARENT)) && a->exit_signal)
		return -EINVAL;
	if (a->exit_signal & ~CSIGNAL || a->exit_signal > _NSIG)
		return -EINVAL;
	if (!a->stack ? a->stack_size != 0
		      : !a->stack_size || !access_ok(a->stack, a->stack_size))
		return -EINVAL;
	return 0;
}

SYSCALL_DEFINE2(clone3, const struct clone_args *, uargs, size_t, size)
{
	struct clone_args a;

	if (size < CLONE_ARGS_SIZE_VER0)
		return -EINVAL;
	if (size > PAGE_SIZE)
		return -E2BIG;
	int err = copy_struct_from_user(&a, sizeof(a), uargs, size);
	if (!err)
		err = clone3_args_valid(&a);
	if (err)
		return err;
	struct kernel_clone_args args = {
		.flags = a.flags, .exit_signal = (int)a.exit_signal,
		.stack = a.stack ? a.stack + a.stack_size : 0, .tls = a.tls,
		.parent_tid = a.parent_tid, .child_tid = a.child_tid,
	};
	return kernel_clone(&args);
}
