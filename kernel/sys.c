/*
 * kernel/sys.c - small system calls about the process and the system:
 * identity, time, sleeping, limits, randomness, thread-area setup.
 */
#include "kernel.h"
#include "x86.h"
#include "../mm/mm.h"
#include "syscalls.h"
#include "../fs/fs.h"
#include <uapi/errno.h>
#include <uapi/prctl.h>
#include <uapi/random.h>
#include <uapi/resource.h>
#include <uapi/sysinfo.h>
#include <uapi/time.h>
#include <uapi/utsname.h>

SYSCALL_DEFINE0(getpid) { return current->tgid; }
SYSCALL_DEFINE0(gettid) { return current->pid; }
SYSCALL_DEFINE0(getppid) { return current->parent ? current->parent->tgid : 0; }
SYSCALL_DEFINE0(getpgrp) { return current->signal->pgid; }

SYSCALL_DEFINE1(getpgid, int, pid)
{
	struct task *t = pid ? find_task(pid) : current;

	return t ? t->signal->pgid : -ESRCH;
}

SYSCALL_DEFINE1(getsid, int, pid)
{
	struct task *t = pid ? find_task(pid) : current;

	return t ? t->signal->sid : -ESRCH;
}

/* setpgid works on processes: the caller's or a child's (by any thread). */
SYSCALL_DEFINE2(setpgid, int, pid, int, pgid)
{
	struct task *t = pid ? find_task(pid) : current->group_leader;

	if (pgid < 0)
		return -EINVAL;
	if (!t || (t->signal != current->signal &&
		   (!t->parent || t->parent->signal != current->signal)))
		return -ESRCH;
	if (!thread_group_leader(t))
		return -EINVAL;
	t->signal->pgid = pgid ? pgid : t->tgid;
	return 0;
}

SYSCALL_DEFINE0(setsid)
{
	struct signal_struct *sig = current->signal;

	if (sig->pgid == current->tgid)
		return -EPERM;
	sig->sid = sig->pgid = current->tgid;
	return sig->sid;
}

SYSCALL_DEFINE0(sched_yield)
{
	schedule();
	return 0;
}

SYSCALL_DEFINE1(uname, struct new_utsname *, u)
{
	struct new_utsname n;

	memset(&n, 0, sizeof(n));
	strlcpy(n.sysname, "Linux", sizeof(n.sysname));
	strlcpy(n.nodename, "pagoda", sizeof(n.nodename));
	strlcpy(n.release, UTS_RELEASE, sizeof(n.release));
	strlcpy(n.version, "#1 Pagoda teaching kernel", sizeof(n.version));
	strlcpy(n.machine, "x86_64", sizeof(n.machine));
	strlcpy(n.domainname, "(none)", sizeof(n.domainname));
	return copy_to_user(u, &n, sizeof(n));
}

static uint64_t clock_ns(int clk, int *err)
{
	*err = 0;
	switch (clk) {
	case CLOCK_REALTIME:
	case CLOCK_REALTIME_COARSE:
		return realtime_ns();
	case CLOCK_MONOTONIC:
	case CLOCK_MONOTONIC_RAW:
	case CLOCK_MONOTONIC_COARSE:
	case CLOCK_BOOTTIME:
		return timer_ns();
	case CLOCK_PROCESS_CPUTIME_ID: {
		struct rusage_counts u = task_usage(current, false);
		return (u.utime + u.stime) * (1000000000ull / TIMER_HZ);
	}
	case CLOCK_THREAD_CPUTIME_ID:
		return (current->utime + current->stime) * (1000000000ull / TIMER_HZ);
	default:
		*err = -EINVAL;
		return 0;
	}
}

SYSCALL_DEFINE2(clock_gettime, int, clk, struct timespec *, uts)
{
	int err;
	uint64_t ns = clock_ns(clk, &err);
	struct timespec ts = { ns / 1000000000ull, ns % 1000000000ull };

	if (err)
		return err;
	return copy_to_user(uts, &ts, sizeof(ts));
}

SYSCALL_DEFINE2(clock_getres, int, clk, struct timespec *, uts)
{
	int err;
	struct timespec ts = { 0, CLOCK_RES_NS };

	clock_ns(clk, &err);
	if (err)
		return err;
	return uts ? copy_to_user(uts, &ts, sizeof(ts)) : 0;
}

/* The time and, as Linux's default zone (no settimeofday), UTC. */
SYSCALL_DEFINE2(gettimeofday, struct timeval *, utv, struct timezone *, utz)
{
	uint64_t ns = realtime_ns();
	struct timeval tv = { ns / 1000000000ull, (ns % 1000000000ull) / 1000 };
	struct timezone tz = { 0, 0 };

	if (utv && copy_to_user(utv, &tv, sizeof(tv)))
		return -EFAULT;
	return utz ? copy_to_user(utz, &tz, sizeof(tz)) : 0;
}

/* getcpu: Pagoda has one CPU and one memory node, both number 0 (the
 * vDSO reads the same from the GDT: kernel/gdt.c). */
