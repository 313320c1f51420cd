/*
 * fs/select.c - poll, ppoll, select, pselect6: wait until one of several
 * files is ready.
 *
 * Each file answers "what is ready now" through its poll operation (files
 * without one are always ready, as regular files are on Linux).  If
 * nothing is ready, the caller sleeps a clock tick at a time and looks
 * again, until something is ready, the timeout passes or a signal comes.
 * Linux instead puts the caller on every file's wait queue; polling once
 * a tick is simpler and, for a teaching kernel, fast enough.
 */
#include "fs.h"
#include "../kernel/syscalls.h"
#include <uapi/poll.h>
#include <uapi/resource.h>
#include <uapi/time.h>

#define TICK_NS		(1000000000ull / TIMER_HZ)
#define NO_TIMEOUT	UINT64_MAX
#define DEFAULT_MASK	(POLLIN | POLLOUT | POLLRDNORM | POLLWRNORM)

/* What fd is ready for now, or POLLNVAL if it is not open. */
static unsigned fd_poll(int fd)
{
	struct file *f = fd >= 0 ? fget(fd) : NULL;

	if (!f)
		return POLLNVAL;
	unsigned mask = f->f_op && f->f_op->poll ? f->f_op->poll(f) : DEFAULT_MASK;
	fput(f);
	return mask;
}

/* Sleep one tick (or until deadline); 0, or -EINTR on a signal. */
static int wait_a_tick(uint64_t deadline)
{
	uint64_t now = timer_ns();

	return sleep_until(MIN(deadline, now + TICK_NS));
}

/* The poll loop over kfds; returns the number of ready entries or -errno. */
static long do_poll(struct pollfd *kfds, unsigned n, uint64_t deadline)
{
	for (;;) {
		long ready = 0;
		for (unsigned i = 0; i < n; i++) {
			kfds[i].revents = 0;
			if (kfds[i].fd < 0)
				continue;
			unsigned m = fd_poll(kfds[i].fd);
			kfds[i].revents = m & (kfds[i].events | POLLERR | POLLHUP | POLLNVAL);
			ready += kfds[i].revents != 0;
		}
		if (ready || timer_ns() >= deadline)
			return ready;
		if (wait_a_tick(deadline))
			return -EINTR;
	}
}

/* The shared part of poll and ppoll: copy in, loop, copy the results out. */
static long poll_common(struct pollfd *ufds, unsigned n, uint64_t deadline)
{
	if (n > rlimit(RLIMIT_NOFILE))
		return -EINVAL;
	struct pollfd *k = n ? kmalloc(n * sizeof(*k)) : NULL;
	if (n && !k)
		return -ENOMEM;
	long ret = n && copy_from_user(k, ufds, n * sizeof(*k)) ? -EFAULT
		   : do_poll(k, n, deadline);
	if (ret >= 0 && n && copy_to_user(ufds, k, n * sizeof(*k)))
		ret = -EFAULT;
	kfree(k);
	return ret;
}

SYSCALL_DEFINE3(poll, struct pollfd *, ufds, unsigned int, nfds,
		int, timeout_ms)
{
	uint64_t deadline = timeout_ms < 0 ? NO_TIMEOUT
			    : timer_ns() + (uint64_t)timeout_ms * 1000000;

	return poll_common(ufds, nfds, deadline);
}

/* A relative timespec to a deadline; 0 or -EFAULT/-EINVAL. */
static int ts_deadline(const struct timespec *uts, uint64_t *deadline)
{
	struct timespec ts;

	*deadline = NO_TIMEOUT;
	if (!uts)
		return 0;
	if (copy_from_user(&ts, uts, sizeof(ts)))
		return -EFAULT;
	if (ts.tv_sec < 0 || ts.tv_nsec < 0 || ts.tv_nsec >= 1000000000l)
		return -EINVAL;
	*deadline = timer_ns() + ts.tv_sec * 1000000000ull + ts.tv_nsec;
	return 0;
}

/* Block *umask (a user sigset of sigsetsize bytes, or none) for the
 * call; the old mask goes to *old.  0 or -errno.  See restore_mask. */
static int set_temp_mask(const uint64_t *umask, size_t sigsetsize, uint64_t *old)
{
	uint64_t mask;

	*old = current->sig_blocked;
	if (!umask)
		return 0;
	if (sigsetsize != sizeof(mask))
		return -EINVAL;
	if (copy_from_user(&mask, umask, sizeof(mask)))
		return -EFAULT;
	current->sig_blocked = mask & ~((1ull << 8) | (1ull << 18)); /* KILL, STOP */
	return 0;
}

/* After the wait: put the old mask back, unless a signal ended it - then
 * the handler runs under the temporary mask and sigreturn restores the
 * old one (as sigsuspend does, and Linux for ppoll/pselect). */
