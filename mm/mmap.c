/*
 * mm/mmap.c - mmap and munmap, with Linux's semantics and checks in
 * Linux's order (`man 2 mmap` is the specification; differences are in
 * docs/divergences.md).
 *
 *   sys_mmap          fetch the file, then
 *   do_mmap           validate flags against the file, compute vm_flags,
 *   get_unmapped_area choose the address (hint, then top-down search),
 *   mmap_region       unmap what was there (MAP_FIXED), charge memory,
 *                     create the VMA and merge it with its neighbours.
 *
 * Nothing is allocated for the pages themselves: they appear on first
 * touch (mm/fault.c), unless MAP_POPULATE or MAP_LOCKED asks for them now.
 */
#include "mm.h"
#include "../fs/fs.h"
#include "../kernel/syscalls.h"
#include <uapi/errno.h>
#include <uapi/mman.h>

#define TASK_UNMAPPED_BASE	PAGE_ALIGN(TASK_SIZE / 3)
#define LEGACY_MAP_MASK	(MAP_SHARED | MAP_PRIVATE | MAP_FIXED | MAP_ANONYMOUS | \
			 MAP_DENYWRITE | MAP_EXECUTABLE | MAP_UNINITIALIZED | \
			 MAP_GROWSDOWN | MAP_LOCKED | MAP_NORESERVE | \
			 MAP_POPULATE | MAP_NONBLOCK | MAP_STACK | MAP_HUGETLB)

/* LAB aspace BEGIN: where a new mapping goes: hint, MAP_32BIT, top-down */
/* Can [addr, addr + len) be used as it is? */
static bool range_free(struct mm_struct *mm, uint64_t addr, uint64_t len)
{
	struct vm_area_struct *prev, *vma = find_vma_prev(mm, addr, &prev);

	(void)prev;
	return addr >= MMAP_MIN_ADDR && addr <= TASK_SIZE - len &&
	       (!vma || addr + len <= vm_start_gap(vma));
}

/*
 * The search when the caller leaves the place open (Linux's
 * arch_get_unmapped_area_topdown): a free hint is honoured, MAP_32BIT
 * looks bottom-up in [1 GiB, 2 GiB), and else the highest free gap below
 * mmap_base is used (O(log n) through the VMA tree's gap augmentation),
 * bottom-up from TASK_UNMAPPED_BASE if there is none.  The address is a
 * multiple of align.  Returns the address or -ENOMEM.
 */
static int64_t arch_get_unmapped_area_topdown(struct mm_struct *mm, uint64_t addr,
					      uint64_t len, uint64_t align,
					      uint64_t flags)
{
	uint64_t pad = align - PAGE_SIZE;	/* searched for beyond len */

	if (addr) {
		addr = ALIGN_UP(addr, align);
		if (range_free(mm, addr, len))
			return addr;
	}
	if (flags & MAP_32BIT) {	/* x86-64: in [1 GiB, 2 GiB), bottom-up */
		int64_t a = unmapped_area(mm, len + pad, 0x40000000, 0x80000000);
		return a < 0 ? a : (int64_t)ALIGN_UP(a, align);
	}
	int64_t a = unmapped_area_topdown(mm, len + pad, MMAP_MIN_ADDR, mm->mmap_base);
	if (a >= 0)
		return ALIGN_DOWN(a + pad, align);
	a = unmapped_area(mm, len + pad, TASK_UNMAPPED_BASE, TASK_SIZE);
	return a < 0 ? a : (int64_t)ALIGN_UP(a, align);
}
/* LAB aspace STUB BEGIN
static int64_t arch_get_unmapped_area_topdown(struct mm_struct *mm, uint64_t addr,
					      uint64_t len, uint64_t align,
					      uint64_t flags)
{
	(void)addr;
	(void)flags;
	int64_t a = unmapped_area(mm, len + align - PAGE_SIZE, TASK_UNMAPPED_BASE,
				  TASK_SIZE);
	return a < 0 ? a : (int64_t)ALIGN_UP(a, align);
}
   LAB aspace STUB END */
/* LAB aspace END */

/*
 * Choose where a mapping of len bytes goes: MAP_FIXED takes addr as it is;
 * otherwise arch_get_unmapped_area_topdown searches.  A hugetlb file's
 * mapping is 2 MiB aligned, its length a multiple of 2 MiB (else -EINVAL),
 * as Linux's hugetlb_get_unmapped_area.  Returns the address or -errno.
 */
