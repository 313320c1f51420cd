/*
 * mm/mm.h - the public API of mm/, grouped by file.
 *
 * Physical memory: every 4 KiB frame has a struct page in mem_map[]; the
 * buddy allocator hands out runs of 2^order frames.  All of RAM is mapped at
 * DIRECT_MAP_BASE, so a frame's kernel address is phys_to_virt(phys).
 *
 * As Linux's include/linux/mm.h, it includes its parts: mm_types.h (the
 * structures), huge_mm.h (2 MiB pages) and swap.h (swap and reclaim), each
 * at the place of its sections; callers include mm.h only.
 *
 * The files come in layers, and so do their sections below: a file calls
 * only into the files whose sections come before its own (frames, page
 * tables and the VMA set first; then accounting, the reverse map, VMA
 * objects, the page cache, shmem; then the fault handler; the syscalls
 * last; their sys_* entries are reached through kernel/syscall.c only).
 */
#ifndef MM_MM_H
#define MM_MM_H

#include "../kernel/kernel.h"
#include "list.h"

#define PAGE_SIZE	4096ul
#define PAGE_SHIFT	12
#define PAGE_MASK	(~(PAGE_SIZE - 1))
#define PAGE_ALIGN(x)	ALIGN_UP((uint64_t)(x), PAGE_SIZE)

/* The direct map: all physical memory at DIRECT_MAP_BASE + phys. */
#define DIRECT_MAP_BASE	0xffff800000000000ull
/* Kernel stacks (with guard pages) live in their own area. */
#define KSTACK_AREA	0xffffc90000000000ull

static inline void *phys_to_virt(uint64_t phys)
{
	return (void *)(phys + DIRECT_MAP_BASE);
}

static inline uint64_t virt_to_phys(const void *v)
{
	uint64_t a = (uint64_t)v;

	return a >= KERNEL_VMA ? a - KERNEL_VMA : a - DIRECT_MAP_BASE;
}

/* pgtable.h: the bits of an entry (pte_t, pmd_t, ...) and their inline
 * accessors; the structures of mm_types.h hold entries. */
#include "pgtable.h"

/* mm_types.h: struct page, address_space, anon_vma, vm_area_struct,
 * mm_struct and their constants. */
#include "mm_types.h"

extern struct page *mem_map;
extern uint64_t max_pfn;

static inline uint64_t page_to_pfn(const struct page *p)
{
	return (uint64_t)(p - mem_map);
}

static inline struct page *pfn_to_page(uint64_t pfn)
{
	return &mem_map[pfn];
}

static inline uint64_t page_to_phys(const struct page *p)
{
	return page_to_pfn(p) << PAGE_SHIFT;
}

static inline void *page_address(const struct page *p)
{
	return phys_to_virt(page_to_phys(p));
}

static inline struct page *virt_to_page(const void *v)
{
	return pfn_to_page(virt_to_phys(v) >> PAGE_SHIFT);
}

/* buddy.c: the buddy allocator over one contiguous pfn range. */
#define MAX_ORDER	10		/* blocks of 1 .. 1024 frames (4 MiB) */
struct buddy {
	struct page *map;		/* struct page of pfn 0 */
	uint64_t npages;		/* frames [0, npages) are covered */
	struct list_head free[MAX_ORDER + 1];
	uint64_t nfree[MAX_ORDER + 1];
	unsigned nonempty;		/* bit o clear: free[o] is empty */
	uint64_t free_pages;
};
void buddy_init(struct buddy *b, struct page *map, uint64_t npages);
void buddy_free_range(struct buddy *b, uint64_t pfn, uint64_t count);
struct page *buddy_alloc(struct buddy *b, unsigned order);
void buddy_free(struct buddy *b, struct page *page, unsigned order);

/* pmm.c: frames for the rest of the kernel, with per-use counters. */
void pmm_alloc_mem_map(void);
void pmm_init(void);
struct page *alloc_pages(unsigned order, enum page_use use);
/* Enter a scope whose allocations must not reclaim (Linux's
 * memalloc_noreclaim_save): reclaim itself, a fault or fork's copy (they
 * hold PTE pointers), a radix-tree insert (reclaim deletes from the page
 * cache's trees).  Returns the old state for memalloc_noreclaim_restore.
 * Inline: every fault enters one. */
