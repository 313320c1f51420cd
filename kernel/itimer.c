/*
 * kernel/itimer.c - interval timers: alarm, setitimer, getitimer.
 *
 * ITIMER_REAL counts wall-clock time and sends SIGALRM; ITIMER_VIRTUAL
 * counts the process's user time (SIGVTALRM), ITIMER_PROF its user and
 * system time (SIGPROF), of all its threads.  All three are checked on
 * every clock tick, so their resolution is one tick.  They belong to the
 * process (signal_struct); they are not inherited by fork and survive
 * execve, as on Linux.
 */
#include "kernel.h"
#include "../mm/mm.h"
#include "syscalls.h"
#include <uapi/errno.h>
#include <uapi/resource.h>
#include <uapi/signal.h>
#include <uapi/time.h>

#define TICK_NS		(1000000000ull / TIMER_HZ)
#define REAL		0
#define VIRTUAL		1
#define PROF		2

static const int itimer_signal[3] = { SIGALRM, SIGVTALRM, SIGPROF };

/* Fire timer which of t's process: signal it, then reload or stop. */
static void itimer_fire(struct task *t, int which, uint64_t now)
{
	struct signal_struct *sig = t->signal;

	send_signal(t, itimer_signal[which]);
	if (!sig->it_interval[which])
		sig->it_value[which] = 0;
	else if (which == REAL)
		sig->it_value[which] = MAX(sig->it_value[which] +
					   sig->it_interval[which], now + 1);
	else
		sig->it_value[which] = sig->it_interval[which];
}

static void check_rlimit_cpu(struct task *t);

static uint64_t real_next = UINT64_MAX;	/* no ITIMER_REAL is due before */

/* Fire every ITIMER_REAL that is due and find the next deadline: a walk
 * of all tasks, but only when one is due, not every tick. */
static void real_timers_due(uint64_t now)
{
	uint64_t next = UINT64_MAX;

	for (struct task *t = task_next(NULL); t; t = task_next(t)) {
		struct signal_struct *sig = t->signal;
		if (!thread_group_leader(t) || !sig->live || !sig->it_value[REAL])
			continue;
		if (sig->it_value[REAL] <= now)
			itimer_fire(t, REAL, now);
		if (sig->it_value[REAL])
			next = MIN(next, sig->it_value[REAL]);
	}
	real_next = next;
}

/* One clock tick (interrupts off): the due ITIMER_REALs of every process,
 * then the CPU-time timers and limit of the current one; user: the tick
 * was spent in user mode. */
void itimer_tick(bool user, uint64_t now)
{
	struct signal_struct *sig = current->signal;

	if (now >= real_next)
		real_timers_due(now);
	if (!current->mm || !sig || !sig->live)
		return;
	struct task *t = current->group_leader;
	for (int which = VIRTUAL; which <= PROF; which++) {
		if (!sig->it_value[which] || (which == VIRTUAL && !user))
			continue;
		if (sig->it_value[which] <= TICK_NS)
			itimer_fire(t, which, now);
		else
			sig->it_value[which] -= TICK_NS;
	}
	check_rlimit_cpu(t);
}

/* RLIMIT_CPU, as Linux's check_process_timers: with a soft limit set,
 * SIGKILL once the CPU time of t's process (all its threads, exited ones
 * too) reaches the hard limit, else SIGXCPU at the soft limit, which then
 * moves up a second: the signal repeats every second until the hard
 * limit.  The current task is one of the process's threads. */
static void check_rlimit_cpu(struct task *t)
{
	struct signal_struct *sig = t->signal;
	uint64_t soft = sig->rlim_cur[RLIMIT_CPU];
	uint64_t hard = sig->rlim_max[RLIMIT_CPU];

	if (!current->mm || soft == RLIM_INFINITY)
		return;
	struct rusage_counts u = task_usage(t, false);
	uint64_t secs = (u.utime + u.stime) / TIMER_HZ;
	if (hard != RLIM_INFINITY && secs >= hard) {
		send_signal(t, SIGKILL);
		return;
	}
	if (secs >= soft) {
		send_signal(t, SIGXCPU);
		sig->rlim_cur[RLIMIT_CPU] = soft + 1;
	}
}

static uint64_t tv_ns(const struct timeval *tv)
{
	return tv->tv_sec * 1000000000ull + tv->tv_usec * 1000ull;
}

static struct timeval ns_tv(uint64_t ns)
{
	return (struct timeval){ ns / 1000000000ull, (ns % 1000000000ull) / 1000 };
}

/* The current setting of timer which, as an itimerval. */
static struct itimerval get_timer(int which)
{
	struct signal_struct *sig = current->signal;
	uint64_t v = sig->it_value[which], now = timer_ns();

	if (which == REAL && v)
		v = v > now ? v - now : 1000;	/* due: report 1 us, as Linux */
	return (struct itimerval){ ns_tv(sig->it_interval[which]), ns_tv(v) };
}

static void set_timer(int which, const struct itimerval *it)
{
	uint64_t v = tv_ns(&it->it_value);

	current->signal->it_interval[which] = tv_ns(&it->it_interval);
	current->signal->it_value[which] = !v ? 0 : which == REAL ? timer_ns() + v : v;
	if (which == REAL && v)
		real_next = MIN(real_next, current->signal->it_value[REAL]);
}

SYSCALL_DEFINE2(getitimer, int, which, struct itimerval *, uit)
{
	if (which < REAL || which > PROF)
		return -EINVAL;
	struct itimerval it = get_timer(which);
	return copy_to_user(uit, &it, sizeof(it));
}

SYSCALL_DEFINE3(setitimer, int, which, const struct itimerval *, unew,
		struct itimerval *, uold)
{
	struct itimerval n = { { 0, 0 }, { 0, 0 } };

	if (which < REAL || which > PROF)
		return -EINVAL;
	if (unew && copy_from_user(&n, unew, sizeof(n)))
		return -EFAULT;
	if (n.it_value.tv_usec < 0 || n.it_value.tv_usec >= 1000000 ||
	    n.it_interval.tv_usec < 0 || n.it_interval.tv_usec >= 1000000 ||
	    n.it_value.tv_sec < 0 || n.it_interval.tv_sec < 0)
		return -EINVAL;
	struct itimerval old = get_timer(which);
	if (uold && copy_to_user(uold, &old, sizeof(old)))
		return -EFAULT;
	set_timer(which, &n);
	return 0;
}

/* alarm(seconds): a one-shot ITIMER_REAL; returns the seconds that were
 * left of the previous one, rounded as Linux rounds them. */
SYSCALL_DEFINE1(alarm, unsigned int, seconds)
{
	struct itimerval old = get_timer(REAL);
	struct itimerval n = { { 0, 0 }, { seconds, 0 } };

	set_timer(REAL, &n);
	if ((!old.it_value.tv_sec && old.it_value.tv_usec) ||
	    old.it_value.tv_usec >= 500000)
		old.it_value.tv_sec++;
	return old.it_value.tv_sec;
}
