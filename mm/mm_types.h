/*
 * mm/mm_types.h - the structures of mm/ and their constants (Linux's
 * include/linux/mm_types.h): struct page, the
 * address_space behind a mapping and its operations, the anon_vma, the
 * VMA and its operations, the mm_struct.  Their functions are declared in
 * mm.h, grouped by the .c file that defines them.  Included by mm.h after
 * pgtable.h, whose entry types (pte_t) the structures hold.
 */
#ifndef MM_MM_TYPES_H
#define MM_MM_TYPES_H

#include "list.h"

/* What a frame is used for; each use has its own counter (see pmm.c). */
enum page_use {
	PU_FREE,		/* in the buddy allocator */
	PU_KERNEL,		/* kmalloc slabs, kernel stacks, tables of the kernel */
	PU_PGTABLE,		/* page-table pages of user address spaces */
	PU_ANON,		/* anonymous user memory */
	PU_CACHE,		/* the page cache */
	PU_STORE,		/* ramdisk blocks (the backing store) */
	PU_RESERVED,		/* firmware, kernel image, boot modules */
	PU_HUGETLB,		/* the hugetlb pool (hugetlb.c), free or mapped */
	PU_NR,
};

/* struct page flags */
#define PG_buddy	(1u << 0)	/* head of a free buddy block */
#define PG_dirty	(1u << 1)	/* newer than the backing store */
#define PG_uptodate	(1u << 2)	/* contents valid (page cache) */
#define PG_zero		(1u << 3)	/* the shared zero page */
#define PG_mlocked	(1u << 4)	/* mapped by a VM_LOCKED VMA (Mlocked) */
#define PG_lru		(1u << 5)	/* on an LRU list (mm/swap.c) */
#define PG_active	(1u << 6)	/* ... an active one */
#define PG_referenced	(1u << 7)	/* accessed once since the last look */
#define PG_unevictable	(1u << 9)	/* ... the unevictable one */
#define PG_thp		(1u << 10)	/* of a transparent huge page's block */
#define PG_workingset	(1u << 11)	/* was active before (mm/workingset.c) */
#define PG_restore_reserve (1u << 8)	/* hugetlb: freeing it restores a reservation */

struct address_space;

/* One per physical frame.  refcount counts every reference (mappings, page
 * cache, kernel users); mapcount counts the PTEs that map the frame; the
 * PMDs that map a transparent huge page whole count once on its first
 * frame (pmd_maps) for all 512: page_count() and page_mapcount() add
 * them (huge_mm.h).
 * mapping says whose page it is (the reverse map, rmap.c): the
 * address_space of a page-cache or shmem page, or - tagged with
 * PAGE_MAPPING_ANON - the anon_vma of a private anonymous page; index is
 * its page number there.  Both are NULL/0 for other frames. */
struct page {
	uint32_t flags;
	uint8_t order;			/* buddy order when PG_buddy */
	uint8_t use;			/* enum page_use */
	uint16_t pmd_maps;		/* first frame of a transparent huge
					 * page: the PMDs that map it */
	int32_t refcount;
	int32_t mapcount;
	struct list_head list;		/* buddy free list, LRU list (PG_lru),
					 * or owner's list */
	struct address_space *mapping;	/* or anon_vma | PAGE_MAPPING_ANON */
	uint64_t index;			/* page number in mapping */
};

/* rbtree.h: struct rb_node, struct rb_root (an augmented red-black tree). */
#include "rbtree.h"

/* radix.h: struct radix_root, a radix tree from an index to a pointer. */
#include "radix.h"

/* vm_flags of a VMA (Linux's values). */
#define VM_READ		0x00000001ull
#define VM_WRITE	0x00000002ull
#define VM_EXEC		0x00000004ull
#define VM_SHARED	0x00000008ull
#define VM_MAYREAD	0x00000010ull
#define VM_MAYWRITE	0x00000020ull
#define VM_MAYEXEC	0x00000040ull
#define VM_MAYSHARE	0x00000080ull
#define VM_GROWSDOWN	0x00000100ull
#define VM_PFNMAP	0x00000400ull	/* frames not counted per mapping ([vvar]) */
#define VM_LOCKED	0x00002000ull
#define VM_IO		0x00004000ull
#define VM_SEQ_READ	0x00008000ull
#define VM_RAND_READ	0x00010000ull
#define VM_DONTCOPY	0x00020000ull
#define VM_DONTEXPAND	0x00040000ull	/* mremap may not grow it */
#define VM_ACCOUNT	0x00100000ull
#define VM_NORESERVE	0x00200000ull
#define VM_HUGETLB	0x00400000ull	/* MAP_HUGETLB (hugetlb.c) */
#define VM_WIPEONFORK	0x02000000ull
#define VM_HUGEPAGE	0x20000000ull	/* MADV_HUGEPAGE */
#define VM_NOHUGEPAGE	0x40000000ull	/* MADV_NOHUGEPAGE */
/* Mappings that mlock neither locks nor counts (Linux's VM_SPECIAL). */
#define VM_SPECIAL	(VM_IO | VM_DONTEXPAND | VM_PFNMAP)