static inline bool memalloc_noreclaim_save(void)
{
	bool old = current && current->memalloc_noreclaim;

	if (current)
		current->memalloc_noreclaim = true;
	return old;
}

static inline void memalloc_noreclaim_restore(bool old)
{
	if (current)
		current->memalloc_noreclaim = old;
}
struct page *alloc_page(enum page_use use);
struct page *alloc_zeroed_page(enum page_use use);
void free_pages(struct page *page, unsigned order);
/* Take a reference; saturates instead of wrapping (a stuck page leaks,
 * a wrapped count would free a page still in use). */
static inline void get_page(struct page *p)
{
	if (p->refcount < INT32_MAX)
		p->refcount++;
}
void put_page(struct page *page);
uint64_t nr_free_pages(void);
uint64_t nr_total_pages(void);
uint64_t nr_pages_used_for(enum page_use use);
uint64_t early_alloc_frame(void);

/* pgtable.c: the only code that knows the bits of a PTE, with the inline
 * accessors of pgtable.h (included above). */
#define VM_PROT_READ	0x1		/* page-table protection requests */
#define VM_PROT_WRITE	0x2
#define VM_PROT_EXEC	0x4
#define VM_PROT_USER	0x8
#define VM_PROT_GLOBAL	0x10
#define VM_PROT_NOCACHE	0x20
#define VM_PROT_ALL	0x3f
extern uint64_t *kernel_pml4;
void pgtable_init_kernel(void);
uint64_t pgtable_audit_wx(void);
pte_t *pgtable_walk(uint64_t *pml4, uint64_t va, bool alloc);
struct pgtable_cache {			/* for pgtable_walk_cached */
	uint64_t base;
	pte_t *table;
};
pte_t *pgtable_walk_cached(uint64_t *pml4, uint64_t va, bool alloc,
			   struct pgtable_cache *c);
int pgtable_map(uint64_t *pml4, uint64_t va, uint64_t phys, unsigned prot);
pte_t pgtable_unmap(uint64_t *pml4, uint64_t va);
uint64_t *pgtable_new_pml4(void);
void pgtable_free_user(uint64_t *pml4);
void pgtable_free_range(uint64_t *pml4, uint64_t start, uint64_t end,
			uint64_t floor, uint64_t ceiling);
uint64_t pgtable_count_user(uint64_t *pml4);
void pgtable_switch(uint64_t *pml4);
struct seqbuf;
void pgtable_dump(struct seqbuf *m, uint64_t *pml4);	/* pgtable_dump.c */
void flush_tlb_page(uint64_t va);
void flush_tlb_mm_page(struct mm_struct *mm, uint64_t va);
void flush_tlb_all(void);
unsigned pte_prot(pte_t pte);
/* Build a leaf entry for frame phys with prot (VM_PROT_*), from the table
 * pgtable_init_kernel fills once NX is known.  Inline: every fault and
 * every fork's copy builds entries. */
extern pte_t pte_prot_bits[VM_PROT_ALL + 1];
static inline pte_t mk_pte(uint64_t phys, unsigned prot)
{
	return (phys & PTE_ADDR) | pte_prot_bits[prot & VM_PROT_ALL];
}
void pte_modify(pte_t *ptep, unsigned prot);
bool ptep_mkclean(pte_t *ptep);
bool ptep_test_and_clear_young(pte_t *ptep);
typedef int (*pgtable_visit_fn)(uint64_t va, pte_t *ptep, void *arg);
uint64_t pgtable_move_range(uint64_t *pml4, uint64_t old_addr,
			    uint64_t new_addr, uint64_t len);
int pgtable_for_each(uint64_t *pml4, uint64_t start, uint64_t end,
		     pgtable_visit_fn fn, void *arg);
