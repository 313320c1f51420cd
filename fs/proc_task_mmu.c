/*
 * fs/proc_task_mmu.c - /proc/PID/smaps, smaps_rollup and pagemap, as
 * Linux's fs/proc/task_mmu.c.
 *
 *   smaps         for each VMA its maps line (show_vma), then "Key:" padded
 *                 to 16 columns and the value in kB right-aligned in 8, in
 *                 Linux's order, then "THPeligible:" and the "VmFlags:" line
 *                 of two-letter codes.  A transparent huge page counts its
 *                 512 frames as 4 KiB pages do, and 2 MiB in AnonHugePages.
 *                 Swap and SwapPss count swap entries (SwapPss shares each
 *                 by its slot's count); Swap also the pages of a shared
 *                 anonymous mapping's shmem object that are out in swap
 *                 (not SwapPss, and not for a SysV attach, as Linux).
 *                 A hugetlb VMA (MAP_HUGETLB) has 2048 kB page sizes,
 *                 and its pages count only in
 *                 Shared_Hugetlb or Private_Hugetlb (by mapcount), as in
 *                 Linux.  Pagoda has no KSM or lazy free: those lines are
 *                 0.  The zero pages count in no line, as in Linux
 *                 (vm_normal_page skips them).
 *   smaps_rollup  one "[rollup]" line spanning all VMAs and the sums, with
 *                 Pss split into Pss_Anon, Pss_File and Pss_Shmem.
 *   pagemap       one 64-bit entry per virtual page at offset vaddr/4096*8:
 *                 bits 0-54 the PFN, 56 exclusively mapped (mapcount 1), 61
 *                 a file page or shared anonymous page, 63 present; a
 *                 swapped page has bit 62 and type | offset << 5 in bits
 *                 0-54.  Bit 55 (soft-dirty) stays 0, like a Linux built
 *                 without CONFIG_MEM_SOFT_DIRTY.
 *   pagetables    Pagoda's own: the page tables, vmprint-style
 *                 (mm/pgtable_dump.c).
 */
#include "fs.h"

#define PSS_SHIFT	12		/* Pss is summed in 1/4096 bytes */

struct mem_size_stats {
	uint64_t resident, referenced, anonymous, locked;
	uint64_t shared_clean, shared_dirty, private_clean, private_dirty;
	uint64_t pss, pss_dirty, pss_anon, pss_file, pss_shmem;
	uint64_t swap, swap_pss;	/* swap entries; shared by count */
	uint64_t anonymous_thp;
	uint64_t shared_hugetlb, private_hugetlb;
};

/* Count one mapped page, as Linux's smaps_account. */
static void smaps_account(struct mem_size_stats *mss, struct page *page,
			  bool young, bool dirty, bool locked)
{
	int mapcount = page_mapcount(page);
	bool private = mapcount < 2;
	uint64_t pss = (PAGE_SIZE << PSS_SHIFT) / (private ? 1 : mapcount);

	dirty = dirty || (page->flags & PG_dirty);
	mss->resident += PAGE_SIZE;
	if (young)
		mss->referenced += PAGE_SIZE;
	if (PageAnon(page)) {
		mss->anonymous += PAGE_SIZE;
		mss->pss_anon += pss;
	} else if (page->use == PU_CACHE) {
		mss->pss_file += pss;
	} else {
		mss->pss_shmem += pss;
	}
	mss->pss += pss;
	if (dirty)
		mss->pss_dirty += pss;
	if (locked)
		mss->locked += pss;
	if (private && dirty)
		mss->private_dirty += PAGE_SIZE;
	else if (private)
		mss->private_clean += PAGE_SIZE;
	else if (dirty)
		mss->shared_dirty += PAGE_SIZE;
	else
		mss->shared_clean += PAGE_SIZE;
}

struct smaps_walk {
	struct mem_size_stats *mss;
	bool locked;
};

static int smaps_pte_entry(uint64_t va, pte_t *ptep, void *arg)
{
	struct smaps_walk *w = arg;
	pte_t pte = *ptep;
	(void)va;

	if (is_swap_pte(pte)) {
		int count = swap_count(pte_to_swp_entry(pte));
		w->mss->swap += PAGE_SIZE;
		w->mss->swap_pss += (PAGE_SIZE << PSS_SHIFT) / (count ? count : 1);
		return 0;
	}
	if (!pte_present(pte) || (pte_page(pte)->flags & PG_zero))
		return 0;
	smaps_account(w->mss, pte_page(pte), pte_young(pte), pte_dirty(pte),
		      w->locked);
	return 0;
}

/* A huge entry: its 512 frames, and 2 MiB of AnonHugePages. */
static int smaps_pmd_entry(uint64_t va, pmd_t *pmdp, void *arg)
{
	struct smaps_walk *w = arg;
	pmd_t pmd = *pmdp;
	struct page *head = pmd_page(pmd);
	(void)va;

	if (is_huge_zero_page(head))
		return 0;
	for (int i = 0; i < HPAGE_PMD_NR; i++)
		smaps_account(w->mss, &head[i], pmd_young(pmd), pmd_dirty(pmd),
			      w->locked);
	w->mss->anonymous_thp += HPAGE_PMD_SIZE;
	return 0;
}

