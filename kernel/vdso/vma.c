/*
 * kernel/vdso/vma.c - the kernel's side of the vDSO: the [vvar] page and
 * mapping [vvar] and [vdso] into a new program (Linux's
 * arch/x86/entry/vdso/vma.c).
 *
 * Both are special mappings (mm/mmap.c): their pages are the kernel's own,
 * faulted in on first touch.  [vdso] maps the pages of the image in the
 * kernel's rodata (vdso-image.S): read and execute, counted like file
 * pages, copied on write if a debugger-like program mprotects it writable.
 * [vvar] maps the one page the timer interrupt writes (kernel/timer.c):
 * read-only, VM_PFNMAP, so never counted or copied.  Both are inherited by
 * fork and may be unmapped like any mapping; the next exec maps them again.
 */
#include "../kernel.h"
#include "../../mm/mm.h"
#include "vdso.h"
#include <uapi/errno.h>

extern char vdso_image_start[], vdso_image_end[];

/* The [vvar] page: the clock data, alone in its frame. */
static union {
	struct vdso_data data;
	uint8_t page[PAGE_SIZE];
} vvar_page __attribute__((aligned(PAGE_SIZE)));

struct vdso_data *const vdso_k_data = &vvar_page.data;

/* A page of the image (Linux's vdso_fault); NULL past its end. */
static struct page *vdso_fault(const struct vm_special_mapping *sm,
			       uint64_t pgoff)
{
	uint64_t pages = (vdso_image_end - vdso_image_start) >> PAGE_SHIFT;

	(void)sm;
	if (pgoff >= pages)
		return NULL;
	return virt_to_page(vdso_image_start + (pgoff << PAGE_SHIFT));
}

/* The clock page (Linux's vvar_fault). */
static struct page *vvar_fault(const struct vm_special_mapping *sm,
			       uint64_t pgoff)
{
	(void)sm;
	return pgoff ? NULL : virt_to_page(&vvar_page);
}

static const struct vm_special_mapping vdso_mapping = {
	.name = "[vdso]",
	.fault = vdso_fault,
};

static const struct vm_special_mapping vvar_mapping = {
	.name = "[vvar]",
	.fault = vvar_fault,
};

/*
 * At exec, into the new mm, already current->mm (get_unmapped_area
 * searches that): [vvar], and [vdso] right above it, at the top of the
 * mmap area below the stack gap, where Linux puts them without address
 * randomization.  Returns the vDSO's address (its ELF header, for
 * AT_SYSINFO_EHDR) or -errno.
 */
int64_t map_vdso(struct mm_struct *mm)
{
	uint64_t size = vdso_image_end - vdso_image_start;
	int64_t addr = get_unmapped_area(NULL, 0, PAGE_SIZE + size, 0, 0);

	if (addr < 0)
		return addr;
	int err = _install_special_mapping(mm, addr + PAGE_SIZE, size,
					   VM_READ | VM_EXEC | VM_MAYREAD |
					   VM_MAYWRITE | VM_MAYEXEC,
					   &vdso_mapping);
	if (err)
		return err;
	err = _install_special_mapping(mm, addr, PAGE_SIZE,
				       VM_READ | VM_MAYREAD | VM_IO | VM_PFNMAP,
				       &vvar_mapping);
	if (err) {
		do_munmap(mm, addr + PAGE_SIZE, size);
		return err;
	}
	return addr + PAGE_SIZE;
}