struct file;
struct inode;
struct iov_iter;
struct mm_struct;
struct vm_area_struct;

/* What an address_space's pages come from and go to (Linux's
 * address_space_operations).  A NULL operation is one the object has not:
 * shmem, whose store is swap (mm/shmem.c), has none of them. */
struct address_space_operations {
	/* Fill a new cache page from the backing store; returns the number
	 * of blocks read (0: a hole, zero-filled) or -errno. */
	int (*read_folio)(struct address_space *mapping, struct page *page);
	/* Get the page for a write of len bytes at pos (within one page),
	 * with backing space reserved: *pagep with a reference; 0 or -errno. */
	int (*write_begin)(struct address_space *mapping, uint64_t pos,
			   size_t len, struct page **pagep);
	/* Copy a dirty page to the backing store; 0 or -errno. */
	int (*writepage)(struct address_space *mapping, struct page *page);
	/* Mark a page of the mapping newer than its backing store. */
	void (*dirty_folio)(struct address_space *mapping, struct page *page);
};

/*
 * The object behind every mapping of a file or of shared anonymous memory
 * (Linux's struct address_space): each inode has one (inode->i_data,
 * reached as inode->i_mapping and file->f_mapping).  i_pages is the page
 * cache, whose tags mark the dirty pages (PAGECACHE_TAG_DIRTY) and those
 * a writeback is about to write (PAGECACHE_TAG_TOWRITE), as Linux's
 * (page-writeback.c); i_mmap the VMAs that map the object, kept by rmap.c.
 */
#define PAGECACHE_TAG_DIRTY	0	/* radix tags of i_pages */
#define PAGECACHE_TAG_TOWRITE	1
struct address_space {
	struct inode *host;		/* the file it belongs to */
	struct radix_root i_pages;	/* page index -> struct page (shmem:
					 * or a swap entry, a value entry) */
	uint64_t nrpages;
	struct list_head i_mmap;	/* VMAs mapping it, via vma->shared */
	const struct address_space_operations *a_ops;
	uint64_t nrdirty;		/* PG_dirty pages, tagged dirty */
	int wb_err;			/* writeback error not yet reported */
	bool unevictable;		/* SHM_LOCK: reclaim leaves its pages */
	uint64_t validate_seq;		/* rmap_validate's "visited" mark */
};

/* The reverse map of private anonymous pages (rmap.c): every VMA whose
 * pages may be among them - the pieces of one mapping and its copies in
 * forked children - is on head.  Freed with the last VMA. */
struct anon_vma {
	struct list_head head;		/* VMAs, via vma->anon_vma_node */
	uint64_t validate_seq;		/* rmap_validate's "visited" mark */
};
#define PAGE_MAPPING_ANON	0x1ul	/* page->mapping is an anon_vma */

/* A page fault that a VMA's vm_ops->fault resolves. */
struct vm_fault {
	struct vm_area_struct *vma;
	uint64_t address;		/* the faulting address */
	uint64_t pgoff;			/* its page index in the object */
	unsigned flags;			/* FAULT_FLAG_* */
	struct page *page;		/* set by ->fault, with a reference */
	pte_t *pte;			/* the entry of address */
};

/* What a VMA maps (Linux's vm_operations_struct); NULL for anonymous
 * memory, which faults in zero-filled private pages. */
