/*
 * mm/mremap.c - mremap: resize a mapping, or move it, with Linux's checks
 * in Linux's order (`man 2 mremap` is the specification).
 *
 *   sys_mremap          the arguments, then
 *   do_mremap           check_mremap_params (flags, alignment, lengths);
 *   check_prep_vma      what the VMA at addr allows (one VMA, limits);
 *   mremap_at           in place: shrink (unmap the tail), grow into the
 *                       gap above (expand_vma_in_place), else move if
 *                       MREMAP_MAYMOVE;
 *   mremap_to           to new_addr (MREMAP_FIXED unmaps what is there),
 *                       or with MREMAP_DONTUNMAP keeping the old range;
 *   remap_move          MREMAP_FIXED without a resize: every VMA of the
 *                       range moves, the gaps between them kept;
 *   move_vma            copy_vma at the new place, move_page_tables, then
 *                       unmap the old range.
 *
 * A move copies no page.  Page-table entries move (whole page tables where
 * a 2 MiB extent allows: pgtable_move_range), so frames keep their
 * reference and map counts, RSS does not change, a file mapping keeps its
 * file offset and shared pages stay shared with every other mapping.
 */
#include "mm.h"
#include "../kernel/syscalls.h"
#include <uapi/errno.h>
#include <uapi/mman.h>

/* What kind of resize (Linux's enum mremap_type). */
enum mremap_type {
	MREMAP_NO_RESIZE,		/* old_len == new_len */
	MREMAP_SHRINK,			/* old_len > new_len */
	MREMAP_EXPAND,			/* old_len < new_len */
};

/* One mremap operation, threaded through every step (as Linux's). */
struct vma_remap_struct {
	uint64_t addr, old_len, new_len, flags, new_addr;	/* the call's */
	struct vm_area_struct *vma;	/* the VMA at addr */
	uint64_t delta;			/* |new_len - old_len| */
	enum mremap_type remap_type;
	uint64_t charged;		/* pages charged for VM_ACCOUNT */
	bool populate_expand;		/* VM_LOCKED and growing: fault in */
};

/* The VMA that contains addr, or NULL. */
static struct vm_area_struct *vma_lookup(struct mm_struct *mm, uint64_t addr)
{
	struct vm_area_struct *vma = find_vma(mm, addr);

	return vma && vma->vm_start <= addr ? vma : NULL;
}

/* delta and the type of resize, from the two lengths. */
static void vrm_set_delta(struct vma_remap_struct *vrm)
{
	if (vrm->old_len > vrm->new_len) {
		vrm->delta = vrm->old_len - vrm->new_len;
		vrm->remap_type = MREMAP_SHRINK;
	} else {
		vrm->delta = vrm->new_len - vrm->old_len;
		vrm->remap_type = vrm->delta ? MREMAP_EXPAND : MREMAP_NO_RESIZE;
	}
}

/* Will the operation end at an address it chose or was given? */
static bool vrm_implies_new_addr(struct vma_remap_struct *vrm)
{
	return vrm->flags & (MREMAP_FIXED | MREMAP_DONTUNMAP);
}

static bool vrm_overlaps(struct vma_remap_struct *vrm)
{
	return vrm->addr + vrm->old_len > vrm->new_addr &&
	       vrm->new_addr + vrm->new_len > vrm->addr;
}

/* Room for the VMAs a move may add on the way: two for the unmaps at the
 * source and the destination (before_unmaps), two for the move itself. */
static bool map_count_ok(struct mm_struct *mm, bool before_unmaps)
{
	return mm->map_count + (before_unmaps ? 2 : 0) + 2 <=
	       (int)sysctl_max_map_count;
}

/* The checks that need no VMA; 0 or -EINVAL. */
static long check_mremap_params(struct vma_remap_struct *vrm)
{
	uint64_t known = MREMAP_FIXED | MREMAP_MAYMOVE | MREMAP_DONTUNMAP;

	if (vrm->flags & ~known)
		return -EINVAL;
	if (vrm->addr & ~PAGE_MASK)
		return -EINVAL;
	/* old_len 0 is allowed: it duplicates a shared mapping */
	if (!vrm->new_len || vrm->new_len > TASK_SIZE)
		return -EINVAL;
	if (!vrm_implies_new_addr(vrm))
		return 0;
	if (vrm->new_addr > TASK_SIZE - vrm->new_len ||
	    (vrm->new_addr & ~PAGE_MASK) || !(vrm->flags & MREMAP_MAYMOVE))
		return -EINVAL;
	if ((vrm->flags & MREMAP_DONTUNMAP) && vrm->old_len != vrm->new_len)
		return -EINVAL;
	return vrm_overlaps(vrm) ? -EINVAL : 0;
}

