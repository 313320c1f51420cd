/*
 * kernel/exit.c - ending threads and processes, and waiting for them.
 *
 * exit ends one thread; exit_group, and a fatal signal, end the whole
 * process: do_group_exit records the status and sends SIGKILL to every
 * other thread, which ends on its way back to user mode.  An ending thread
 * cleans its robust futex list, clears its CLONE_CHILD_CLEARTID word and
 * wakes a futex waiter there (that is pthread_join's wake-up), and drops
 * its share of the address space (mmput: the last user tears it down),
 * files and fs.
 *
 * A thread other than the leader is gone at once, nobody waits for it:
 * it leaves the thread list, and its task struct and kernel stack are
 * freed by the next task to run (finish_task_switch), because it runs on
 * that stack until it switches away.  The leader stays a zombie holding
 * the wait status, and its parent can reap the process only once all its
 * threads are gone, as on Linux.  Orphans go to another thread of their
 * parent's process, else to init (pid 1), which reaps them.
 */
#include "kernel.h"
#include "../mm/mm.h"
#include "../fs/fs.h"
#include "syscalls.h"
#include <uapi/errno.h>
#include <uapi/resource.h>
#include <uapi/signal.h>
#include <uapi/wait.h>

/* The peak RSS in KiB of t's process: its mm's, or what was kept. */
static uint64_t maxrss_kb(struct task *t)
{
	uint64_t kb = t->signal->maxrss_kb;
	struct task *th;

	for_each_thread(t, th)
		if (th->mm)
			return MAX(kb, get_mm_hiwater_rss(th->mm) * (PAGE_SIZE / 1024));
	return kb;
}

static void usage_add(struct rusage_counts *u, const struct rusage_counts *v)
{
	u->utime += v->utime;
	u->stime += v->stime;
	u->min_flt += v->min_flt;
	u->maj_flt += v->maj_flt;
	u->maxrss_kb = MAX(u->maxrss_kb, v->maxrss_kb);
}

/* One thread's own counts (RUSAGE_THREAD), with its process's peak RSS. */
struct rusage_counts thread_usage(struct task *t)
{
	return (struct rusage_counts){ t->utime, t->stime, t->min_flt,
				       t->maj_flt, maxrss_kb(t) };
}

/* t's process's usage: every thread's, exited ones included, plus that
 * of its reaped children if with_reaped. */
struct rusage_counts task_usage(struct task *t, bool with_reaped)
{
	struct rusage_counts u = t->signal->dead;
	struct task *th;

