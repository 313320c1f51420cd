/*
 * kernel/futex.c - futexes: sleeping on a 32-bit word in user memory.
 *
 * FUTEX_WAIT sleeps if the word still holds the value the caller saw (the
 * check and the queueing cannot be separated by a wake: the kernel is not
 * preemptible), FUTEX_WAKE wakes up to n sleepers.  The kernel knows
 * nothing of locks: glibc and musl build mutexes, condition variables,
 * barriers, semaphores and pthread_join on these calls.
 *
 * Sleepers wait in a hash of queues by key, as in Linux's futex_hash:
 *
 *     private (FUTEX_PRIVATE_FLAG, or private memory)  (mm, page address)
 *     shared mapping (MAP_SHARED file, shared anon)   (address_space,
 *                                                      page index)
 *
 * and the byte offset in the page, as Linux's get_futex_key, so two
 * processes that map one page at different addresses meet on one key:
 * a shared mapping's pages are its file's (shmem's own file for shared
 * anonymous memory), found by their index in the file's address_space.  A sleeper's futex_q lives on its kernel stack; a waker takes it
 * off the queue before waking it, so "off the queue" means "woken".
 *
 * A thread's robust list (set_robust_list) names the futex locks it
 * holds; when it exits, each is marked FUTEX_OWNER_DIED and one waiter
 * woken, so the next locker gets EOWNERDEAD (exit_robust_list).
 */
#include "kernel.h"
#include "../mm/mm.h"
#include "../fs/fs.h"
#include "syscalls.h"
#include <uapi/errno.h>
#include <uapi/time.h>

#define FUTEX_WAIT		0
#define FUTEX_WAKE		1
#define FUTEX_REQUEUE		3
#define FUTEX_CMP_REQUEUE	4
#define FUTEX_WAIT_BITSET	9
#define FUTEX_WAKE_BITSET	10
#define FUTEX_PRIVATE_FLAG	128
#define FUTEX_CLOCK_REALTIME	256
#define FUTEX_CMD_MASK		(~(FUTEX_PRIVATE_FLAG | FUTEX_CLOCK_REALTIME))

#define FLAGS_CLOCKRT		2	/* FLAGS_SHARED is 1 (kernel.h) */

#define FUTEX_WAITERS		0x80000000u
#define FUTEX_OWNER_DIED	0x40000000u
#define FUTEX_TID_MASK		0x3fffffffu
#define ROBUST_LIST_LIMIT	2048

#define FUTEX_HASH_SIZE		256

/* What a futex is, wherever it is mapped: see the table above.  A
 * shared-op futex in private memory is keyed by (mm, address) too, but
 * apart from private ones (Linux's FUT_OFF_MMSHARED): neither op wakes
 * the other's sleepers. */
enum futex_key_kind { KEY_PRIVATE, KEY_MM_SHARED, KEY_OBJECT };
struct futex_key {
	const void *base;		/* the mm, or the address_space */
	uint64_t word;			/* the page's address, or its index */
	uint64_t offset;		/* the byte in the page */
	enum futex_key_kind kind;
};

/* A sleeper (on its own kernel stack). */
struct futex_q {
	struct list_head list;		/* on its bucket; empty once woken */
	struct task *task;
	struct futex_key key;
	uint32_t bitset;
};

static struct list_head futex_queues[FUTEX_HASH_SIZE];

void futex_init(void)
{
	for (int i = 0; i < FUTEX_HASH_SIZE; i++)
		list_init(&futex_queues[i]);
}

static struct list_head *hash_futex(const struct futex_key *key)
{
	uint64_t h = (uint64_t)key->base ^
		     ((key->word + key->offset) * 0x9e3779b97f4a7c15ull);

	return &futex_queues[(h >> 32) % FUTEX_HASH_SIZE];
}

static bool match_futex(const struct futex_key *a, const struct futex_key *b)
{
	return a->base == b->base && a->word == b->word &&
	       a->offset == b->offset && a->kind == b->kind;
}