/* A hugetlb entry: 2 MiB shared or private, by the page's mapcount. */
static int smaps_hugetlb_entry(uint64_t va, pmd_t *pmdp, void *arg)
{
	struct smaps_walk *w = arg;
	(void)va;

	if (pmd_page(*pmdp)->mapcount > 1)
		w->mss->shared_hugetlb += HPAGE_PMD_SIZE;
	else
		w->mss->private_hugetlb += HPAGE_PMD_SIZE;
	return 0;
}

static void smap_gather_stats(struct vm_area_struct *vma,
			      struct mem_size_stats *mss)
{
	struct smaps_walk w = { mss, vma->vm_flags & VM_LOCKED };

	if (is_vm_hugetlb_page(vma)) {
		pgtable_for_each_pmd(vma->vm_mm->pml4, vma->vm_start, vma->vm_end,
				     smaps_hugetlb_entry, &w);
		return;
	}
	pgtable_for_each_pmd(vma->vm_mm->pml4, vma->vm_start, vma->vm_end,
			     smaps_pmd_entry, &w);
	pgtable_for_each(vma->vm_mm->pml4, vma->vm_start, vma->vm_end,
			 smaps_pte_entry, &w);
	if (vma_is_shmem(vma))		/* its object's pages out in swap */
		mss->swap += shmem_swap_usage(vma) << PAGE_SHIFT;
}

static void smaps_kb(struct seqbuf *m, const char *key, uint64_t bytes)
{
	char label[24];

	snprintf(label, sizeof(label), "%s:", key);
	seq_printf(m, "%-16s%8lu kB\n", label, bytes >> 10);
}

/* The lines smaps and smaps_rollup share; rollup adds the Pss split. */
static void show_smap_stats(struct seqbuf *m, const struct mem_size_stats *mss,
			    bool rollup)
{
	smaps_kb(m, "Rss", mss->resident);
	smaps_kb(m, "Pss", mss->pss >> PSS_SHIFT);
	smaps_kb(m, "Pss_Dirty", mss->pss_dirty >> PSS_SHIFT);
	if (rollup) {
		smaps_kb(m, "Pss_Anon", mss->pss_anon >> PSS_SHIFT);
		smaps_kb(m, "Pss_File", mss->pss_file >> PSS_SHIFT);
		smaps_kb(m, "Pss_Shmem", mss->pss_shmem >> PSS_SHIFT);
	}
	smaps_kb(m, "Shared_Clean", mss->shared_clean);
	smaps_kb(m, "Shared_Dirty", mss->shared_dirty);
	smaps_kb(m, "Private_Clean", mss->private_clean);
	smaps_kb(m, "Private_Dirty", mss->private_dirty);
	smaps_kb(m, "Referenced", mss->referenced);
	smaps_kb(m, "Anonymous", mss->anonymous);
	smaps_kb(m, "KSM", 0);
	smaps_kb(m, "LazyFree", 0);
	smaps_kb(m, "AnonHugePages", mss->anonymous_thp);
	smaps_kb(m, "ShmemPmdMapped", 0);
	smaps_kb(m, "FilePmdMapped", 0);
	smaps_kb(m, "Shared_Hugetlb", mss->shared_hugetlb);
	smaps_kb(m, "Private_Hugetlb", mss->private_hugetlb);
	smaps_kb(m, "Swap", mss->swap);
	smaps_kb(m, "SwapPss", mss->swap_pss >> PSS_SHIFT);
	smaps_kb(m, "Locked", mss->locked >> PSS_SHIFT);
}

/* "VmFlags:" and the two-letter code of each flag, in bit order. */
static void show_smap_vma_flags(struct seqbuf *m, uint64_t flags)
{
	static const struct { uint64_t flag; char code[3]; } mnemonics[] = {
		{ VM_READ, "rd" }, { VM_WRITE, "wr" }, { VM_EXEC, "ex" },
		{ VM_SHARED, "sh" }, { VM_MAYREAD, "mr" }, { VM_MAYWRITE, "mw" },
		{ VM_MAYEXEC, "me" }, { VM_MAYSHARE, "ms" },
		{ VM_GROWSDOWN, "gd" }, { VM_LOCKED, "lo" },
		{ VM_SEQ_READ, "sr" }, { VM_RAND_READ, "rr" },
		{ VM_DONTCOPY, "dc" },
		{ VM_DONTEXPAND, "de" }, { VM_ACCOUNT, "ac" },
		{ VM_NORESERVE, "nr" }, { VM_HUGETLB, "ht" }, { VM_WIPEONFORK, "wf" },
		{ VM_HUGEPAGE, "hg" }, { VM_NOHUGEPAGE, "nh" },
	};

	seq_printf(m, "VmFlags: ");
	for (size_t i = 0; i < ARRAY_SIZE(mnemonics); i++)
		if (flags & mnemonics[i].flag)
			seq_printf(m, "%s ", mnemonics[i].code);
	seq_putc(m, '\n');
}