/* A hugetlb VMA: lengths rounded up to whole huge pages, addresses
 * aligned, no growth (Linux's align_hugetlb) - and, unlike Linux, no move
 * (docs/divergences.md).  false: -EINVAL. */
static bool align_hugetlb(struct vma_remap_struct *vrm)
{
	vrm->old_len = ALIGN_UP(vrm->old_len, HPAGE_PMD_SIZE);
	vrm->new_len = ALIGN_UP(vrm->new_len, HPAGE_PMD_SIZE);
	return !(vrm->addr & ~HPAGE_PMD_MASK) && vrm->new_len <= vrm->old_len &&
	       !vrm_implies_new_addr(vrm);
}

/*
 * What vrm->vma allows: a private mapping cannot be duplicated (old_len
 * 0), the range must end inside the VMA, and growth must pass the
 * address-space limits.  Sets delta and the type.  Returns 0 or -errno.
 */
static long check_prep_vma(struct vma_remap_struct *vrm)
{
	struct vm_area_struct *vma = vrm->vma;

	if (!vma)
		return -EFAULT;
	if (is_vm_hugetlb_page(vma) && !align_hugetlb(vrm))
		return -EINVAL;
	uint64_t old_len = vrm->old_len, new_len = vrm->new_len;
	vrm_set_delta(vrm);
	if (!vrm_implies_new_addr(vrm))
		vrm->new_addr = vrm->addr;
	if (vrm->remap_type != MREMAP_EXPAND && !vrm_implies_new_addr(vrm))
		return 0;		/* a shrink may span VMAs: it is an unmap */
	if (!old_len && !(vma->vm_flags & (VM_SHARED | VM_MAYSHARE)))
		return -EINVAL;
	if (vrm->remap_type == MREMAP_SHRINK)
		old_len = new_len;	/* only what stays must be in the VMA */
	if (old_len > vma->vm_end - vrm->addr)
		return -EFAULT;
	if (new_len == old_len)
		return 0;
	if (vma->vm_flags & VM_LOCKED)
		vrm->populate_expand = true;
	uint64_t pgoff = vma_index(vma, vrm->addr);
	if (pgoff + (new_len >> PAGE_SHIFT) < pgoff)
		return -EINVAL;
	if (vma->vm_flags & (VM_DONTEXPAND | VM_PFNMAP))
		return -EFAULT;		/* [vdso] and [vvar] do not grow */
	if (!may_expand_vm(current->mm, vma->vm_flags, vrm->delta >> PAGE_SHIFT))
		return -ENOMEM;
	return 0;
}

/* Choose the destination: new_addr as it is (MREMAP_FIXED), new_addr as a
 * hint (MREMAP_DONTUNMAP), or anywhere.  0 or -errno. */
static long vrm_set_new_addr(struct vma_remap_struct *vrm)
{
	struct vm_area_struct *vma = vrm->vma;
	uint64_t map_flags = 0;

	if (vrm->flags & MREMAP_FIXED)
		map_flags |= MAP_FIXED;
	if (vma->vm_flags & VM_MAYSHARE)
		map_flags |= MAP_SHARED;
	int64_t res = get_unmapped_area(vma->vm_file,
					vrm_implies_new_addr(vrm) ? vrm->new_addr : 0,
					vrm->new_len, vma_index(vma, vrm->addr),
					map_flags);
	if (res < 0)
		return res;
	vrm->new_addr = res;
	return 0;
}

/* Charge the pages an accounted (VM_ACCOUNT) VMA gains: the growth, or
 * all of the new range when the old one stays (MREMAP_DONTUNMAP). */
static bool vrm_calc_charge(struct vma_remap_struct *vrm)
{
	if (!(vrm->vma->vm_flags & VM_ACCOUNT))
		return true;
	uint64_t pages = (vrm->flags & MREMAP_DONTUNMAP ? vrm->new_len
							: vrm->delta) >> PAGE_SHIFT;
	if (security_vm_enough_memory(current->mm, pages))
		return false;
	vrm->charged = pages;
	return true;
}

static void vrm_uncharge(struct vma_remap_struct *vrm)
{
	vm_unacct_memory(current->mm, vrm->charged);
	vrm->charged = 0;
}