static void restore_mask(long ret, uint64_t old)
{
	if (ret == -EINTR) {
		current->saved_sigmask = old;
		current->restore_sigmask = true;
	} else {
		current->sig_blocked = old;
	}
}

SYSCALL_DEFINE5(ppoll, struct pollfd *, ufds, unsigned int, nfds,
		const struct timespec *, uts, const uint64_t *, umask,
		size_t, sigsetsize)
{
	uint64_t deadline, old;
	int err = ts_deadline(uts, &deadline);

	if (!err)
		err = set_temp_mask(umask, sigsetsize, &old);
	if (err)
		return err;
	long ret = poll_common(ufds, nfds, deadline);
	if (umask)
		restore_mask(ret, old);
	return ret;
}

#define FDSET_WORDS(n)	(((n) + 63) / 64)

/* One pass of select over the three sets (kernel copies, updated in place
 * to the ready ones); returns the count or -EBADF. */
static long select_pass(int n, uint64_t *in, uint64_t *out, uint64_t *ex)
{
	uint64_t rin[16] = { 0 }, rout[16] = { 0 };
	long ready = 0;

	for (int fd = 0; fd < n; fd++) {
		uint64_t bit = 1ull << (fd % 64);
		int w = fd / 64;
		bool want_in = in[w] & bit, want_out = out[w] & bit;
		if (!want_in && !want_out && !(ex[w] & bit))
			continue;
		unsigned m = fd_poll(fd);
		if (m & POLLNVAL)
			return -EBADF;
		if (want_in && (m & (POLLIN | POLLHUP | POLLERR)))
			rin[w] |= bit, ready++;
		if (want_out && (m & (POLLOUT | POLLERR)))
			rout[w] |= bit, ready++;
	}
	for (int w = 0; w < FDSET_WORDS(n); w++) {
		in[w] = rin[w];
		out[w] = rout[w];
		ex[w] = 0;
	}
	return ready;
}

/* select's core: fd sets of n bits from user space; 0 ready on timeout. */
static long do_select(int n, uint64_t *uin, uint64_t *uout, uint64_t *uex,
		      uint64_t deadline)
{
	uint64_t set[3][16] = { { 0 } }, keep[3][16];
	uint64_t *u[3] = { uin, uout, uex };
	size_t bytes = FDSET_WORDS(n) * 8;

	if (n < 0 || n > 1024)
		return -EINVAL;
	for (int i = 0; i < 3; i++)
		if (u[i] && copy_from_user(set[i], u[i], bytes))
			return -EFAULT;
	memcpy(keep, set, sizeof(keep));
	for (;;) {
		long ready = select_pass(n, set[0], set[1], set[2]);
		if (ready < 0)
			return ready;
		if (ready || timer_ns() >= deadline) {
			for (int i = 0; i < 3; i++)
				if (u[i] && copy_to_user(u[i], set[i], bytes))
					return -EFAULT;
			return ready;
		}
		memcpy(set, keep, sizeof(keep));
		if (wait_a_tick(deadline))
			return -EINTR;
	}
}

/* select(2): the timeout is a timeval and, as on Linux, is updated to the
 * time that was left. */
SYSCALL_DEFINE5(select, int, n, uint64_t *, in, uint64_t *, out, uint64_t *, ex,
		struct timeval *, utv)
{
	struct timeval tv;
	uint64_t deadline = NO_TIMEOUT;

	if (utv) {
		if (copy_from_user(&tv, utv, sizeof(tv)))
			return -EFAULT;
		if (tv.tv_sec < 0 || tv.tv_usec < 0)
			return -EINVAL;
		deadline = timer_ns() + tv.tv_sec * 1000000000ull +
			   (tv.tv_usec % 1000000) * 1000 +
			   (tv.tv_usec / 1000000) * 1000000000ull;
	}
	long ret = do_select(n, in, out, ex, deadline);
	if (utv && ret >= 0) {
		uint64_t now = timer_ns(), left = deadline > now ? deadline - now : 0;
		tv = (struct timeval){ left / 1000000000ull,
				       (left % 1000000000ull) / 1000 };
		if (copy_to_user(utv, &tv, sizeof(tv)))
			return -EFAULT;
	}
	return ret;
}

/* pselect6's sixth argument: { const sigset_t *ss; size_t ss_len; }. */
SYSCALL_DEFINE6(pselect6, int, n, uint64_t *, in, uint64_t *, out,
		uint64_t *, ex, const struct timespec *, uts,
		const uint64_t *, usig)
{
	uint64_t deadline, sig[2] = { 0, 0 }, old;
	int err = ts_deadline(uts, &deadline);

	if (!err && usig && copy_from_user(sig, usig, sizeof(sig)))
		err = -EFAULT;
	if (!err)
		err = set_temp_mask((const uint64_t *)sig[0], sig[1], &old);
	if (err)
		return err;
	long ret = do_select(n, in, out, ex, deadline);
	if (sig[0])
		restore_mask(ret, old);
	return ret;
}
