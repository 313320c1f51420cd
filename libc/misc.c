/*
 * Assorted system calls: uname, getrandom, limits and usage, sysinfo,
 * sched_yield, terminal attributes.
 */
#include <errno.h>
#include <sched.h>
#include <sys/random.h>
#include <sys/resource.h>
#include <sys/sysinfo.h>
#include <sys/utsname.h>
#include <termios.h>
#include "libc.h"

_Static_assert(sizeof(struct utsname) == sizeof(struct new_utsname),
	       "struct utsname must match the kernel's");

int uname(struct utsname *u)
{
	return __syscall_ret(__syscall1(SYS_uname, u));
}

ssize_t getrandom(void *buf, size_t len, unsigned int flags)
{
	return __syscall_ret(__syscall3(SYS_getrandom, buf, len, flags));
}

int getrlimit(int resource, struct rlimit *rl)
{
	return __syscall_ret(__syscall2(SYS_getrlimit, resource, rl));
}

int setrlimit(int resource, const struct rlimit *rl)
{
	return __syscall_ret(__syscall2(SYS_setrlimit, resource, rl));
}

int prlimit(pid_t pid, int resource, const struct rlimit *new_rl,
	    struct rlimit *old_rl)
{
	return __syscall_ret(__syscall4(SYS_prlimit64, pid, resource, new_rl,
					old_rl));
}

int getrusage(int who, struct rusage *ru)
{
	return __syscall_ret(__syscall2(SYS_getrusage, who, ru));
}

int sysinfo(struct sysinfo *info)
{
	return __syscall_ret(__syscall1(SYS_sysinfo, info));
}

int sched_yield(void)
{
	return __syscall_ret(__syscall0(SYS_sched_yield));
}

int tcgetattr(int fd, struct termios *t)
{
	return __syscall_ret(__syscall3(SYS_ioctl, fd, TCGETS, t));
}

/* TCSANOW, TCSADRAIN, TCSAFLUSH map to TCSETS, TCSETSW, TCSETSF. */
int tcsetattr(int fd, int action, const struct termios *t)
{
	if (action < TCSANOW || action > TCSAFLUSH) {
		errno = EINVAL;
		return -1;
	}
	return __syscall_ret(__syscall3(SYS_ioctl, fd, TCSETS + action, t));
}