/*
 * The VMA for [addr, addr + len) that a move of vma creates: a copy
 * (same flags, file or shmem object, page offset pgoff), merged with its
 * new neighbours where they match.  Private anonymous memory that never
 * had a page takes the offset of its new address, as in Linux, so that it
 * can merge there.  Returns the VMA now covering addr, or NULL.
 */
static struct vm_area_struct *copy_vma(struct vm_area_struct *vma, uint64_t addr,
				       uint64_t len, uint64_t pgoff)
{
	struct mm_struct *mm = vma->vm_mm;
	struct vm_area_struct *n = vm_area_dup(mm, vma);

	if (!n)
		return NULL;
	if (vma_is_anonymous(vma) && !vma->anon_vma)
		pgoff = addr >> PAGE_SHIFT;
	n->vm_start = addr;
	n->vm_end = addr + len;
	n->vm_pgoff = pgoff;
	vma_link(mm, n);
	return vma_merge(mm, n);
}

/* Move the entries of [old_addr, old_addr + len) to new_addr and flush
 * the old translations.  Returns the bytes moved. */
static uint64_t move_page_tables(struct mm_struct *mm, uint64_t old_addr,
				 uint64_t new_addr, uint64_t len)
{
	split_huge_pmd_range(mm, old_addr, old_addr + len,
			     !((old_addr ^ new_addr) & ~HPAGE_PMD_MASK));
	uint64_t moved = pgtable_move_range(mm->pml4, old_addr, new_addr, len);

	if (moved)
		flush_tlb_all();
	return moved;
}

/*
 * Unmap the range a move left behind (vrm->addr, vrm->old_len).  Its
 * pages were charged to the new VMA already, so an accounted VMA loses
 * VM_ACCOUNT for the unmap (which would give the charge back) and gets it
 * again on the parts that stay, as in Linux.
 */
static void unmap_source_vma(struct vma_remap_struct *vrm)
{
	struct mm_struct *mm = current->mm;
	struct vm_area_struct *vma = vrm->vma;
	uint64_t addr = vrm->addr, end = addr + vrm->old_len;
	uint64_t vm_start = vma->vm_start, vm_end = vma->vm_end;
	bool accountable = (vma->vm_flags & VM_ACCOUNT) &&
			   !(vrm->flags & MREMAP_DONTUNMAP);

	if (!vrm->old_len)
		return;			/* a duplicate (old_len 0): all stays */
	if (accountable)
		vma->vm_flags &= ~VM_ACCOUNT;
	vrm->vma = NULL;
	if (do_munmap(mm, addr, vrm->old_len)) {
		/* out of memory for a split: nothing was unmapped */
		if (accountable)
			vm_acct_memory(mm, vrm->old_len >> PAGE_SHIFT);
		end = addr;
	}
	if (!accountable)
		return;
	for (struct vm_area_struct *v = find_vma(mm, vm_start);
	     v && v->vm_start < vm_end; v = v->vm_next)
		if (v->vm_end <= addr || v->vm_start >= end)
			v->vm_flags |= VM_ACCOUNT;
}

/*
 * MREMAP_DONTUNMAP left the old range mapped and empty: its VMA is no
 * longer locked, and if the range was all of it, it has no anonymous
 * pages left (Linux unlinks its anon_vma), so it may merge as a fresh
 * mapping would.  Linux's locked_vm goes on counting the unlocked VMA;
 * Pagoda's stays the pages of the VM_LOCKED VMAs (docs/divergences.md).
 */
static void dontunmap_complete(struct vma_remap_struct *vrm,
			       struct vm_area_struct *new_vma)
{
	struct vm_area_struct *vma = vrm->vma;

	if (vma->vm_flags & VM_LOCKED) {
		vma->vm_flags &= ~VM_LOCKED;
		vma->vm_mm->locked_vm -= vma_pages(vma);
	}
	if (vma != new_vma && vma->vm_start == vrm->addr &&
	    vma->vm_end == vrm->addr + vrm->old_len)
		unlink_anon_vmas(vma);
}

/*
 * The move itself: the new VMA, its page tables, then the old range goes
 * (or, with MREMAP_DONTUNMAP, stays mapped and empty, and unlocked).  If
 * the page tables cannot all be moved, they move back and the new range
 * is unmapped instead.  Returns the new address or -errno.
 */
