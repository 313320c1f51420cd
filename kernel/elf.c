/*
 * kernel/elf.c - load a static ELF64 executable into the current (new)
 * address space.
 *
 * Each PT_LOAD segment becomes a private file mapping of the executable
 * (its pages come in on first touch, through the page cache), plus, for
 * the part of memsz beyond filesz (.bss), zeroed anonymous memory.  The
 * bytes of the last file page beyond filesz are cleared, as Linux does, so
 * .bss starts out zero even when it shares a page with .data.
 * ET_EXEC loads where it was linked; a static-PIE ET_DYN at ELF_ET_DYN_BASE.
 * Programs needing a dynamic loader (PT_INTERP) are refused: Pagoda has none.
 */
#include "kernel.h"
#include "../mm/mm.h"
#include "../fs/fs.h"
#include <uapi/mman.h>

#define ET_EXEC		2
#define ET_DYN		3
#define PT_INTERP	3
#define PT_PHDR		6
#define MAX_PHNUM	64

/* Read and check the ELF and program headers; 0 or -ENOEXEC/-EIO. */
static int read_headers(struct file *f, struct elf64_ehdr *eh,
			struct elf64_phdr *ph)
{
	if (kernel_read(f, eh, sizeof(*eh), 0) != sizeof(*eh))
		return -ENOEXEC;
	if (memcmp(eh->e_ident, "\177ELF", 4) || eh->e_ident[4] != 2 ||
	    eh->e_ident[5] != 1 || eh->e_machine != EM_X86_64 ||
	    (eh->e_type != ET_EXEC && eh->e_type != ET_DYN) ||
	    eh->e_phentsize != sizeof(*ph) || !eh->e_phnum || eh->e_phnum > MAX_PHNUM)
		return -ENOEXEC;
	long n = eh->e_phnum * sizeof(*ph);
	if (kernel_read(f, ph, n, eh->e_phoff) != n)
		return -ENOEXEC;
	return 0;
}

static uint64_t segment_prot(const struct elf64_phdr *p)
{
	return ((p->p_flags & PF_R) ? PROT_READ : 0) |
	       ((p->p_flags & PF_W) ? PROT_WRITE : 0) |
	       ((p->p_flags & PF_X) ? PROT_EXEC : 0);
}

/* Map one PT_LOAD segment at bias + p_vaddr; 0 or -errno. */
static int map_segment(struct file *f, const struct elf64_phdr *p, uint64_t bias)
{
	uint64_t vaddr = bias + p->p_vaddr, prot = segment_prot(p);
	uint64_t start = vaddr & PAGE_MASK, file_end = vaddr + p->p_filesz;
	uint64_t mem_end = vaddr + p->p_memsz;
	int64_t r;

	if (((vaddr - p->p_offset) & ~PAGE_MASK) || p->p_filesz > p->p_memsz ||
	    mem_end < vaddr || mem_end > TASK_SIZE || start < MMAP_MIN_ADDR)
		return -ENOEXEC;
	if (p->p_filesz) {
		r = do_mmap(f, start, PAGE_ALIGN(file_end) - start, prot,
			    MAP_PRIVATE | MAP_FIXED, (p->p_offset - (vaddr - start)) >> PAGE_SHIFT);
		if (r < 0)
			return r;
		if ((file_end & ~PAGE_MASK) && p->p_memsz > p->p_filesz &&
		    (p->p_flags & PF_W) &&
		    clear_user((void *)file_end, PAGE_ALIGN(file_end) - file_end))
			return -EFAULT;
		start = PAGE_ALIGN(file_end);
	}
	if (PAGE_ALIGN(mem_end) > start) {
		r = do_mmap(NULL, start, PAGE_ALIGN(mem_end) - start, prot,
			    MAP_PRIVATE | MAP_FIXED | MAP_ANONYMOUS, 0);
		if (r < 0)
			return r;
	}
	return 0;
}

/*
 * Map the program f into current->mm.  Fills in the entry point, the
 * address of the program headers for AT_PHDR, and the mm's code/data/brk
 * boundaries.  Returns 0 or -errno.
 */
int load_elf_binary(struct file *f, uint64_t *entry, uint64_t *phdr_addr,
		    uint16_t *phnum)
{
	struct elf64_ehdr eh;
	struct elf64_phdr ph[MAX_PHNUM];
	struct mm_struct *mm = current->mm;
	int err = read_headers(f, &eh, ph);

	if (err)
		return err;
	uint64_t bias = eh.e_type == ET_DYN ? ELF_ET_DYN_BASE : 0, brk = 0;
	mm->start_code = mm->start_data = ~0ull;
	*phdr_addr = 0;
	for (int i = 0; i < eh.e_phnum; i++) {
		const struct elf64_phdr *p = &ph[i];
		if (p->p_type == PT_INTERP) {
			char buf[128];
			printk("exec: %s is dynamically linked (Pagoda has no "
			       "dynamic loader); build it with -static\n",
			       file_path(f, buf, sizeof(buf)));
			return -ENOEXEC;
		}
		if (p->p_type == PT_PHDR)
			*phdr_addr = bias + p->p_vaddr;
		if (p->p_type != PT_LOAD)
			continue;
		err = map_segment(f, p, bias);
		if (err)
			return err;
		uint64_t v = bias + p->p_vaddr;
		if (!*phdr_addr && eh.e_phoff >= p->p_offset &&
		    eh.e_phoff < p->p_offset + p->p_filesz)
			*phdr_addr = v + eh.e_phoff - p->p_offset;
		if (p->p_flags & PF_X) {
			mm->start_code = MIN(mm->start_code, v);
			mm->end_code = MAX(mm->end_code, v + p->p_filesz);
		} else {
			mm->start_data = MIN(mm->start_data, v);
			mm->end_data = MAX(mm->end_data, v + p->p_filesz);
		}
		brk = MAX(brk, v + p->p_memsz);
	}
	if (!brk)
		return -ENOEXEC;
	if (mm->start_data == ~0ull)
		mm->start_data = mm->end_data = brk;
	mm->start_brk = mm->brk = PAGE_ALIGN(brk);
	*entry = bias + eh.e_entry;
	*phnum = eh.e_phnum;
	return 0;
}