struct vm_operations_struct {
	/* Find the page for vmf->pgoff: set vmf->page (with a reference) and
	 * return VM_FAULT_OK, or VM_FAULT_SIGBUS / VM_FAULT_OOM. */
	int (*fault)(struct vm_fault *vmf);
	/* A write is about to make vmf->page writable in a shared mapping:
	 * dirty it (and the file is modified).  NULL if writes need not be
	 * seen (no backing store); VM_FAULT_OK or why not. */
	int (*page_mkwrite)(struct vm_fault *vmf);
	/* Optional: a copy of the VMA appeared (fork, split, mremap), and a
	 * VMA is going (already off i_mmap); SysV shm counts attaches so. */
	void (*open)(struct vm_area_struct *vma);
	void (*close)(struct vm_area_struct *vma);
	/* Fault-around (Linux's map_pages): map read-only the pages of
	 * [start_pgoff, end_pgoff] already in the object's cache, where the
	 * entries (in vmf->pte's page table) are empty; returns how many.
	 * NULL: the object has none to offer. */
	unsigned (*map_pages)(struct vm_fault *vmf, uint64_t start_pgoff,
			      uint64_t end_pgoff);
};

/* A mapping whose pages the kernel supplies: [vdso], [vvar] (mmap.c).
 * fault returns the page at page offset pgoff, or NULL (SIGBUS). */
struct vm_special_mapping {
	const char *name;		/* in /proc/PID/maps */
	struct page *(*fault)(const struct vm_special_mapping *sm, uint64_t pgoff);
};

/*
 * A virtual memory area: [vm_start, vm_end) with one protection and one
 * backing object.  VMAs of an mm are kept both in an rbtree (for O(log n)
 * lookup; each node also knows the largest free gap in its subtree) and in a
 * sorted doubly-linked list (for ordered walks).  A VMA with a file is on
 * its mapping's i_mmap; one with private anonymous pages on its anon_vma.
 */
struct vm_area_struct {
	uint64_t vm_start, vm_end;
	uint64_t vm_flags;
	uint64_t vm_pgoff;		/* offset in the object, in pages */
	struct file *vm_file;		/* the file mapped (shmem's own for
					 * shared anonymous memory), or NULL */
	const struct vm_operations_struct *vm_ops; /* NULL: anonymous */
	struct anon_vma *anon_vma;	/* set at the first private page */
	struct list_head anon_vma_node;	/* on anon_vma->head */
	struct list_head shared;	/* on vm_file's mapping->i_mmap */
	const struct vm_special_mapping *vm_special;	/* [vdso], [vvar]:
					 * what special_mapping_vmops asks,
					 * else NULL (Linux: vm_private_data) */
	struct mm_struct *vm_mm;
	struct vm_area_struct *vm_next, *vm_prev;
	struct rb_node vm_rb;
	uint64_t rb_subtree_gap;	/* largest gap below any vma in subtree */
};

/* A process's address space. */
struct mm_struct {
	struct vm_area_struct *mmap;	/* lowest VMA; list via vm_next */
	struct rb_root mm_rb;
	struct vm_area_struct *vmacache;	/* find_vma's last hit, or NULL */
	int map_count;
	uint64_t highest_vm_end;	/* end of the highest VMA */
	uint64_t *pml4;			/* page-table root (kernel address) */
	uint64_t mmap_base;		/* top of the top-down mmap area */
	uint64_t start_code, end_code, start_data, end_data;
	uint64_t start_brk, brk, start_stack;
	uint64_t arg_start, arg_end, env_start, env_end;
	uint64_t total_vm, locked_vm, data_vm, stack_vm;	/* pages */
	uint64_t exec_vm;		/* pages executable, not writable or stack */
	uint64_t committed;		/* pages charged to overcommit */
	uint64_t rss_anon, rss_file;	/* resident pages: private anonymous,
					 * file */
	uint64_t rss_shmem;		/* ... and shmem (PageShmem) */
	uint64_t swapents;		/* swap entries in its tables (VmSwap) */
	uint64_t hiwater_vm, hiwater_rss;	/* peaks, for VmPeak and VmHWM */
	uint64_t def_flags;		/* VM_LOCKED after mlockall(MCL_FUTURE) */
	int mm_users;			/* tasks using the address space */
	int mm_count;			/* references to this struct: one
					 * for all users, one per lazy holder */
	uint64_t checks_skipped;	/* mm syscalls since mm_check validated */
	uint64_t checked_brk;		/* brk when mm_check last ran */
	uint64_t nr_huge_pmds;		/* huge entries (huge_memory.c) ... */
	struct list_head pmd_huge_pte;	/* ... and a page table set aside
					 * for each, to split it */
	bool thp_disabled;		/* prctl(PR_SET_THP_DISABLE) */
	struct list_head khugepaged_node;	/* on khugepaged's list, or empty */
	struct file *exe_file;		/* the program, for /proc/PID/exe */
};

#endif