pmd_t *pmd_walk(uint64_t *pml4, uint64_t va, bool alloc);
int pgtable_for_each_pmd(uint64_t *pml4, uint64_t start, uint64_t end,
			 pgtable_visit_fn fn, void *arg);

/* kmalloc.c: kernel objects in power-of-two size classes. */
void kmalloc_init(void);
void *kmalloc(size_t size);
void *kzalloc(size_t size);
void kfree(void *p);
uint64_t kmalloc_live_objects(void);

/* kstack.c: kernel stacks with an unmapped guard page below each. */
#define KSTACK_SLOTS	32768		/* virtual slots: 640 MiB of addresses */
void *kstack_alloc(void);		/* returns the lowest usable address */
void kstack_free(void *stack);
bool kstack_is_guard(uint64_t addr);

/* The user address space (docs/design.md). */
#define MMAP_MIN_ADDR	0x10000ull		/* nothing may be mapped below */
#define STACK_TOP	TASK_SIZE
#define STACK_GUARD_GAP	(256 * PAGE_SIZE)	/* as Linux's stack_guard_gap */
#define ELF_ET_DYN_BASE	0x555555554000ull	/* static-PIE load address */

/* vma_tree.c: the VMA set of an mm (rbtree + sorted list + gap tracking). */
void mm_vma_init(struct mm_struct *mm);
struct vm_area_struct *find_vma(struct mm_struct *mm, uint64_t addr);
struct vm_area_struct *find_vma_prev(struct mm_struct *mm, uint64_t addr,
				     struct vm_area_struct **pprev);
struct vm_area_struct *find_vma_intersection(struct mm_struct *mm,
					     uint64_t start, uint64_t end);
void vma_link(struct mm_struct *mm, struct vm_area_struct *vma);
void vma_unlink(struct mm_struct *mm, struct vm_area_struct *vma);
void vma_gap_update_bounds(struct mm_struct *mm, struct vm_area_struct *vma);
int64_t unmapped_area_topdown(struct mm_struct *mm, uint64_t len,
			      uint64_t low, uint64_t high);
int64_t unmapped_area(struct mm_struct *mm, uint64_t len,
		      uint64_t low, uint64_t high);
int vma_tree_validate(struct mm_struct *mm);
int vma_tree_validate_vma(struct mm_struct *mm, struct vm_area_struct *vma);

/* uaccess.c: access to user memory.  Each checks that the range is in the
 * user half, faults pages in as a user access would (demand paging, COW),
 * and returns -EFAULT instead of crashing on a bad address. */
#define TASK_SIZE	0x00007ffffffff000ull	/* end of user space */
/* The end of the page tables of user space: the user half, the last page
 * included (Linux's USER_PGTABLES_CEILING), for free_pgtables at exit. */
#define USER_PGTABLES_CEILING	0x0000800000000000ull
int copy_from_user(void *dst, const void *usrc, size_t n);
int copy_to_user(void *udst, const void *src, size_t n);
size_t raw_copy_from_user(void *dst, const void *usrc, size_t n);
size_t raw_copy_to_user(void *udst, const void *src, size_t n);
long strncpy_from_user(char *dst, const char *usrc, long n);
int clear_user(void *udst, size_t n);
bool access_ok(uint64_t uaddr, size_t n);
int probe_write_u8(void *addr, uint8_t v);
bool fixup_exception(struct trapframe *tf);
bool search_exception_table(uint64_t rip);

