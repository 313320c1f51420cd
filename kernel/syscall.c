/*
 * kernel/syscall.c - the system-call table and dispatch.
 *
 * Every system call is defined with SYSCALL_DEFINEn (syscalls.h), which
 * puts an entry into the .syscalls section; syscall_init builds the table
 * from those entries.  A number nobody defines is answered with -ENOSYS
 * and one log line per number, named from include/uapi/syscall_list.h,
 * the one list of Linux x86-64 syscall numbers that libc uses too.
 *
 * Arguments arrive in rdi, rsi, rdx, r10, r8, r9 and the result goes back
 * in rax, as on Linux.  What happens around a call - tracing, and in
 * debug builds the check of the address space - is decided here, by the
 * caller's class, and never repeated in a syscall body.
 */
#include "kernel.h"
#include "syscalls.h"
#include "x86.h"
#include "../mm/mm.h"
#include <uapi/errno.h>

extern const struct syscall_metadata __syscalls_start[], __syscalls_end[];
static const struct syscall_metadata *syscall_table[NR_SYSCALLS];

static const char *const syscall_names[NR_SYSCALLS] = {
#define __SYSCALL(nr, name) [nr] = #name,
#include <uapi/syscall_list.h>
#undef __SYSCALL
};

/*
 * Syscall classes, as strace's (trace=%memory): the mm class is traced by
 * trace=mm, and in debug builds mm_validate checks the address space after
 * each of its calls.  trace=all traces every call.
 */
#define SC_MM		0x1	/* changes or inspects the address space */
#define SC_RET_ADDR	0x2	/* returns an address: traced in hex */
static const uint8_t syscall_class[NR_SYSCALLS] = {
	[__NR_brk]		= SC_MM | SC_RET_ADDR,
	[__NR_mmap]		= SC_MM | SC_RET_ADDR,
	[__NR_munmap]		= SC_MM,
	[__NR_mprotect]		= SC_MM,
	[__NR_msync]		= SC_MM,
	[__NR_madvise]		= SC_MM,
	[__NR_mincore]		= SC_MM,
	[__NR_mlock]		= SC_MM,
	[__NR_mlock2]		= SC_MM,
	[__NR_munlock]		= SC_MM,
	[__NR_mlockall]		= SC_MM,
	[__NR_munlockall]	= SC_MM,
	[__NR_mremap]		= SC_MM | SC_RET_ADDR,
};

static bool syscall_work[NR_SYSCALLS];	/* this boot traces or checks it */
static uint64_t enosys_logged[NR_SYSCALLS / 64];
uint64_t kernel_stack_top;
extern char syscall_entry[];

/* Program the SYSCALL MSRs, fill the table from the SYSCALL_DEFINE
 * entries, and mark the numbers that have work around them in this boot
 * (trace_all and mm_tracing from the trace= mm_init read, and the debug
 * checks).  STAR's selector bases make SYSCALL load
 * CS=0x08/SS=0x10 and (unused here) SYSRET CS=0x23/SS=0x1b. */
void syscall_init(void)
{
	wrmsr(MSR_EFER, rdmsr(MSR_EFER) | EFER_SCE);
	wrmsr(MSR_STAR, ((uint64_t)0x10 << 48) | ((uint64_t)KERNEL_CS << 32));
	wrmsr(MSR_LSTAR, (uint64_t)syscall_entry);
	wrmsr(MSR_SFMASK, RFLAGS_IF | RFLAGS_AC | (1u << 8) | (1u << 10));
	for (const struct syscall_metadata *sc = __syscalls_start;
	     sc < __syscalls_end; sc++)
		syscall_table[sc->nr] = sc;
	for (unsigned nr = 0; nr < NR_SYSCALLS; nr++)
		syscall_work[nr] = trace_all || ((syscall_class[nr] & SC_MM) &&
						 (mm_tracing || mm_debug_checks));
}

/* Is this boot tracing (trace=mm or trace=all)?  Then the program's
 * output is logged too (fs/dev.c), so that tools/run-prog can put the
 * trace lines in order with it. */
bool tracing(void)
{
	return trace_all || mm_tracing;
}

/* One argument as its declared type prints: pointers, uint64_t and
 * unsigned long in hex, size_t and the other integers in decimal. */
