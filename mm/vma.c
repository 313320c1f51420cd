/*
 * mm/vma.c - VMA objects: allocate, split, merge.
 *
 * munmap, mprotect, mlock and madvise act on address ranges that need not
 * line up with VMAs, so they first split VMAs at the range's ends
 * (split_vma), change what lies inside, and then let vma_merge glue a VMA
 * back to neighbours that have become identical - which is why
 * /proc/self/maps shows one line for two adjacent mmaps with equal
 * protections, and two lines again after an mprotect of one half.
 */
#include "mm.h"
#include "../fs/fs.h"
#include <uapi/errno.h>

uint64_t sysctl_max_map_count = 65530;

struct vm_area_struct *vm_area_alloc(struct mm_struct *mm)
{
	struct vm_area_struct *vma = kzalloc(sizeof(*vma));

	if (vma)
		vma->vm_mm = mm;
	return vma;
}

/* A copy of old for mm (not yet linked), sharing its file and anon_vma
 * and on their reverse-map lists; NULL if out of memory.  For splits, and
 * for fork (dup_mm). */
struct vm_area_struct *vm_area_dup(struct mm_struct *mm, struct vm_area_struct *old)
{
	struct vm_area_struct *vma = vm_area_alloc(mm);

	if (!vma)
		return NULL;
	*vma = *old;
	vma->vm_mm = mm;
	vma->vm_rb = (struct rb_node){ 0 };
	vma->vm_next = vma->vm_prev = NULL;
	if (vma->vm_file) {
		get_file(vma->vm_file);
		vma_link_file(vma);
	}
	if (vma->anon_vma)
		anon_vma_link(vma);
	if (vma->vm_ops && vma->vm_ops->open)
		vma->vm_ops->open(vma);
	return vma;
}

/* Free a VMA that is no longer linked: off the reverse map, its
 * vm_ops->close told, and its file reference dropped (the last one of a
 * shmem file frees its pages). */
void vm_area_free(struct vm_area_struct *vma)
{
	if (vma->anon_vma)
		unlink_anon_vmas(vma);
	if (vma->vm_file) {
		unlink_file_vma(vma);
		if (vma->vm_ops && vma->vm_ops->close)
			vma->vm_ops->close(vma);
		fput(vma->vm_file);
	}
	kfree(vma);
}

/*
 * Cut vma in two at addr, whatever the number of VMAs (munmap's splits
 * may pass max_map_count: the VMAs they cut off go away at once).  The
 * new VMA is the part below addr if new_below, else the part above.
 * Returns 0, -EINVAL (a hugetlb VMA cut inside a huge page: Linux's
 * hugetlb_vm_op_split) or -ENOMEM.
 */
int __split_vma(struct mm_struct *mm, struct vm_area_struct *vma, uint64_t addr,
		int new_below)
{
	if (is_vm_hugetlb_page(vma) && (addr & ~HPAGE_PMD_MASK))
		return -EINVAL;
	struct vm_area_struct *n = vm_area_dup(mm, vma);
	if (!n)
		return -ENOMEM;
	split_huge_pmd_address(mm, addr);
	uint64_t below = (addr - vma->vm_start) >> PAGE_SHIFT;
	if (new_below) {
		n->vm_end = addr;
		vma->vm_start = addr;
		vma->vm_pgoff += below;
	} else {
		n->vm_start = addr;
		n->vm_pgoff += below;
		vma->vm_end = addr;
	}
	vma_gap_update_bounds(mm, vma);
	vma_link(mm, n);
	return 0;
}

/* split_vma for changes that keep every piece (mprotect, madvise, mlock):
 * refused with -ENOMEM at max_map_count, as Linux does. */
static int split_vma(struct mm_struct *mm, struct vm_area_struct *vma,
		     uint64_t addr, int new_below)
{
	if (mm->map_count >= (int)sysctl_max_map_count)
		return -ENOMEM;
	return __split_vma(mm, vma, addr, new_below);
}

/* LAB aspace BEGIN: VMA merge: mergeable neighbours become one VMA */
/* Can b follow a directly, as one VMA?  Same flags and object, offsets
 * that continue (anonymous memory counts linear page numbers, so that its
 * pages' index stays right), and one anon_vma at most between them.  Not
 * VMAs whose vm_ops->close must see each go (hugetlb, SysV shm), as
 * Linux's can_merge_remove_vma. */
static bool mergeable(struct vm_area_struct *a, struct vm_area_struct *b)
{
	if (!a || !b || a->vm_end != b->vm_start || a->vm_flags != b->vm_flags ||
	    a->vm_file != b->vm_file || a->vm_ops != b->vm_ops ||
	    a->vm_special != b->vm_special || (a->vm_ops && a->vm_ops->close))
		return false;
	if (a->anon_vma && b->anon_vma && a->anon_vma != b->anon_vma)
		return false;
	return a->vm_pgoff + vma_pages(a) == b->vm_pgoff;
}