int64_t get_unmapped_area(struct file *file, uint64_t addr, uint64_t len,
			  uint64_t pgoff, uint64_t flags)
{
	uint64_t align = file && is_file_hugepages(file) ? HPAGE_PMD_SIZE : PAGE_SIZE;

	(void)pgoff;
	if (len > TASK_SIZE - MMAP_MIN_ADDR)
		return -ENOMEM;
	if (len & (align - 1))
		return -EINVAL;
	if (flags & MAP_FIXED) {
		if (addr > TASK_SIZE - len)
			return -ENOMEM;
		if (addr & (align - 1))
			return -EINVAL;
		/* Below mmap_min_addr only with CAP_SYS_RAWIO: root. */
		return addr < MMAP_MIN_ADDR && !capable() ? -EPERM : (int64_t)addr;
	}
	return arch_get_unmapped_area_topdown(current->mm, addr, len, align, flags);
}

/* Pages of [start, end) already mapped (they will be replaced). */
static uint64_t count_vma_pages_range(struct mm_struct *mm, uint64_t start,
				      uint64_t end)
{
	uint64_t n = 0;

	for (struct vm_area_struct *v = find_vma(mm, start); v && v->vm_start < end;
	     v = v->vm_next)
		n += (MIN(end, v->vm_end) - MAX(start, v->vm_start)) >> PAGE_SHIFT;
	return n;
}

/*
 * Fill in a new VMA and give it what it maps: the file (whose ->mmap sets
 * vm_ops; /dev/zero, which has none, stays anonymous memory), a shmem
 * file of its own for shared anonymous memory, or nothing.  On i_mmap
 * from here on.  Returns 0 or -ENOMEM.
 */
static int mmap_object(struct vm_area_struct *vma, struct file *file,
		       uint64_t addr, uint64_t len, uint64_t vm_flags,
		       uint64_t pgoff)
{
	vma->vm_start = addr;
	vma->vm_end = addr + len;
	vma->vm_flags = vm_flags;
	vma->vm_pgoff = pgoff;
	if (!file)
		return (vm_flags & VM_SHARED) ? shmem_zero_setup(vma) : 0;
	get_file(file);
	vma->vm_file = file;
	vma_link_file(vma);
	return file->f_op && file->f_op->mmap ? file->f_op->mmap(file, vma) : 0;
}

/* Create the VMA for [addr, addr + len); returns addr or -errno. */
static int64_t mmap_region(struct file *file, uint64_t addr, uint64_t len,
			   uint64_t vm_flags, uint64_t pgoff)
{
	struct mm_struct *mm = current->mm;
	uint64_t pages = len >> PAGE_SHIFT;

	if (!may_expand_vm(mm, vm_flags, pages - count_vma_pages_range(mm, addr,
								       addr + len)))
		return -ENOMEM;
	if (do_munmap(mm, addr, len))
		return -ENOMEM;
	if ((vm_flags & (VM_NORESERVE | VM_SHARED | VM_WRITE)) == VM_WRITE &&
	    !(file && is_file_hugepages(file))) {	/* the pool reserves them */
		if (security_vm_enough_memory(mm, pages))
			return -ENOMEM;
		vm_flags |= VM_ACCOUNT;
	}
	struct vm_area_struct *vma = vm_area_alloc(mm);
	if (!vma || mmap_object(vma, file, addr, len, vm_flags, pgoff)) {
		if (vma)
			vm_area_free(vma);
		if (vm_flags & VM_ACCOUNT)
			vm_unacct_memory(mm, pages);
		return -ENOMEM;
	}
	vma_link(mm, vma);
	vm_stat_account(mm, vm_flags, pages);
	vma_merge(mm, vma);
	return addr;
}

/* The vm_flags a file mapping gets, or -errno (opening mode, flags). */
static int64_t file_vm_flags(struct file *file, uint64_t prot, uint64_t flags,
			     uint64_t vm_flags)
{
	switch (flags & MAP_TYPE) {
	case MAP_SHARED:
		flags &= LEGACY_MAP_MASK;
		/* fallthrough */
	case MAP_SHARED_VALIDATE:
		if (flags & ~LEGACY_MAP_MASK)
			return -EOPNOTSUPP;
		if ((prot & PROT_WRITE) && !file_mode_writable(file))
			return -EACCES;
		vm_flags |= VM_SHARED | VM_MAYSHARE;
		if (!file_mode_writable(file))
			vm_flags &= ~(VM_MAYWRITE | VM_SHARED);
		/* fallthrough */
	case MAP_PRIVATE:
		if (!file_mode_readable(file))
			return -EACCES;
		if (!file->f_op || !file->f_op->mmap)
			return -ENODEV;
		if (vm_flags & VM_GROWSDOWN)
			return -EINVAL;
		return vm_flags;
	default:
		return -EINVAL;
	}
}

/* The vm_flags anonymous memory gets, or -errno; *pgoff becomes 0 for a
 * shared object, the linear page number of addr for private memory. */
