/*
 * kernel/syscalls.h - defining a system call, as Linux's
 * include/linux/syscalls.h.
 *
 * A system call is defined with the number of its arguments and, for each,
 * its type and name:
 *
 *   SYSCALL_DEFINE0(getpid)
 *   {
 *           return current->pid;
 *   }
 *
 *   SYSCALL_DEFINE3(mprotect, uint64_t, start, size_t, len, uint64_t, prot)
 *   {
 *           return do_mprotect(start, len, prot);
 *   }
 *
 * SYSCALL_DEFINEn(name, type1, arg1, ..., typen, argn) expands to
 *  - the typed prototype, long sys_name(type1 arg1, ...), so the body and
 *    every caller (fs.h declares some: sys_open calls sys_openat) are
 *    checked against it;
 *  - __x64_sys_name(regs), which casts the argument registers of the
 *    trap frame (rdi, rsi, rdx, r10, r8, r9) to the argument types once
 *    and calls sys_name;
 *  - its entry in the .syscalls section: number, name, wrapper, and the
 *    argument types for the tracer.  syscall_init builds the table from
 *    those entries (kernel/syscall.c).
 * The number is __NR_name from include/uapi/syscall_list.h, so a name that
 * is not a Linux x86-64 system call does not compile ('__NR_mmapp'
 * undeclared), and a syscall defined twice does not link.
 *
 * Include this header in the file of the definition.  What happens around
 * a call (tracing, the mm class's mm_validate) is the dispatcher's, by the
 * class table syscall_class[] in kernel/syscall.c, never the body's: a new
 * mm syscall gets a line there ([__NR_mremap] = SC_MM | SC_RET_ADDR for
 * one that returns an address).  The tracer prints each argument by its
 * declared type: pointers, uint64_t and unsigned long in hex, size_t and
 * the other integers in decimal; so declare lengths size_t and addresses,
 * protections and flag masks that should read in hex uint64_t.
 */
#ifndef KERNEL_SYSCALLS_H
#define KERNEL_SYSCALLS_H

#include "kernel.h"

/* __NR_read = 0, __NR_write = 1, ...: the Linux x86-64 numbers. */
enum {
#define __SYSCALL(nr, name) __NR_##name = nr,
#include <uapi/syscall_list.h>
#undef __SYSCALL
};
#define NR_SYSCALLS	512		/* table size: every number is below */

#define SYSCALL_MAX_ARGS	6

/* One defined system call, as SYSCALL_DEFINEn records it. */
struct syscall_metadata {
	const char *name;
	unsigned int nr, nargs;
	long (*call)(const struct trapframe *regs);	/* __x64_sys_name */
	const char *types[SYSCALL_MAX_ARGS];	/* "size_t", "const char *" */
	uint8_t sizes[SYSCALL_MAX_ARGS];	/* sizeof each argument type */
};

/* __MAPn(m, t1, a1, ..., tn, an): m(t1, a1, 0), ..., m(tn, an, n - 1). */
#define __MAP0(m, ...)
#define __MAP1(m, t1, a1) m(t1, a1, 0)
#define __MAP2(m, t1, a1, t2, a2) __MAP1(m, t1, a1), m(t2, a2, 1)
#define __MAP3(m, t1, a1, t2, a2, t3, a3) \
	__MAP2(m, t1, a1, t2, a2), m(t3, a3, 2)
#define __MAP4(m, t1, a1, t2, a2, t3, a3, t4, a4) \
	__MAP3(m, t1, a1, t2, a2, t3, a3), m(t4, a4, 3)
#define __MAP5(m, t1, a1, t2, a2, t3, a3, t4, a4, t5, a5) \
	__MAP4(m, t1, a1, t2, a2, t3, a3, t4, a4), m(t5, a5, 4)
#define __MAP6(m, t1, a1, t2, a2, t3, a3, t4, a4, t5, a5, t6, a6) \
	__MAP5(m, t1, a1, t2, a2, t3, a3, t4, a4, t5, a5), m(t6, a6, 5)
#define __MAP(n, ...)	__MAP##n(__VA_ARGS__)

/* The registers of the arguments, in order (as syscall_get_arguments). */
#define __SC_ARG0(regs)		(regs)->rdi
#define __SC_ARG1(regs)		(regs)->rsi
#define __SC_ARG2(regs)		(regs)->rdx
#define __SC_ARG3(regs)		(regs)->r10
#define __SC_ARG4(regs)		(regs)->r8
#define __SC_ARG5(regs)		(regs)->r9

#define __SC_DECL(t, a, i)	t a
#define __SC_CAST(t, a, i)	(t)__SC_ARG##i(regs)
#define __SC_TYPE(t, a, i)	#t
#define __SC_SIZE(t, a, i)	sizeof(t)

/* The parameter list of sys_name: "void" for none. */
#define __SC_PARAMS0(...)	void
#define __SC_PARAMS1(...)	__MAP(1, __SC_DECL, __VA_ARGS__)
#define __SC_PARAMS2(...)	__MAP(2, __SC_DECL, __VA_ARGS__)
#define __SC_PARAMS3(...)	__MAP(3, __SC_DECL, __VA_ARGS__)
#define __SC_PARAMS4(...)	__MAP(4, __SC_DECL, __VA_ARGS__)
#define __SC_PARAMS5(...)	__MAP(5, __SC_DECL, __VA_ARGS__)
#define __SC_PARAMS6(...)	__MAP(6, __SC_DECL, __VA_ARGS__)

#define SYSCALL_DEFINE0(sname)		SYSCALL_DEFINEx(0, sname)
#define SYSCALL_DEFINE1(sname, ...)	SYSCALL_DEFINEx(1, sname, __VA_ARGS__)
#define SYSCALL_DEFINE2(sname, ...)	SYSCALL_DEFINEx(2, sname, __VA_ARGS__)
#define SYSCALL_DEFINE3(sname, ...)	SYSCALL_DEFINEx(3, sname, __VA_ARGS__)
#define SYSCALL_DEFINE4(sname, ...)	SYSCALL_DEFINEx(4, sname, __VA_ARGS__)
#define SYSCALL_DEFINE5(sname, ...)	SYSCALL_DEFINEx(5, sname, __VA_ARGS__)
#define SYSCALL_DEFINE6(sname, ...)	SYSCALL_DEFINEx(6, sname, __VA_ARGS__)

#define SYSCALL_DEFINEx(x, sname, ...)					\
	long sys_##sname(__SC_PARAMS##x(__VA_ARGS__));			\
	static long __x64_sys_##sname(const struct trapframe *regs)	\
	{								\
		(void)regs;						\
		return sys_##sname(__MAP(x, __SC_CAST, __VA_ARGS__));	\
	}								\
	static const struct syscall_metadata __syscall_meta_##sname	\
	__attribute__((used, section(".syscalls"), aligned(8))) = {	\
		.name = #sname, .nr = __NR_##sname, .nargs = x,		\
		.call = __x64_sys_##sname,				\
		.types = { __MAP(x, __SC_TYPE, __VA_ARGS__) },		\
		.sizes = { __MAP(x, __SC_SIZE, __VA_ARGS__) },		\
	};								\
	long sys_##sname(__SC_PARAMS##x(__VA_ARGS__))

#endif