/*
 * The key of the futex at uaddr: (mm, page address) for a private futex
 * or one in private memory; in a MAP_SHARED mapping the address_space of
 * the file it maps and the page's index there; both with the byte offset
 * in the page.  0, -EINVAL for an unaligned address, -EFAULT if it is not
 * user memory or (shared) not mapped.
 */
static int get_futex_key(uint64_t uaddr, unsigned flags, struct futex_key *key)
{
	if (uaddr % sizeof(uint32_t))
		return -EINVAL;
	if (!access_ok(uaddr, sizeof(uint32_t)))
		return -EFAULT;
	*key = (struct futex_key){ current->mm, uaddr & PAGE_MASK,
				   uaddr & ~PAGE_MASK, KEY_PRIVATE };
	if (!(flags & FLAGS_SHARED))
		return 0;
	struct vm_area_struct *vma = find_vma(current->mm, uaddr);
	if (!vma || vma->vm_start > uaddr)
		return -EFAULT;
	key->kind = KEY_MM_SHARED;
	if (!(vma->vm_flags & VM_MAYSHARE))
		return 0;			/* private memory: per mm */
	key->kind = KEY_OBJECT;
	key->base = vma->vm_file->f_mapping;	/* shared memory has a file */
	key->word = vma_index(vma, uaddr);
	return 0;
}

static int get_futex_value(uint32_t *val, uint64_t uaddr)
{
	return copy_from_user(val, (const void *)uaddr, sizeof(*val));
}

/* Take q off its queue and wake its task. */
static void wake_futex(struct futex_q *q)
{
	list_del(&q->list);
	wake_task(q->task);
}

/*
 * FUTEX_WAIT(_BITSET): sleep on uaddr if it holds val, until a wake whose
 * bitset meets ours, a signal, or deadline (timer_ns(); 0: none).
 * Returns 0 when woken, -EAGAIN if the value differs, -ETIMEDOUT,
 * -EINTR (with a timeout) or -ERESTARTSYS (without: SA_RESTART restarts
 * it), as Linux; or the errors of get_futex_key.
 */
static long futex_wait(uint64_t uaddr, unsigned flags, uint32_t val,
		       uint64_t deadline, uint32_t bitset)
{
	struct futex_q q = { .task = current, .bitset = bitset };
	uint32_t cur;

	if (!bitset)
		return -EINVAL;
	int err = get_futex_key(uaddr, flags, &q.key);
	if (err)
		return err;
	if (get_futex_value(&cur, uaddr))
		return -EFAULT;
	if (cur != val)
		return -EAGAIN;
	list_add_tail(&q.list, hash_futex(&q.key));
	for (;;) {
		if (list_empty(&q.list))
			return 0;
		if (deadline && timer_ns() >= deadline)
			err = -ETIMEDOUT;
		else if (signal_pending())
			err = deadline ? -EINTR : -ERESTARTSYS;
		if (err) {
			list_del(&q.list);
			return err;
		}
		sleep_on_deadline(&q, deadline);
	}
}

/* FUTEX_WAKE(_BITSET): wake up to nr sleepers on uaddr whose bitset meets
 * bitset (at least one, even for nr <= 0, as Linux).  Returns how many
 * were woken, or -errno. */
int futex_wake(uint64_t uaddr, unsigned flags, int nr, uint32_t bitset)
{
	struct futex_key key;
	struct futex_q *q, *n;
	int woken = 0;

	if (!bitset)
		return -EINVAL;
	int err = get_futex_key(uaddr, flags, &key);
	if (err)
		return err;
	struct list_head *hb = hash_futex(&key);
	for (q = list_entry(hb->next, struct futex_q, list); &q->list != hb; q = n) {
		n = list_entry(q->list.next, struct futex_q, list);
		if (!match_futex(&q->key, &key) || !(q->bitset & bitset))
			continue;
		wake_futex(q);
		if (++woken >= nr)
			break;
	}
	return woken;
}

/*
 * FUTEX_(CMP_)REQUEUE: wake nr_wake sleepers on uaddr1 and move up to
 * nr_requeue more to uaddr2, without waking them (so a broadcast does not
 * wake every waiter only for all but one to sleep again on the mutex).
 * CMP_REQUEUE first checks that uaddr1 still holds *cmpval (-EAGAIN).
 * Returns the number woken plus requeued, or -errno.
 */