/* vmstat.c: event counters, shown in /proc/vmstat. */
enum vm_event {
	PGFAULT,		/* every page fault */
	PGMAJFAULT,		/* faults that read from the backing store */
	PGPGIN,			/* pages read from the store */
	PGPGOUT,		/* pages written to the store */
	PGCACHE_HIT,		/* page-cache lookups that found the page */
	PGCACHE_MISS,		/* ... and that had to read it */
	COW_FAULT,		/* write faults on a shared private page */
	COW_COPY,		/* ... that copied it */
	COW_REUSE,		/* ... that reused it (last reference) */
	ZERO_PAGE_MAP,		/* read faults served by the zero page */
	MSYNC_WRITTEN,		/* pages written back by msync */
	WRITEBACK_PAGES,	/* pages written back by fsync/sync/flusher */
	PGDROP,			/* clean cache pages dropped (drop_caches) */
	MREMAP_MOVE_PTE,	/* entries mremap moved one by one */
	MREMAP_MOVE_PT,		/* page tables mremap moved whole (512 entries) */
	FAULT_AROUND_PAGES,	/* pages mapped around a read fault (not it) */
	PSWPIN,			/* pages read from swap */
	PSWPOUT,		/* pages written to swap */
	PGSCAN_ANON,		/* anonymous pages the reclaim clock looked at */
	PGSCAN_FILE,		/* ... page-cache pages */
	PGSTEAL_ANON,		/* anonymous pages reclaim freed (swapped out) */
	PGSTEAL_FILE,		/* clean page-cache pages reclaim dropped */
	PGSCAN_KSWAPD,		/* pages kswapd's clock looked at */
	PGSCAN_DIRECT,		/* ... direct reclaim's (a fault's) */
	PAGEOUTRUN,		/* times kswapd woke to reclaim */
	NR_VMSCAN_WRITE,	/* file pages reclaim wrote to the store */
	PGACTIVATE,		/* pages moved to an active list */
	PGDEACTIVATE,		/* ... back to an inactive one */
	PGREFILL,		/* active pages looked at to refill inactive */
	WORKINGSET_REFAULT_ANON, /* evicted pages read in again (workingset.c) */
	WORKINGSET_REFAULT_FILE,
	WORKINGSET_ACTIVATE_ANON, /* ... soon enough: activated at once */
	WORKINGSET_ACTIVATE_FILE,
	WORKINGSET_RESTORE_ANON, /* ... of those, pages that were active */
	WORKINGSET_RESTORE_FILE,
	UNEVICTABLE_PGCULLED,	/* pages moved to the unevictable list */
	UNEVICTABLE_PGMLOCKED,	/* pages mlocked */
	UNEVICTABLE_PGMUNLOCKED, /* ... and munlocked */
	THP_FAULT_ALLOC,	/* huge pages faulted in */
	THP_FAULT_FALLBACK,	/* ... that fell back to 4 KiB: no block */
	THP_COLLAPSE_ALLOC,	/* blocks khugepaged collapsed pages into */
	THP_COLLAPSE_ALLOC_FAILED, /* ... and the times it found none */
	THP_SPLIT_PAGE,		/* huge pages no PMD maps any more (split) */
	THP_SPLIT_PMD,		/* huge entries split into page tables */
	THP_ZERO_PAGE_ALLOC,	/* the huge zero page allocated */
	THP_SWPOUT_FALLBACK,	/* huge pages reclaim split to swap them */
	NR_VM_EVENTS
};
extern uint64_t vm_events[NR_VM_EVENTS];
static inline void count_vm_event(enum vm_event e)
{
	vm_events[e]++;
}
static inline void count_vm_events(enum vm_event e, uint64_t n)
{
	vm_events[e] += n;
}

/* The struct page an entry maps. */
static inline struct page *pte_page(pte_t pte)
{
	return pfn_to_page(pte_phys(pte) >> PAGE_SHIFT);
}

/* Pages in vma, and the page offset (file or object) of addr in it. */
static inline uint64_t vma_pages(const struct vm_area_struct *vma)
{
	return (vma->vm_end - vma->vm_start) >> PAGE_SHIFT;
}

static inline uint64_t vma_index(const struct vm_area_struct *vma, uint64_t addr)
{
	return vma->vm_pgoff + ((addr - vma->vm_start) >> PAGE_SHIFT);
}

/* util.c: the size counters of an address space, and overcommit. */
extern int sysctl_overcommit_memory;
bool may_expand_vm(struct mm_struct *mm, uint64_t flags, uint64_t pages);
void vm_stat_account(struct mm_struct *mm, uint64_t flags, int64_t pages);
int security_vm_enough_memory(struct mm_struct *mm, uint64_t pages);
void vm_acct_memory(struct mm_struct *mm, uint64_t pages);
void vm_unacct_memory(struct mm_struct *mm, uint64_t pages);
uint64_t vm_committed_pages(void);
uint64_t vm_commit_limit(void);