int smaps_show(struct seqbuf *m, struct task *t)
{
	if (!t->mm)
		return 0;
	char *path = kmalloc(PATH_MAX);
	if (!path)
		return -ENOMEM;
	for (struct vm_area_struct *vma = t->mm->mmap; vma; vma = vma->vm_next) {
		struct mem_size_stats mss = { 0 };
		smap_gather_stats(vma, &mss);
		show_vma(m, vma, path);
		smaps_kb(m, "Size", vma->vm_end - vma->vm_start);
		uint64_t psize = is_vm_hugetlb_page(vma) ? HPAGE_PMD_SIZE : PAGE_SIZE;
		smaps_kb(m, "KernelPageSize", psize);
		smaps_kb(m, "MMUPageSize", psize);
		show_smap_stats(m, &mss, false);
		seq_printf(m, "THPeligible:    %d\n", thp_vma_eligible(vma));
		show_smap_vma_flags(m, vma->vm_flags);
	}
	kfree(path);
	return 0;
}

int smaps_rollup_show(struct seqbuf *m, struct task *t)
{
	struct mem_size_stats mss = { 0 };
	struct vm_area_struct *last = NULL;

	if (!t->mm)
		return 0;
	for (struct vm_area_struct *vma = t->mm->mmap; vma; vma = vma->vm_next) {
		smap_gather_stats(vma, &mss);
		last = vma;
	}
	size_t start = m->count;
	seq_printf(m, "%08lx-%08lx ---p 00000000 00:00 0",
		   t->mm->mmap ? t->mm->mmap->vm_start : 0,
		   last ? last->vm_end : 0);
	seq_pad(m, start, 25 + sizeof(void *) * 6 - 1);
	seq_printf(m, "[rollup]\n");
	show_smap_stats(m, &mss, true);
	return 0;
}

#define PM_ENTRY_BYTES		8
#define PM_PFRAME_MASK		((1ull << 55) - 1)
#define PM_MMAP_EXCLUSIVE	(1ull << 56)
#define PM_FILE			(1ull << 61)
#define PM_SWAP			(1ull << 62)
#define MAX_SWAPFILES_SHIFT	5	/* a swap entry's frame: type | offset << 5 */
#define PM_PRESENT		(1ull << 63)

/* The pagemap entry of one page of vma. */
static uint64_t pagemap_entry(struct vm_area_struct *vma, uint64_t va,
			      struct pgtable_cache *c)
{
	/* LAB pgtable BEGIN: the pagemap entry of one page, from its PTE */
	pte_t *ptep = pgtable_walk_cached(vma->vm_mm->pml4, va, false, c);
	pte_t pte = ptep ? *ptep : pgtable_lookup(vma->vm_mm->pml4, va);

	if (ptep && is_swap_pte(*ptep)) {
		swp_entry_t e = pte_to_swp_entry(*ptep);
		return PM_SWAP | ((swp_type(e) | swp_offset(e) << MAX_SWAPFILES_SHIFT)
				  & PM_PFRAME_MASK);
	}
	if (!pte_present(pte))
		return 0;
	struct page *page = pte_page(pte);
	uint64_t pme = PM_PRESENT | (page_to_pfn(page) & PM_PFRAME_MASK);
	if (page->flags & PG_zero)
		return pme;		/* not a "normal" page: no more bits */
	if (!PageAnon(page))
		pme |= PM_FILE;
	if (page_mapcount(page) == 1)
		pme |= PM_MMAP_EXCLUSIVE;
	return pme;
	/* LAB pgtable STUB BEGIN
	(void)vma;
	(void)va;
	(void)c;
	return 0;
	   LAB pgtable STUB END */
	/* LAB pgtable END */
}

/* Entries from pos (a multiple of 8) on; bytes put in buf, 0 past the
 * end of user space, -EINVAL for a position or size not a multiple of 8. */
long pagemap_read(struct task *t, char *buf, size_t n, uint64_t pos)
{
	struct mm_struct *mm = t->mm;
	struct pgtable_cache c = { 0, NULL };
	uint64_t *out = (uint64_t *)buf;
	uint64_t va = pos / PM_ENTRY_BYTES * PAGE_SIZE;

	if (pos % PM_ENTRY_BYTES || n % PM_ENTRY_BYTES)
		return -EINVAL;
	if (!mm || pos / PM_ENTRY_BYTES >= TASK_SIZE / PAGE_SIZE)
		return 0;
	size_t count = MIN(n / PM_ENTRY_BYTES, (TASK_SIZE - va) / PAGE_SIZE);
	struct vm_area_struct *vma = find_vma(mm, va);
	for (size_t i = 0; i < count; i++, va += PAGE_SIZE) {
		while (vma && vma->vm_end <= va)
			vma = vma->vm_next;
		out[i] = vma && vma->vm_start <= va ? pagemap_entry(vma, va, &c) : 0;
	}
	return (long)(count * PM_ENTRY_BYTES);
}

/* /proc/PID/pagetables: the page tables of t's address space. */
int pagetables_show(struct seqbuf *m, struct task *t)
{
	if (t->mm)
		pgtable_dump(m, t->mm->pml4);
	return 0;
}