SYSCALL_DEFINE3(getcpu, unsigned *, ucpu, unsigned *, unode, void *, unused)
{
	unsigned zero = 0;

	(void)unused;
	if (ucpu && copy_to_user(ucpu, &zero, sizeof(zero)))
		return -EFAULT;
	return unode ? copy_to_user(unode, &zero, sizeof(zero)) : 0;
}

SYSCALL_DEFINE1(time, int64_t *, ut)
{
	int64_t t = realtime_ns() / 1000000000ull;

	if (ut && copy_to_user(ut, &t, sizeof(t)))
		return -EFAULT;
	return t;
}

/* Sleep for *req; on a signal store what is left in *rem; 0 or -errno. */
static long do_nanosleep(const struct timespec *ureq, struct timespec *urem,
			 uint64_t base)
{
	struct timespec req;

	if (copy_from_user(&req, ureq, sizeof(req)))
		return -EFAULT;
	if (req.tv_sec < 0 || req.tv_nsec < 0 || req.tv_nsec >= 1000000000l)
		return -EINVAL;
	uint64_t deadline = base + req.tv_sec * 1000000000ull + req.tv_nsec;
	if (!sleep_until(deadline))
		return 0;
	if (urem) {
		uint64_t left = deadline - timer_ns();
		struct timespec rem = { left / 1000000000ull, left % 1000000000ull };
		if (copy_to_user(urem, &rem, sizeof(rem)))
			return -EFAULT;
	}
	return -EINTR;
}

SYSCALL_DEFINE2(nanosleep, const struct timespec *, req, struct timespec *, rem)
{
	return do_nanosleep(req, rem, timer_ns());
}

SYSCALL_DEFINE4(clock_nanosleep, int, clk, int, flags,
		const struct timespec *, req, struct timespec *, rem)
{
	int err;
	uint64_t now = clock_ns(clk, &err);

	if (err)
		return err;
	if (flags & 1) {		/* TIMER_ABSTIME */
		struct timespec t;
		if (copy_from_user(&t, req, sizeof(t)))
			return -EFAULT;
		uint64_t abs = t.tv_sec * 1000000000ull + t.tv_nsec;
		return sleep_until(timer_ns() + (abs > now ? abs - now : 0));
	}
	return do_nanosleep(req, rem, timer_ns());
}

/* Random bytes: a xorshift generator seeded from the TSC.  Not
 * cryptographic; Pagoda has no entropy pool (docs/divergences.md).  The
 * source of getrandom, /dev/urandom and /dev/random. */
void get_random_bytes(void *buf, size_t n)
{
	static uint64_t state;
	uint8_t *b = buf;

	if (!state)
		state = rdtsc() | 1;
	for (size_t i = 0; i < n; i++) {
		state ^= state << 13;
		state ^= state >> 7;
		state ^= state << 17;
		b[i] = (uint8_t)(state >> 24);
	}
}

SYSCALL_DEFINE3(getrandom, void *, ubuf, size_t, len, unsigned int, flags)
{
	uint8_t buf[256];

	if (flags & ~(GRND_NONBLOCK | GRND_RANDOM | GRND_INSECURE))
		return -EINVAL;
	len = MIN(len, 33554431ul);
	for (size_t done = 0; done < len;) {
		size_t n = MIN(len - done, sizeof(buf));
		get_random_bytes(buf, n);
		size_t left = raw_copy_to_user((uint8_t *)ubuf + done, buf, n);
		done += n - left;
		if (left)			/* a short count, as Linux */
			return done ? (long)done : -EFAULT;
	}
	return len;
}

SYSCALL_DEFINE2(arch_prctl, int, code, uint64_t, addr)
{
	switch (code) {
	case ARCH_SET_FS:
		if (addr >= TASK_SIZE)
			return -EPERM;
		current->fs_base = addr;
		wrmsr(MSR_FS_BASE, addr);
		return 0;
	case ARCH_GET_FS:
		return copy_to_user((void *)addr, &current->fs_base, 8);
	default:
		return -EINVAL;
	}
}

/* prctl: the transparent-huge-page switch of the address space, kept
 * across fork and exec (Linux's MMF_DISABLE_THP); other options are
 * EINVAL (docs/divergences.md). */
SYSCALL_DEFINE5(prctl, int, option, uint64_t, arg2, uint64_t, arg3,
		uint64_t, arg4, uint64_t, arg5)
{
	switch (option) {
	case PR_SET_THP_DISABLE:
		if (arg3 || arg4 || arg5)
			return -EINVAL;
		current->mm->thp_disabled = arg2 != 0;
		return 0;
	case PR_GET_THP_DISABLE:
		if (arg2 || arg3 || arg4 || arg5)
			return -EINVAL;
		return current->mm->thp_disabled;
	default:
		return -EINVAL;
	}
}

/* The word to clear (and futex-wake) when this thread exits; returns the
 * thread id. */
SYSCALL_DEFINE1(set_tid_address, int *, tidptr)
{
	current->clear_child_tid = (uint64_t)tidptr;
	return current->pid;
}

