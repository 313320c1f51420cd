/*
 * kernel/signal_queue.c - signals sent with a siginfo of the sender's
 * (rt_sigqueueinfo, rt_tgsigqueueinfo: sigqueue's si_value), and signals
 * taken synchronously (rt_sigtimedwait: sigwaitinfo, sigtimedwait,
 * sigwait), with Linux's checks and errors.  Sending and dequeueing are
 * kernel/signal.c's.
 */
#include "kernel.h"
#include "../mm/mm.h"
#include "syscalls.h"
#include <uapi/errno.h>
#include <uapi/resource.h>
#include <uapi/signal.h>
#include <uapi/time.h>

#define NSEC_PER_SEC	1000000000ull

/* ---- real-time signals queue ------------------------------------------------ */

/*
 * A pending signal keeps its first sending's siginfo in its sigpending
 * slot.  A real-time signal (SIGRTMIN and up) sent again while pending
 * is queued, in order, as Linux queues every sending of one; dequeueing
 * moves the oldest back into the slot.  The entries of a process count
 * against its RLIMIT_SIGPENDING.  Senders and takers run in process
 * context (interrupts send only standard signals), one at a time.
 */
struct sigqueue {
	struct sigqueue *next;
	struct ksignal ks;
};

/* An entry for ks, counted in s; NULL past the limit or out of memory. */
struct sigqueue *sigqueue_alloc(struct signal_struct *s, const struct ksignal *ks)
{
	if ((uint64_t)s->nr_queued >= s->rlim_cur[RLIMIT_SIGPENDING])
		return NULL;
	struct sigqueue *q = kmalloc(sizeof(*q));
	if (!q)
		return NULL;
	q->next = NULL;
	q->ks = *ks;
	s->nr_queued++;
	return q;
}

/* q at the tail of p's queue. */
void sigqueue_append(struct sigpending *p, struct sigqueue *q)
{
	struct sigqueue **pp = &p->queue;

	while (*pp)
		pp = &(*pp)->next;
	*pp = q;
}

/* Unlink the oldest queued sending of sig, its siginfo in *ks; the entry
 * (for sigqueue_free), or NULL if none. */
struct sigqueue *sigqueue_take(struct sigpending *p, int sig, struct ksignal *ks)
{
	for (struct sigqueue **pp = &p->queue; *pp; pp = &(*pp)->next) {
		struct sigqueue *q = *pp;
		if (q->ks.sig != sig)
			continue;
		*pp = q->next;
		*ks = q->ks;
		return q;
	}
	return NULL;
}

void sigqueue_free(struct signal_struct *s, struct sigqueue *q)
{
	if (!q)
		return;
	s->nr_queued--;
	kfree(q);
}

/* Drop p's queued sendings of sig (of every signal if sig is 0). */
void sigqueue_flush(struct sigpending *p, struct signal_struct *s, int sig)
{
	struct sigqueue **pp = &p->queue;

	while (*pp) {
		struct sigqueue *q = *pp;
		if (sig && q->ks.sig != sig) {
			pp = &q->next;
			continue;
		}
		*pp = q->next;
		sigqueue_free(s, q);
	}
}

/* ---- sending with a siginfo, and waiting ---------------------------------------- */

/* The siginfo a sender gave, as a ksignal for sig.  Nobody may claim to
 * be the kernel or kill()/tgkill() (si_code >= 0, SI_TKILL) but to its own
 * thread id, target (Linux's do_rt_sigqueueinfo).  0, -EFAULT, -EPERM. */
static int ksignal_from_user(struct ksignal *ks, int sig, const siginfo_t *uinfo,
			     int target)
{
	siginfo_t info;

	if (copy_from_user(&info, uinfo, sizeof(info)))
		return -EFAULT;
	if ((info.si_code >= 0 || info.si_code == SI_TKILL) && target != current->pid)
		return -EPERM;
	*ks = (struct ksignal){ sig, info.si_code, (uint64_t)(unsigned)info.si_pid,
				info.si_uid, 0, (uint64_t)info.si_ptr };
	return 0;
}

