/*
 * kernel/sched.c - the round-robin scheduler, sleep and wakeup.
 *
 * Runnable tasks wait on one queue; schedule() moves the current task to
 * its tail and switches to the head.  The timer sets need_resched every
 * tick; a task is only preempted on its way back to user mode (the kernel
 * itself is not preemptible), which is why kernel data needs no locks.
 * The boot context becomes the idle task, which runs when nothing else can.
 *
 * Sleeping: a task sets wait_chan (any address that names what it waits
 * for), leaves the run queue and joins the sleep queue chan hashes to, as
 * in the BSDs; wakeup(chan) looks at that queue only and puts back every
 * task waiting on chan.  An interruptible sleep also ends when a signal
 * arrives.  A sleep with a deadline is also on timed_sleepers, the only
 * sleepers the clock tick looks at, so neither a tick nor a wakeup costs
 * time in proportion to the number of tasks.
 *
 * Threads of one process share page tables, so switching between them
 * leaves CR3 (and the TLB) alone.  An exiting task runs on its own kernel
 * stack and page tables until it switches away; the next task frees them
 * (finish_task_switch).
 */
#include "kernel.h"
#include "x86.h"
#include "../mm/mm.h"
#include <uapi/errno.h>

struct task *current;
static struct task idle_task;
static LIST_HEAD(runqueue);
#define SLEEPQ_BITS	6
static struct list_head sleepq[1 << SLEEPQ_BITS];
static LIST_HEAD(timed_sleepers);
LIST_HEAD(all_tasks);
bool need_resched;
static uint64_t cpu_ticks[NR_CPUTIME];	/* /proc/stat's cpu line */
static uint64_t avenrun[3];		/* load averages, FIXED_1 = 1.0 */
static uint8_t fpu_init_state[512] __attribute__((aligned(16)));

void context_switch(uint64_t *prev_ksp, uint64_t next_ksp);

/* Enable SSE for user programs and record the FPU's initial state. */
static void fpu_init(void)
{
	uint64_t cr0;

	__asm__ volatile("mov %%cr0, %0" : "=r"(cr0));
	cr0 = (cr0 & ~(1ull << 2)) | (1ull << 1);	/* EM off, MP on */
	__asm__ volatile("mov %0, %%cr0" : : "r"(cr0));
	write_cr4(read_cr4() | CR4_OSFXSR | CR4_OSXMMEXCPT);
	uint32_t mxcsr = 0x1f80;
	__asm__ volatile("fninit; ldmxcsr %1; fxsave %0"
			 : "=m"(fpu_init_state) : "m"(mxcsr));
}

void fpu_init_task(struct task *t)
{
	memcpy(t->fpu, fpu_init_state, sizeof(t->fpu));
}

/* The boot context becomes the idle task, pid 0. */
void sched_init(void)
{
	fpu_init();
	idle_task.pid = 0;
	strlcpy(idle_task.comm, "idle", sizeof(idle_task.comm));
	idle_task.state = TASK_RUNNABLE;
	list_init(&idle_task.children);
	list_init(&idle_task.runq);
	for (int i = 0; i < 1 << SLEEPQ_BITS; i++)
		list_init(&sleepq[i]);
	idle_task.kstack = boot_kstack;
	current = &idle_task;
}

/* Make t runnable; callable from interrupt handlers. */
void sched_add(struct task *t)
{
	uint64_t flags = irq_save();

	t->state = TASK_RUNNABLE;
	list_add_tail(&t->runq, &runqueue);
	irq_restore(flags);
}

/*
 * The page tables next runs on: its own; for a kernel thread (no mm) the
 * ones loaded, if they belong to a live task (lazy TLB, as Linux), else
 * the kernel's - an exiting task's are about to be freed.
 */
static void switch_mm(struct task *prev, struct task *next)
{
	uint64_t *pml4 = next->mm ? next->mm->pml4
			 : prev->mm ? NULL : kernel_pml4;

	if (pml4 && virt_to_phys(pml4) != read_cr3())
		pgtable_switch(pml4);
}

/*
 * After a switch, in the task switched to: an exiting task is off its
 * kernel stack and page tables now, so drop its mm reference and, for a
 * thread nobody waits for, free it (Linux's finish_task_switch).  Also
 * the first thing a new task does (schedule_tail).
 */
static struct task *prev_task;

void finish_task_switch(void)
{
	struct task *prev = prev_task;

	prev_task = NULL;
	if (!prev)
		return;
	if (!prev->mm && prev->active_mm) {
		mmdrop(prev->active_mm);
		prev->active_mm = NULL;
	}
	if (prev->state == TASK_DEAD)
		free_task_struct(prev);
}

/* Switch CPU state (stack for interrupts, page tables, FS, FPU) to next. */
static void switch_to(struct task *prev, struct task *next)
{
	if (prev->mm)
		__asm__ volatile("fxsave %0" : "=m"(prev->fpu));
	tss_set_rsp0((uint64_t)next->kstack + KSTACK_SIZE);
	kernel_stack_top = (uint64_t)next->kstack + KSTACK_SIZE;
	switch_mm(prev, next);
	if (next->mm) {
		wrmsr(MSR_FS_BASE, next->fs_base);
		__asm__ volatile("fxrstor %0" : : "m"(next->fpu));
	}
	current = next;
	prev_task = prev;
	context_switch(&prev->ksp, next->ksp);
	finish_task_switch();
}

/* Give the CPU to the next runnable task (or idle); returns when this
 * task is chosen again. */