/* Absorb next into prev (they are mergeable); prev takes over next's
 * anon_vma if it had none, so that next's pages stay on the reverse map. */
static void merge_into_prev(struct mm_struct *mm, struct vm_area_struct *prev,
			    struct vm_area_struct *next)
{
	vma_unlink(mm, next);
	prev->vm_end = next->vm_end;
	if (!prev->anon_vma && next->anon_vma) {
		prev->anon_vma = next->anon_vma;
		anon_vma_link(prev);
	}
	vma_gap_update_bounds(mm, prev);
	vm_area_free(next);
}

/*
 * Merge vma with its neighbours where they are now identical in flags,
 * backing object and contiguous offsets.  When vma could join either but
 * the two have different anon_vmas, it joins the previous one, as in
 * Linux.  Returns the VMA that now covers vma's range.
 */
struct vm_area_struct *vma_merge(struct mm_struct *mm, struct vm_area_struct *vma)
{
	struct vm_area_struct *prev = vma->vm_prev, *next = vma->vm_next;
	bool merge_prev = mergeable(prev, vma), merge_next = mergeable(vma, next);

	if (merge_prev && merge_next && prev->anon_vma && next->anon_vma &&
	    prev->anon_vma != next->anon_vma)
		merge_next = false;
	if (merge_prev) {
		merge_into_prev(mm, prev, vma);
		vma = prev;
	}
	if (merge_next)
		merge_into_prev(mm, vma, next);
	return vma;
}
/* LAB aspace STUB BEGIN
struct vm_area_struct *vma_merge(struct mm_struct *mm, struct vm_area_struct *vma)
{
	(void)mm;
	return vma;
}
   LAB aspace STUB END */
/* LAB aspace END */

/* Make [start, end) exactly a run of whole VMAs by splitting at both ends.
 * Returns 0 or split_vma's -errno. */
int vma_split_range(struct mm_struct *mm, uint64_t start, uint64_t end)
{
	struct vm_area_struct *vma = find_vma(mm, start);
	int err = 0;

	if (vma && vma->vm_start < start &&	/* find_vma: vm_end > start */
	    (err = split_vma(mm, vma, start, 1)))
		return err;
	vma = find_vma(mm, end);
	if (vma && vma->vm_start < end)
		err = split_vma(mm, vma, end, 1);
	return err;
}

/* PROT_* to VM_* (the low three bits are the same on purpose). */
uint64_t calc_vm_prot_bits(uint64_t prot)
{
	return prot & (VM_READ | VM_WRITE | VM_EXEC);
}

/* "[heap]" or "[stack]" for /proc/PID/maps, by Linux's rule: the VMA that
 * overlaps [start_brk, brk], or the one holding start_stack; a special
 * mapping's own name ("[vdso]").  NULL else. */
const char *vma_special_name(struct vm_area_struct *vma)
{
	struct mm_struct *mm = vma->vm_mm;

	if (vma->vm_file)
		return NULL;
	if (vma->vm_special)
		return vma->vm_special->name;
	if (vma->vm_start <= mm->brk && vma->vm_end >= mm->start_brk)
		return "[heap]";
	if (vma->vm_start <= mm->start_stack && vma->vm_end >= mm->start_stack)
		return "[stack]";
	return NULL;
}

/* The lowest address a stack-like VMA leaves free below itself. */
uint64_t vm_start_gap(struct vm_area_struct *vma)
{
	uint64_t s = vma->vm_start;

	if ((vma->vm_flags & VM_GROWSDOWN) && s > STACK_GUARD_GAP)
		s -= STACK_GUARD_GAP;
	return s;
}

/*
 * Give [start, end), inside one VMA, the flags `flags`: split it off, keep
 * the mm's counters right, and merge it with neighbours that now match
 * (mprotect, mlock, madvise).  Returns the VMA now covering start, or
 * ERR_PTR(-errno) if a split was refused.
 */
struct vm_area_struct *vma_modify_flags(struct mm_struct *mm, uint64_t start,
					uint64_t end, uint64_t flags)
{
	int64_t pages = (end - start) >> PAGE_SHIFT;
	int err = vma_split_range(mm, start, end);

	if (err)
		return ERR_PTR(err);
	struct vm_area_struct *vma = find_vma(mm, start);
	vm_stat_account(mm, vma->vm_flags, -pages);
	vma->vm_flags = flags;
	vm_stat_account(mm, flags, pages);
	return vma_merge(mm, vma);
}
