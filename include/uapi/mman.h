/*
 * Memory-mapping flags: mmap, mprotect, msync, madvise, mlock*, mremap.
 *
 * Values are Linux x86-64's (asm-generic/mman-common.h, asm/mman.h,
 * linux/mman.h).  MAP_FAILED is libc's business: see <sys/mman.h>.
 */
#ifndef _UAPI_MMAN_H
#define _UAPI_MMAN_H

/* mmap/mprotect prot: what accesses a mapping allows. */
#define PROT_NONE		0x0
#define PROT_READ		0x1
#define PROT_WRITE		0x2
#define PROT_EXEC		0x4
#define PROT_GROWSDOWN		0x01000000	/* mprotect: down to a growsdown VMA's start */
#define PROT_GROWSUP		0x02000000

/* mmap flags: the sharing type (low four bits) ... */
#define MAP_SHARED		0x01
#define MAP_PRIVATE		0x02
#define MAP_SHARED_VALIDATE	0x03	/* MAP_SHARED, but fail on unknown flags */
#define MAP_TYPE		0x0f

/* ... and modifiers. */
#define MAP_FIXED		0x10
#define MAP_ANONYMOUS		0x20
#define MAP_ANON		MAP_ANONYMOUS
#define MAP_32BIT		0x40	/* x86-64: place in the first 2 GiB */
#define MAP_GROWSDOWN		0x0100	/* stack-like: grows down on faults below it */
#define MAP_DENYWRITE		0x0800	/* ignored */
#define MAP_EXECUTABLE		0x1000	/* ignored */
#define MAP_LOCKED		0x2000
#define MAP_NORESERVE		0x4000	/* don't account swap/overcommit */
#define MAP_POPULATE		0x8000	/* prefault the pages now */
#define MAP_NONBLOCK		0x10000
#define MAP_STACK		0x20000
#define MAP_HUGETLB		0x40000
#define MAP_SYNC		0x80000
#define MAP_FIXED_NOREPLACE	0x100000	/* MAP_FIXED, but -EEXIST if occupied */
#define MAP_UNINITIALIZED	0x4000000
/* MAP_HUGETLB's page size: log2 of it in bits 26-31 (0: the default). */
#define MAP_HUGE_SHIFT		26
#define MAP_HUGE_MASK		0x3f
#define MAP_HUGE_2MB		(21 << MAP_HUGE_SHIFT)

/* msync flags. */
#define MS_ASYNC		1
#define MS_INVALIDATE		2
#define MS_SYNC			4

/* madvise advice. */
#define MADV_NORMAL		0
#define MADV_RANDOM		1
#define MADV_SEQUENTIAL		2
#define MADV_WILLNEED		3
#define MADV_DONTNEED		4	/* drop the pages: anon reads back as zero */
#define MADV_FREE		8	/* pages may be reclaimed lazily */
#define MADV_REMOVE		9
#define MADV_DONTFORK		10
#define MADV_DOFORK		11
#define MADV_MERGEABLE		12
#define MADV_UNMERGEABLE	13
#define MADV_HUGEPAGE		14
#define MADV_NOHUGEPAGE		15
#define MADV_DONTDUMP		16
#define MADV_DODUMP		17
#define MADV_WIPEONFORK		18
#define MADV_KEEPONFORK		19
#define MADV_COLD		20
#define MADV_PAGEOUT		21
#define MADV_POPULATE_READ	22
#define MADV_POPULATE_WRITE	23
#define MADV_COLLAPSE		25	/* Linux 6.1 */
#define MADV_HWPOISON		100

/* mlockall flags; mlock2 flag. */
#define MCL_CURRENT		1
#define MCL_FUTURE		2
#define MCL_ONFAULT		4
#define MLOCK_ONFAULT		0x01

/* mremap flags. */
#define MREMAP_MAYMOVE		1
#define MREMAP_FIXED		2
#define MREMAP_DONTUNMAP	4

#endif