static int64_t anon_vm_flags(uint64_t flags, uint64_t addr, uint64_t *pgoff,
			     uint64_t vm_flags)
{
	switch (flags & MAP_TYPE) {
	case MAP_SHARED:
		if (vm_flags & VM_GROWSDOWN)
			return -EINVAL;
		*pgoff = 0;
		return vm_flags | VM_SHARED | VM_MAYSHARE;
	case MAP_PRIVATE:
		*pgoff = addr >> PAGE_SHIFT;
		return vm_flags;
	default:
		return -EINVAL;
	}
}

/*
 * The policy of mmap (see the file comment).  pgoff is in pages.
 * Returns the mapping's address or -errno.
 */
int64_t do_mmap(struct file *file, uint64_t addr, uint64_t len, uint64_t prot,
		uint64_t flags, uint64_t pgoff)
{
	struct mm_struct *mm = current->mm;

	if (!len)
		return -EINVAL;
	if (!(flags & MAP_FIXED) && addr && addr < MMAP_MIN_ADDR)
		addr = MMAP_MIN_ADDR;
	len = PAGE_ALIGN(len);
	if (!len)
		return -ENOMEM;
	if (pgoff + (len >> PAGE_SHIFT) < pgoff)
		return -EOVERFLOW;
	if (mm->map_count > (int)sysctl_max_map_count)
		return -ENOMEM;
	if (flags & MAP_FIXED_NOREPLACE)
		flags |= MAP_FIXED;
	int64_t a = get_unmapped_area(file, addr, len, pgoff, flags);
	if (a < 0)
		return a;
	if ((flags & MAP_FIXED_NOREPLACE) && find_vma_intersection(mm, a, a + len))
		return -EEXIST;
	uint64_t vm_flags = calc_vm_prot_bits(prot) | mm->def_flags |
			    VM_MAYREAD | VM_MAYWRITE | VM_MAYEXEC;
	if (flags & MAP_GROWSDOWN)
		vm_flags |= VM_GROWSDOWN;
	if (flags & MAP_LOCKED)
		vm_flags |= VM_LOCKED;
	if (file && file_is_dev_zero(file) && (flags & MAP_TYPE) == MAP_SHARED &&
	    !file_mode_writable(file)) {
		/* /dev/zero opened read-only: never writable, and (as Linux's
		 * mmap_zero without VM_SHARED) private anonymous memory */
		if (prot & PROT_WRITE)
			return -EACCES;
		vm_flags &= ~VM_MAYWRITE;
		flags = (flags & ~MAP_TYPE) | MAP_PRIVATE;
	}
	int64_t f = vm_flags;
	if (file && file_is_dev_zero(file) && (flags & MAP_TYPE) == MAP_PRIVATE) {
		/* private /dev/zero: anonymous memory that still names the
		 * file in /proc/PID/maps, as on Linux */
		if (!file_mode_readable(file))
			return -EACCES;
	} else if (file && !file_is_dev_zero(file)) {
		f = file_vm_flags(file, prot, flags, vm_flags);
	} else {
		f = anon_vm_flags(flags, a, &pgoff, vm_flags);
		file = NULL;	/* shared /dev/zero is shared anonymous memory */
	}
	if (f < 0)
		return f;
	vm_flags = f;
	if ((flags & MAP_NORESERVE) && sysctl_overcommit_memory != 2)
		vm_flags |= VM_NORESERVE;
	a = mmap_region(file, a, len, vm_flags, pgoff);
	if (a >= 0 && ((vm_flags & VM_LOCKED) ||
		       (flags & (MAP_POPULATE | MAP_NONBLOCK)) == MAP_POPULATE))
		populate_range(mm, a, a + len);
	return a;
}

/* The file of an anonymous MAP_HUGETLB mapping, its length rounded up to
 * whole huge pages; ERR_PTR(-EINVAL) for a page size other than 2 MiB
 * (MAP_HUGE_2MB, or 0: the default), as Linux's ksys_mmap_pgoff. */
static struct file *hugetlb_anon_file(uint64_t *len, uint64_t flags)
{
	uint64_t shift = (flags >> MAP_HUGE_SHIFT) & MAP_HUGE_MASK;

	if (shift && shift != HPAGE_PMD_ORDER + PAGE_SHIFT)
		return ERR_PTR(-EINVAL);
	if (*len > TASK_SIZE)
		return ERR_PTR(-ENOMEM);
	*len = ALIGN_UP(*len, HPAGE_PMD_SIZE);
	return hugetlb_file_setup(*len);
}

