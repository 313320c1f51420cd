/*
 * kernel/syscall.c - the system-call table and dispatch.
 *
 * The table is generated from include/uapi/syscall_list.h, the one list of
 * Linux x86-64 syscall numbers that libc uses too.  Every name is declared
 * weak: a syscall Pagoda implements is simply a function sys_<name>
 * somewhere in the kernel; one it does not is a null entry, answered with
 * -ENOSYS and one log line per number.
 *
 * Arguments arrive in rdi, rsi, rdx, r10, r8, r9 and the result goes back
 * in rax, as on Linux.
 */
#include "kernel.h"
#include "x86.h"
#include <uapi/errno.h>

typedef long (*syscall_fn)(uint64_t, uint64_t, uint64_t, uint64_t, uint64_t,
			   uint64_t);

#define __SYSCALL(nr, name) \
	extern long sys_##name(uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, \
			       uint64_t) __attribute__((weak));
#include <uapi/syscall_list.h>
#undef __SYSCALL

#define NR_SYSCALLS	512
static const syscall_fn syscall_table[NR_SYSCALLS] = {
#define __SYSCALL(nr, name) [nr] = sys_##name,
#include <uapi/syscall_list.h>
#undef __SYSCALL
};

static const char *const syscall_names[NR_SYSCALLS] = {
#define __SYSCALL(nr, name) [nr] = #name,
#include <uapi/syscall_list.h>
#undef __SYSCALL
};

static uint64_t enosys_logged[NR_SYSCALLS / 64];
uint64_t kernel_stack_top;
extern char syscall_entry[];

/* Program the SYSCALL MSRs.  STAR's selector bases make SYSCALL load
 * CS=0x08/SS=0x10 and (unused here) SYSRET CS=0x23/SS=0x1b. */
void syscall_init(void)
{
	wrmsr(MSR_EFER, rdmsr(MSR_EFER) | EFER_SCE);
	wrmsr(MSR_STAR, ((uint64_t)0x10 << 48) | ((uint64_t)KERNEL_CS << 32));
	wrmsr(MSR_LSTAR, (uint64_t)syscall_entry);
	wrmsr(MSR_SFMASK, RFLAGS_IF | RFLAGS_AC | (1u << 8) | (1u << 10));
}

static const char *syscall_name(uint64_t nr)
{
	return nr < NR_SYSCALLS && syscall_names[nr] ? syscall_names[nr] : "?";
}

/* Called from syscall_entry with the user's registers in tf. */
void syscall_dispatch(struct trapframe *tf)
{
	uint64_t nr = tf->rax;
	long ret = -ENOSYS;

	sti();
	if (nr < NR_SYSCALLS && syscall_table[nr]) {
		ret = syscall_table[nr](tf->rdi, tf->rsi, tf->rdx, tf->r10,
					tf->r8, tf->r9);
	} else if (nr >= NR_SYSCALLS ||
		   !(enosys_logged[nr / 64] & (1ull << (nr % 64)))) {
		if (nr < NR_SYSCALLS)
			enosys_logged[nr / 64] |= 1ull << (nr % 64);
		printk("pid %d (%s): syscall %lu (%s) not implemented\n",
		       current->pid, current->comm, nr, syscall_name(nr));
	}
	if (nr != 15)			/* rt_sigreturn restores rax itself */
		tf->rax = ret;
	return_to_user_prepare(tf);
}
