/*
 * kernel/sys.c - small system calls about the process and the system:
 * identity, time, sleeping, limits, randomness, thread-area setup.
 */
#include "kernel.h"
#include "x86.h"
#include "../mm/mm.h"
#include "syscalls.h"
#include <uapi/errno.h>
#include <uapi/prctl.h>
#include <uapi/random.h>
#include <uapi/resource.h>
#include <uapi/sysinfo.h>
#include <uapi/time.h>
#include <uapi/utsname.h>

SYSCALL_DEFINE0(getpid) { return current->pid; }
SYSCALL_DEFINE0(gettid) { return current->pid; }
SYSCALL_DEFINE0(getppid) { return current->parent ? current->parent->pid : 0; }
SYSCALL_DEFINE0(getuid) { return 0; }
SYSCALL_DEFINE0(geteuid) { return 0; }
SYSCALL_DEFINE0(getgid) { return 0; }
SYSCALL_DEFINE0(getegid) { return 0; }
SYSCALL_DEFINE0(getpgrp) { return current->pgid; }

SYSCALL_DEFINE1(getpgid, int, pid)
{
	struct task *t = pid ? find_task(pid) : current;

	return t ? t->pgid : -ESRCH;
}

SYSCALL_DEFINE1(getsid, int, pid)
{
	struct task *t = pid ? find_task(pid) : current;

	return t ? t->sid : -ESRCH;
}

SYSCALL_DEFINE2(setpgid, int, pid, int, pgid)
{
	struct task *t = pid ? find_task(pid) : current;

	if (pgid < 0)
		return -EINVAL;
	if (!t || (t != current && t->parent != current))
		return -ESRCH;
	t->pgid = pgid ? pgid : t->pid;
	return 0;
}

SYSCALL_DEFINE0(setsid)
{
	if (current->pgid == current->pid)
		return -EPERM;
	current->sid = current->pgid = current->pid;
	return current->sid;
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
	case CLOCK_PROCESS_CPUTIME_ID:
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
	struct timespec ts = { 0, 1 };

	clock_ns(clk, &err);
	if (err)
		return err;
	return uts ? copy_to_user(uts, &ts, sizeof(ts)) : 0;
}

SYSCALL_DEFINE2(gettimeofday, struct timeval *, utv, void *, tz)
{
	uint64_t ns = realtime_ns();
	struct timeval tv = { ns / 1000000000ull, (ns % 1000000000ull) / 1000 };

	(void)tz;
	return utv ? copy_to_user(utv, &tv, sizeof(tv)) : 0;
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

SYSCALL_DEFINE1(set_tid_address, int *, tidptr)
{
	current->clear_child_tid = (uint64_t)tidptr;
	return current->pid;
}

SYSCALL_DEFINE2(set_robust_list, void *, head, size_t, len)
{
	(void)head;
	return len == 24 ? 0 : -EINVAL;	/* no threads: nothing to clean up */
}

/* Read and/or set one resource limit of t (kernel pointers, either may be
 * NULL); the new limits need cur <= max.  Only root may raise max, and
 * Pagoda runs everything as root.  Returns 0 or -errno. */
static int do_prlimit(struct task *t, unsigned int res, const struct rlimit *new,
		      struct rlimit *old)
{
	if (res >= NR_RLIMITS)
		return -EINVAL;
	if (new && new->rlim_cur > new->rlim_max)
		return -EINVAL;
	if (old)
		*old = (struct rlimit){ t->rlim_cur[res], t->rlim_max[res] };
	if (new) {
		t->rlim_cur[res] = new->rlim_cur;
		t->rlim_max[res] = new->rlim_max;
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
	uint64_t t[4] = { current->utime, current->stime, 0, 0 };

	if (ubuf && copy_to_user(ubuf, t, sizeof(t)))
		return -EFAULT;
	return timer_ticks();
}

/* RUSAGE_SELF: the caller; RUSAGE_CHILDREN: its reaped children. */
SYSCALL_DEFINE2(getrusage, int, who, void *, ru)
{
	struct rusage_counts u = current->reaped;

	if (who == RUSAGE_SELF)
		u = task_usage(current, false);
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
