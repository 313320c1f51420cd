/*
 * mm/msync.c - msync: a shared file mapping written back to its file.
 *
 * A shared file mapping maps each page read-only until it is written; the
 * write fault dirties the page and tags it in the page cache index before
 * making it writable (mm/page-writeback.c).  So the dirty pages of a range
 * are known without looking at its PTEs: msync(MS_SYNC) writes the
 * range's dirty-tagged pages to the store and waits, at a cost per dirty
 * page (writeback write-protects each again); MS_ASYNC has nothing to do,
 * the pages being dirty already (the flusher writes them soon), as in
 * Linux since 2.6.19; with one page cache there are no stale copies for
 * MS_INVALIDATE to drop, so it only refuses locked mappings (EBUSY), as
 * Linux does.
 */
#include "mm.h"
#include "../fs/fs.h"
#include "../kernel/syscalls.h"
#include <uapi/errno.h>
#include <uapi/mman.h>

/* Sync one VMA's part [start, end); returns 0 or -errno. */
static int msync_vma(struct vm_area_struct *vma, uint64_t start, uint64_t end,
		     int flags)
{
	/* LAB filemap BEGIN: msync of one VMA: write back its dirty pages */
	if (!vma->vm_file || !(vma->vm_flags & VM_SHARED))
		return 0;
	struct address_space *mapping = vma->vm_file->f_mapping;
	if (!mapping->a_ops->writepage)
		return 0;		/* shmem: no store to write to */
	if (!(flags & MS_SYNC))
		return 0;
	uint64_t first = vma_index(vma, start);
	uint64_t last = first + ((end - start) >> PAGE_SHIFT) - 1;
	int n = filemap_write_and_wait_range(mapping, first, last);
	if (n < 0)
		return n;
	vm_events[MSYNC_WRITTEN] += n;
	return 0;
	/* LAB filemap STUB BEGIN
	(void)vma;
	(void)start;
	(void)end;
	(void)flags;
	return 0;
	   LAB filemap STUB END */
	/* LAB filemap END */
}

/* msync's walk, with Linux's checks and its treatment of holes. */
static long do_msync(uint64_t start, uint64_t len, int flags)
{
	struct mm_struct *mm = current->mm;
	int unmapped = 0;

	if (flags & ~(MS_ASYNC | MS_INVALIDATE | MS_SYNC))
		return -EINVAL;
	if (start & ~PAGE_MASK)
		return -EINVAL;
	if ((flags & MS_ASYNC) && (flags & MS_SYNC))
		return -EINVAL;
	len = PAGE_ALIGN(len);
	uint64_t end = start + len;
	if (end < start)
		return -ENOMEM;
	if (end == start)
		return 0;
	struct vm_area_struct *vma = find_vma(mm, start);
	for (;;) {
		if (!vma)
			return -ENOMEM;
		if (start < vma->vm_start) {
			if (flags == MS_ASYNC)
				return -ENOMEM;
			start = vma->vm_start;
			if (start >= end)
				return -ENOMEM;
			unmapped = -ENOMEM;
		}
		if ((flags & MS_INVALIDATE) && (vma->vm_flags & VM_LOCKED))
			return -EBUSY;
		uint64_t e = MIN(end, vma->vm_end);
		int err = msync_vma(vma, start, e, flags);
		if (err)
			return err;
		start = vma->vm_end;
		if (start >= end)
			return unmapped;
		vma = find_vma(mm, start);
	}
}

SYSCALL_DEFINE3(msync, uint64_t, start, size_t, len, uint64_t, flags)
{
	return do_msync(start, len, flags);
}
