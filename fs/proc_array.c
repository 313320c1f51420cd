/*
 * fs/proc_array.c - /proc/PID/stat and /proc/PID/statm, as Linux's
 * fs/proc/array.c (do_task_stat, proc_pid_statm) prints them.
 *
 *   stat   one line of 52 fields (man 5 proc): "pid (comm) state ppid ..."
 *          times in clock ticks (USER_HZ == TIMER_HZ == 100), vsize in
 *          bytes, rss in pages, signal masks in decimal.  Fields for what
 *          Pagoda does not have are 0, as Linux prints its obsolete ones:
 *          tty_nr (no controlling terminals; tpgid -1), flags, nice,
 *          itrealvalue, kstkesp/kstkeip, nswap, processor, rt_priority,
 *          policy, delayacct_blkio_ticks and the guest times.
 *   statm  "size resident shared text lib data dt" in pages; lib and dt
 *          are always 0, as in Linux 2.6 and later.
 */
#include "fs.h"
#include <uapi/resource.h>

/* The signal masks, ignored and caught handlers (stat's fields 31-34). */
static void stat_signals(struct seqbuf *m, struct task *t)
{
	uint64_t ign = 0, cgt = 0;

	for (int i = 0; i < 64; i++) {
		uint64_t h = t->sighand->action[i].handler;
		if (h == 1)
			ign |= 1ull << i;
		else if (h > 1)
			cgt |= 1ull << i;
	}
	seq_printf(m, " %lu %lu %lu %lu", t->pending.signal & 0x7fffffff,
		   t->sig_blocked & 0x7fffffff, ign & 0x7fffffff,
		   cgt & 0x7fffffff);
}

/* Fields 23-30: sizes and the layout of the address space. */
static void stat_mm(struct seqbuf *m, struct task *t)
{
	struct mm_struct *mm = t->mm;

	seq_printf(m, " %lu %lu %lu %lu %lu %lu 0 0",
		   mm ? mm->total_vm * PAGE_SIZE : 0,
		   mm ? get_mm_rss(mm) : 0,
		   t->signal->rlim_cur[RLIMIT_RSS], mm ? mm->start_code : 0,
		   mm ? mm->end_code : 0, mm ? mm->start_stack : 0);
}

/* Fields 45-51: where data, heap, arguments and environment are. */
static void stat_layout(struct seqbuf *m, struct mm_struct *mm)
{
	if (!mm) {
		seq_printf(m, " 0 0 0 0 0 0 0");
		return;
	}
	seq_printf(m, " %lu %lu %lu %lu %lu %lu %lu", mm->start_data,
		   mm->end_data, mm->start_brk, mm->arg_start, mm->arg_end,
		   mm->env_start, mm->env_end);
}

/* /proc/PID/stat (whole: the process's counts, all threads summed) and
 * /proc/PID/task/TID/stat (one thread's), as Linux's do_task_stat. */
static void do_task_stat(struct seqbuf *m, struct task *t, bool whole)
{
	struct rusage_counts u = whole ? task_usage(t, false) : thread_usage(t);
	struct rusage_counts c = t->signal->reaped;

	seq_printf(m, "%d (%s) %c %d %d %d 0 -1 0", t->pid, t->comm,
		   proc_task_state(t)[0], t->parent ? t->parent->tgid : 0,
		   t->signal->pgid, t->signal->sid);
	seq_printf(m, " %lu %lu %lu %lu %lu %lu %lu %lu 20 0 %d 0 %lu",
		   u.min_flt, c.min_flt, u.maj_flt, c.maj_flt, u.utime,
		   u.stime, c.utime, c.stime, t->signal->nr_threads,
		   t->start_ticks);
	stat_mm(m, t);
	stat_signals(m, t);
	seq_printf(m, " %d 0 0 %d 0 0 0 0 0 0", t->state == TASK_SLEEPING,
		   t->exit_signal);
	stat_layout(m, t->mm);
	seq_printf(m, " %d\n", t->state == TASK_ZOMBIE ?
		   t->signal->group_exit_code : 0);
}

int proc_pid_stat(struct seqbuf *m, struct task *t)
{
	do_task_stat(m, t, true);
	return 0;
}

int proc_tid_stat(struct seqbuf *m, struct task *t)
{
	do_task_stat(m, t, false);
	return 0;
}

/* /proc/PID/statm: size resident shared text lib data dt, in pages;
 * shared is the file and shmem pages, lib 0, as in Linux. */
int proc_pid_statm(struct seqbuf *m, struct task *t)
{
	struct mm_struct *mm = t->mm;

	if (!mm) {
		seq_printf(m, "0 0 0 0 0 0 0\n");
		return 0;
	}
	uint64_t text = (PAGE_ALIGN(mm->end_code) -
			 (mm->start_code & PAGE_MASK)) >> PAGE_SHIFT;
	seq_printf(m, "%lu %lu %lu %lu 0 %lu 0\n", mm->total_vm,
		   get_mm_rss(mm), mm->rss_file + mm->rss_shmem,
		   mm->end_code > mm->start_code ? text : 0,
		   mm->data_vm + mm->stack_vm);
	return 0;
}
