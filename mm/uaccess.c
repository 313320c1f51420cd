/*
 * mm/uaccess.c - kernel access to memory that may fault.
 *
 * An instruction that may fault is listed in the exception table
 * (__ex_table: pairs of faulting address and fixup address).  When it
 * faults, trap() finds it there and resumes at the fixup, which makes the
 * function return -EFAULT instead of panicking.
 */
#include "mm.h"
#include <uapi/errno.h>

/* Write one byte at addr; returns 0, or -EFAULT if the write faulted. */
int probe_write_u8(void *addr, uint8_t v)
{
	int ret = 0;

	__asm__ volatile("1:	movb %b2, (%1)\n"
			 "2:\n"
			 ".pushsection .text.fixup, \"ax\"\n"
			 "3:	movl %3, %0\n"
			 "	jmp 2b\n"
			 ".popsection\n"
			 ".pushsection __ex_table, \"a\"\n"
			 "	.balign 8\n"
			 "	.quad 1b, 3b\n"
			 ".popsection\n"
			 : "+r"(ret)
			 : "r"(addr), "q"(v), "i"(-EFAULT)
			 : "memory");
	return ret;
}

struct exception_table_entry {
	uint64_t insn, fixup;
};
extern const struct exception_table_entry __ex_table_start[], __ex_table_end[];

/* If the faulting instruction has a fixup, resume there; returns true. */
bool fixup_exception(struct trapframe *tf)
{
	for (const struct exception_table_entry *e = __ex_table_start;
	     e < __ex_table_end; e++) {
		if (e->insn == tf->rip) {
			tf->rip = e->fixup;
			return true;
		}
	}
	return false;
}