static long move_vma(struct vma_remap_struct *vrm)
{
	struct mm_struct *mm = current->mm;
	struct vm_area_struct *vma = vrm->vma;
	uint64_t vm_flags = vma->vm_flags;
	long err = 0;

	if (!map_count_ok(mm, false))
		return -ENOMEM;
	if (!vrm_calc_charge(vrm))
		return -ENOMEM;
	struct vm_area_struct *new_vma = copy_vma(vma, vrm->new_addr, vrm->new_len,
						  vma_index(vma, vrm->addr));
	if (!new_vma) {
		vrm_uncharge(vrm);
		return -ENOMEM;
	}
	uint64_t moved = move_page_tables(mm, vrm->addr, vrm->new_addr, vrm->old_len);
	if (moved < vrm->old_len) {
		move_page_tables(mm, vrm->new_addr, vrm->addr, moved);
		err = -ENOMEM;
		if (!(vrm->flags & MREMAP_DONTUNMAP))
			vrm_uncharge(vrm);	/* the unmap below keeps the charge */
		vrm->addr = vrm->new_addr;	/* unmap the new range instead */
		vrm->old_len = vrm->new_len;
	}
	/* total_vm counts both ranges for a moment: keep the peak as it was */
	uint64_t hiwater_vm = mm->hiwater_vm;
	vm_stat_account(mm, vm_flags, vrm->new_len >> PAGE_SHIFT);
	vrm->vma = vma_lookup(mm, vrm->addr);
	if (!err && (vrm->flags & MREMAP_DONTUNMAP))
		dontunmap_complete(vrm, new_vma);
	else
		unmap_source_vma(vrm);
	mm->hiwater_vm = MAX(hiwater_vm, mm->total_vm);
	return err ? err : (long)vrm->new_addr;
}

/* Unmap the tail [addr + new_len, addr + old_len); the VMA at addr may
 * have been split, so look it up again.  0 or -errno. */
static long shrink_vma(struct vma_remap_struct *vrm)
{
	long err = do_munmap(current->mm, vrm->addr + vrm->new_len, vrm->delta);

	if (err)
		return err;
	vrm->vma = vma_lookup(current->mm, vrm->addr);
	return vrm->vma ? 0 : -EFAULT;
}

/* Move to a given place (MREMAP_FIXED) or, with MREMAP_DONTUNMAP, to a
 * new one; a shrink happens first, in place.  New address or -errno. */
static long mremap_to(struct vma_remap_struct *vrm)
{
	struct mm_struct *mm = current->mm;
	long err;

	if (vrm->flags & MREMAP_FIXED) {
		err = do_munmap(mm, vrm->new_addr, vrm->new_len);
		if (err)
			return err;
		vrm->vma = vma_lookup(mm, vrm->addr);	/* may have been split */
		if (!vrm->vma)
			return -EFAULT;
	}
	if (vrm->remap_type == MREMAP_SHRINK) {
		err = shrink_vma(vrm);
		if (err)
			return err;
		vrm->old_len = vrm->new_len;
		vrm_set_delta(vrm);
	}
	if ((vrm->flags & MREMAP_DONTUNMAP) &&
	    !may_expand_vm(mm, vrm->vma->vm_flags, vrm->old_len >> PAGE_SHIFT))
		return -ENOMEM;
	err = vrm_set_new_addr(vrm);
	return err ? err : move_vma(vrm);
}

/* LAB mremap BEGIN: mremap's growth: in place when the gap above is free, else move */
/* Can vma grow by delta bytes where it is: no VMA in the way, and still
 * inside user space? */
static bool vma_expandable(struct vm_area_struct *vma, uint64_t delta)
{
	uint64_t end = vma->vm_end + delta;

	if (end < vma->vm_end)
		return false;
	if (find_vma_intersection(vma->vm_mm, vma->vm_end, end))
		return false;
	return get_unmapped_area(NULL, vma->vm_start, end - vma->vm_start, 0,
				 MAP_FIXED) >= 0;
}

/* Grow the VMA over the free gap above it and merge it with the VMA that
 * follows if they now touch and match (Linux's vma_merge_extend). */
static long expand_vma_in_place(struct vma_remap_struct *vrm)
{
	struct mm_struct *mm = current->mm;
	struct vm_area_struct *vma = vrm->vma;

	if (!vrm_calc_charge(vrm))
		return -ENOMEM;
	vma->vm_end += vrm->delta;
	vma_gap_update_bounds(mm, vma);
	vm_stat_account(mm, vma->vm_flags, vrm->delta >> PAGE_SHIFT);
	vrm->vma = vma_merge(mm, vma);
	return 0;
}

