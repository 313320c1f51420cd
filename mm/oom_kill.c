/*
 * mm/oom_kill.c - the out-of-memory killer (Linux's mm/oom_kill.c).
 *
 * When reclaim and swap cannot give a fault a frame, some process must
 * die so the others can go on.  Which one is Linux's rule: the one whose
 * death frees the most, oom_badness() = its resident pages + its swap
 * entries + its page tables, moved by /proc/PID/oom_score_adj (-1000..1000,
 * in thousandths of all memory: RAM + swap).  Kernel threads, init and a
 * process at -1000 are never chosen.  A process already dying is chosen
 * again rather than a second victim: its memory is on the way back.
 *
 * A user-mode fault that finds no memory waits here for the victim to go
 * (the scheduler runs it; SIGKILL ends it at its next return to user
 * mode) and then returns, so the faulting instruction runs again, as
 * Linux's pagefault_out_of_memory.  A fault inside a system call's access
 * to user memory does not wait (the kernel may hold state across it): the
 * access fails with EFAULT, and the victim is killed all the same.
 */
#include "mm.h"
#include "../kernel/kernel.h"
#include "../fs/fs.h"
#include <uapi/errno.h>

#define OOM_SCORE_ADJ_MIN	(-1000)
#define OOM_SCORE_ADJ_MAX	1000
#define OOM_DISABLE		(-17)	/* the legacy oom_adj's range */
#define OOM_ADJUST_MAX		15
#define OOM_WAIT_SCHEDULES	100000	/* a victim that never goes */
#define K(pages)		((pages) << (PAGE_SHIFT - 10))

/* All memory, RAM and swap, in pages: what oom_score_adj is a part of. */
static uint64_t oom_totalpages(void)
{
	return nr_total_pages() + total_swap_pages();
}

/* A thread of p's process that still has the address space (the leader
 * may have left with pthread_exit), or NULL: Linux's find_lock_task_mm. */
static struct task *task_mm_thread(struct task *p)
{
	struct task *t;

	for_each_thread(p, t)
		if (t->mm)
			return t;
	return NULL;
}

/* How much killing p's process would free, in pages, moved by its
 * oom_score_adj; INT64_MIN if it may not be killed (Linux's oom_badness). */
static int64_t oom_badness(struct task *p, uint64_t totalpages)
{
	struct task *t = task_mm_thread(p);
	int adj = p->signal->oom_score_adj;

	if (!t || p->tgid == 1 || adj == OOM_SCORE_ADJ_MIN)
		return INT64_MIN;
	struct mm_struct *mm = t->mm;
	int64_t points = mm->rss_anon + mm->rss_file + mm->rss_shmem +
			 mm->swapents + pgtable_count_user(mm->pml4) + mm->nr_huge_pmds;
	return points + (int64_t)adj * (int64_t)(totalpages / 1000);
}

/* The process to kill, by a thread that has its mm: the highest badness,
 * the last such in task order; a process already dying if there is one;
 * NULL if none may go. */
static struct task *select_bad_process(uint64_t totalpages)
{
	struct task *chosen = NULL;
	int64_t chosen_points = INT64_MIN;

	for (struct task *p = task_next(NULL); p; p = task_next(p)) {
		if (!thread_group_leader(p) || p->tgid == 1 || !task_mm_thread(p))
			continue;
		if (p->signal->flags & SIGNAL_GROUP_EXIT)
			return task_mm_thread(p);
		int64_t points = oom_badness(p, totalpages);
		if (points == INT64_MIN || points < chosen_points)
			continue;
		chosen = task_mm_thread(p);
		chosen_points = points;
	}
	return chosen;
}

/* SIGKILL to the victim's process, with Linux's report on the console. */
static void oom_kill_process(struct task *victim)
{
	struct mm_struct *mm = victim->mm;

	printk("Out of memory: Killed process %d (%s) total-vm:%lukB, "
	       "anon-rss:%lukB, file-rss:%lukB, shmem-rss:%lukB, UID:%u "
	       "pgtables:%lukB oom_score_adj:%d\n", victim->tgid, victim->comm,
	       K(mm->total_vm), K(mm->rss_anon), K(mm->rss_file),
	       K(mm->rss_shmem), victim->cred.uid,
	       K(pgtable_count_user(mm->pml4) + mm->nr_huge_pmds),
	       victim->signal->oom_score_adj);
	mm_trace("oom-kill %s\n", victim->comm);
	send_signal(victim, SIGKILL);
}