static long futex_requeue(uint64_t uaddr1, unsigned flags, uint64_t uaddr2,
			  int nr_wake, int nr_requeue, const uint32_t *cmpval)
{
	struct futex_key key1, key2;
	struct futex_q *q, *n;
	int count = 0;
	uint32_t cur;

	if (nr_wake < 0 || nr_requeue < 0)
		return -EINVAL;
	int err = get_futex_key(uaddr1, flags, &key1);
	if (!err)
		err = get_futex_key(uaddr2, flags, &key2);
	if (err)
		return err;
	if (cmpval && get_futex_value(&cur, uaddr1))
		return -EFAULT;
	if (cmpval && cur != *cmpval)
		return -EAGAIN;
	struct list_head *hb1 = hash_futex(&key1), *hb2 = hash_futex(&key2);
	for (q = list_entry(hb1->next, struct futex_q, list); &q->list != hb1; q = n) {
		n = list_entry(q->list.next, struct futex_q, list);
		if (!match_futex(&q->key, &key1))
			continue;
		if (count - nr_wake >= nr_requeue)
			break;
		if (++count <= nr_wake) {
			wake_futex(q);
			continue;
		}
		list_del(&q->list);
		q->key = key2;
		list_add_tail(&q->list, hb2);
	}
	return count;
}

/* The deadline (timer_ns) of a wait's timeout: relative for FUTEX_WAIT,
 * absolute on CLOCK_MONOTONIC or CLOCK_REALTIME for FUTEX_WAIT_BITSET.
 * 0, -EFAULT or -EINVAL (a bad timespec). */
static int futex_deadline(const struct timespec *uts, int cmd, unsigned flags,
			  uint64_t *deadline)
{
	struct timespec ts;

	if (copy_from_user(&ts, uts, sizeof(ts)))
		return -EFAULT;
	if (ts.tv_sec < 0 || ts.tv_nsec < 0 || ts.tv_nsec >= 1000000000l)
		return -EINVAL;
	uint64_t t = ts.tv_sec * 1000000000ull + ts.tv_nsec, now = timer_ns();
	if (cmd == FUTEX_WAIT)
		*deadline = now + t;
	else if (flags & FLAGS_CLOCKRT)
		*deadline = now + (t > realtime_ns() ? t - realtime_ns() : 0);
	else
		*deadline = t;
	*deadline = MAX(*deadline, 1);	/* 0 would mean "no timeout" */
	return 0;
}

SYSCALL_DEFINE6(futex, uint64_t, uaddr, int, op, uint32_t, val,
		const struct timespec *, utime, uint64_t, uaddr2, uint32_t, val3)
{
	int cmd = op & FUTEX_CMD_MASK;
	unsigned flags = (op & FUTEX_PRIVATE_FLAG) ? 0 : FLAGS_SHARED;
	uint64_t deadline = 0;
	bool wait = cmd == FUTEX_WAIT || cmd == FUTEX_WAIT_BITSET;

	if (op & FUTEX_CLOCK_REALTIME) {
		flags |= FLAGS_CLOCKRT;
		if (!wait)
			return -ENOSYS;
	}
	if (wait && utime) {
		int err = futex_deadline(utime, cmd, flags, &deadline);
		if (err)
			return err;
	}
	/* for the requeues, the timeout argument is the count nr_requeue */
	int val2 = (int)(uint64_t)utime;
	switch (cmd) {
	case FUTEX_WAIT:
		return futex_wait(uaddr, flags, val, deadline, FUTEX_BITSET_MATCH_ANY);
	case FUTEX_WAIT_BITSET:
		return futex_wait(uaddr, flags, val, deadline, val3);
	case FUTEX_WAKE:
		return futex_wake(uaddr, flags, (int)val, FUTEX_BITSET_MATCH_ANY);
	case FUTEX_WAKE_BITSET:
		return futex_wake(uaddr, flags, (int)val, val3);
	case FUTEX_REQUEUE:
		return futex_requeue(uaddr, flags, uaddr2, (int)val, val2, NULL);
	case FUTEX_CMP_REQUEUE:
		return futex_requeue(uaddr, flags, uaddr2, (int)val, val2, &val3);
	default:
		return -ENOSYS;		/* WAKE_OP and the PI calls: not in Pagoda */
	}
}