/* rmap.c: the reverse map - from a page to the VMAs that may map it. */
void vma_link_file(struct vm_area_struct *vma);
void unlink_file_vma(struct vm_area_struct *vma);
struct vm_area_struct *i_mmap_next(struct address_space *mapping,
				   struct vm_area_struct *vma,
				   uint64_t first, uint64_t last);
/* Each VMA on mapping->i_mmap that maps some of the pages [first, last]
 * (Linux's vma_interval_tree_foreach; i_mmap is a list here). */
#define i_mmap_foreach(vma, mapping, first, last)			\
	for (vma = i_mmap_next(mapping, NULL, first, last); vma;	\
	     vma = i_mmap_next(mapping, vma, first, last))

/* The addresses [*start, *end) at which vma, found by i_mmap_foreach,
 * maps pages of [first, last] of its object. */
static inline void vma_mapped_range(const struct vm_area_struct *vma,
				    uint64_t first, uint64_t last,
				    uint64_t *start, uint64_t *end)
{
	uint64_t lo = MAX(first, vma->vm_pgoff);
	uint64_t hi = MIN(last, vma->vm_pgoff + vma_pages(vma) - 1);

	*start = vma->vm_start + ((lo - vma->vm_pgoff) << PAGE_SHIFT);
	*end = vma->vm_start + ((hi + 1 - vma->vm_pgoff) << PAGE_SHIFT);
}
int __anon_vma_prepare(struct vm_area_struct *vma);
void anon_vma_link(struct vm_area_struct *vma);
void unlink_anon_vmas(struct vm_area_struct *vma);
int folio_mkclean(struct page *page);
int try_to_unmap_file(struct page *page);
int rmap_validate(struct mm_struct *mm);
int rmap_validate_vma(struct vm_area_struct *vma);

/* Give vma an anon_vma before its first private page; 0 or -ENOMEM. */
static inline int anon_vma_prepare(struct vm_area_struct *vma)
{
	return vma->anon_vma ? 0 : __anon_vma_prepare(vma);
}

static inline bool PageAnon(const struct page *page)
{
	return (uintptr_t)page->mapping & PAGE_MAPPING_ANON;
}

/* A page of shared anonymous memory (shmem's page cache): counted in
 * RssShmem, as Linux counts a PageSwapBacked page with a mapping.  Its
 * frame is memory (PU_ANON), where a file's cache page is PU_CACHE. */
static inline bool PageShmem(const struct page *page)
{
	return page->mapping && !PageAnon(page) && page->use == PU_ANON;
}

/* The anon_vma of a private anonymous page, else NULL. */
static inline struct anon_vma *page_anon_vma(const struct page *page)
{
	if (!PageAnon(page))
		return NULL;
	return (struct anon_vma *)((uintptr_t)page->mapping - PAGE_MAPPING_ANON);
}

/* The address_space of a page-cache or shmem page, else NULL. */
static inline struct address_space *page_mapping(const struct page *page)
{
	return PageAnon(page) ? NULL : page->mapping;
}

/* A new private page of vma at addr joins the reverse map: it belongs to
 * vma's anon_vma (prepared by the caller) at its linear index. */
static inline void __page_set_anon_rmap(struct page *page,
					struct vm_area_struct *vma, uint64_t addr)
{
	page->mapping = (struct address_space *)((uintptr_t)vma->anon_vma |
						 PAGE_MAPPING_ANON);
	page->index = vma_index(vma, addr);
}

/* A PTE of mm now maps page: count it in mapcount and the mm's RSS
 * (as Linux's page_add_*_rmap + inc_mm_counter).  The zero page is not
 * counted.  Inline: fork and exit do this for every page. */
static inline void page_add_map(struct mm_struct *mm, struct page *page)
{
	if (page->flags & PG_zero)
		return;
	page->mapcount++;
	if (PageAnon(page))
		mm->rss_anon++;
	else if (PageShmem(page))
		mm->rss_shmem++;
	else
		mm->rss_file++;
}