/* Is an address space still held by some task? */
static bool mm_in_use(const struct mm_struct *mm)
{
	for (struct task *p = task_next(NULL); p; p = task_next(p))
		if (p->mm == mm)
			return true;
	return false;
}

/*
 * A fault of the current task found no memory: kill a victim.  With wait
 * (a user-mode fault, which is then tried again), a victim other than
 * current runs until its memory is free; if it never goes, current is
 * killed too.
 */
void out_of_memory(bool wait)
{
	struct task *victim = select_bad_process(oom_totalpages());

	if (!victim)
		victim = current;
	if (!(victim->signal->flags & SIGNAL_GROUP_EXIT))
		oom_kill_process(victim);
	if (victim->signal == current->signal || !wait)
		return;
	const struct mm_struct *mm = victim->mm;
	for (int i = 0; i < OOM_WAIT_SCHEDULES && mm_in_use(mm); i++)
		schedule();
	if (mm_in_use(mm))
		oom_kill_process(current);
}

/* /proc/PID/oom_score: the badness scaled to 0..2000 (as Linux since 5.9:
 * 1000 + badness in thousandths of all memory, times 2/3), 0 if p may
 * not be killed. */
int proc_oom_score_show(struct seqbuf *m, struct task *t)
{
	uint64_t totalpages = oom_totalpages();
	int64_t badness = oom_badness(t->group_leader, totalpages);
	int64_t points = 0;

	if (badness != INT64_MIN)
		points = (1000 + badness * 1000 / (int64_t)totalpages) * 2 / 3;
	seq_printf(m, "%ld\n", points < 0 ? 0 : points);
	return 0;
}

int proc_oom_score_adj_show(struct seqbuf *m, struct task *t)
{
	seq_printf(m, "%d\n", t->signal->oom_score_adj);
	return 0;
}

/* The legacy /proc/PID/oom_adj: -17..15, the same setting scaled. */
int proc_oom_adj_show(struct seqbuf *m, struct task *t)
{
	int adj = t->signal->oom_score_adj;

	seq_printf(m, "%d\n", adj == OOM_SCORE_ADJ_MAX ? OOM_ADJUST_MAX
		   : adj * -OOM_DISABLE / OOM_SCORE_ADJ_MAX);
	return 0;
}

/* The int written to an oom file, with blanks around it (Linux's
 * kstrtoint(strstrip(buf), 0, ...)); 0, -EINVAL or -ERANGE. */
static int parse_int(char *s, int *out)
{
	while (*s == ' ' || *s == '\t' || *s == '\n')
		s++;
	size_t n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\n'))
		s[--n] = 0;
	return kstrtoint(s, 0, out);
}

/* Set t's process's oom_score_adj (Linux's __set_oom_adj): below the
 * lowest value root has set (legacy oom_adj: below the value now), only
 * root may go; root's own setting becomes that floor. */
static int set_oom_adj(struct task *t, int adj, bool legacy)
{
	struct signal_struct *sig = t->signal;
	int floor = legacy ? sig->oom_score_adj : sig->oom_score_adj_min;

	if (adj < floor && !capable())
		return -EACCES;
	sig->oom_score_adj = adj;
	if (!legacy && capable())
		sig->oom_score_adj_min = adj;
	return 0;
}

int proc_oom_score_adj_write(struct task *t, char *buf, size_t n)
{
	int adj, err = parse_int(buf, &adj);
	(void)n;

	if (err)
		return err;
	if (adj < OOM_SCORE_ADJ_MIN || adj > OOM_SCORE_ADJ_MAX)
		return -EINVAL;
	return set_oom_adj(t, adj, false);
}

int proc_oom_adj_write(struct task *t, char *buf, size_t n)
{
	int adj, err = parse_int(buf, &adj);
	(void)n;

	if (err)
		return err;
	if (adj < OOM_DISABLE || adj > OOM_ADJUST_MAX)
		return -EINVAL;
	if (adj == OOM_ADJUST_MAX)
		adj = OOM_SCORE_ADJ_MAX;
	else
		adj = adj * OOM_SCORE_ADJ_MAX / -OOM_DISABLE;
	return set_oom_adj(t, adj, true);
}
