/*
 * mm/uaccess.c - kernel access to user memory, and other memory that may
 * fault.
 *
 * An instruction that may fault is listed in the exception table
 * (__ex_table: pairs of faulting address and fixup address).  A page fault
 * at a user address from such an instruction is first handled like the
 * user's own access would be (demand paging, stack growth, copy-on-write:
 * the string instruction then resumes where it stopped); only if that
 * fails does do_page_fault() resume at the fixup, which makes the function
 * return -EFAULT instead of panicking.
 *
 * With SMAP on, the kernel may touch user pages only between stac and
 * clac, so every user access sits between those two instructions.
 */
#include "mm.h"
#include <uapi/errno.h>

#define FIXUP(insn_label, fixup_label) \
	".pushsection __ex_table, \"a\"\n\t.balign 8\n\t.quad " \
	insn_label ", " fixup_label "\n\t.popsection\n"

/* True if [uaddr, uaddr + n) lies inside user space. */
bool access_ok(uint64_t uaddr, size_t n)
{
	return uaddr <= TASK_SIZE && n <= TASK_SIZE - uaddr;
}

/* rep movsb between kernel and user; returns the bytes NOT copied (0 on
 * success): after a fault rcx still counts what was left, because rep
 * string instructions stop exactly at the faulting byte. */
static size_t copy_user_generic(void *dst, const void *src, size_t n)
{
	__asm__ volatile("stac\n"
			 "1:	rep movsb\n"
			 "2:	clac\n"
			 FIXUP("1b", "2b")
			 : "+D"(dst), "+S"(src), "+c"(n)
			 : : "memory");
	return n;
}

/* As Linux's raw_copy_*_user: the bytes not copied, for callers that can
 * use a partial copy (read and write return a short count). */
/* Copy up to the end of user space (uaddr is the user side of the copy);
 * returns the bytes not copied. */
static size_t copy_user_clamped(void *dst, const void *src, size_t n,
				uint64_t uaddr)
{
	if (uaddr >= TASK_SIZE)
		return n;
	size_t ok = MIN(n, TASK_SIZE - uaddr);
	return copy_user_generic(dst, src, ok) + (n - ok);
}

size_t raw_copy_from_user(void *dst, const void *usrc, size_t n)
{
	return copy_user_clamped(dst, usrc, n, (uint64_t)usrc);
}

size_t raw_copy_to_user(void *udst, const void *src, size_t n)
{
	return copy_user_clamped(udst, src, n, (uint64_t)udst);
}

/* Copy all of it, or fail: 0 or -EFAULT. */
int copy_from_user(void *dst, const void *usrc, size_t n)
{
	if (!access_ok((uint64_t)usrc, n))
		return -EFAULT;
	return copy_user_generic(dst, usrc, n) ? -EFAULT : 0;
}

int copy_to_user(void *udst, const void *src, size_t n)
{
	if (!access_ok((uint64_t)udst, n))
		return -EFAULT;
	return copy_user_generic(udst, src, n) ? -EFAULT : 0;
}

/* Zero n bytes of user memory; 0 or -EFAULT. */
int clear_user(void *udst, size_t n)
{
	int ret = 0;

	if (!access_ok((uint64_t)udst, n))
		return -EFAULT;
	__asm__ volatile("stac\n"
			 "1:	rep stosb\n"
			 "2:	clac\n"
			 ".pushsection .text.fixup, \"ax\"\n"
			 "3:	movl %3, %0\n"
			 "	jmp 2b\n"
			 ".popsection\n"
			 FIXUP("1b", "3b")
			 : "+r"(ret), "+D"(udst), "+c"(n)
			 : "i"(-EFAULT), "a"(0)
			 : "memory");
	return ret;
}

/* Read one user byte; 0 or -EFAULT. */
static int get_user_u8(uint8_t *v, const uint8_t *uaddr)
{
	int ret = 0;
	uint8_t c = 0;

	__asm__ volatile("stac\n"
			 "1:	movb (%2), %1\n"
			 "2:	clac\n"
			 ".pushsection .text.fixup, \"ax\"\n"
			 "3:	movl %3, %0\n"
			 "	jmp 2b\n"
			 ".popsection\n"
			 FIXUP("1b", "3b")
			 : "+r"(ret), "=q"(c)
			 : "r"(uaddr), "i"(-EFAULT)
			 : "memory");
	*v = c;
	return ret;
}

/*
 * Copy a NUL-terminated string of at most n bytes (with its NUL) from user
 * space.  Returns its length, -EFAULT, or n if no NUL was found in n bytes
 * (dst is then not terminated; callers turn that into ENAMETOOLONG/E2BIG).
 */
long strncpy_from_user(char *dst, const char *usrc, long n)
{
	for (long i = 0; i < n; i++) {
		uint64_t a = (uint64_t)usrc + i;
		if (a >= TASK_SIZE || get_user_u8((uint8_t *)&dst[i], (const uint8_t *)a))
			return -EFAULT;
		if (!dst[i])
			return i;
	}
	return n;
}

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
			 FIXUP("1b", "3b")
			 : "+r"(ret)
			 : "r"(addr), "q"(v), "i"(-EFAULT)
			 : "memory");
	return ret;
}

struct exception_table_entry {
	uint64_t insn, fixup;
};
extern const struct exception_table_entry __ex_table_start[], __ex_table_end[];

/* The fixup of the instruction at rip, or 0 if it may not fault. */
static uint64_t find_fixup(uint64_t rip)
{
	for (const struct exception_table_entry *e = __ex_table_start;
	     e < __ex_table_end; e++)
		if (e->insn == rip)
			return e->fixup;
	return 0;
}

/* Is rip an instruction allowed to fault (it has a fixup)? */
bool search_exception_table(uint64_t rip)
{
	return find_fixup(rip) != 0;
}

/* If the faulting instruction has a fixup, resume there; returns true. */
bool fixup_exception(struct trapframe *tf)
{
	uint64_t fixup = find_fixup(tf->rip);

	if (fixup)
		tf->rip = fixup;
	return fixup != 0;
}