/* The reverse of page_add_map; the caller still holds the reference.
 * RSS peaks are recorded before RSS goes down (update_hiwater_rss, once
 * per unmapped range), and read as the larger of the peak and the current
 * RSS, as in Linux. */
static inline void page_remove_map(struct mm_struct *mm, struct page *page)
{
	if (page->flags & PG_zero)
		return;
	page->mapcount--;
	if (PageAnon(page))
		mm->rss_anon--;
	else if (PageShmem(page))
		mm->rss_shmem--;
	else
		mm->rss_file--;
}

/* The resident set in pages (VmRSS): anonymous, file and shmem. */
static inline uint64_t get_mm_rss(const struct mm_struct *mm)
{
	return mm->rss_anon + mm->rss_file + mm->rss_shmem;
}

/* The resident-set peak in pages (VmHWM, ru_maxrss). */
static inline uint64_t get_mm_hiwater_rss(const struct mm_struct *mm)
{
	return MAX(mm->hiwater_rss, get_mm_rss(mm));
}

/* Record a new resident-set peak (VmHWM). */
static inline void update_hiwater_rss(struct mm_struct *mm)
{
	if (get_mm_rss(mm) > mm->hiwater_rss)
		mm->hiwater_rss = get_mm_rss(mm);
}

/* vma.c: VMA objects - allocate, copy, split, merge, classify. */
extern uint64_t sysctl_max_map_count;
struct vm_area_struct *vm_area_alloc(struct mm_struct *mm);
void vm_area_free(struct vm_area_struct *vma);
struct vm_area_struct *vm_area_dup(struct mm_struct *mm, struct vm_area_struct *old);
int __split_vma(struct mm_struct *mm, struct vm_area_struct *vma, uint64_t addr,
		int new_below);
struct vm_area_struct *vma_merge(struct mm_struct *mm, struct vm_area_struct *vma);
int vma_split_range(struct mm_struct *mm, uint64_t start, uint64_t end);
struct vm_area_struct *vma_modify_flags(struct mm_struct *mm, uint64_t start,
					uint64_t end, uint64_t flags);
uint64_t calc_vm_prot_bits(uint64_t prot);
const char *vma_special_name(struct vm_area_struct *vma);
uint64_t vm_start_gap(struct vm_area_struct *vma);

/* The hardware protection for pages of vma (PROT_NONE: not present).
 * Inline: every fault maps a page with it. */
static inline unsigned vma_pte_prot(const struct vm_area_struct *vma)
{
	unsigned prot = VM_PROT_USER;

	if (vma->vm_flags & (VM_READ | VM_WRITE | VM_EXEC))
		prot |= VM_PROT_READ;
	if (vma->vm_flags & VM_WRITE)
		prot |= VM_PROT_WRITE;
	if (vma->vm_flags & VM_EXEC)
		prot |= VM_PROT_EXEC;
	return prot;
}

/* Anonymous memory: no vm_ops (Linux's test), so always private - shared
 * anonymous memory maps a shmem file.  A private mapping of /dev/zero is
 * anonymous, though it names the file. */
static inline bool vma_is_anonymous(const struct vm_area_struct *vma)
{
	return !vma->vm_ops;
}

/* Does vma map its object's pages read-only until each is first written,
 * so that the write fault can dirty the page (Linux's
 * vma_wants_writenotify)?  Shared mappings of files with a backing store;
 * a writable PTE of such a VMA maps a dirty page (mm_validate). */
static inline bool vma_wants_writenotify(const struct vm_area_struct *vma)
{
	return (vma->vm_flags & VM_SHARED) && vma->vm_ops &&
	       vma->vm_ops->page_mkwrite;
}

/* page-writeback.c: dirty pages and their writeback. */
void set_page_dirty(struct page *page);
void filemap_dirty_folio(struct address_space *mapping, struct page *page);
void noop_dirty_folio(struct address_space *mapping, struct page *page);
void clear_page_dirty(struct page *page);
int filemap_write_and_wait_range(struct address_space *mapping,
				 uint64_t first_index, uint64_t last_index);