/* sigqueue(): sig with the caller's siginfo to the process tgid. */
SYSCALL_DEFINE3(rt_sigqueueinfo, int, tgid, int, sig, const siginfo_t *, uinfo)
{
	struct ksignal ks;
	int err = ksignal_from_user(&ks, sig, uinfo, tgid);

	if (err)
		return err;
	struct task *t = tgid > 0 ? find_task(tgid) : NULL;
	if (!t || !t->signal->live)
		return -ESRCH;
	if (sig < 0 || sig > _NSIG)
		return -EINVAL;
	if (!kill_permitted(t, sig))
		return -EPERM;
	return sig ? send_signal_info(&ks, t, true) : 0;
}

/* The same for one thread, tid of process tgid (pthread_sigqueue). */
SYSCALL_DEFINE4(rt_tgsigqueueinfo, int, tgid, int, tid, int, sig,
		const siginfo_t *, uinfo)
{
	struct ksignal ks;

	if (tgid <= 0 || tid <= 0)
		return -EINVAL;
	int err = ksignal_from_user(&ks, sig, uinfo, tid);
	if (err)
		return err;
	struct task *t = find_task(tid);
	if (!t || t->state == TASK_DEAD || t->tgid != tgid)
		return -ESRCH;
	if (sig < 0 || sig > _NSIG)
		return -EINVAL;
	if (!kill_permitted(t, sig))
		return -EPERM;
	return sig ? send_signal_info(&ks, t, false) : 0;
}

/*
 * Take a pending signal of mask, waiting for one until deadline (0: no
 * limit) with mask unblocked, so that a signal of it wakes us, and the
 * mask put back before it can be delivered (Linux's do_sigtimedwait).
 * The signal, -EAGAIN at the deadline, or -EINTR for another signal.
 */
static int do_sigtimedwait(uint64_t mask, struct ksignal *ks, uint64_t deadline)
{
	uint64_t blocked = current->sig_blocked;
	int sig;

	current->sig_blocked &= ~mask;
	while (!(sig = dequeue_signal(mask, ks))) {
		if (signal_pending()) {
			sig = -EINTR;
			break;
		}
		if (deadline && timer_ns() >= deadline) {
			sig = -EAGAIN;
			break;
		}
		sleep_on_deadline(&current->pending, deadline);
	}
	current->sig_blocked = blocked;
	return sig;
}

SYSCALL_DEFINE4(rt_sigtimedwait, const uint64_t *, uthese, siginfo_t *, uinfo,
		const struct timespec *, uts, size_t, sigsetsize)
{
	uint64_t these, deadline = 0;
	struct timespec ts;
	struct ksignal ks;
	int sig;

	if (sigsetsize != sizeof(these))
		return -EINVAL;
	if (copy_from_user(&these, uthese, sizeof(these)))
		return -EFAULT;
	if (uts && copy_from_user(&ts, uts, sizeof(ts)))
		return -EFAULT;
	if (uts && (ts.tv_sec < 0 || ts.tv_nsec < 0 || ts.tv_nsec >= (long)NSEC_PER_SEC))
		return -EINVAL;
	these &= ~UNBLOCKABLE;
	if (uts && ts.tv_sec == 0 && ts.tv_nsec == 0)
		sig = dequeue_signal(these, &ks) ? ks.sig : -EAGAIN;
	else {
		if (uts && (uint64_t)ts.tv_sec < (1ull << 33))	/* else: forever */
			deadline = timer_ns() + ts.tv_sec * NSEC_PER_SEC + ts.tv_nsec;
		sig = do_sigtimedwait(these, &ks, deadline);
	}
	if (sig > 0 && uinfo) {
		siginfo_t info;
		copy_siginfo(&info, &ks);
		if (copy_to_user(uinfo, &info, sizeof(info)))
			return -EFAULT;
	}
	return sig;
}