void schedule(void)
{
	uint64_t flags = irq_save();
	struct task *prev = current, *next = &idle_task;

	need_resched = false;
	if (prev != &idle_task && prev->state == TASK_RUNNABLE) {
		list_del(&prev->runq);
		list_add_tail(&prev->runq, &runqueue);
	}
	if (!list_empty(&runqueue))
		next = list_entry(runqueue.next, struct task, runq);
	if (next != prev)
		switch_to(prev, next);
	irq_restore(flags);
}

/* Linux's calc_load: one exponentially damped average, fixed point. */
static uint64_t calc_load(uint64_t load, uint64_t exp, uint64_t active)
{
	uint64_t newload = load * exp + active * (FIXED_1 - exp);

	if (active >= load)
		newload += FIXED_1 - 1;
	return newload / FIXED_1;
}

/* Every LOAD_FREQ ticks, fold the number of runnable tasks into the 1, 5
 * and 15 minute averages (Linux's calc_global_load, one CPU). */
static void calc_global_load(void)
{
	static const uint64_t exp[3] = { 1884, 2014, 2037 };	/* EXP_1/5/15 */
	uint64_t active = 0;

	if (timer_ticks() % LOAD_FREQ)
		return;
	for (struct task *t = task_next(NULL); t; t = task_next(t))
		if (t->state == TASK_RUNNABLE || (t->state == TASK_SLEEPING &&
						  !t->interruptible))
			active++;
	for (int i = 0; i < 3; i++)
		avenrun[i] = calc_load(avenrun[i], exp[i], active * FIXED_1);
}

/* The 1, 5 and 15 minute load averages (FIXED_1 is 1.0). */
void get_avenrun(uint64_t loads[3])
{
	memcpy(loads, avenrun, sizeof(avenrun));
}

/* Ticks spent in user mode, in the kernel, and idle, since boot. */
uint64_t cpu_time(enum cputime which)
{
	return cpu_ticks[which];
}

/* Called by the timer interrupt: time slices are one tick long. */
void sched_tick(bool user)
{
	if (user)
		current->utime++;
	else if (current != &idle_task)
		current->stime++;
	cpu_ticks[user ? CPUTIME_USER : current == &idle_task ? CPUTIME_IDLE
		  : CPUTIME_SYSTEM]++;
	calc_global_load();
	need_resched = true;
	uint64_t now = timer_ns();
	struct list_head *pos, *n;
	list_for_each_safe(pos, n, &timed_sleepers) {
		struct task *t = list_entry(pos, struct task, timer_node);
		if (t->wake_at <= now)
			wake_task(t);
	}
	itimer_tick(user, now);
}

void wake_task(struct task *t)
{
	if (t->state != TASK_SLEEPING)
		return;
	list_del(&t->sleep_node);
	list_del(&t->timer_node);
	t->wait_chan = NULL;
	t->wake_at = 0;
	sched_add(t);
}

/* The sleep queue of chan (a multiplicative hash of its address). */
static struct list_head *sleepq_head(const void *chan)
{
	uint64_t h = (uint64_t)chan * 0x9e3779b97f4a7c15ull;

	return &sleepq[h >> (64 - SLEEPQ_BITS)];
}

static void sleep_common(const void *chan, bool interruptible)
{
	uint64_t flags = irq_save();

	current->wait_chan = chan;
	current->interruptible = interruptible;
	current->state = TASK_SLEEPING;
	list_add_tail(&current->sleep_node, sleepq_head(chan));
	if (current->wake_at)
		list_add_tail(&current->timer_node, &timed_sleepers);
	list_del(&current->runq);
	schedule();
	irq_restore(flags);
}

/* Sleep until wakeup(chan); signals do not end this sleep. */
void sleep_on(const void *chan)
{
	sleep_common(chan, false);
}

/* Sleep until wakeup(chan) or a signal; returns 0 or -EINTR. */
int sleep_on_interruptible(const void *chan)
{
	if (signal_pending())
		return -EINTR;
	sleep_common(chan, true);
	return signal_pending() ? -EINTR : 0;
}

/* Sleep until timer_ns() reaches deadline or a signal; 0 or -EINTR. */
int sleep_until(uint64_t deadline)
{
	while (timer_ns() < deadline) {
		if (signal_pending())
			return -EINTR;
		current->wake_at = deadline;
		sleep_common(&current->wake_at, true);
	}
	return 0;
}

/* Sleep on chan until woken (wakeup, wake_task), a signal arrives, or
 * timer_ns() reaches deadline if it is not 0; the caller finds out which. */
void sleep_on_deadline(const void *chan, uint64_t deadline)
{
	uint64_t flags = irq_save();	/* no signal between check and sleep */

	if (!signal_pending()) {
		current->wake_at = deadline;
		sleep_common(chan, true);
	}
	irq_restore(flags);
}

/* Make every task sleeping on chan runnable. */
void wakeup(const void *chan)
{
	uint64_t flags = irq_save();
	struct list_head *pos, *n;

	list_for_each_safe(pos, n, sleepq_head(chan)) {
		struct task *t = list_entry(pos, struct task, sleep_node);
		if (t->wait_chan == chan)
			wake_task(t);
	}
	irq_restore(flags);
}

/* The idle loop: halt until an interrupt, then see if anyone can run. */
__noreturn void cpu_idle(void)
{
	for (;;) {
		sti();
		hlt();
		schedule();
	}
}
