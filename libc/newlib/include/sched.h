/*
 * <sched.h> for newlib programs: newlib's, plus Linux's: clone() with the
 * CLONE_* flags (libc/newlib/process.c, clone.S), the CPU affinity calls with
 * glibc's cpu_set_t and CPU_* macros, and sched_getcpu
 * (libc/newlib/process.c).  Numbers and layouts are Linux x86-64's.
 */
#include_next <sched.h>

#ifndef PAGODA_NEWLIB_SCHED_H
#define PAGODA_NEWLIB_SCHED_H

#include <sys/types.h>

#define CSIGNAL			0x000000ff	/* the exit signal */
#define CLONE_VM		0x00000100
#define CLONE_FS		0x00000200
#define CLONE_FILES		0x00000400
#define CLONE_SIGHAND		0x00000800
#define CLONE_PIDFD		0x00001000
#define CLONE_PTRACE		0x00002000
#define CLONE_VFORK		0x00004000
#define CLONE_PARENT		0x00008000
#define CLONE_THREAD		0x00010000
#define CLONE_NEWNS		0x00020000
#define CLONE_SYSVSEM		0x00040000
#define CLONE_SETTLS		0x00080000
#define CLONE_PARENT_SETTID	0x00100000
#define CLONE_CHILD_CLEARTID	0x00200000
#define CLONE_DETACHED		0x00400000
#define CLONE_UNTRACED		0x00800000
#define CLONE_CHILD_SETTID	0x01000000

/* glibc's clone: the child runs fn(arg) on stack (its top), then exits
 * with fn's value; the optional ptid, tls and ctid follow in that order.
 * The exit signal (flags & CSIGNAL) is a <signal.h> number, as in glibc. */
int clone(int (*fn)(void *), void *stack, int flags, void *arg, ...);

#define CPU_SETSIZE	1024
typedef struct {
	unsigned long __bits[CPU_SETSIZE / (8 * sizeof(unsigned long))];
} cpu_set_t;

#define __CPU_WORD(cpu)	((cpu) / (8 * sizeof(unsigned long)))
#define __CPU_BIT(cpu)	(1ul << ((cpu) % (8 * sizeof(unsigned long))))
#define CPU_ZERO(set)		__builtin_memset((set), 0, sizeof(cpu_set_t))
#define CPU_SET(cpu, set)	((set)->__bits[__CPU_WORD(cpu)] |= __CPU_BIT(cpu))
#define CPU_CLR(cpu, set)	((set)->__bits[__CPU_WORD(cpu)] &= ~__CPU_BIT(cpu))
#define CPU_ISSET(cpu, set)	(((set)->__bits[__CPU_WORD(cpu)] & __CPU_BIT(cpu)) != 0)
#define CPU_COUNT(set)		__pagoda_cpu_count(sizeof(cpu_set_t), (set))

static inline int __pagoda_cpu_count(size_t size, const cpu_set_t *set)
{
	int n = 0;

	for (size_t i = 0; i < size / sizeof(unsigned long); i++)
		n += __builtin_popcountl(set->__bits[i]);
	return n;
}

int sched_getaffinity(pid_t pid, size_t size, cpu_set_t *set);
int sched_setaffinity(pid_t pid, size_t size, const cpu_set_t *set);
int sched_getcpu(void);

#endif