/* Read and/or set one resource limit of t's process (kernel pointers,
 * either may be NULL); the new limits need cur <= max, and RLIMIT_NOFILE
 * at most fs.nr_open (-EPERM).  Only root may raise max
 * (CAP_SYS_RESOURCE).  Returns 0 or -errno. */
static int do_prlimit(struct task *t, unsigned int res, const struct rlimit *new,
		      struct rlimit *old)
{
	if (res >= NR_RLIMITS)
		return -EINVAL;
	if (new && new->rlim_cur > new->rlim_max)
		return -EINVAL;
	struct signal_struct *sig = t->signal;
	if (new && res == RLIMIT_NOFILE && new->rlim_max > NR_OPEN)
		return -EPERM;
	if (new && new->rlim_max > sig->rlim_max[res] && !capable())
		return -EPERM;
	if (old)
		*old = (struct rlimit){ sig->rlim_cur[res], sig->rlim_max[res] };
	if (new) {
		sig->rlim_cur[res] = new->rlim_cur;
		sig->rlim_max[res] = new->rlim_max;
	}
	return 0;
}

SYSCALL_DEFINE4(prlimit64, int, pid, unsigned int, res,
		const struct rlimit *, unew, struct rlimit *, uold)
{
	struct task *t = pid ? find_task(pid) : current;
	struct rlimit n, o;

	if (!t)
		return -ESRCH;
	if (unew && copy_from_user(&n, unew, sizeof(n)))
		return -EFAULT;
	int err = do_prlimit(t, res, unew ? &n : NULL, uold ? &o : NULL);
	if (!err && uold && copy_to_user(uold, &o, sizeof(o)))
		return -EFAULT;
	return err;
}

/* Unlike prlimit64, these have no "not given": NULL is -EFAULT. */
SYSCALL_DEFINE2(getrlimit, unsigned int, res, struct rlimit *, r)
{
	struct rlimit o;
	int err = do_prlimit(current, res, NULL, &o);

	return err ? err : copy_to_user(r, &o, sizeof(o));
}

SYSCALL_DEFINE2(setrlimit, unsigned int, res, const struct rlimit *, r)
{
	struct rlimit n;

	if (copy_from_user(&n, r, sizeof(n)))
		return -EFAULT;
	return do_prlimit(current, res, &n, NULL);
}

SYSCALL_DEFINE1(sysinfo, struct sysinfo *, u)
{
	struct sysinfo si;
	uint64_t loads[3];
	int n = 0;

	for (struct task *t = task_next(NULL); t; t = task_next(t))
		n++;
	memset(&si, 0, sizeof(si));
	si.uptime = timer_ns() / 1000000000ull;
	si.totalram = nr_total_pages() * PAGE_SIZE;
	si.freeram = nr_free_pages() * PAGE_SIZE;
	si.procs = n;
	get_avenrun(loads);
	for (int i = 0; i < 3; i++)
		si.loads[i] = loads[i] << (SI_LOAD_SHIFT - FSHIFT);
	si.mem_unit = 1;
	return copy_to_user(u, &si, sizeof(si));
}

SYSCALL_DEFINE1(times, uint64_t *, ubuf)
{
	struct rusage_counts u = task_usage(current, false);
	uint64_t t[4] = { u.utime, u.stime, current->signal->reaped.utime,
			  current->signal->reaped.stime };

	if (ubuf && copy_to_user(ubuf, t, sizeof(t)))
		return -EFAULT;
	return timer_ticks();
}

/* RUSAGE_SELF: the caller's process; RUSAGE_CHILDREN: its reaped
 * children; RUSAGE_THREAD: the calling thread. */
SYSCALL_DEFINE2(getrusage, int, who, void *, ru)
{
	struct rusage_counts u = current->signal->reaped;

	if (who == RUSAGE_SELF)
		u = task_usage(current, false);
	else if (who == RUSAGE_THREAD)
		u = thread_usage(current);
	else if (who != RUSAGE_CHILDREN)
		return -EINVAL;
	return put_rusage(ru, &u);
}

/* One CPU: the affinity mask is CPU 0.  len must hold a whole mask word. */
SYSCALL_DEFINE3(sched_getaffinity, int, pid, unsigned int, len,
		uint64_t *, umask)
{
	uint64_t mask = 1;

	if (pid && !find_task(pid))
		return -ESRCH;
	if (len < sizeof(mask) || (len & (sizeof(mask) - 1)))
		return -EINVAL;
	if (copy_to_user(umask, &mask, sizeof(mask)))
		return -EFAULT;
	return sizeof(mask);
}

SYSCALL_DEFINE3(sched_setaffinity, int, pid, unsigned int, len,
		const uint64_t *, umask)
{
	uint64_t mask = 0;

	if (pid && !find_task(pid))
		return -ESRCH;
	if (copy_from_user(&mask, umask, MIN(len, sizeof(mask))))
		return -EFAULT;
	return (mask & 1) ? 0 : -EINVAL;
}