/* Grow without a given address: in place if [addr, addr + old_len) ends
 * the VMA and the gap above is free, else move (MREMAP_MAYMOVE) or fail
 * with -ENOMEM.  Returns the address or -errno. */
static long expand_vma(struct vma_remap_struct *vrm)
{
	if (vrm->vma->vm_end - vrm->addr == vrm->old_len &&
	    vma_expandable(vrm->vma, vrm->delta)) {
		long err = expand_vma_in_place(vrm);
		return err ? err : (long)vrm->addr;
	}
	if (!(vrm->flags & MREMAP_MAYMOVE))
		return -ENOMEM;
	long err = vrm_set_new_addr(vrm);
	return err ? err : move_vma(vrm);
}
/* LAB mremap STUB BEGIN
static long expand_vma(struct vma_remap_struct *vrm)
{
	if (!(vrm->flags & MREMAP_MAYMOVE))
		return -ENOMEM;
	long err = vrm_set_new_addr(vrm);
	return err ? err : move_vma(vrm);
}
   LAB mremap STUB END */
/* LAB mremap END */

/* Resize where the mapping is, moving it only to grow.  Address or -errno. */
static long mremap_at(struct vma_remap_struct *vrm)
{
	switch (vrm->remap_type) {
	case MREMAP_NO_RESIZE:
		return (long)vrm->addr;
	case MREMAP_SHRINK: {
		long err = shrink_vma(vrm);
		return err ? err : (long)vrm->addr;
	}
	case MREMAP_EXPAND:
		return expand_vma(vrm);
	}
	return -EINVAL;
}

/*
 * MREMAP_FIXED without a resize moves every VMA of [addr, addr + old_len)
 * (Linux 6.17 on), each by mremap_to, keeping the gaps between them; the
 * range must start inside a VMA.  Returns where the first one went, or
 * the first error (the VMAs before it have moved).
 */
static long remap_move(struct vma_remap_struct *vrm)
{
	struct mm_struct *mm = current->mm;
	uint64_t start = vrm->addr, end = start + vrm->old_len;
	uint64_t target = vrm->new_addr, last_end = start;
	long res = -EFAULT;
	struct vm_area_struct *vma;
	bool seen = false;

	for (uint64_t a = start; (vma = find_vma(mm, a)) && vma->vm_start < end;
	     a = last_end) {
		if (!seen && start < vma->vm_start)
			return -EFAULT;
		uint64_t offset = seen ? vma->vm_start - last_end : 0;
		uint64_t addr = MAX(vma->vm_start, start);
		last_end = vma->vm_end;
		vrm->vma = vma;
		vrm->addr = addr;
		vrm->new_addr = target + offset;
		vrm->old_len = vrm->new_len = MIN(end, vma->vm_end) - addr;
		long r = check_prep_vma(vrm);
		if (!r)
			r = mremap_to(vrm);
		if (r < 0)
			return r;
		if (!seen)
			res = r;
		seen = true;
		target = (uint64_t)r + vrm->new_len;
	}
	return res;
}

/*
 * The policy of mremap (see the file comment).  Lengths are rounded up to
 * pages first.  Returns the mapping's address or -errno.
 */
static long do_mremap(struct vma_remap_struct *vrm)
{
	struct mm_struct *mm = current->mm;
	long res;

	vrm->old_len = PAGE_ALIGN(vrm->old_len);
	vrm->new_len = PAGE_ALIGN(vrm->new_len);
	res = check_mremap_params(vrm);
	if (res)
		return res;
	if (!map_count_ok(mm, true))
		return -ENOMEM;
	if ((vrm->flags & MREMAP_FIXED) && vrm->old_len == vrm->new_len) {
		res = remap_move(vrm);
	} else {
		vrm->vma = vma_lookup(mm, vrm->addr);
		res = check_prep_vma(vrm);
		if (res)
			return res;
		res = vrm_implies_new_addr(vrm) ? mremap_to(vrm) : mremap_at(vrm);
	}
	if (res >= 0 && vrm->populate_expand)	/* the locked part that grew */
		populate_range(mm, vrm->new_addr + vrm->old_len,
			       vrm->new_addr + vrm->new_len);
	return res;
}

SYSCALL_DEFINE5(mremap, uint64_t, addr, size_t, old_len, size_t, new_len,
		uint64_t, flags, uint64_t, new_addr)
{
	struct vma_remap_struct vrm = {
		.addr = addr, .old_len = old_len, .new_len = new_len,
		.flags = flags, .new_addr = new_addr,
	};

	return do_mremap(&vrm);
}