/* The robust-list head user space registers (glibc: one per thread). */
struct robust_list_head {
	uint64_t next;			/* first entry; the head itself ends it */
	int64_t futex_offset;		/* from an entry to its futex word */
	uint64_t list_op_pending;	/* an entry being locked or unlocked */
};

SYSCALL_DEFINE2(set_robust_list, struct robust_list_head *, head, size_t, len)
{
	if (len != sizeof(*head))
		return -EINVAL;
	current->robust_list = (uint64_t)head;
	return 0;
}

SYSCALL_DEFINE3(get_robust_list, int, pid, uint64_t *, head_ptr, size_t *, len_ptr)
{
	struct task *t = pid ? find_task(pid) : current;
	size_t len = sizeof(struct robust_list_head);

	if (!t || t->state == TASK_DEAD)
		return -ESRCH;
	if (copy_to_user(len_ptr, &len, sizeof(len)) ||
	    copy_to_user(head_ptr, &t->robust_list, sizeof(t->robust_list)))
		return -EFAULT;
	return 0;
}

/*
 * The lock word at uaddr may be held by the exiting thread t: if its tid
 * is in it, set FUTEX_OWNER_DIED (keeping FUTEX_WAITERS) and wake a
 * waiter, as Linux's handle_futex_death (a PI futex is only marked:
 * Pagoda has no PI waiters).  A pending operation that had just released
 * the word (0) still wakes one.  0, or -1 on a bad address.
 */
static int handle_futex_death(uint64_t uaddr, struct task *t, bool pi,
			      bool pending)
{
	uint32_t uval;

	if (uaddr % sizeof(uint32_t) || get_futex_value(&uval, uaddr))
		return -1;
	if (pending && !pi && !uval) {
		futex_wake(uaddr, FLAGS_SHARED, 1, FUTEX_BITSET_MATCH_ANY);
		return 0;
	}
	if ((uval & FUTEX_TID_MASK) != (uint32_t)t->pid)
		return 0;
	uint32_t mval = (uval & FUTEX_WAITERS) | FUTEX_OWNER_DIED;
	if (copy_to_user((void *)uaddr, &mval, sizeof(mval)))
		return -1;
	if (!pi && (uval & FUTEX_WAITERS))
		futex_wake(uaddr, FLAGS_SHARED, 1, FUTEX_BITSET_MATCH_ANY);
	return 0;
}

/* Read one robust-list pointer; bit 0 marks a PI futex.  0 or -1. */
static int fetch_robust_entry(uint64_t *entry, uint64_t uptr, bool *pi)
{
	uint64_t v;

	if (copy_from_user(&v, (const void *)uptr, sizeof(v)))
		return -1;
	*entry = v & ~1ull;
	*pi = v & 1;
	return 0;
}

/* Walk t's robust list at exit or exec (at most ROBUST_LIST_LIMIT
 * entries: a list that loops ends there), then its pending entry, as
 * Linux's exit_robust_list. */
void exit_robust_list(struct task *t)
{
	uint64_t head = t->robust_list, entry, pending, next;
	struct robust_list_head h;
	bool pi, next_pi, pending_pi;

	t->robust_list = 0;
	if (!head || copy_from_user(&h, (const void *)head, sizeof(h)))
		return;
	if (fetch_robust_entry(&entry, head, &pi) ||
	    fetch_robust_entry(&pending, head + offsetof(struct robust_list_head,
							 list_op_pending), &pending_pi))
		return;
	for (int limit = ROBUST_LIST_LIMIT; entry != head && limit--; ) {
		int rc = fetch_robust_entry(&next, entry, &next_pi);
		if (entry != pending &&
		    handle_futex_death(entry + h.futex_offset, t, pi, false))
			return;
		if (rc)
			return;
		entry = next;
		pi = next_pi;
	}
	if (pending)
		handle_futex_death(pending + h.futex_offset, t, pending_pi, true);
}
