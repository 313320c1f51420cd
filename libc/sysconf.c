/*
 * sysconf: system limits and sizes, from the auxiliary vector and from
 * system calls.
 */
#include <errno.h>
#include <sys/auxv.h>
#include <sys/resource.h>
#include <sys/sysinfo.h>
#include <unistd.h>
#include "libc.h"

/*
 * CPUs this process may run on: the bits set in its affinity mask (also
 * the answer for configured CPUs: Pagoda does not hot-plug).
 */
static long online_cpus(void)
{
	unsigned long mask[16] = { 0 };
	long n = __syscall3(SYS_sched_getaffinity, 0, sizeof(mask), mask);
	long cpus = 0;
	int i;

	if (n < 0)
		return __syscall_ret(n);
	for (i = 0; i < 16; i++)
		cpus += __builtin_popcountl(mask[i]);
	return cpus;
}

/* RAM in pages: total, or free if want_free. */
static long ram_pages(int want_free)
{
	struct sysinfo si;
	unsigned long bytes;

	if (sysinfo(&si) < 0)
		return -1;
	bytes = (want_free ? si.freeram : si.totalram) * si.mem_unit;
	return bytes / sysconf(_SC_PAGESIZE);
}

/* Auxiliary vector value, or fallback if the kernel did not pass it. */
static long aux_or(unsigned long type, long fallback)
{
	int saved = errno;
	unsigned long v = getauxval(type);

	errno = saved;
	return v ? (long)v : fallback;
}

long sysconf(int name)
{
	struct rlimit rl;

	switch (name) {
	case _SC_PAGESIZE:
		return aux_or(AT_PAGESZ, 4096);
	case _SC_CLK_TCK:
		return aux_or(AT_CLKTCK, 100);
	case _SC_OPEN_MAX:
		if (getrlimit(RLIMIT_NOFILE, &rl) < 0)
			return -1;
		return rl.rlim_cur == RLIM_INFINITY ? -1 : (long)rl.rlim_cur;
	case _SC_NPROCESSORS_CONF:
	case _SC_NPROCESSORS_ONLN:
		return online_cpus();
	case _SC_PHYS_PAGES:
		return ram_pages(0);
	case _SC_AVPHYS_PAGES:
		return ram_pages(1);
	}
	errno = EINVAL;
	return -1;
}

int getpagesize(void)
{
	return (int)sysconf(_SC_PAGESIZE);
}