int pageout(struct page *page);
uint64_t nr_dirty_pages(void);

/* filemap.c: the page cache - lookup, read, write, fault, truncate. */
struct page *find_get_page(struct address_space *mapping, uint64_t index);
int add_to_page_cache(struct page *page, struct address_space *mapping,
		      uint64_t index);
void __delete_from_page_cache(struct page *page, void *shadow);
void delete_from_page_cache(struct page *page);
int filemap_fault_result(struct vm_fault *vmf, struct page *page, bool major);
struct page *filemap_get_page(struct address_space *mapping, uint64_t index,
			      bool *major);
unsigned filemap_map_pages(struct vm_fault *vmf, uint64_t start_pgoff,
			   uint64_t end_pgoff);
struct page *grab_cache_page_write_begin(struct address_space *mapping,
					 uint64_t index, size_t off, size_t len,
					 bool fresh);
long filemap_read(struct file *f, struct iov_iter *to, uint64_t *pos);
long filemap_write(struct file *f, struct iov_iter *from, uint64_t *pos);
int generic_file_mmap(struct file *f, struct vm_area_struct *vma);
void truncate_inode_pages_range(struct address_space *mapping, uint64_t first,
				uint64_t last);
void truncate_inode_pages(struct address_space *mapping, uint64_t first);
void clear_shadow_entries(struct address_space *mapping);

/* shmem.c: shared anonymous memory, as a file of its own. */
int shmem_zero_setup(struct vm_area_struct *vma);
bool vma_is_shmem(const struct vm_area_struct *vma);
bool shmem_mapping(const struct address_space *mapping);
struct file *shmem_kernel_file_setup(const char *name, uint64_t size);
int shmem_mmap(struct file *f, struct vm_area_struct *vma);
int shmem_writepage(struct page *page);
void shmem_free_swap(struct address_space *mapping, uint64_t index, void *radswap);
int shmem_unuse(unsigned type);
uint64_t shmem_partial_swap_usage(struct address_space *mapping,
				  uint64_t first, uint64_t last);
uint64_t shmem_swap_usage(struct vm_area_struct *vma);
uint64_t nr_shmem_pages(void);
void shmem_lock(struct file *file, bool lock);

/* huge_mm.h: pgtable_pmd.c (2 MiB entries), huge_memory.c (transparent
 * huge pages), khugepaged.c and hugetlb.c (MAP_HUGETLB). */
#include "huge_mm.h"

/* memory.c: page-level operations on address ranges. */
extern bool fork_eager_copy;	/* fork=eager: copy pages at fork (no COW) */
struct page *vm_normal_page(struct vm_area_struct *vma, pte_t pte);
void zap_page_range(struct vm_area_struct *vma, uint64_t start, uint64_t end);
int copy_page_range(struct mm_struct *dst, struct mm_struct *src,
		    struct vm_area_struct *vma);
void unmap_mapping_range(struct address_space *mapping, uint64_t first,
			 uint64_t last);
void free_pgtables(struct mm_struct *mm, uint64_t start, uint64_t end,
		   uint64_t floor, uint64_t ceiling);
struct page *zero_page(void);

/* trace.c: the trace=mm lines (faults, fork/exec/exit), the pid= filter. */
void mm_trace(const char *fmt, ...) __printf(1, 2);
void trace_parse(const char *opt);
bool trace_wanted(void);
void trace_fault(uint64_t addr, unsigned flags, int r, bool major);
int trace_format_arg(unsigned nr, unsigned i, uint64_t v, char *buf,
		     size_t size);
int trace_format_errno(char *buf, size_t size, long ret);
extern bool mm_tracing, trace_all;
enum fault_kind {	/* current->fault_kind: set where the path is decided */
	FK_NONE, FK_ZERO_PAGE, FK_ANON, FK_COW_COPY, FK_COW_ZERO, FK_COW_REUSE,
	FK_FILE, FK_SHMEM, FK_SPECIAL, FK_FILE_COW, FK_SHARED_WRITE,
	FK_PAGE_MKWRITE, FK_SWAP_IN, FK_HUGE, FK_SPURIOUS,
	FK_KIND = 0x0f, FK_AROUND = 0x10, FK_STACK_GROW = 0x20,	/* flags */
};