	for_each_thread(t, th) {
		struct rusage_counts v = thread_usage(th);
		usage_add(&u, &v);
	}
	if (with_reaped)
		usage_add(&u, &t->signal->reaped);
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

/* Take t off its process's thread list, keeping its usage for the
 * process (Linux's __exit_signal). */
static void unhash_thread(struct task *t)
{
	struct signal_struct *sig = t->signal;

	sig->dead.utime += t->utime;
	sig->dead.stime += t->stime;
	sig->dead.min_flt += t->min_flt;
	sig->dead.maj_flt += t->maj_flt;
	sig->nr_threads--;
	list_del(&t->thread_node);
}

/* Free a task that is not running: a reaped zombie or a replaced leader. */
void release_task(struct task *t)
{
	unhash_thread(t);
	free_task_struct(t);
}

/* The process of leader t has ended: tell its parent (exit_signal, and a
 * wake-up for wait4 in any of the parent's threads). */
static void notify_parent(struct task *t)
{
	if (t->exit_signal > 0)
		do_notify_parent(t, t->exit_signal);
	wakeup(t->parent->signal);
}

/* Give t's children to another live thread of its process, else to init
 * (Linux's find_new_reaper), waking the new parent if one is a zombie. */
static void forget_original_parent(struct task *t)
{
	struct task *reaper = init_task, *th;
	struct list_head *pos, *n;
	bool zombie = false;

	for_each_thread(t, th)
		if (!th->exiting) {
			reaper = th;
			break;
		}
	list_for_each_safe(pos, n, &t->children) {
		struct task *c = list_entry(pos, struct task, sibling);
		list_del(&c->sibling);
		list_add_tail(&c->sibling, &reaper->children);
		for_each_thread(c, th)
			th->parent = reaper;
		zombie |= c->state == TASK_ZOMBIE && thread_group_empty(c);
	}
	if (zombie)
		wakeup(reaper->signal);
}

/* The thread t is done: a non-leader goes (freed once switched out),
 * the leader becomes a zombie.  The parent hears when the last goes. */
static void exit_notify(struct task *t)
{
	struct signal_struct *sig = t->signal;
	struct task *leader = t->group_leader;

	forget_original_parent(t);
	if (thread_group_leader(t)) {
		t->state = TASK_ZOMBIE;
	} else {
		unhash_thread(t);
		t->state = TASK_DEAD;
	}
	if (leader->state == TASK_ZOMBIE && thread_group_empty(leader))
		notify_parent(leader);
	if (sig->group_exec_task)	/* de_thread waits for us to go */
		wakeup(&sig->group_exec_task);
	list_del(&t->runq);
}

/* Before the address space goes (exit, exec): clear the CLONE_CHILD_CLEARTID
 * word and wake one futex waiter on it if another task shares the mm (it
 * may be in pthread_join), and release a vfork parent. */
void mm_release(struct task *t)
{
	if (t->clear_child_tid && t->mm->mm_users > 1) {
		int zero = 0;
		copy_to_user((void *)t->clear_child_tid, &zero, sizeof(zero));
		futex_wake(t->clear_child_tid, FLAGS_SHARED, 1,
			   FUTEX_BITSET_MATCH_ANY);
	}
	t->clear_child_tid = 0;
	vfork_release(t);
}

/* Stop using the address space.  The task keeps running on its page
 * tables until it is switched out, so it holds the struct (mm_count)
 * till then: the mm outlives the task's use of it. */
static void exit_mm(struct task *t)
{
	struct mm_struct *mm = t->mm;

	t->signal->maxrss_kb = maxrss_kb(t);
	mmgrab(mm);
	t->mm = NULL;
	mmput(mm);
}

/* One thread fewer; the last one to go, if no exit_group came first,
 * sets the process's status (as Linux's synchronize_group_exit: so a
 * leader's exit code is not the status if another thread outlives it).
 * Returns whether the process is dead now. */
static bool synchronize_group_exit(struct signal_struct *sig, int code)
{
	if (--sig->live > 0)
		return false;
	if (!(sig->flags & SIGNAL_GROUP_EXIT)) {
		sig->flags |= SIGNAL_GROUP_EXIT;
		sig->group_exit_code = code;
	}
	return true;
}

/*
 * End the current thread with a wait status (exit code << 8, or the
 * signal number).  When the last thread of init ends, the machine stops.
 */
__noreturn void do_exit(int code)
{
	struct task *t = current;
	struct signal_struct *sig = t->signal;

	t->exiting = true;
	exit_signals(t);
	bool group_dead = synchronize_group_exit(sig, code);
	if (group_dead && init_task && sig == init_task->signal) {
		printk("pagoda: init exited with status %d\n",
		       WIFEXITED(code) ? WEXITSTATUS(code) : 128 + WTERMSIG(code));
		qemu_exit(QEMU_EXIT_SUCCESS);
	}
	if (t->mm) {
		if (WIFEXITED(code))
			mm_trace("exit %d\n", WEXITSTATUS(code));
		else
			mm_trace("killed by signal %d\n", WTERMSIG(code));
		exit_robust_list(t);
		mm_release(t);
		exit_mm(t);
	}
	files_put(t->files);
	t->files = NULL;
	fs_struct_put(t->fs);
	t->fs = NULL;
	if (group_dead)			/* itimers belong to the process */
		memset(sig->it_value, 0, sizeof(sig->it_value));
	exit_notify(t);
	schedule();
	panic("do_exit: dead task %d was scheduled", t->pid);
}

/*
 * End the whole process: the first thread to get here sets the status
 * and kills the others; a thread killed that way, or while another execs,
 * just ends.
 */
__noreturn void do_group_exit(int code)
{
	struct signal_struct *sig = current->signal;

	if (sig->flags & SIGNAL_GROUP_EXIT) {
		code = sig->group_exit_code;
	} else if (sig->group_exec_task) {
		code = 0;
	} else {
		sig->flags |= SIGNAL_GROUP_EXIT;
		sig->group_exit_code = code;
		zap_other_threads(current);
	}
	do_exit(code);
}

SYSCALL_DEFINE1(exit, int, code)
{
	do_exit((code & 0xff) << 8);
}

SYSCALL_DEFINE1(exit_group, int, code)
{
	do_group_exit((code & 0xff) << 8);
}

/* Does process c match wait4's pid argument for parent p? */
static bool wait_matches(struct task *p, struct task *c, int pid)
{
	if (pid > 0)
		return c->pid == pid;
	if (pid == 0)
		return c->signal->pgid == p->signal->pgid;
	if (pid < -1)
		return c->signal->pgid == -pid;
	return true;
}

/* Reap the ended process c: its status to *ustatus, its usage (its own
 * and its children's) to *ru and to the caller's reaped totals, as
 * Linux's wait_task_zombie.  Returns its pid, or -EFAULT. */
static long wait_task_zombie(struct task *c, int *ustatus, void *ru)
{
	int pid = c->pid;
	int status = c->signal->group_exit_code;	/* set by the last to go */
	struct rusage_counts u = task_usage(c, true);

	/* as Linux: the child is reaped first, then a bad status pointer
	 * makes the call fail */
	int err = ru ? put_rusage(ru, &u) : 0;
	usage_add(&current->signal->reaped, &u);
	release_task(c);
	if (err || (ustatus && copy_to_user(ustatus, &status, sizeof(int))))
		return -EFAULT;
	return pid;
}

/*
 * Wait for a child process, of any thread of the caller's process, to
 * end: returns its pid and stores its status, 0 with WNOHANG if none has
 * ended yet, -ECHILD if there is no such child.
 */
SYSCALL_DEFINE4(wait4, int, pid, int *, ustatus, int, options, void *, ru)
{
	if (options & ~(WNOHANG | WUNTRACED | WCONTINUED | __WALL | __WCLONE))
		return -EINVAL;
	if (pid == INT32_MIN)
		return -ESRCH;		/* -INT_MIN is no process group */
	for (;;) {
		bool found = false;
		struct task *th, *c;
		for_each_thread(current, th) {
			list_for_each_entry(c, &th->children, sibling) {
				if (!wait_matches(current, c, pid))
					continue;
				found = true;
				if (c->state == TASK_ZOMBIE && thread_group_empty(c))
					return wait_task_zombie(c, ustatus, ru);
			}
		}
		if (!found)
			return -ECHILD;
		if (options & WNOHANG)
			return 0;
		int err = sleep_on_interruptible(current->signal);
		if (err)
			return err;
	}
}
