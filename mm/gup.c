/*
 * mm/gup.c - reaching into an address space on behalf of its process or
 * of the kernel, faulting pages in as the process would: populating a
 * range (Linux's __mm_populate), and copying to or from another process
 * (access_remote_vm; Linux's get_user_pages family lives here too).
 */
#include "mm.h"

/* Fault in the accessible pages of [start, end) now (MAP_POPULATE,
 * mlock); errors are ignored, as for Linux's populate. */
void populate_range(struct mm_struct *mm, uint64_t start, uint64_t end)
{
	struct vm_area_struct *v;

	for (uint64_t a = start; a < end && (v = find_vma(mm, a)); a = v->vm_end) {
		if (!(v->vm_flags & (VM_READ | VM_WRITE | VM_EXEC)))
			continue;
		bool write = (v->vm_flags & VM_WRITE) && !(v->vm_flags & VM_SHARED);
		uint64_t e = MIN(end, v->vm_end);
		for (uint64_t p = MAX(a, v->vm_start); p < e; p += PAGE_SIZE)
			handle_mm_fault(mm, p, write ? FAULT_FLAG_WRITE : 0);
	}
}

/*
 * Copy to or from another address space, faulting pages in as needed
 * (used by /proc/PID/cmdline and fork's CLONE_CHILD_SETTID).  Returns the
 * number of bytes copied.
 */
int access_remote_vm(struct mm_struct *mm, uint64_t addr, void *buf,
		     size_t len, bool write)
{
	size_t done = 0;

	while (done < len) {
		uint64_t a = addr + done;
		pte_t pte = pgtable_lookup(mm->pml4, a);
		bool ok = (pte_prot(pte) & VM_PROT_READ) &&
			  (!write || pte_write(pte));
		if (!ok) {		/* fault it in as the process would */
			if (a >= TASK_SIZE ||
			    handle_mm_fault(mm, a, write ? FAULT_FLAG_WRITE : 0))
				break;
			pte = pgtable_lookup(mm->pml4, a);
		}
		size_t n = MIN(len - done, PAGE_SIZE - (a & (PAGE_SIZE - 1)));
		char *k = (char *)phys_to_virt(pte_phys(pte)) + (a & (PAGE_SIZE - 1));
		if (write)
			memcpy(k, (char *)buf + done, n);
		else
			memcpy((char *)buf + done, k, n);
		done += n;
	}
	return (int)done;
}