/* debug.c: the invariants checked in debug builds. */
int mm_validate(struct mm_struct *mm);
int mm_validate_range(struct mm_struct *mm, uint64_t start, uint64_t end);
void mm_check(struct mm_struct *mm);
void mm_check_syscall(struct mm_struct *mm, unsigned nr, const uint64_t *args,
		      long ret);
extern bool mm_debug_checks;	/* mm_validate in debug builds */
extern bool mm_debug_full;	/* ... in full after every mm call
				 * (mm_debug=full) */

/* swap.h: swapfile.c, page_io.c, swap_state.c, swap.c and vmscan.c. */
#include "swap.h"

/* fault.c: the page-fault handler. */
#define FAULT_FLAG_WRITE	0x1
#define FAULT_FLAG_USER		0x2
#define FAULT_FLAG_INSTRUCTION	0x4
#define FAULT_FLAG_PRESENT	0x8	/* protection fault, page was present */
#define VM_FAULT_OK		0
#define VM_FAULT_SIGSEGV	1	/* no mapping (SEGV_MAPERR) */
#define VM_FAULT_ACCERR		2	/* mapping forbids it (SEGV_ACCERR) */
#define VM_FAULT_SIGBUS		3	/* beyond the end of a mapped file */
#define VM_FAULT_OOM		4	/* no memory for the page */
extern uint64_t fault_around_bytes;	/* fault-around window, 64 KiB */
int set_fault_around_bytes(uint64_t bytes);
#define VM_FAULT_FALLBACK	5	/* not a huge page: do it with PTEs */
void do_page_fault(struct trapframe *tf, uint64_t addr, unsigned flags);
int handle_mm_fault(struct mm_struct *mm, uint64_t addr, unsigned flags);

/* oom_kill.c: the out-of-memory killer, /proc/PID/oom_score{,_adj}, oom_adj. */
void out_of_memory(bool wait);
int proc_oom_score_show(struct seqbuf *m, struct task *t);
int proc_oom_score_adj_show(struct seqbuf *m, struct task *t);
int proc_oom_adj_show(struct seqbuf *m, struct task *t);
int proc_oom_score_adj_write(struct task *t, char *buf, size_t n);
int proc_oom_adj_write(struct task *t, char *buf, size_t n);

/* gup.c: reaching into an address space, faulting pages in. */
void populate_range(struct mm_struct *mm, uint64_t start, uint64_t end);
int access_remote_vm(struct mm_struct *mm, uint64_t addr, void *buf,
		     size_t len, bool write);

/* mm_struct.c: address spaces. */
struct mm_struct *mm_alloc(void);
struct mm_struct *dup_mm(struct mm_struct *old);
void mmput(struct mm_struct *mm);
void mmdrop(struct mm_struct *mm);
static inline void mmget(struct mm_struct *mm) { mm->mm_users++; }
static inline void mmgrab(struct mm_struct *mm) { mm->mm_count++; }

/* mmap.c: mmap and munmap. */
int64_t get_unmapped_area(struct file *file, uint64_t addr, uint64_t len,
			  uint64_t pgoff, uint64_t flags);
int64_t do_mmap(struct file *file, uint64_t addr, uint64_t len, uint64_t prot,
		uint64_t flags, uint64_t pgoff);
int do_munmap(struct mm_struct *mm, uint64_t start, uint64_t len);
int _install_special_mapping(struct mm_struct *mm, uint64_t addr, uint64_t len,
			     uint64_t vm_flags, const struct vm_special_mapping *spec);

/* brk.c: the program break. */
int do_brk_flags(uint64_t addr, uint64_t len, uint64_t flags);

/* mm_init.c: bring up physical memory and the kernel address space. */
void mm_init(void);

#endif