static int format_arg(char *buf, size_t size, const char *type, unsigned sz,
		      uint64_t v)
{
	if (strchr(type, '*') || !strcmp(type, "uint64_t") ||
	    !strcmp(type, "unsigned long"))
		return snprintf(buf, size, "%#lx", v);
	bool is_unsigned = !strncmp(type, "unsigned", 8) ||
			   !strncmp(type, "uint", 4) || !strcmp(type, "size_t");
	if (sz < sizeof(uint64_t))
		return is_unsigned ? snprintf(buf, size, "%u", (uint32_t)v)
				   : snprintf(buf, size, "%d", (int32_t)v);
	return snprintf(buf, size, is_unsigned ? "%lu" : "%ld", v);
}

/* The strace-like trace line of a finished call:
 * "[pid] name(arg, ...) = result", flags by name and a failure as
 * "-1 ENAME (message)" (mm/trace.c); nothing for a task pid= filters out. */
static void syscall_trace(const struct syscall_metadata *sc,
			  const uint64_t *args, long ret)
{
	char line[256];
	size_t n = 0;
	int len;

	if (!trace_wanted())
		return;
#define APPEND(call) (n = MIN(n + (call), sizeof(line) - 1))
	APPEND(snprintf(line, sizeof(line), "%s(", sc->name));
	for (unsigned i = 0; i < sc->nargs; i++) {
		if (i)
			APPEND(snprintf(line + n, sizeof(line) - n, ", "));
		len = trace_format_arg(sc->nr, i, args[i], line + n,
				       sizeof(line) - n);
		APPEND(len >= 0 ? len : format_arg(line + n, sizeof(line) - n,
			sc->types[i], sc->sizes[i], args[i]));
	}
	APPEND(snprintf(line + n, sizeof(line) - n, ") = "));
	if (ret < 0 && ret >= -MAX_ERRNO)
		trace_format_errno(line + n, sizeof(line) - n, ret);
	else
		snprintf(line + n, sizeof(line) - n,
			 syscall_class[sc->nr] & SC_RET_ADDR ? "%#lx" : "%ld", ret);
#undef APPEND
	printk("[%d] %s\n", current->pid, line);
}

/* A call with work around it: its trace line, the mm class's check.
 * The arguments are saved first: execve and rt_sigreturn rewrite tf.
 * Out of line, so that the common path stays short. */
static __attribute__((noinline)) long
syscall_call_with_work(const struct syscall_metadata *sc, struct trapframe *tf)
{
	const uint64_t args[SYSCALL_MAX_ARGS] = {
		tf->rdi, tf->rsi, tf->rdx, tf->r10, tf->r8, tf->r9
	};
	bool mm_class = syscall_class[sc->nr] & SC_MM;
	long ret = sc->call(tf);

	if (trace_all || (mm_class && mm_tracing))
		syscall_trace(sc, args, ret);
	if (mm_class)
		mm_check_syscall(current->mm, sc->nr, args, ret);
	return ret;
}

/* A number without a definition: -ENOSYS, logged once per number. */
static __attribute__((noinline)) long syscall_enosys(uint64_t nr)
{
	if (nr < NR_SYSCALLS) {
		if (enosys_logged[nr / 64] & (1ull << (nr % 64)))
			return -ENOSYS;
		enosys_logged[nr / 64] |= 1ull << (nr % 64);
	}
	printk("pid %d (%s): syscall %lu (%s) not implemented\n",
	       current->pid, current->comm, nr,
	       nr < NR_SYSCALLS && syscall_names[nr] ? syscall_names[nr] : "?");
	return -ENOSYS;
}

/* Called from syscall_entry with the user's registers in tf. */
void syscall_dispatch(struct trapframe *tf)
{
	uint64_t nr = tf->rax;
	const struct syscall_metadata *sc = nr < NR_SYSCALLS ? syscall_table[nr]
							     : NULL;
	long ret;

	sti();
	current->syscalls++;
	if (unlikely(!sc))
		ret = syscall_enosys(nr);
	else if (unlikely(syscall_work[nr]))
		ret = syscall_call_with_work(sc, tf);
	else
		ret = sc->call(tf);
	if (nr != __NR_rt_sigreturn)	/* it restores rax itself */
		tf->rax = ret;
	return_to_user_prepare(tf);
}