SYSCALL_DEFINE6(mmap, uint64_t, addr, size_t, len, uint64_t, prot,
		uint64_t, flags, int, fd, uint64_t, off)
{
	struct file *file = NULL;
	int64_t ret;

	if (off & ~PAGE_MASK)
		return -EINVAL;
	if (!(flags & MAP_ANONYMOUS)) {
		file = fget(fd);
		if (!file)
			return -EBADF;
		if ((flags & MAP_HUGETLB) && !is_file_hugepages(file)) {
			fput(file);
			return -EINVAL;
		}
	} else if (flags & MAP_HUGETLB) {
		file = hugetlb_anon_file(&len, flags);
		if (IS_ERR(file))
			return PTR_ERR(file);
	}
	ret = do_mmap(file, addr, len, prot, flags, off >> PAGE_SHIFT);
	if (file)
		fput(file);
	return ret;
}

/*
 * Remove the mappings in [start, start + len): split the VMAs at the ends,
 * unmap their pages, free them and the page tables of the hole.  Unmapping
 * a hole is not an error.  Returns 0 or -errno.
 */
int do_munmap(struct mm_struct *mm, uint64_t start, uint64_t len)
{
	if ((start & ~PAGE_MASK) || start > TASK_SIZE || len > TASK_SIZE - start)
		return -EINVAL;
	len = PAGE_ALIGN(len);
	if (!len)
		return -EINVAL;
	uint64_t end = start + len;
	struct vm_area_struct *vma = find_vma(mm, start);
	if (!vma || vma->vm_start >= end)
		return 0;
	if (vma->vm_start < start) {
		/* only a cut out of the middle adds a VMA: then the limit holds */
		if (end < vma->vm_end && mm->map_count >= (int)sysctl_max_map_count)
			return -ENOMEM;
		int err = __split_vma(mm, vma, start, 1);
		if (err)
			return err;
	}
	/* the VMA holding end - 1 is most often the one just looked up */
	struct vm_area_struct *last = find_vma(mm, end - 1);
	int err = last && last->vm_start < end && last->vm_end > end ?
		  __split_vma(mm, last, end, 1) : 0;
	if (err)
		return err;
	vma = find_vma(mm, start);
	struct vm_area_struct *prev = vma->vm_prev;
	while (vma && vma->vm_start < end) {
		struct vm_area_struct *next = vma->vm_next;
		uint64_t pages = vma_pages(vma);
		zap_page_range(vma, vma->vm_start, vma->vm_end);
		vm_stat_account(mm, vma->vm_flags, -(int64_t)pages);
		if (vma->vm_flags & VM_ACCOUNT)
			vm_unacct_memory(mm, pages);
		vma_unlink(mm, vma);
		vm_area_free(vma);
		vma = next;
	}
	free_pgtables(mm, start, end, prev ? prev->vm_end : 0,
		      vma ? vma->vm_start : USER_PGTABLES_CEILING);
	return 0;
}

SYSCALL_DEFINE2(munmap, uint64_t, addr, size_t, len)
{
	return do_munmap(current->mm, addr, len);
}

/* vm_ops->fault of a special mapping: the page spec->fault names, with a
 * reference unless it is VM_PFNMAP (do_fault maps that one uncounted);
 * SIGBUS past the pages it has. */
static int special_mapping_fault(struct vm_fault *vmf)
{
	const struct vm_special_mapping *sm = vmf->vma->vm_special;
	struct page *page = sm->fault(sm, vmf->pgoff);

	if (!page)
		return VM_FAULT_SIGBUS;
	if (!(vmf->vma->vm_flags & VM_PFNMAP))
		get_page(page);
	vmf->page = page;
	return VM_FAULT_OK;
}

static const struct vm_operations_struct special_mapping_vmops = {
	.fault = special_mapping_fault,
};

/*
 * Map [addr, addr + len), which the caller found free, as a special
 * mapping: its pages come from spec->fault (special_mapping_fault), not
 * from a file or anonymous memory, and are on no reverse map (the
 * kernel's own).  Used at exec for [vvar] and [vdso].  Like Linux's, it
 * is never expanded by mremap (VM_DONTEXPAND).  Returns 0 or -ENOMEM.
 */
int _install_special_mapping(struct mm_struct *mm, uint64_t addr, uint64_t len,
			     uint64_t vm_flags, const struct vm_special_mapping *spec)
{
	struct vm_area_struct *vma = vm_area_alloc(mm);

	if (!vma)
		return -ENOMEM;
	vma->vm_start = addr;
	vma->vm_end = addr + len;
	vma->vm_flags = vm_flags | VM_DONTEXPAND;
	vma->vm_ops = &special_mapping_vmops;
	vma->vm_special = spec;
	vma_link(mm, vma);
	vm_stat_account(mm, vma->vm_flags, len >> PAGE_SHIFT);
	return 0;
}
