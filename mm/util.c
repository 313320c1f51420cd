/*
 * mm/util.c - the accounting of an address space: its size counters
 * (total_vm, data_vm, stack_vm, locked_vm) with their limits, and
 * overcommit, as Linux's __vm_enough_memory.
 *
 * Private writable mappings (and brk, and stack growth) are charged when
 * they are created, not when touched - that is what Committed_AS in
 * /proc/meminfo counts.  Whether a charge is allowed depends on
 * /proc/sys/vm/overcommit_memory:
 *   0 (heuristic, the default): refuse only a single request larger than
 *     all of RAM and swap;
 *   1: always allow;
 *   2: refuse when the total charge would pass CommitLimit
 *      (overcommit_ratio = 50% of RAM, plus swap).
 * Memory may therefore run out at fault time; then the faulting process is
 * killed (mm/fault.c), never the kernel.
 */
#include "mm.h"
#include <uapi/errno.h>
#include <uapi/resource.h>

int sysctl_overcommit_memory;
static uint64_t committed_pages;
#define OVERCOMMIT_RATIO	50

/* RLIMIT_AS, and RLIMIT_DATA for private writable non-stack mappings. */
bool may_expand_vm(struct mm_struct *mm, uint64_t flags, uint64_t pages)
{
	if (mm->total_vm + pages > rlimit(RLIMIT_AS) >> PAGE_SHIFT)
		return false;
	if ((flags & (VM_WRITE | VM_SHARED | VM_GROWSDOWN)) == VM_WRITE &&
	    mm->data_vm + pages > rlimit(RLIMIT_DATA) >> PAGE_SHIFT)
		return false;
	return true;
}

/* Book-keeping of a VMA's size in the mm's counters: pages is the signed
 * change (negative when a VMA shrinks or goes).  As Linux's: a stack
 * (VM_GROWSDOWN), data (private writable) or exec (executable, neither
 * writable nor stack) mapping, or none of them. */
void vm_stat_account(struct mm_struct *mm, uint64_t flags, int64_t pages)
{
	mm->total_vm += pages;
	if (mm->total_vm > mm->hiwater_vm)
		mm->hiwater_vm = mm->total_vm;
	if ((flags & (VM_EXEC | VM_WRITE | VM_GROWSDOWN)) == VM_EXEC)
		mm->exec_vm += pages;
	if (flags & VM_GROWSDOWN)
		mm->stack_vm += pages;
	else if ((flags & (VM_WRITE | VM_SHARED)) == VM_WRITE)
		mm->data_vm += pages;
	if (flags & VM_LOCKED)
		mm->locked_vm += pages;
}

uint64_t vm_commit_limit(void)
{
	return nr_total_pages() * OVERCOMMIT_RATIO / 100 + total_swap_pages();
}

/* Charge pages whatever the policy says (Linux's vm_acct_memory): for
 * memory that is mapped already, whose charge went elsewhere. */
void vm_acct_memory(struct mm_struct *mm, uint64_t pages)
{
	committed_pages += pages;
	mm->committed += pages;
}

/* Charge pages to mm; 0 or -ENOMEM. */
int security_vm_enough_memory(struct mm_struct *mm, uint64_t pages)
{
	if (sysctl_overcommit_memory == 0 &&
	    pages > nr_total_pages() + total_swap_pages())
		return -ENOMEM;
	if (sysctl_overcommit_memory == 2 &&
	    committed_pages + pages > vm_commit_limit())
		return -ENOMEM;
	vm_acct_memory(mm, pages);
	return 0;
}

/* Give back a charge made by security_vm_enough_memory. */
void vm_unacct_memory(struct mm_struct *mm, uint64_t pages)
{
	committed_pages -= pages;
	mm->committed -= pages;
}

uint64_t vm_committed_pages(void)
{
	return committed_pages;
}
